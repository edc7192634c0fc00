"""Interaction terms: an actor's value of a combination of terms beyond the sum of its parts.

An actor's ``interactions`` (each ``{if: condition, and: condition, value}``)
add ``value`` (in [-1, 1]) to its utility of every package where both
conditions hold, outside the salience normalisation; the utility is then kept in
[0, 1] with everything else (:func:`sim.preferences.actor_arrays`). A positive
value makes the terms complements for the actor ("a permanent ceasefire is worth
more with every hostage home"), a negative one substitutes or an incoherence it
dislikes without refusing it outright (Keeney & Raiffa 1976 on utility
independence: additive utility assumes none of this).
"""

from __future__ import annotations

import numpy as np

from sim.outcomes import OutcomeSpace, options_satisfying
from sim.scenario.schema import Actor, Condition

__all__ = ["interaction_grid"]


def interaction_grid(actor: Actor, space: OutcomeSpace) -> np.ndarray | None:
    """What an actor's interaction terms add to its utility, shaped to broadcast over the space.

    None when the actor declares none.
    """
    if not actor.interactions:
        return None
    issues = {issue.id: issue for issue in space.issues}
    total: np.ndarray = np.zeros([1] * len(space.sizes))
    for interaction in actor.interactions:
        both = _holds(interaction.if_, issues, space) & _holds(interaction.and_, issues, space)
        total = total + interaction.value * both
    return total


def _holds(condition: Condition, issues: dict, space: OutcomeSpace) -> np.ndarray:
    """Where a condition holds, shaped to broadcast over the space."""
    mask = options_satisfying(
        issues[condition.issue],
        within=condition.in_,
        at_least=condition.min,
        at_most=condition.max,
    )
    return space.grid(condition.issue, mask, deferred=False)  # a deferred issue meets none
