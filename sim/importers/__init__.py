"""Scenarios from other tools' files: Genius XML domains and Abdelnabi et al.'s scored games.

Each importer returns a validated :class:`sim.scenario.Scenario`;
:func:`import_scenario` also gives the comment that says where it came from.
Bad files raise :class:`ImportFileError` with every problem located
(``file:line: what``).
"""

from __future__ import annotations

from pathlib import Path

from sim.importers.abdelnabi import deal_counts, read_abdelnabi
from sim.importers.files import ImportFileError
from sim.importers.genius import read_genius
from sim.scenario.schema import Scenario

FORMATS = ("genius", "llm-deliberation")


def import_scenario(paths: list[Path], fmt: str) -> Scenario:
    """A scenario from files in one of :data:`FORMATS`.

    Raises:
        ImportFileError: with every problem found.
    """
    if fmt == "genius":
        return read_genius(paths)
    if fmt == "llm-deliberation":
        return read_abdelnabi(paths)
    raise ImportFileError([f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}"])


__all__ = [
    "FORMATS",
    "ImportFileError",
    "deal_counts",
    "import_scenario",
    "read_abdelnabi",
    "read_genius",
]
