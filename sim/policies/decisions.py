"""Yes/no decisions: respond to a proposal, walk out, leave a coalition."""

from __future__ import annotations

from typing import ClassVar

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


@register("walkout")
class StayUntilTheEnd(Policy):
    """Never leave the table (a deadline then only sets the concession horizon)."""

    kind = "walkout"
    name: ClassVar[str] = "never"
    metadata: ClassVar[dict] = {}

    def walks_out(self, view: ActorView) -> bool:
        """Never."""
        return False


@register("exit")
class RedLineExit(Policy):
    """A coalition partner leaves when the deal crosses one of its hard red lines."""

    kind = "exit"
    name: ClassVar[str] = "red_line"
    metadata: ClassVar[dict] = {"reference": "Putnam 1988"}

    def exits(self, view: ActorView, crosses_hard_line: bool) -> bool:
        """Whether the partner leaves the government over the deal."""
        return crosses_hard_line
