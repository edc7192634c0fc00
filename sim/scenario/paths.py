"""Parameter paths: the one parser and walker behind every dotted path of a scenario.

A path walks the scenario's fields; list items are named by a field of theirs
(``id``; ``actor`` for parties, partners and safety nets; ``param``, a dotted
path itself, for uncertain parameters) or by their position::

    actors.hamas.reservation
    actors.netanyahu.salience.hostages
    actors.smotrich.red_lines.no-state-hint.active
    governments.israel.safety_nets.lapid.seats
    uncertain.actors.hamas.reservation.low
    protocol.rounds

Reading and writing parameters (:mod:`sim.scenario.edit`), a variant's
``set``/``remove``/``add`` (:mod:`sim.scenario.variants`), field ranges
(:mod:`sim.scenario.ranges`), uncertain parameters, sweeps and sensitivity
analyses all resolve paths here, over whichever tree they hold: plain data,
pydantic models, or positioned YAML nodes. A :class:`Tree` says how to look
inside one kind of tree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

ITEM_KEYS = ("id", "actor", "param")
"""The fields that name a list item in a path, in the order they are tried."""
KEYS_OF_ITEMS = ITEM_KEYS[:2]
"""The fields that name a list item by one path part (``param`` may span several)."""
NAMED_BY_PATH = "param"
"""The field naming a list item by a dotted path of its own (an uncertain parameter)."""


class ParameterError(ValueError):
    """A parameter path that does not exist, or a value the scenario refuses."""


class PathError(ParameterError, LookupError):
    """A path that does not lead anywhere in the tree it is walked over."""


@dataclass(frozen=True)
class Tree:
    """How to look inside one kind of tree.

    Attributes:
        fields: the mapping of a node with named children (None for a list or a value).
        items: the list of a node with numbered children (None for a mapping or a value).
        name: ``name(item, key)``: the value of an item's naming field ``key``, or None.
    """

    fields: Callable[[Any], dict | None]
    items: Callable[[Any], list | None]
    name: Callable[[Any, str], Any]


def _data_fields(node: Any) -> dict | None:
    return node if isinstance(node, dict) else None


def _data_items(node: Any) -> list | None:
    return node if isinstance(node, list) else None


def _data_name(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else None


DATA = Tree(_data_fields, _data_items, _data_name)
"""Plain data, as YAML loads it or ``Scenario.model_dump(by_alias=True)`` gives it."""


def _model_fields(node: Any) -> dict | None:
    if isinstance(node, BaseModel):  # by the names the file uses (``in``, not ``in_``)
        fields = type(node).model_fields
        return {info.alias or name: getattr(node, name) for name, info in fields.items()}
    return node if isinstance(node, dict) else None


def attribute(model: BaseModel, key: str) -> str:
    """The attribute of a model that a path's key (the name the file uses) names."""
    for name, info in type(model).model_fields.items():
        if (info.alias or name) == key:
            return name
    raise PathError(f"'{key}' is not a field of {type(model).__name__}")


def _model_name(item: Any, key: str) -> Any:
    if isinstance(item, BaseModel):
        return getattr(item, key, None)
    return _data_name(item, key)


MODELS = Tree(_model_fields, _data_items, _model_name)
"""Pydantic models (a scenario as loaded), their lists and dicts."""


@dataclass(frozen=True)
class Step:
    """One step of a resolved path.

    Attributes:
        key: the key into a mapping, or the position in a list.
        text: the part(s) of the path that named it (``actors.hamas.reservation``
            for an uncertain parameter's item).
        exists: False only for a last step naming a key the mapping lacks.
    """

    key: str | int
    text: str
    exists: bool = True


def parts_of(path: str) -> list[str]:
    """A path's parts; an empty path or an empty part is an error."""
    parts = path.split(".") if isinstance(path, str) else []
    if not parts or any(not part for part in parts):
        raise PathError(f"'{path}' is not a parameter path (parts joined by '.', none empty)")
    return parts


def resolve(root: Any, path: str, tree: Tree = DATA, new_key: bool = False) -> list[Step]:
    """The steps a path takes from ``root``.

    Args:
        root: the tree's root.
        path: the dotted path.
        tree: how to look inside ``root``.
        new_key: whether the last part may name a key its mapping lacks (a field
            to be created); a salience entry may always be new.

    Raises:
        PathError: a part names nothing, or goes below a value.
    """
    parts = parts_of(path)
    steps: list[Step] = []
    node = root
    while parts:
        where = ".".join(step.text for step in steps) or "the scenario"
        fields, items = tree.fields(node), tree.items(node)
        if fields is not None:
            key: str | int = parts[0]
            used = 1
            if key not in fields:
                last = len(parts) == 1
                salience = bool(steps) and steps[-1].text == "salience"
                if last and (new_key or salience):
                    steps.append(Step(key, parts[0], exists=False))
                    return steps
                known = ", ".join(map(str, fields)) or "none"
                spelled = ".".join([*(step.text for step in steps), parts[0]])
                raise PathError(f"'{spelled}' does not exist (known here: {known})")
            child = fields[key]
        elif items is not None:
            key, used = _item(items, parts, tree, where)
            child = items[key]
        else:
            raise PathError(
                f"'{where}' is a value, not a group of fields: '{parts[0]}' is below it"
            )
        steps.append(Step(key, ".".join(parts[:used])))
        parts = parts[used:]
        node = child
    return steps


def _item(items: list, parts: list[str], tree: Tree, where: str) -> tuple[int, int]:
    """The position of the item ``parts`` starts with, and how many parts name it."""
    for index, item in enumerate(items):
        for key in KEYS_OF_ITEMS:
            if tree.name(item, key) == parts[0]:
                return index, 1
    for used in range(len(parts), 0, -1):  # an uncertain parameter: the longest match
        named = ".".join(parts[:used])
        for index, item in enumerate(items):
            if tree.name(item, NAMED_BY_PATH) == named:
                return index, used
    if parts[0].isdigit() and int(parts[0]) < len(items):
        return int(parts[0]), 1
    names = [
        str(name)
        for item in items
        for name in [next((tree.name(item, k) for k in ITEM_KEYS if tree.name(item, k)), None)]
        if name is not None
    ]
    shown = ", ".join(names) or "none"
    raise PathError(f"no item '{parts[0]}' in {where} (known: {shown})")


def walk(root: Any, path: str, tree: Tree = DATA, new_key: bool = False) -> tuple[Any, Any]:
    """The container holding a path's last step, and its key (or position) there."""
    steps = resolve(root, path, tree, new_key)
    node = root
    for step in steps[:-1]:
        node = _child(node, step.key, tree)
    return node, steps[-1].key


def read(root: Any, path: str, tree: Tree = DATA) -> Any:
    """The value at a path; an issue an actor does not weigh has salience 0.0."""
    node = root
    for step in resolve(root, path, tree):
        if not step.exists:  # only a salience entry may be absent (resolve refuses the rest)
            return 0.0
        node = _child(node, step.key, tree)
    return node


def _child(node: Any, key: str | int, tree: Tree) -> Any:
    fields = tree.fields(node)
    if fields is not None:
        return fields[key]
    items = tree.items(node)
    assert items is not None  # resolve() made every step but the last go into a container
    return items[key]  # type: ignore[index]


def uncertain_target(path: str) -> tuple[str, str] | None:
    """For a path into an uncertain declaration (``uncertain.<param>.<key>...``): param and key.

    The declaration's ``low``, ``high``, ``mode``, ``mean`` and ``values`` take
    values of the parameter's own field, so their range is that field's range.
    """
    parts = parts_of(path)
    if parts[0] != "uncertain" or len(parts) < 3:
        return None
    for tail in (2, 1):
        if len(parts) > tail + 1 and parts[-tail] in _VALUE_KEYS:
            if tail == 2 and not parts[-1].isdigit():
                continue
            return ".".join(parts[1:-tail]), parts[-tail]
    return None


_VALUE_KEYS = ("low", "high", "mode", "mean", "values")


def canonical(root: Any, path: str, tree: Tree = DATA) -> str:
    """The path as its items' names spell it, whichever way it named them.

    ``actors.0.reservation`` and ``actors.hamas.reservation`` both give
    ``actors.hamas.reservation`` when the first actor is ``hamas``.
    """
    node = root
    spelled = []
    for step in resolve(root, path, tree):
        items = tree.items(node)
        if items is not None:
            item = items[step.key]  # type: ignore[index]
            name = next((tree.name(item, k) for k in ITEM_KEYS if tree.name(item, k)), None)
            spelled.append(str(name) if name is not None else str(step.key))
            node = item
        else:
            spelled.append(str(step.key))
            node = _child(node, step.key, tree) if step.exists else None
    return ".".join(spelled)


def named(data: Any, loc: Sequence[str | int]) -> str:
    """A location in plain data as a path, list items by their name where they have one."""
    spelled = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            item = node[part]
            name = next((_data_name(item, k) for k in ITEM_KEYS if _data_name(item, k)), None)
            spelled.append(str(name) if name is not None else str(part))
            node = item
        else:
            spelled.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(spelled)


_ITEM = r"[^.]+"
_SELF_CONTAINED = tuple(
    re.compile(pattern)
    for pattern in (
        rf"actors\.{_ITEM}\.(reservation|reservation_drift|power|noise)",
        rf"actors\.{_ITEM}\.tactic\.beta",
        rf"governments\.{_ITEM}\.survival_weight",
        rf"governments\.{_ITEM}\.safety_nets\.{_ITEM}\.seats",
    )
)


@functools.lru_cache(maxsize=1024)
def is_self_contained(path: str) -> bool:
    """Whether no check but the field's own range depends on the number at ``path``.

    Such numbers can be changed in place (ensembles do it in every run) and
    need no re-validation of the whole scenario.
    """
    return any(pattern.fullmatch(path) for pattern in _SELF_CONTAINED)
