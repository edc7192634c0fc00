"""Two-level ratification (Putnam 1988): whose consent a package needs at home.

A leader heading a coalition loses the partners whose hard red lines a package
crosses. The government falls when the seats left, plus the seats that
opposition safety nets lend for that package, are under the majority. The
leader counts the fall as a cost: effective utility = U - survival_weight * falls.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.outcomes import OutcomeSpace, options_satisfying
from sim.preferences import Preferences, content_key
from sim.scenario.schema import Condition, Government, Scenario

_HOLDS: dict[tuple, np.ndarray] = {}


def conditions_hold(space: OutcomeSpace, conditions: list[Condition]) -> np.ndarray:
    """Packages where every condition holds (all packages when there is none; read-only).

    Cached by the space and the conditions' content: every run of an ensemble
    asks the same questions.
    """
    key = (space.key, tuple(content_key(c) for c in conditions))
    cached = _HOLDS.get(key)
    if cached is None:
        if len(_HOLDS) >= 256:
            _HOLDS.pop(next(iter(_HOLDS)))
        cached = _conditions_hold(space, conditions)
        cached.flags.writeable = False
        _HOLDS[key] = cached
    return cached


def _conditions_hold(space: OutcomeSpace, conditions: list[Condition]) -> np.ndarray:
    holds = np.ones([1] * len(space.sizes), dtype=bool)
    for condition in conditions:
        issue = next(i for i in space.issues if i.id == condition.issue)
        mask = options_satisfying(
            issue, within=condition.in_, at_least=condition.min, at_most=condition.max
        )
        holds = holds & space.grid(issue.id, mask)
    return np.broadcast_to(holds, space.sizes).reshape(-1)


@dataclass
class CoalitionArithmetic:
    """What each package does to one government.

    Attributes:
        government: the government's spec.
        leaving: per partner actor id, the packages it leaves the coalition over.
        seats: seats backing the government after each package (safety nets included).
        falls: packages under which the government falls.
    """

    government: Government
    leaving: dict[str, np.ndarray]
    seats: np.ndarray
    falls: np.ndarray


def coalition_arithmetic(
    government: Government, space: OutcomeSpace, preferences: Preferences
) -> CoalitionArithmetic:
    """Seat counts and collapse of a government under every package."""
    seats = np.full(space.size, government.leader_seats + government.other_seats, dtype=np.int64)
    leaving: dict[str, np.ndarray] = {}
    for partner in government.partners:
        leaves = preferences.hard_crossed[preferences.row(partner.actor)]
        leaving[partner.actor] = leaves
        seats += np.where(leaves, 0, partner.seats)
    for net in government.safety_nets:
        seats += np.where(conditions_hold(space, net.when), net.seats, 0)
    return CoalitionArithmetic(government, leaving, seats, seats < government.majority)


def coalitions(
    scenario: Scenario, space: OutcomeSpace, preferences: Preferences
) -> list[CoalitionArithmetic]:
    """The arithmetic of every government in the scenario."""
    return [coalition_arithmetic(g, space, preferences) for g in scenario.governments]


def effective_utility(
    utility: np.ndarray, actor_id: str, arithmetic: list[CoalitionArithmetic]
) -> np.ndarray:
    """A leader's utility net of the domestic cost of its government falling, kept >= 0."""
    led = [c for c in arithmetic if c.government.leader == actor_id]
    if not led:
        return utility
    cost = sum(c.government.survival_weight * c.falls for c in led)
    return np.clip(utility - cost, 0.0, 1.0)
