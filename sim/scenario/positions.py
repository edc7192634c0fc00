"""YAML parsed with source positions, and error locations mapped back to lines.

The round-trip loader of ruamel.yaml keeps the line and column of every key
and list item. It builds only plain mappings, sequences and scalars (no Python
objects), so it is safe on untrusted files. We convert its tree to plain
Python for pydantic and keep the tree to answer "where is this path?".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

MAX_FILE_BYTES = 2_000_000
MAX_NODES = 200_000


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


class YamlSyntaxError(Exception):
    """The text is not YAML we accept; carries the position of the problem."""

    def __init__(self, message: str, position: Position | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def parse_yaml(text: str) -> tuple[Any, Any]:
    """Parse YAML text into (plain Python data, position tree).

    Raises:
        YamlSyntaxError: malformed YAML, an empty document, a file too large,
            or a document that expands into too many nodes (alias bombs).
    """
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise YamlSyntaxError(f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        position = Position(mark.line + 1, mark.column + 1) if mark else None
        problem = error.problem or error.context or "malformed YAML"
        raise YamlSyntaxError(f"malformed YAML: {problem}", position) from None
    except YAMLError as error:
        raise YamlSyntaxError(f"malformed YAML: {error}") from None
    if tree is None:
        raise YamlSyntaxError("the file is empty", Position(1, 1))
    budget = [MAX_NODES]
    return _to_plain(tree, budget), tree


def _to_plain(node: Any, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise YamlSyntaxError(f"the document expands to more than {MAX_NODES} values")
    if isinstance(node, CommentedMap | dict):
        return {_to_plain_key(k): _to_plain(v, budget) for k, v in node.items()}
    if isinstance(node, CommentedSeq | list):
        return [_to_plain(v, budget) for v in node]
    if isinstance(node, bool | int | float | str) or node is None:
        # ruamel's scalar subclasses (ScalarFloat, ...) become plain values
        for plain in (bool, int, float, str):
            if isinstance(node, plain):
                return plain(node)
        return None
    # dates, binary and other YAML types are not part of the format
    return str(node)


def _to_plain_key(key: Any) -> Any:
    if isinstance(key, bool | int | float | str):
        for plain in (bool, int, float, str):
            if isinstance(key, plain):
                return plain(key)
    return str(key)


def locate(tree: Any, loc: tuple[str | int, ...]) -> tuple[Position, tuple[str | int, ...]]:
    """Walk a location down the position tree as far as it exists.

    Returns the position of the deepest node that exists, and the part of the
    location that was found (a missing key is reported at its parent).
    """
    position = Position(1, 1)
    found: list[str | int] = []
    node = tree
    for part in loc:
        if isinstance(node, CommentedMap):
            key = _matching_key(node, part)
            if key is None:
                break
            line, column = node.lc.key(key)
            position = Position(line + 1, column + 1)
            node = node[key]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, column = node.lc.item(part)
            position = Position(line + 1, column + 1)
            node = node[part]
        else:
            break
        found.append(part)
    return position, tuple(found)


def _matching_key(node: CommentedMap, part: str | int) -> Any:
    if part in node:
        return part
    for key in node:
        if str(key) == str(part):
            return key
    return None
