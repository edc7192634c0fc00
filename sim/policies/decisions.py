"""Yes/no decisions: respond to a proposal, walk out, leave a coalition."""

from __future__ import annotations

from typing import ClassVar

from sim.policies.registry import register

TOLERANCE = 1e-9
"""Utilities this close below a threshold meet it (rounding in the concession formula)."""


@register("response")
class ThresholdResponse:
    """Accept a package that crosses no hard red line and meets the current threshold."""

    name: ClassVar[str] = "threshold"
    metadata: ClassVar[dict] = {"reference": "Faratin et al. 1998"}

    def accepts(self, perceived_utility: float, threshold: float, crosses_hard_line: bool) -> bool:
        """Whether the actor says yes."""
        return (not crosses_hard_line) and perceived_utility >= threshold - TOLERANCE


@register("walkout")
class DeadlineWalkout:
    """Leave the table once the deadline round is reached with no deal."""

    name: ClassVar[str] = "deadline"
    metadata: ClassVar[dict] = {}

    def walks_out(self, t: int, deadline: int | None) -> bool:
        """Whether the actor leaves at round t."""
        return deadline is not None and t >= deadline


@register("exit")
class RedLineExit:
    """A coalition partner leaves when the deal crosses one of its hard red lines."""

    name: ClassVar[str] = "red_line"
    metadata: ClassVar[dict] = {"reference": "Putnam 1988"}

    def exits(self, crosses_hard_line: bool) -> bool:
        """Whether the partner leaves the government over the deal."""
        return crosses_hard_line
