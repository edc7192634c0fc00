"""The allowed range of a numeric scenario field, read from the schema's pydantic constraints.

A parameter path (``actors.hamas.reservation``, parsed by
:mod:`sim.scenario.paths`) walks the scenario's model classes: model fields by
name, list items and dict entries by key. The field it ends on carries
``ge``/``gt``/``le``/``lt`` constraints and a type (int or float); those bound
what an uncertain parameter may be drawn as, and tell the sampler to draw
integers. A path into an uncertain declaration's values
(``uncertain.actors.hamas.reservation.low``) has the range of the field the
declaration draws (``actors.hamas.reservation``).
"""

from __future__ import annotations

import functools
import math
import types
from dataclasses import dataclass
from typing import Annotated, Any, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sim.scenario import paths
from sim.scenario.schema import Scenario


@dataclass(frozen=True)
class FieldRange:
    """The values a numeric field accepts.

    Attributes:
        low: smallest value (``-inf`` when unbounded).
        high: largest value (``inf`` when unbounded).
        low_open: the field requires values strictly above ``low``.
        high_open: the field requires values strictly below ``high``.
        integer: the field holds integers.
    """

    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    integer: bool = False

    def contains(self, value: float) -> bool:
        """Whether a value is allowed (ignoring integrality)."""
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def clip(self, value: float) -> float:
        """The nearest allowed value (open ends are approached, not reached, by 1e-9)."""
        low = self.low + 1e-9 if self.low_open else self.low
        high = self.high - 1e-9 if self.high_open else self.high
        return min(max(value, low), high)

    def describe(self) -> str:
        """The range in interval notation, e.g. ``[0, 1]`` or ``(0, inf)``."""
        left = "(" if self.low_open or math.isinf(self.low) else "["
        right = ")" if self.high_open or math.isinf(self.high) else "]"
        kind = "integers in " if self.integer else ""
        return f"{kind}{left}{_number(self.low)}, {_number(self.high)}{right}"


@functools.lru_cache(maxsize=1024)
def field_range(path: str, model: type[BaseModel] = Scenario) -> FieldRange:
    """The range of the numeric field a parameter path ends on.

    Args:
        path: a dotted parameter path, e.g. ``governments.israel.safety_nets.lapid.seats``.
        model: the model the path starts from.

    Returns:
        The field's range; unbounded when the schema gives no constraint, or
        when the path does not end on a field the schema describes.
    """
    try:
        parts = paths.parts_of(path)
        target = paths.uncertain_target(path) if model is Scenario else None
    except paths.PathError:
        return FieldRange()
    if target is not None:
        return field_range(target[0])
    annotation: Any = model
    metadata: list[Any] = []
    while parts:
        named_by_path = _items_named_by_path(annotation)
        if named_by_path is not None:  # an uncertain declaration: named by a dotted path
            # the item's name is a dotted path; what follows it is one field of the item
            rest = len(parts) - 1 if len(parts) > 1 and parts[-1] in named_by_path else len(parts)
            parts = parts[rest:]
            annotation, metadata = _unwrapped(get_args(_unwrapped(annotation)[0])[0])
            continue
        annotation, metadata = _step(annotation, parts[0])
        parts = parts[1:]
        if annotation is None:
            return FieldRange()
    return _range_of(annotation, metadata)


def _items_named_by_path(annotation: Any) -> dict[str, Any] | None:
    """The fields of a list's items when a dotted path names each item (else None)."""
    annotation, _ = _unwrapped(annotation)
    if get_origin(annotation) is not list:
        return None
    item, _ = _unwrapped(get_args(annotation)[0])
    if isinstance(item, type) and issubclass(item, BaseModel):
        if paths.NAMED_BY_PATH in item.model_fields:
            return dict(item.model_fields)
    return None


def _step(annotation: Any, part: str) -> tuple[Any, list[Any]]:
    """The annotation and constraints one path part below ``annotation``."""
    annotation, _ = _unwrapped(annotation)
    origin = get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(part) or _by_alias(annotation, part)
        if field is None:
            return None, []
        inner, extra = _unwrapped(field.annotation)
        return inner, [*field.metadata, *extra]
    if origin in (Union, types.UnionType):
        members = [m for m in get_args(annotation) if m is not type(None)]
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        for member in models:
            if part in member.model_fields:
                return _step(member, part)
        others = [m for m in members if m not in models]
        return _step(others[0], part) if others else (None, [])
    if origin is list:
        inner, extra = _unwrapped(get_args(annotation)[0])
        return inner, extra
    if origin is dict:
        inner, extra = _unwrapped(get_args(annotation)[1])
        return inner, extra
    return None, []


def _by_alias(model: type[BaseModel], alias: str) -> FieldInfo | None:
    return next((f for f in model.model_fields.values() if f.alias == alias), None)


def _unwrapped(annotation: Any) -> tuple[Any, list[Any]]:
    """An ``Annotated[T, ...]`` as T and its constraints; ``T | None`` as T."""
    metadata: list[Any] = []
    while True:
        if get_origin(annotation) is Annotated:
            base, *extras = get_args(annotation)
            for extra in extras:
                metadata.extend(extra.metadata if isinstance(extra, FieldInfo) else [extra])
            annotation = base
            continue
        if get_origin(annotation) in (Union, types.UnionType):
            members = [m for m in get_args(annotation) if m is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation, metadata


def _range_of(annotation: Any, metadata: list[Any]) -> FieldRange:
    low, high, low_open, high_open = -math.inf, math.inf, False, False
    for constraint in metadata:
        if isinstance(constraint, annotated_types.Ge):
            low, low_open = float(constraint.ge), False  # type: ignore[arg-type]
        elif isinstance(constraint, annotated_types.Gt):
            low, low_open = float(constraint.gt), True  # type: ignore[arg-type]
        elif isinstance(constraint, annotated_types.Le):
            high, high_open = float(constraint.le), False  # type: ignore[arg-type]
        elif isinstance(constraint, annotated_types.Lt):
            high, high_open = float(constraint.lt), True  # type: ignore[arg-type]
    integer = annotation is int
    return FieldRange(low, high, low_open, high_open, integer)


def _number(value: float) -> str:
    if math.isinf(value):
        return "-inf" if value < 0 else "inf"
    return f"{value:g}"
