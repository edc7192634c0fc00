"""How far a package crosses an actor's lines: the depth an audience cost grows with.

Fearon (1994): a leader who backs down from a public commitment pays an audience
cost that grows with the distance between what it promised and what it accepts.
A coalition partner whose red line a deal crosses pays that cost if it stays in
government, and weighs it against the value of office (Putnam 1988: the
domestic level of a two-level game). This module measures the distance.

The depth of one red line, per option of its issue, in [0, 1]:

- ``min`` / ``max`` on an ordinal or integer issue: how far the option lies past
  the bound on the issue's scale, as a share of the farthest an option can lie
  past it (the last step past the line is depth 1);
- ``forbid`` / ``require``: 1 where crossed (a categorical line is crossed all
  the way or not at all);
- 0 where the line is not crossed.

A package's depth for an actor is the largest depth over its active hard lines.
"""

from __future__ import annotations

import numpy as np

from sim.memo import content_key, read_only_cached
from sim.outcomes import OutcomeSpace, option_positions, scale_position
from sim.preferences import crossed_options
from sim.scenario.schema import Actor, Issue, RedLine


def line_depth(issue: Issue, line: RedLine) -> np.ndarray:
    """``[options]`` how far each option of the line's issue crosses it, in [0, 1]."""
    crossed = crossed_options(issue, line)
    depth = crossed.astype(float)
    if line.min is None and line.max is None:
        return depth
    positions = option_positions(issue)
    if line.min is not None:
        bound = scale_position(issue, line.min)
        room = bound - positions.min()
        past = bound - positions
    else:
        bound = scale_position(issue, line.max)  # type: ignore[arg-type]
        room = positions.max() - bound
        past = positions - bound
    if room > 0:
        depth = np.where(crossed, np.clip(past / room, 0.0, 1.0), 0.0)
    return depth


_DEPTHS: dict[tuple, np.ndarray] = {}


def crossing_depth(actor: Actor, space: OutcomeSpace) -> np.ndarray:
    """``[packages]`` the largest depth by which a package crosses the actor's active hard lines.

    Read-only; cached by the space and the lines' content (every run of an
    ensemble asks the same question of each coalition partner).
    """
    key = (space.key, tuple(content_key(line) for line in actor.red_lines))
    return read_only_cached(_DEPTHS, key, lambda: _deepest(actor, space))


def _deepest(actor: Actor, space: OutcomeSpace) -> np.ndarray:
    issues = {issue.id: issue for issue in space.issues}
    deepest = np.zeros([1] * len(space.sizes))
    for line in actor.red_lines:
        if line.hard and line.active:
            per_option = line_depth(issues[line.issue], line)
            # deferring an issue crosses a line that forbids it fully, else not at all
            full = 0.0 if line.deferral_allowed else 1.0
            deepest = np.maximum(deepest, space.grid(line.issue, per_option, deferred=full))
    return np.broadcast_to(deepest, space.sizes).reshape(-1)
