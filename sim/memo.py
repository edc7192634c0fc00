"""Bounded caches of read-only arrays, keyed by content: every run of an ensemble asks alike."""

from __future__ import annotations

from collections.abc import Callable, Hashable

import numpy as np


def read_only_cached(
    cache: dict, key: Hashable, compute: Callable[[], np.ndarray], limit: int = 256
) -> np.ndarray:
    """The array cached under ``key``, else computed, made read-only and cached.

    The oldest entry is dropped once ``limit`` entries are held.
    """
    cached = cache.get(key)
    if cached is None:
        if len(cache) >= limit:
            cache.pop(next(iter(cache)))
        cached = compute()
        cached.flags.writeable = False
        cache[key] = cached
    return cached
