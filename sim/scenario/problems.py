"""A problem with a scenario, at a location in its YAML tree (the loader reports its line)."""

from __future__ import annotations

from dataclasses import dataclass

Location = tuple[str | int, ...]
"""A path into the scenario's YAML tree: keys and list positions."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario, at a location in its YAML tree."""

    loc: Location
    message: str
