"""Two-level ratification (Putnam 1988; Tsebelis 1990): whose consent a package needs at home.

A leader heading a coalition loses the partners that leave over a package: by
default those whose hard red lines it crosses; a partner with the
``audience_cost`` exit policy leaves only when the audience cost of staying
(Fearon 1994; grows with how far the package crosses its line,
:mod:`sim.audience`) exceeds its value of office. The leader knows its
partners' stakes (complete information), so its cost counts the real exits, not
the threats. The government falls when the seats left, plus the seats that
opposition safety nets lend for that package, are under the majority. The
leader counts the fall as a cost: effective utility = U - survival_weight * falls.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from sim.audience import crossing_depth
from sim.memo import cached, content_key, read_only_cached
from sim.outcomes import OutcomeSpace, options_satisfying
from sim.policies.registry import DEFAULTS, policy
from sim.preferences import Preferences, actor_key
from sim.record import GovernmentRecord
from sim.scenario.schema import Condition, Government, Scenario

_HOLDS: dict[tuple, np.ndarray] = {}


def conditions_hold(space: OutcomeSpace, conditions: list[Condition]) -> np.ndarray:
    """Packages where every condition holds (all packages when there is none; read-only).

    Cached by the space and the conditions' content: every run of an ensemble
    asks the same questions.
    """
    key = (space.key, content_key(conditions))
    return read_only_cached(_HOLDS, key, lambda: _conditions_hold(space, conditions))


def _conditions_hold(space: OutcomeSpace, conditions: list[Condition]) -> np.ndarray:
    holds = np.ones([1] * len(space.sizes), dtype=bool)
    for condition in conditions:
        issue = next(i for i in space.issues if i.id == condition.issue)
        mask = options_satisfying(
            issue, within=condition.in_, at_least=condition.min, at_most=condition.max
        )
        holds = holds & space.grid(issue.id, mask, deferred=False)  # an open issue meets none
    return np.broadcast_to(holds, space.sizes).reshape(-1)


@dataclass
class CoalitionArithmetic:
    """What each package does to one government.

    Attributes:
        government: the government's spec.
        leaving: per partner actor id, the packages it leaves the coalition over.
        seats: seats backing the government after each package (safety nets included).
        falls: packages under which the government falls.
        depth: per partner actor id, how far each package crosses its active hard lines.
        net_seats: seats the safety nets lend under each package.
    """

    government: Government
    leaving: dict[str, np.ndarray]
    seats: np.ndarray
    falls: np.ndarray
    depth: dict[str, np.ndarray] = field(default_factory=dict)
    net_seats: np.ndarray | None = None


def coalition_arithmetic(
    government: Government,
    space: OutcomeSpace,
    preferences: Preferences,
    scenario: Scenario | None = None,
) -> CoalitionArithmetic:
    """Seat counts and collapse of a government under every package.

    With ``scenario`` given, each partner's exit policy decides over which
    packages it leaves (:meth:`leaves`); without, it leaves over every package
    that crosses a hard red line.
    """
    base = government.leader_seats + government.other_seats
    seats = np.full(space.size, base, dtype=np.int64)
    leaving: dict[str, np.ndarray] = {}
    depths: dict[str, np.ndarray] = {}
    for partner in government.partners:
        crossed = preferences.hard_crossed[preferences.row(partner.actor)]
        leaves = crossed
        if scenario is not None:
            actor = scenario.actor(partner.actor)
            depths[partner.actor] = crossing_depth(actor, space)
            spec = actor.policies.exit
            if spec is not None and spec.name != DEFAULTS["exit"]:
                leaves = np.asarray(
                    policy("exit", spec.name, **spec.params).leaves(crossed, depths[partner.actor]),
                    dtype=bool,
                )
        else:
            depths[partner.actor] = crossed.astype(float)
        leaving[partner.actor] = leaves
        seats += np.where(leaves, 0, partner.seats)
    nets = np.zeros(space.size, dtype=np.int64)
    for net in government.safety_nets:
        nets += np.where(conditions_hold(space, net.when), net.seats, 0)
    seats += nets
    return CoalitionArithmetic(
        government, leaving, seats, seats < government.majority, depths, nets
    )


_ARITHMETIC_FIELDS = ("leader_seats", "other_seats", "partners", "majority", "safety_nets")
"""The fields of a government its arithmetic depends on (not its survival weight)."""
_ARITHMETIC: dict[tuple, CoalitionArithmetic] = {}
_ARITHMETIC_ENTRIES = 64


def coalitions(
    scenario: Scenario,
    space: OutcomeSpace,
    preferences: Preferences,
    keys: list[tuple | None] | None = None,
) -> list[CoalitionArithmetic]:
    """The arithmetic of every government in the scenario (partners' exit policies honoured).

    Cached by what it depends on (:func:`arithmetic_key`; ``keys``: those of the
    governments, if already computed): runs of an ensemble that sample a
    survival weight, or a seat count among a few values, share it.
    """
    if keys is None:
        keys = [arithmetic_key(g, scenario, space) for g in scenario.governments]
    return [
        _cached_arithmetic(government, key, space, preferences, scenario)
        for government, key in zip(scenario.governments, keys, strict=True)
    ]


def _cached_arithmetic(
    government: Government,
    key: tuple | None,
    space: OutcomeSpace,
    preferences: Preferences,
    scenario: Scenario,
) -> CoalitionArithmetic:
    arithmetic = cached(
        _ARITHMETIC,
        key,
        lambda: _read_only(coalition_arithmetic(government, space, preferences, scenario)),
        _ARITHMETIC_ENTRIES,
    )
    return with_government(arithmetic, government)


def arithmetic_key(government: Government, scenario: Scenario, space: OutcomeSpace) -> tuple | None:
    """What a government's arithmetic depends on (None: too large a space to cache).

    Its seats, partners and safety nets, and its partners' arrays and exit
    policies; not its survival weight, id or evidence.
    """
    partners = [scenario.actor(p.actor) for p in government.partners]
    partner_keys = [
        (actor_key(actor, space), content_key(actor.policies.exit)) for actor in partners
    ]
    if any(key is None for key, _ in partner_keys):
        return None
    own = [content_key(getattr(government, name)) for name in _ARITHMETIC_FIELDS]
    return (space.key, *own, *partner_keys)


def with_government(arithmetic: CoalitionArithmetic, government: Government) -> CoalitionArithmetic:
    """The same arrays, recorded for this government spec (see :func:`arithmetic_key`)."""
    if arithmetic.government is government:
        return arithmetic
    return CoalitionArithmetic(
        government,
        arithmetic.leaving,
        arithmetic.seats,
        arithmetic.falls,
        arithmetic.depth,
        arithmetic.net_seats,
    )


def _read_only(arithmetic: CoalitionArithmetic) -> CoalitionArithmetic:
    """The arithmetic with its arrays made read-only (runs share it)."""
    arrays: list[np.ndarray | None] = [arithmetic.seats, arithmetic.falls, arithmetic.net_seats]
    arrays += [*arithmetic.leaving.values(), *arithmetic.depth.values()]
    for array in arrays:
        if array is not None and array.flags.writeable:
            array.flags.writeable = False
    return arithmetic


def clear_arithmetic() -> None:
    """Forget every cached government arithmetic."""
    _ARITHMETIC.clear()


def effective_utility(
    utility: np.ndarray,
    actor_id: str,
    arithmetic: list[CoalitionArithmetic],
    out: np.ndarray | None = None,
) -> np.ndarray:
    """A leader's utility net of the domestic cost of its government falling, kept >= 0.

    ``out``: an array to write it into (else a new one). An actor that leads no
    government gets ``utility`` itself.
    """
    led = [c for c in arithmetic if c.government.leader == actor_id]
    if not led:
        return utility
    if len(led) > 1:
        cost = sum(c.government.survival_weight * c.falls for c in led)
        return np.clip(utility - cost, 0.0, 1.0, out=out)
    # one government: U - w where it falls, U elsewhere (as U - w * falls, without temporaries)
    if out is None:
        out = utility.astype(float)
    else:
        out[...] = utility
    weight = 0 + led[0].government.survival_weight  # as the sum would start: -0.0 becomes 0.0
    np.subtract(out, weight, out=out, where=led[0].falls)
    return np.clip(out, 0.0, 1.0, out=out)


def ratify(
    game,
    package: int,
    leaves: Callable[[str, bool], bool],
    threats: Mapping[str, int],
) -> tuple[dict[str, GovernmentRecord], list[str]]:
    """After a deal: who leaves each government, its seats, and whether it survives.

    Args:
        game: the compiled game (:class:`sim.game.Game`).
        package: the deal.
        leaves: a partner's exit decision, given whether the deal crosses one of its
            active hard red lines (its agent's exit policy).
        threats: partners that threatened to leave during the talks.

    Returns:
        Per government id its record, and every partner that left.
    """
    governments: dict[str, GovernmentRecord] = {}
    exited: list[str] = []
    crossed = game.preferences.hard_crossed
    row = game.preferences.row
    for coalition in game.coalitions:
        government = coalition.government
        leaving = [
            p.actor
            for p in government.partners
            if leaves(p.actor, bool(crossed[row(p.actor)][package]))
        ]
        exited += leaving
        nets = coalition.net_seats
        seats = (
            government.leader_seats
            + government.other_seats
            + sum(p.seats for p in government.partners if p.actor not in leaving)
            + (int(nets[package]) if nets is not None else 0)
        )
        governments[government.id] = GovernmentRecord(
            survived=seats >= government.majority,
            seats=seats,
            majority=government.majority,
            exited=leaving,
            threatened=[p.actor for p in government.partners if p.actor in threats],
            stayed=[p.actor for p in government.partners if p.actor not in leaving],
        )
    return governments, exited
