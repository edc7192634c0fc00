"""Bounded caches keyed by content: every run of an ensemble asks the same questions."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def cached(cache: dict, key: Hashable | None, compute: Callable[[], T], limit: int = 256) -> T:
    """The value cached under ``key``, else computed and cached (``key`` None: not cached).

    The oldest entry is dropped once ``limit`` entries are held.
    """
    if key is None:
        return compute()
    value = cache.get(key)
    if value is None:
        if len(cache) >= limit:
            cache.pop(next(iter(cache)))
        value = cache[key] = compute()
    return value


def read_only_cached(
    cache: dict, key: Hashable, compute: Callable[[], np.ndarray], limit: int = 256
) -> np.ndarray:
    """An array cached as :func:`cached` does, made read-only when computed."""

    def read_only() -> np.ndarray:
        array = compute()
        array.flags.writeable = False
        return array

    return cached(cache, key, read_only, limit)
