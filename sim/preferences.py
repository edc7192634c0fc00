"""Preferences: what each actor gets from each package, and which packages it refuses.

An actor's utility of a package is the salience-weighted sum of its values of
the package's options, less the penalties of the soft red lines it crosses,
kept in [0, 1]. Hard red lines are not part of the utility: a package that
crosses one is refused whatever its utility.

A package that defers an issue is worth, on that issue, the actor's declared
``deferred`` value, by default its reservation: leaving an issue open is worth
what no deal is worth on it. It crosses a red line on that issue only where the
line forbids deferral (:attr:`RedLine.deferral_allowed`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.interactions import interaction_grid
from sim.memo import by_identity, fresh_content_key, identity_table, make_room, trusted
from sim.outcomes import OutcomeSpace, option_positions, options_satisfying, scale_position
from sim.scenario.schema import Actor, IdealPoint, Issue, RedLine, Scenario
from sim.side_payments import transfer_grid


def option_values(issue: Issue, spec: IdealPoint | dict) -> np.ndarray:
    """An actor's value of each option of one issue, in [0, 1]."""
    if isinstance(spec, IdealPoint):
        positions = option_positions(issue)
        ideal = scale_position(issue, spec.ideal)
        distance = np.abs(positions - ideal)
        farthest = max(ideal - positions.min(), positions.max() - ideal)
        return 1.0 - (1.0 - spec.worst) * distance / farthest
    values = np.zeros(issue.size)
    for ref, value in spec.items():
        values[issue.option_index(ref)] = value
    return values


def crossed_options(issue: Issue, line: RedLine) -> np.ndarray:
    """Boolean mask over an issue's options: those that cross the red line."""
    allowed = options_satisfying(
        issue, within=line.require, outside=line.forbid, at_least=line.min, at_most=line.max
    )
    return ~allowed


def deferred_value(actor: Actor, issue: Issue) -> float:
    """An actor's value of leaving an issue to a later phase: declared, else its reservation."""
    return float(actor.deferred.get(issue.id, actor.reservation))


def normalised_salience(actor: Actor, issues: list[Issue]) -> np.ndarray:
    """Salience weights in issue order, summing to 1 (all zero if none given)."""
    weights = np.array([actor.salience.get(issue.id, 0.0) for issue in issues], dtype=float)
    total = weights.sum()
    return weights / total if total > 0 else weights


@dataclass
class Preferences:
    """Per-package utilities and refusals of every actor.

    Attributes:
        actor_ids: actors in scenario order; row k of each array is actor k.
        utility: ``[actors, packages]`` utility in [0, 1].
        hard_crossed: ``[actors, packages]`` True where an active hard red line is crossed.
        crossings: per hard red-line id (active or not), the packages that cross it.
        owners: per red-line id, the actor holding it.
    """

    actor_ids: list[str]
    utility: np.ndarray
    hard_crossed: np.ndarray
    crossings: dict[str, np.ndarray]
    owners: dict[str, str]

    def row(self, actor_id: str) -> int:
        """Row of an actor in the arrays."""
        return self.actor_ids.index(actor_id)


_CACHE_LIMIT_PACKAGES = 200_000
_CACHE_ENTRIES = 256
_actor_cache: dict[tuple, tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]] = {}
_ARRAY_FIELDS = ("salience", "interactions", "values", "deferred")
_RED_LINE_FIELDS = (
    "id",
    "issue",
    "forbid",
    "require",
    "min",
    "max",
    "hard",
    "penalty",
    "active",
    "deferral",
)
"""The fields of an actor its arrays depend on, besides its id (side payments add to the
arrays of their payer and receiver, by id) and its red lines' fields: its power or noise
do not, nor its reservation unless an issue is deferrable (the default value of deferring
it)."""
_ARRAY_KEYS: dict[tuple, tuple[tuple, tuple]] = identity_table({})


def actor_key(actor: Actor, space: OutcomeSpace) -> tuple | None:
    """What an actor's arrays depend on (None: too large a space to cache).

    Built from the content keys of those fields (:func:`sim.memo.content_key`),
    and looked up by the identity of the field values: an edit that changes an
    actor's power or reservation shares them with the original.
    """
    if space.size > _CACHE_LIMIT_PACKAGES:
        return None
    reservation = actor.reservation if space.deferrable else None
    if not trusted():  # the fields may have changed in place since: read their content
        return (space.key, _array_fields_key(actor), reservation)
    fields = (actor.salience, actor.interactions, actor.values, actor.deferred, actor.red_lines)
    probe = (actor.id, *map(id, fields))  # the _ARRAY_FIELDS, then the red lines
    # the entry holds the field values, so no other object can have their ids while it lives
    seen = _ARRAY_KEYS.get(probe)
    if seen is None:
        make_room(_ARRAY_KEYS, 4 * _CACHE_ENTRIES)
        seen = _ARRAY_KEYS[probe] = (fields, _array_fields_key(actor))
    return (space.key, seen[1], reservation)


_HARD_LINE_IDS: dict[int, tuple[object, list[str]]] = identity_table({})


def active_hard_lines(actor: Actor) -> list[str]:
    """The ids of an actor's active hard red lines, in its order (read, never change, the list).

    Looked up by the identity of its red-line list (copies of the actor share it).
    """
    return by_identity(
        _HARD_LINE_IDS,
        actor.red_lines,
        lambda: [line.id for line in actor.red_lines if line.hard and line.active],
    )


def _array_fields_key(actor: Actor) -> tuple:
    """The content of the fields an actor's arrays depend on, serialised at once."""
    lines = [[getattr(line, name) for name in _RED_LINE_FIELDS] for line in actor.red_lines]
    return (actor.id, fresh_content_key([*(getattr(actor, n) for n in _ARRAY_FIELDS), lines]))


def actor_arrays(
    actor: Actor, space: OutcomeSpace, key: tuple | None = None
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """One actor's utility, hard refusals and per-red-line crossings over the space.

    Results are cached by the fields they depend on (``_ARRAY_FIELDS``): an
    ensemble that samples reservations, power or noise recompiles nothing,
    one that samples a salience weight recompiles that actor only.
    """
    key = key if key is not None else actor_key(actor, space)
    if key is not None and key in _actor_cache:
        return _actor_cache[key]
    issues = {issue.id: issue for issue in space.issues}
    weights = normalised_salience(actor, space.issues)
    total = np.zeros([1] * len(space.sizes))
    for weight, issue in zip(weights, space.issues, strict=True):
        if weight > 0:
            total = total + space.grid(
                issue.id,
                weight * option_values(issue, actor.values[issue.id]),
                deferred=weight * deferred_value(actor, issue),
            )
    hard = np.zeros([1] * len(space.sizes), dtype=bool)
    crossings: dict[str, np.ndarray] = {}
    for line in actor.red_lines:
        crossed = space.grid(
            line.issue,
            crossed_options(issues[line.issue], line),
            deferred=not line.deferral_allowed,
        )
        if line.hard:
            crossings[line.id] = np.broadcast_to(crossed, space.sizes).reshape(-1)
            if line.active:
                hard = hard | crossed
        elif line.active:
            total = total - line.penalty * crossed
    for extra in (interaction_grid(actor, space), transfer_grid(actor.id, space)):
        if extra is not None:
            total = total + extra
    utility = np.clip(np.broadcast_to(total, space.sizes).reshape(-1), 0.0, 1.0)
    refused = np.broadcast_to(hard, space.sizes).reshape(-1)
    for array in (utility, refused, *crossings.values()):
        array.flags.writeable = False
    if key is not None:
        if len(_actor_cache) >= _CACHE_ENTRIES:
            _actor_cache.pop(next(iter(_actor_cache)))
        _actor_cache[key] = (utility, refused, crossings)
    return utility, refused, crossings


def compile_preferences(
    scenario: Scenario, space: OutcomeSpace, keys: list[tuple | None] | None = None
) -> Preferences:
    """Build the utility and refusal arrays of every actor over the whole space.

    ``keys``: the actors' :func:`actor_key`, if already computed.
    """
    keys = keys if keys is not None else [None] * len(scenario.actors)
    rows = [
        actor_arrays(actor, space, key) for actor, key in zip(scenario.actors, keys, strict=True)
    ]
    crossings = {line_id: mask for _, _, lines in rows for line_id, mask in lines.items()}
    owners = {line.id: actor.id for actor in scenario.actors for line in actor.red_lines}
    utility = np.empty((len(rows), space.size))
    hard_crossed = np.empty((len(rows), space.size), dtype=bool)
    for k, (actor_utility, actor_hard, _) in enumerate(rows):
        utility[k] = actor_utility
        hard_crossed[k] = actor_hard
    return Preferences(
        actor_ids=[a.id for a in scenario.actors],
        utility=utility,
        hard_crossed=hard_crossed,
        crossings=crossings,
        owners=owners,
    )
