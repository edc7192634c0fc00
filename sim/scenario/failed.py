"""Stand-ins for the parts of a scenario that failed validation, and checks that skip them.

When a file has field errors, :mod:`sim.scenario.salvage` keeps every part
that validated and puts a :class:`Failed` stand-in where a part did not. A
stand-in answers only for its identity (an item's ``id`` or ``actor``, when
that field itself is valid): anything else done with it (reading a field,
comparing, iterating, formatting) raises :class:`PartFailed`. A rule across
fields run through :func:`guarded` is then checked on what validated and
skipped from the moment it needs a part that failed, so it never reports a
problem that is only a consequence of another error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NoReturn, TypeVar, cast

from sim.scenario.problems import Location, Problem

T = TypeVar("T")

_SKIPPED: ContextVar[list[Location] | None] = ContextVar("skipped_checks", default=None)


class PartFailed(Exception):  # noqa: N818 (it says what happened, as StopIteration does)
    """A check needed a part of the scenario that failed validation (at ``loc``)."""

    def __init__(self, loc: Location) -> None:
        """The location of the part that failed."""
        super().__init__(loc)
        self.loc = loc


class Failed:
    """A part that failed validation: only its identity fields can be read.

    Attributes:
        loc: where the part is in the YAML tree.
    """

    __slots__ = ("_identity", "loc")

    def __init__(self, loc: Location, identity: dict[str, str] | None = None) -> None:
        """The part's location, and the identity fields (``id``, ``actor``) that are valid."""
        object.__setattr__(self, "loc", loc)
        object.__setattr__(self, "_identity", identity or {})

    def __getattr__(self, name: str) -> Any:
        """An identity field's value; any other field raises :class:`PartFailed`."""
        identity = object.__getattribute__(self, "_identity")
        if name in identity:
            return identity[name]
        if name.startswith("__"):  # protocols probed by copy, pickle, ...: not there
            raise AttributeError(name)
        raise PartFailed(self.loc)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        """Nothing may be written to a stand-in."""
        raise PartFailed(self.loc)

    def __repr__(self) -> str:
        """Shown in a debugger: where the part failed."""
        return f"<failed part at {'.'.join(map(str, self.loc)) or 'top level'}>"

    def _refuse(self, *args: object) -> NoReturn:
        raise PartFailed(self.loc)

    __hash__ = _refuse  # type: ignore[assignment]
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse  # type: ignore[assignment]
    __bool__ = __len__ = __iter__ = __contains__ = __getitem__ = _refuse
    __str__ = __format__ = __int__ = __float__ = __index__ = _refuse  # type: ignore[assignment]
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _refuse
    __truediv__ = __rtruediv__ = __neg__ = __abs__ = _refuse


def guarded(check: Callable[..., Iterable[Problem]], *args: Any) -> Iterator[Problem]:
    """The problems a check finds, up to the point where it needs a part that failed.

    Problems found before that point were found from valid parts alone, so
    they stand; the rest of the check is skipped (and noted while
    :func:`recording_skips` records).
    """
    try:
        yield from check(*args)
    except PartFailed as error:
        skipped = _SKIPPED.get()
        if skipped is not None:
            skipped.append(error.loc)


def attempt(compute: Callable[[], T]) -> T:
    """A value computed from the scenario, or a :class:`Failed` stand-in if it needs a failed part.

    The stand-in raises wherever the value is used, so the checks that use
    it are skipped, not the ones that do not.
    """
    try:
        return compute()
    except PartFailed as error:
        return cast(T, Failed(error.loc))


def items(owner: object, field: str) -> list[tuple[int, Any]]:
    """``enumerate(owner.field)`` as a list; empty when the owner or the list failed.

    The field is named, not passed, so that a failed owner is caught here too.
    """
    try:
        return list(enumerate(getattr(owner, field)))
    except PartFailed as error:
        skipped = _SKIPPED.get()
        if skipped is not None:
            skipped.append(error.loc)
        return []


@contextmanager
def recording_skips() -> Iterator[list[Location]]:
    """While active, collects the locations of the failed parts that made checks skip."""
    skipped: list[Location] = []
    token = _SKIPPED.set(skipped)
    try:
        yield skipped
    finally:
        _SKIPPED.reset(token)
