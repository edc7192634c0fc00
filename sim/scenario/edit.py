"""Change a scenario in code: parameters by dotted path, red lines on or off, event effects.

A parameter path walks the scenario's fields; list items are picked by their
``id`` (or ``actor`` for parties, partners and safety nets) or by position:

    actors.hamas.reservation
    actors.netanyahu.salience.hostages
    actors.smotrich.red_lines.no-state-hint.active
    governments.israel.safety_nets.lapid.seats
    protocol.rounds

Every change returns a new, validated scenario; the original is untouched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.scenario.government_effects import apply_government_effects
from sim.scenario.schema import Effect, Scenario

KEYS_OF_ITEMS = ("id", "actor")
"""The fields that name a list item in a parameter path (else its position)."""
_FLOORS = {"power": 0.0, "noise": 0.0, "reservation": 0.0, "deadline": 1, "tactic.beta": 1e-3}
_CEILINGS = {"noise": 1.0, "reservation": 1.0}


class ParameterError(ValueError):
    """A parameter path that does not exist, or a value the scenario refuses."""


def read_parameter(scenario: Scenario, path: str) -> Any:
    """The current value at a dotted path."""
    return read_from_data(scenario.model_dump(by_alias=True), path)


def read_from_data(data: dict, path: str) -> Any:
    """The value at a dotted path of a scenario already dumped to plain data."""
    container, key = _walk(data, path)
    return container[key]


def with_parameters(scenario: Scenario, changes: Mapping[str, Any]) -> Scenario:
    """A copy of the scenario with the values at the given paths replaced.

    Numbers at paths that nothing but their own range constrains (a
    reservation, a power, a survival weight, a safety net's seats) are checked
    against that range and put in place by copying only the objects along the
    path: ensembles change them in every run. Every other change re-validates
    the whole scenario.
    """
    checked = {}
    for path, value in changes.items():
        if _is_self_contained(path) and isinstance(value, int | float):
            scenario = _replaced(scenario, path.split("."), _in_range(path, value))
        else:
            checked[path] = value
    if not checked:
        return scenario
    data = scenario.model_dump(by_alias=True)
    for path, value in checked.items():
        container, key = _walk(data, path)
        container[key] = value
    return _validated(data, checked)


_ITEM = r"[^.]+"
_SELF_CONTAINED_PATHS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"actors\.{_ITEM}\.(reservation|reservation_drift|power|noise)",
        rf"actors\.{_ITEM}\.tactic\.beta",
        rf"governments\.{_ITEM}\.survival_weight",
        rf"governments\.{_ITEM}\.safety_nets\.{_ITEM}\.seats",
    )
)
"""Fields that no check but their own range depends on."""


def _is_self_contained(path: str) -> bool:
    return any(pattern.fullmatch(path) for pattern in _SELF_CONTAINED_PATHS)


def _in_range(path: str, value: float) -> float:
    from sim.scenario.ranges import field_range

    allowed = field_range(path)
    if (
        isinstance(value, bool)
        or not allowed.contains(value)
        or (allowed.integer and value != int(value))
    ):
        raise ParameterError(f"{path} = {value!r} is outside its range {allowed.describe()}")
    return int(value) if allowed.integer else value


def _replaced(node: Any, parts: list[str], value: float) -> Any:
    part, rest = parts[0], parts[1:]
    if isinstance(node, BaseModel):
        if part not in type(node).model_fields:
            raise ParameterError(f"'{part}' does not exist")
        child = getattr(node, part)
        return node.model_copy(update={part: _replaced(child, rest, value) if rest else value})
    items = list(node)
    keys = [{k: getattr(item, k, None) for k in KEYS_OF_ITEMS} for item in items]
    index = _item_index(keys, part, part)
    items[index] = _replaced(items[index], rest, value) if rest else value
    return items


def with_red_line(scenario: Scenario, red_line_id: str, active: bool) -> Scenario:
    """A copy with one red line switched on or off."""
    try:
        owner, _ = scenario.red_line(red_line_id)
    except KeyError:
        raise ParameterError(f"no red line '{red_line_id}'") from None
    return with_parameters(scenario, {f"actors.{owner.id}.red_lines.{red_line_id}.active": active})


def with_events_until(scenario: Scenario, last_round: int) -> Scenario:
    """The scenario as it stands at the start of round ``last_round``, after its events.

    The events of rounds 0 to ``last_round`` are applied in round order (those
    of one round in file order), as a simulation applies them.
    """
    for event in sorted(scenario.events, key=lambda event: event.round):
        if event.round <= last_round:
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
            owner, _ = scenario.red_line(effect.red_line)
            actor = actors[owner.id]
            lines = [
                line.model_copy(update={"active": effect.active})
                if line.id == effect.red_line
                else line
                for line in actor.red_lines
            ]
            actors[owner.id] = actor.model_copy(update={"red_lines": lines})
            continue
        actor = actors[effect.actor]  # type: ignore[index]
        field = effect.field or ""
        if field.startswith("salience."):
            issue = field.removeprefix("salience.")
            value = _shifted(actor.salience.get(issue, 0.0), effect, floor=0.0)
            actors[actor.id] = actor.model_copy(
                update={"salience": {**actor.salience, issue: value}}
            )
        elif ".params." in field:
            actors[actor.id] = _with_policy_parameter(actor, field, effect)
        elif field == "tactic.beta":
            current = actor.tactic.beta
            if current is None:
                from sim.policies import policy

                current = policy("concession", actor.tactic.name).beta
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


def _with_policy_parameter(actor, field: str, effect: Effect):
    """An actor with one policy parameter set or shifted (``tactic.params.x``, ``policies...``).

    Shifting a parameter the file does not set starts from 0: set it instead, or
    give it in the file (a policy's defaults live above this layer).
    """
    owner_path, key = field.rsplit(".params.", 1)
    if owner_path == "tactic":
        owner = actor.tactic
    else:
        owner = getattr(actor.policies, owner_path.removeprefix("policies."))
        if owner is None:
            raise ParameterError(f"actors.{actor.id}.{owner_path} names no policy to change")
    value = _shifted(owner.params.get(key, 0.0), effect)
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


def _walk(data: Any, path: str) -> tuple[Any, Any]:
    parts = path.split(".")
    node = data
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[: depth + 1])
        if isinstance(node, dict):
            if part not in node:
                if last and _is_salience_map(parts, depth):
                    return node, part
                known = ", ".join(map(str, node)) or "none"
                raise ParameterError(f"'{where}' does not exist (known here: {known})")
            key: Any = part
        elif isinstance(node, list):
            key = _item_index(node, part, where)
        else:
            raise ParameterError(f"'{where}' goes below a value that has no fields")
        if last:
            return node, key
        node = node[key]
    raise ParameterError(f"empty parameter path '{path}'")


def _is_salience_map(parts: list[str], depth: int) -> bool:
    return depth >= 1 and parts[depth - 1] == "salience"


def _item_index(items: list, part: str, where: str) -> int:
    for index, item in enumerate(items):
        if isinstance(item, dict) and any(item.get(k) == part for k in KEYS_OF_ITEMS):
            return index
    if part.isdigit() and int(part) < len(items):
        return int(part)
    names = [str(item.get("id", item.get("actor"))) for item in items if isinstance(item, dict)]
    raise ParameterError(f"'{where}': no item '{part}' (known: {', '.join(names) or 'none'})")


def _validated(data: dict, changes: Mapping[str, Any]) -> Scenario:
    from sim.scenario.references import find_problems

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
