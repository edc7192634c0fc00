"""Bounded caches keyed by content: every run of an ensemble asks the same questions.

dealsim never changes a scenario object in place (edits copy what they change
and share the rest), so during a call (a run, a chunk of an ensemble's runs)
what is computed from an object once can be looked up by the object's identity
(:func:`by_identity`), and a scenario object's content reduces to a small token
(:func:`content_key`): a model's from its fields' keys, a list's or dict's from
its JSON, serialised in C. A copy that changed one number gets a new token for
the objects on that number's path only. Between calls a caller
may change an object in place (``actor.salience["ceasefire"] = 0.9`` in a
script), so identity is trusted only inside :func:`unchanged_objects`, and the
outermost such scope starts by forgetting every identity it learned before.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from itertools import count, islice
from typing import Any, TypeVar

import numpy as np
from pydantic import BaseModel
from pydantic_core import PydanticSerializationError, to_json

from sim.scenario.identity import identity_table, trusted, unchanged_objects

__all__ = [
    "by_identity",
    "cached",
    "clear_content_keys",
    "clear_shared",
    "content_key",
    "fresh_content_key",
    "identity_table",
    "make_room",
    "read_only_cached",
    "shared_table",
    "trusted",
    "unchanged_objects",
]

T = TypeVar("T")

_IDENTITY_ENTRIES = 4096
_TOKEN_ENTRIES = 8192


def cached(cache: dict, key: Hashable | None, compute: Callable[[], T], limit: int = 256) -> T:
    """The value cached under ``key``, else computed and cached (``key`` None: not cached).

    The oldest entries are dropped once ``limit`` entries are held (:func:`make_room`).
    """
    if key is None:
        return compute()
    value = cache.get(key)
    if value is None:
        make_room(cache, limit)
        value = cache[key] = compute()
    return value


def make_room(cache: dict, limit: int) -> None:
    """Drop the oldest quarter of a cache's entries once it holds ``limit``.

    In batches, not one at a time: a dict emptied from the front is scanned
    past its deleted slots by every ``next(iter(cache))`` until it is resized.
    """
    if len(cache) >= limit:
        for key in list(islice(cache, max(1, limit // 4))):
            del cache[key]


def read_only_cached(
    cache: dict, key: Hashable, compute: Callable[[], np.ndarray], limit: int = 256
) -> np.ndarray:
    """An array cached as :func:`cached` does, made read-only when computed."""

    def read_only() -> np.ndarray:
        array = compute()
        array.flags.writeable = False
        return array

    return cached(cache, key, read_only, limit)


def by_identity(
    cache: dict, value: object, compute: Callable[[], T], limit: int = _IDENTITY_ENTRIES
) -> T:
    """What ``compute`` gives for ``value``, computed once per object and looked up by identity.

    Only for scenario objects and their lists and dicts, and only inside
    :func:`unchanged_objects` (outside, it computes every time); register the
    cache with :func:`identity_table`. The cache holds the object itself, so
    its ``id`` cannot be reused by another object while the entry lives; the
    oldest entries are dropped once ``limit`` entries are held.
    """
    if not trusted():
        return compute()
    seen = cache.get(id(value))
    if seen is not None and seen[0] is value:
        return seen[1]
    result = compute()
    make_room(cache, limit)
    cache[id(value)] = (value, result)
    return result


_TOKENS: dict[Hashable, int] = {}
"""Content (its type, and its JSON or its fields' keys) to its token, least recently used first."""
_CONTENT_KEYS: dict[int, tuple[object, int]] = identity_table({})
_next_token = count()


def content_key(value: Any) -> Hashable:
    """A scenario object's content as a hashable key: equal content, equal key.

    A pydantic model, list, tuple or dict gets a small integer token: built
    from its type and its fields' keys (a model) or its JSON (a list or dict),
    and inside :func:`unchanged_objects` found again by the object's identity.
    A plain value (a number, a string, None) is its own key, tagged with its
    type (``1``, ``1.0`` and ``True`` differ, and so do ``0.0`` and ``-0.0``).
    Two objects with the same content get the same token while that content is
    remembered (the table of tokens is bounded: a content forgotten and seen
    again gets a new token, which only costs a miss in the caches keyed on it).
    """
    kind = type(value)
    if kind is str:
        return value
    if kind in _PLAIN:  # spares the (slower) isinstance check against BaseModel
        return _plain_key(value)
    if kind in _CONTAINERS or isinstance(value, BaseModel):
        if not trusted():
            return _token(value, kind)
        seen = _CONTENT_KEYS.get(id(value))
        if seen is not None and seen[0] is value:
            return seen[1]
        token = _token(value, kind)
        make_room(_CONTENT_KEYS, _IDENTITY_ENTRIES)
        _CONTENT_KEYS[id(value)] = (value, token)
        return token
    return _plain_key(value)


_CONTAINERS = frozenset({list, tuple, dict})
_PLAIN = frozenset({int, float, bool, type(None)})


def fresh_content_key(value: list | tuple | dict) -> Hashable:
    """:func:`content_key` of a container built for the occasion (its identity is never kept)."""
    return _token(value, type(value))


def _token(value: Any, kind: type) -> int:
    parts: tuple
    if kind in _CONTAINERS:
        try:
            # a list or dict: its content as JSON, serialised in C (types stay apart: 1, 1.0,
            # true; 0.0, -0.0)
            parts = (kind, to_json(value, inf_nan_mode="constants"))
        except PydanticSerializationError:  # not plain data: by its items
            items = value.items() if kind is dict else enumerate(value)
            parts = (kind, *[(_plain_key(k), content_key(v)) for k, v in items])
    else:
        # a model, by its fields (its __dict__: extra fields are forbidden); a field an edited
        # copy shares with its original is found by identity
        parts = (kind, *[(k, content_key(v)) for k, v in value.__dict__.items()])
    token = _TOKENS.pop(parts, None)
    if token is None:
        token = next(_next_token)
        make_room(_TOKENS, _TOKEN_ENTRIES)
    _TOKENS[parts] = token  # (re)inserted last: the least recently used go first
    return token


def _plain_key(value: Any) -> Hashable:
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is float and value == 0.0:
        return (float, value, math.copysign(1.0, value))  # 0.0 == -0.0, but not here
    return (kind, value)


_SHARED_TABLES: list[dict] = []


def shared_table(table: dict) -> dict:
    """Register a cache that runs share across calls: :func:`clear_shared` forgets it."""
    _SHARED_TABLES.append(table)
    return table


def clear_shared() -> None:
    """Forget every registered shared cache (benchmarks of a cold start use it)."""
    for table in _SHARED_TABLES:
        table.clear()


def clear_content_keys() -> None:
    """Forget every token (benchmarks of a cold start use it)."""
    _TOKENS.clear()
    _CONTENT_KEYS.clear()
