"""Yes/no decisions: respond to a proposal, walk out, leave a coalition."""

from __future__ import annotations

from math import inf
from typing import ClassVar

import numpy as np

from sim.acceptance import meets_scalar
from sim.policies.base import Policy
from sim.policies.registry import register
from sim.policies.view import ActorView


@register("response")
class ThresholdResponse(Policy):
    """Accept a package that crosses no hard red line and meets this round's acceptance level."""

    kind = "response"
    name: ClassVar[str] = "threshold"
    metadata: ClassVar[dict] = {"reference": "Faratin et al. 1998"}

    def accepts(self, view: ActorView, utility: float, crosses_hard_line: bool) -> bool:
        """Whether the actor says yes (``utility`` as the actor perceives it)."""
        level = view.level
        return (not crosses_hard_line) and meets_scalar(utility, 1.0 if level is None else level)


@register("walkout")
class DeadlineWalkout(Policy):
    """Leave the table once the deadline round is reached with no deal."""

    kind = "walkout"
    name: ClassVar[str] = "deadline"
    metadata: ClassVar[dict] = {}

    def walks_out(self, view: ActorView) -> bool:
        """Whether the actor leaves this round."""
        deadline = view.deadline
        return deadline is not None and view.round >= deadline

    def earliest_walkout(self, view: ActorView) -> float:
        """Its deadline (inf without one): it stays in every round before it."""
        deadline = view.deadline
        return inf if deadline is None else deadline


@register("walkout")
class StayUntilTheEnd(Policy):
    """Never leave the table (a deadline then only sets the concession horizon)."""

    kind = "walkout"
    name: ClassVar[str] = "never"
    metadata: ClassVar[dict] = {}

    def walks_out(self, view: ActorView) -> bool:
        """Never."""
        return False

    def earliest_walkout(self, view: ActorView) -> float:
        """Never: inf."""
        return inf


@register("exit")
class RedLineExit(Policy):
    """A coalition partner leaves when the deal crosses one of its hard red lines."""

    kind = "exit"
    name: ClassVar[str] = "red_line"
    metadata: ClassVar[dict] = {"reference": "Putnam 1988"}

    def leaves(self, crossed: np.ndarray, depth: np.ndarray) -> np.ndarray:
        """``[packages]`` the packages it leaves over: every one that crosses its line."""
        return crossed

    def threatens(self, view: ActorView) -> bool:
        """It announces nothing: it simply leaves."""
        return False

    def exits(self, view: ActorView, crosses_hard_line: bool) -> bool:
        """Whether the partner leaves the government over the deal."""
        return crosses_hard_line


@register("exit")
class AudienceCostExit(Policy):
    """A partner threatens when a package crosses its line, and leaves only if staying costs more.

    Staying in a government that signs a deal across the partner's line costs it
    an audience cost (Fearon 1994) of ``audience_cost * depth``, where ``depth``
    in [0, 1] is how far the package crosses its active hard lines
    (:mod:`sim.audience`). It leaves when that cost exceeds ``office_value``, the
    value of staying in office (Putnam 1988; Tsebelis 1990). It announces a
    threat whenever a package on the table crosses its line, whether or not it
    would carry it out: a partner whose office is worth more than the cost
    threatens and stays. With the defaults (cost 1, office 0.5) a partner stays
    over a package that crosses its line by at most half the way, and leaves
    over a categorical line crossed.
    """

    kind = "exit"
    name: ClassVar[str] = "audience_cost"
    office_value: float
    audience_cost: float
    metadata: ClassVar[dict] = {"reference": "Fearon 1994; Putnam 1988; Tsebelis 1990"}
    parameters: ClassVar[dict[str, float]] = {"office_value": 0.5, "audience_cost": 1.0}
    bounds: ClassVar[dict[str, tuple[float | None, float | None]]] = {
        "office_value": (0.0, None),
        "audience_cost": (0.0, None),
    }

    def leaves(self, crossed: np.ndarray, depth: np.ndarray) -> np.ndarray:
        """``[packages]`` the packages it leaves over: its line crossed and cost above office."""
        return crossed & (self.audience_cost * depth > self.office_value)

    def threatens(self, view: ActorView) -> bool:
        """Whether it announces that it will leave over the package on the table."""
        return view.crossing_depth() > 0.0

    def exits(self, view: ActorView, crosses_hard_line: bool) -> bool:
        """Whether the partner leaves the government over the agreed package."""
        return crosses_hard_line and self.audience_cost * view.crossing_depth() > self.office_value
