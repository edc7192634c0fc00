"""When a scenario object's identity may stand for its content: inside one call.

dealsim never changes a scenario object in place: edits copy what they change
and share the rest. So during one call (a run, a chunk of an ensemble's runs)
what was computed from an object can be found again by the object's identity.
Between calls a caller may change an object in place (``actor.salience[...] =
0.9`` in a script), so identity is trusted only inside :func:`unchanged_objects`,
and the outermost such scope starts by forgetting every identity-keyed entry.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_SCOPE = threading.local()
_IDENTITY_TABLES: list[dict] = []


def identity_table(table: dict) -> dict:
    """Register a cache keyed by object identity: :func:`unchanged_objects` forgets it."""
    _IDENTITY_TABLES.append(table)
    return table


def trusted() -> bool:
    """Whether this thread is inside :func:`unchanged_objects` (identity keys are valid)."""
    return getattr(_SCOPE, "depth", 0) > 0


@contextmanager
def unchanged_objects() -> Iterator[None]:
    """A call during which no scenario object is changed in place: identity may key caches.

    The outermost scope of a thread starts by forgetting every identity-keyed
    entry (an object may have been changed in place since); nested scopes keep
    them. Outside any scope, identity-keyed caches are neither read nor filled.
    """
    depth = getattr(_SCOPE, "depth", 0)
    if depth == 0:
        for table in _IDENTITY_TABLES:
            table.clear()
    _SCOPE.depth = depth + 1
    try:
        yield
    finally:
        _SCOPE.depth = depth
