"""Change a scenario in code: parameters by dotted path, red lines on or off, event effects.

Parameter paths (``actors.hamas.reservation``, ``uncertain.actors.hamas.reservation.low``)
are parsed and walked by :mod:`sim.scenario.paths`, the same way as a variant's
paths, field ranges, sweeps and sensitivity analyses.

Every change returns a new, validated scenario; the original is untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.scenario import paths
from sim.scenario.government_effects import apply_government_effects
from sim.scenario.identity import identity_table, trusted
from sim.scenario.paths import KEYS_OF_ITEMS, MODELS, ParameterError
from sim.scenario.ranges import field_range
from sim.scenario.references import find_problems
from sim.scenario.registries import REGISTRIES
from sim.scenario.schema import Effect, Scenario

__all__ = [
    "KEYS_OF_ITEMS",
    "ParameterError",
    "apply_effects",
    "read_from_data",
    "read_parameter",
    "with_events_until",
    "with_parameters",
    "with_red_line",
]
_FLOORS = {"power": 0.0, "noise": 0.0, "reservation": 0.0, "deadline": 1, "tactic.beta": 1e-3}
_CEILINGS = {"noise": 1.0, "reservation": 1.0}
_ROUTES: dict[tuple[int, str], tuple[Scenario, list[str | int]]] = identity_table({})
"""Resolved paths by (scenario object, path): every run of an ensemble changes the same ones."""
_ROUTE_ENTRIES = 256
_SALIENCES: dict[tuple, tuple[dict[str, float], dict[str, float]]] = identity_table({})
"""Changed saliences by (saliences object, issue, value); read, never changed in place."""


def read_parameter(scenario: Scenario, path: str) -> Any:
    """The current value at a dotted path."""
    return read_from_data(scenario.model_dump(by_alias=True), path)


def read_from_data(data: dict, path: str) -> Any:
    """The value at a dotted path of a scenario already dumped to plain data."""
    return paths.read(data, path)


def with_parameters(scenario: Scenario, changes: Mapping[str, Any]) -> Scenario:
    """A copy of the scenario with the values at the given paths replaced.

    Numbers at paths that nothing but their own range constrains (a
    reservation, a power, a survival weight, a safety net's seats) are checked
    against that range and put in place by copying only the objects along the
    paths, each once: ensembles change them in every run. Every other change
    re-validates the whole scenario.
    """
    checked = {}
    replacements: dict = {}
    for path, value in changes.items():
        if isinstance(value, int | float) and paths.is_self_contained(path):
            *route, last = _route(scenario, path)
            branch = replacements
            for step in route:
                branch = branch.setdefault(step, {})
            branch[last] = _in_range(path, value)
        else:
            checked[path] = value
    if replacements:
        scenario = _replaced(scenario, replacements)
    if not checked:
        return scenario
    data = scenario.model_dump(by_alias=True)
    for path, value in checked.items():
        container, key = paths.walk(data, path)
        container[key] = value
    return _validated(data, checked)


def _route(scenario: Scenario, path: str) -> list[str | int]:
    """The attributes and positions a path takes through a scenario's objects.

    Replacing values keeps the route valid for the copies. Looked up by the
    scenario object's identity: scenario objects are never changed in place, so
    a path resolved once stays resolved.
    """
    if not trusted():  # the scenario may have changed in place since
        return _resolved(scenario, path)
    seen = _ROUTES.get((id(scenario), path))
    if seen is None or seen[0] is not scenario:
        if len(_ROUTES) >= _ROUTE_ENTRIES:  # the oldest half, at once (see sim.memo.make_room)
            for key in list(_ROUTES)[: _ROUTE_ENTRIES // 2]:
                del _ROUTES[key]
        seen = (scenario, _resolved(scenario, path))
        _ROUTES[(id(scenario), path)] = seen
    return seen[1]


def _resolved(scenario: Scenario, path: str) -> list[str | int]:
    node: Any = scenario
    route: list[str | int] = []
    for step in paths.resolve(scenario, path, MODELS):
        if isinstance(node, BaseModel):
            name = paths.attribute(node, str(step.key))
            route.append(name)
            node = getattr(node, name)
        else:
            route.append(step.key)
            node = node[step.key]
    return route


def _in_range(path: str, value: float) -> float:
    allowed = field_range(path)
    if (
        isinstance(value, bool)
        or not allowed.contains(value)
        or (allowed.integer and value != int(value))
    ):
        raise ParameterError(f"{path} = {value!r} is outside its range {allowed.describe()}")
    return int(value) if allowed.integer else value


def _replaced(node: Any, replacements: dict) -> Any:
    """A copy of a model or list with values replaced, sharing everything not on their way.

    ``replacements``: per attribute (of a model) or position (in a list), the new
    value, or a ``dict`` of replacements further down.
    """
    is_model = isinstance(node, BaseModel)
    changed = {}
    for step, below in replacements.items():
        if isinstance(below, dict):
            below = _replaced(getattr(node, step) if is_model else node[step], below)
        changed[step] = below
    if is_model:
        return node.model_copy(update=changed)
    items = list(node)
    for position, value in changed.items():
        items[position] = value
    return items


def with_red_line(scenario: Scenario, red_line_id: str, active: bool) -> Scenario:
    """A copy with one red line switched on or off."""
    try:
        owner = scenario.red_line(red_line_id).actor
    except KeyError as error:
        raise ParameterError(str(error)) from None
    return with_parameters(scenario, {f"actors.{owner.id}.red_lines.{red_line_id}.active": active})


def with_events_until(scenario: Scenario, last_round: int) -> Scenario:
    """The scenario as it stands at the start of round ``last_round``, after its events.

    The events of rounds 0 to ``last_round`` of phase one are applied in round
    order (those of one round in file order), as a simulation applies them.
    """
    for event in sorted(scenario.events, key=lambda event: event.round):
        if event.phase == 1 and event.round <= last_round:
            scenario = apply_effects(scenario, event.effects)
    return scenario


def apply_effects(scenario: Scenario, effects: list[Effect]) -> Scenario:
    """A copy with an event's effects applied, values kept in their valid ranges.

    Effects were checked when the scenario was loaded, so only the actors they
    touch are copied (fast enough to run inside every simulation).
    """
    scenario = apply_government_effects(scenario, effects)
    actors = {actor.id: actor for actor in scenario.actors}
    for effect in effects:
        if effect.government is not None:
            continue  # applied above
        if effect.red_line is not None:
            actor = actors[scenario.red_line(effect.red_line).actor.id]
            lines = [
                line.model_copy(update={"active": effect.active})
                if line.id == effect.red_line
                else line
                for line in actor.red_lines
            ]
            actors[actor.id] = actor.model_copy(update={"red_lines": lines})
            continue
        actor = actors[effect.actor]  # type: ignore[index]
        field = effect.field or ""
        if field.startswith("salience."):
            issue = field.removeprefix("salience.")
            value = _shifted(actor.salience.get(issue, 0.0), effect, floor=0.0)
            actors[actor.id] = actor.model_copy(
                update={"salience": _with_salience(actor.salience, issue, value)}
            )
        elif ".params." in field:
            actors[actor.id] = _with_policy_parameter(actor, field, effect)
        elif field == "tactic.beta":
            current = actor.tactic.beta
            if current is None:
                current = REGISTRIES.default("concession", actor.tactic.name, "beta")
            value = _shifted(current, effect, floor=_FLOORS[field])
            tactic = actor.tactic.model_copy(update={"beta": value})
            actors[actor.id] = actor.model_copy(update={"tactic": tactic})
        else:
            current = getattr(actor, field)
            if current is None and effect.set is None:
                raise ParameterError(f"actors.{actor.id}.{field} has no value to shift")
            value = _shifted(current or 0.0, effect, _FLOORS.get(field), _CEILINGS.get(field))
            if field == "deadline":
                value = round(value)
            actors[actor.id] = actor.model_copy(update={field: value})
    return scenario.model_copy(update={"actors": [actors[a.id] for a in scenario.actors]})


def _with_salience(salience: dict[str, float], issue: str, value: float) -> dict[str, float]:
    """The saliences with one changed.

    The same dict object for the same change of the same saliences (an event of
    every run of an ensemble), so caches keyed by identity find it.
    """
    if not trusted():
        return {**salience, issue: value}
    key = (id(salience), issue, type(value), repr(value))
    seen = _SALIENCES.get(key)
    if seen is None or seen[0] is not salience:
        if len(_SALIENCES) >= _ROUTE_ENTRIES:  # the oldest half, at once
            for old in list(_SALIENCES)[: _ROUTE_ENTRIES // 2]:
                del _SALIENCES[old]
        seen = _SALIENCES[key] = (salience, {**salience, issue: value})
    return seen[1]


def _with_policy_parameter(actor, field: str, effect: Effect):
    """An actor with one policy parameter set or shifted (``tactic.params.x``, ``policies...``).

    Shifting a parameter the file does not set starts from the policy's default.
    """
    owner_path, key = field.rsplit(".params.", 1)
    if owner_path == "tactic":
        owner = actor.tactic
    else:
        owner = getattr(actor.policies, owner_path.removeprefix("policies."))
        if owner is None:
            raise ParameterError(f"actors.{actor.id}.{owner_path} names no policy to change")
    kind = "concession" if owner_path == "tactic" else owner_path.removeprefix("policies.")
    current = owner.params.get(key)
    if current is None:
        current = REGISTRIES.default(kind, owner.name, key) or 0.0
    value = _shifted(current, effect)
    changed = owner.model_copy(update={"params": {**owner.params, key: value}})
    if owner_path == "tactic":
        return actor.model_copy(update={"tactic": changed})
    policies = actor.policies.model_copy(update={owner_path.removeprefix("policies."): changed})
    return actor.model_copy(update={"policies": policies})


def _shifted(
    current: float, effect: Effect, floor: float | None = None, ceiling: float | None = None
) -> float:
    value = effect.set if effect.set is not None else current + (effect.delta or 0.0)
    if floor is not None:
        value = max(value, floor)
    if ceiling is not None:
        value = min(value, ceiling)
    return value


def _validated(data: dict, changes: Mapping[str, Any]) -> Scenario:
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ParameterError(
            f"changing {', '.join(changes)} makes the scenario invalid: {where}: {first['msg']}"
        ) from None
    problems = find_problems(scenario, check_uncertain=False)
    if problems:
        where = ".".join(str(p) for p in problems[0].loc)
        raise ParameterError(
            f"changing {', '.join(changes)} makes the scenario invalid: {where}: "
            f"{problems[0].message}"
        )
    return scenario
