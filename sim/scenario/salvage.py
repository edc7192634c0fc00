"""What validated of a scenario with field errors: every valid part kept, a stand-in for the rest.

Driven by the models' own fields, not by a list of sections, so a field added
to the schema is covered without a change here. Starting from the top, each
part with an error under it is taken apart one level:

- a model without model-level validators keeps each of its fields that
  validates alone (with the field's own validators); a field with errors under
  it is taken apart in turn if it holds a model or a list of models, and is
  otherwise a :class:`~sim.scenario.failed.Failed` stand-in;
- a model with model-level validators (rules across its own fields, such as
  an issue's options matching its kind) is a stand-in as a whole when anything
  in it failed: its fields are not known to fit together;
- a list of models keeps each item that validates, and takes apart the others.

Fields a model leaves out take their defaults, unless the model has an
unknown key spelt like one of them (``reservaton``): then what the author
meant is unknown, and those fields are stand-ins too. A stand-in of an item
keeps its ``id`` or ``actor`` when that field is valid, so that references to
the item are not reported as unknown.

Each part is validated once more at most, so the cost is that of one
validation of the file.
"""

from __future__ import annotations

import difflib
import functools
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.scenario.failed import Failed
from sim.scenario.problems import Location

ErrorTree = dict[Any, "ErrorTree"]
"""Where the errors are: a nested mapping of location parts; ``HERE`` marks an error at a node."""
HERE = "<here>"
"""The key of an error tree that marks an error at the node itself (not a key a file can use)."""
IDENTITY_FIELDS = ("id", "actor")
"""The fields that name an item (as in parameter paths); kept on an item's stand-in."""


def error_tree(locations: Iterable[Location]) -> ErrorTree:
    """The locations of errors as a tree, so that each part finds its own in one step."""
    tree: ErrorTree = {}
    for loc in locations:
        node = tree
        for part in loc:
            node = node.setdefault(part, {})
        node[HERE] = {}
    return tree


def salvage(model: type[BaseModel], data: object, errors: ErrorTree) -> Any:
    """The valid parts of ``data`` as an instance of ``model``, stand-ins for the failed ones.

    Args:
        model: the model of the whole (``Scenario``); it is taken apart field
            by field even if it has model-level validators (they are not run).
        data: the plain data that failed to validate.
        errors: where its errors are (:func:`error_tree`).
    """
    if HERE in errors or not isinstance(data, dict):
        return Failed(())
    return _fields(model, data, errors, ())


def _part(model: type[BaseModel], data: object, errors: ErrorTree, loc: Location) -> Any:
    if not errors:
        try:
            return model.model_validate(data)
        except ValidationError:  # valid within the whole but not alone: not expected
            return Failed(loc)
    if isinstance(data, dict) and HERE not in errors:
        if not model.__pydantic_decorators__.model_validators:
            return _fields(model, data, errors, loc)
    return Failed(loc, _identity(model, data, errors))


def _fields(model: type[BaseModel], data: dict, errors: ErrorTree, loc: Location) -> BaseModel:
    if not model.__pydantic_complete__:  # a forward reference (Actor's actions) not yet resolved
        model.model_rebuild()
    fields = model.model_fields
    keys = [field.alias or name for name, field in fields.items()]
    meant = _meant(keys, data, errors)
    instance = model.model_construct(**_defaults(model))
    for name, field in fields.items():
        key = field.alias or name
        at = (*loc, key)
        if key not in data:
            if key in errors or key in meant:
                object.__setattr__(instance, name, Failed(at))
            continue  # its default, set by model_construct
        if key in errors:
            value = _field(field.annotation, data[key], errors[key], at)
            object.__setattr__(instance, name, value)
            continue
        try:
            model.__pydantic_validator__.validate_assignment(instance, name, data[key])
        except ValidationError:  # depends on another field: not expected
            object.__setattr__(instance, name, Failed(at))
    return instance


@functools.cache
def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """The defaults of a model's fields, made once (stand-ins only read them)."""
    return dict(model.model_construct().__dict__)


def _meant(keys: list[str], data: dict, errors: ErrorTree) -> set[str]:
    """Fields left out that an unknown key may have meant to give (a misspelling).

    Their defaults cannot be trusted. Past a few unknown keys, every field
    left out is suspect (and the spelling is not compared, to bound the time).
    """
    absent = [key for key in keys if key not in data]
    unknown = [key for key in errors if key != HERE and key not in keys]
    if len(unknown) > _UNKNOWN_KEYS_COMPARED:
        return set(absent)
    meant: set[str] = set()
    for key in unknown:
        meant.update(difflib.get_close_matches(str(key).lower(), absent, n=3, cutoff=0.6))
    return meant


_UNKNOWN_KEYS_COMPARED = 20
"""Unknown keys of one mapping compared with its fields' names (beyond: all suspect)."""


def _field(annotation: Any, value: object, errors: ErrorTree, loc: Location) -> Any:
    """A field with errors under it: its valid models and items kept, stand-ins for the rest."""
    if HERE in errors:
        return Failed(loc)
    item_model = _list_of_models(annotation)
    if item_model is not None and isinstance(value, list):
        return [
            _part(item_model, item, errors.get(index, {}), (*loc, index))
            for index, item in enumerate(value)
        ]
    model = _model(annotation)
    if model is not None and isinstance(value, dict):
        return _part(model, value, errors, loc)
    return Failed(loc)


def _model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (``M`` or ``M | None``), if it holds one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        models = [arg for arg in typing.get_args(annotation) if _model(arg) is not None]
        others = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(models) == 1 and len(others) == 1:
            return _model(models[0])
    return None


def _list_of_models(annotation: Any) -> type[BaseModel] | None:
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation) or (None,)
        return _model(item)
    return None


def _identity(model: type[BaseModel], data: object, errors: ErrorTree) -> dict[str, str]:
    """The identity fields of a failed item that are themselves valid."""
    if not isinstance(data, dict):
        return {}
    return {
        key: data[key]
        for key in IDENTITY_FIELDS
        if key in model.model_fields and isinstance(data.get(key), str) and key not in errors
    }
