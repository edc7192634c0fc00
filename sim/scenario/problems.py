"""A problem with a scenario at a location in its YAML tree; an id that names nothing."""

from __future__ import annotations

from dataclasses import dataclass

Location = tuple[str | int, ...]
"""A path into the scenario's YAML tree: keys and list positions."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, at a location in its YAML tree."""

    loc: Location
    message: str


class UnknownName(KeyError):
    """An id that names no issue, actor or red line of the scenario (a ``KeyError``)."""

    def __init__(self, kind: str, name: str, known: list[str]) -> None:
        """The kind of thing looked up, the id asked for, and the ids there are."""
        super().__init__(name)
        self.kind, self.name = kind, name
        self.message = f"no {kind} '{name}' in the scenario (known: {', '.join(known) or 'none'})"

    def __str__(self) -> str:
        """The message, without the quotes ``KeyError`` puts around its argument."""
        return self.message
