"""Reading other tools' files within bounds, and the error every importer raises."""

from __future__ import annotations

import re
from pathlib import Path

from sim.scenario.safe_files import FileRefused, read_bounded

MAX_BYTES = 2_000_000
"""Largest file an importer reads."""


class ImportFileError(Exception):
    """Files that cannot be imported; ``messages`` has one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def read_text(path: Path) -> str:
    """A UTF-8 text file of at most :data:`MAX_BYTES` bytes.

    Raises:
        ImportFileError: missing, a folder, too large, unreadable or not UTF-8.
    """
    try:
        raw = read_bounded(path, MAX_BYTES)
    except FileRefused as error:
        raise ImportFileError([f"{path}:1: {error.reason}"]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportFileError([f"{path}:{line}: not UTF-8 (byte {error.start})"]) from None


def identifier(name: str, fallback: str) -> str:
    """A scenario identifier made from a name: letters, digits, ``_``; starting with a letter."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").lower()
    if not cleaned:
        return fallback
    return cleaned if cleaned[0].isalpha() else f"{fallback}_{cleaned}"


def unique(names: list[str]) -> list[str]:
    """The names with a suffix ``_2``, ``_3``, ... where one repeats."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return result
