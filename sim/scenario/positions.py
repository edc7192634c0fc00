"""YAML parsed with source positions, and error locations mapped back to lines.

The round-trip loader of ruamel.yaml keeps the line and column of every key
and list item. It builds only plain mappings, sequences and scalars (no Python
objects), so it is safe on untrusted files. We convert its tree to plain
Python for pydantic and keep the tree to answer "where is this path?".

Hostile input is refused with a position, never a crash: files over
``MAX_FILE_BYTES``, documents nested deeper than the parser's stack allows,
documents whose anchors and aliases expand to more than ``MAX_NODES``
values ("billion laughs"), and merge keys (``<<``), whose merged values have
no position of their own.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, SequenceNode
from ruamel.yaml.parser import ParserError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import ScannerError

MERGE_TAG = "tag:yaml.org,2002:merge"
MAX_FILE_BYTES = 1_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64
"""Deepest nesting accepted: checked for [...]/{...} before parsing (the parser slows with
its square), and reported when block nesting exhausts the stack. Scenarios need about 5."""


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
            a document nested too deeply, or one that expands into too many
            values (alias bombs).
    """
    if len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
        raise YamlSyntaxError(
            f"file is larger than {MAX_FILE_BYTES // 1_000_000} MB", Position(1, 1)
        )
    deep = _deep_flow_nesting(text)
    if deep is not None:
        # ruamel's parser slows down with the square of flow nesting: refuse it first
        raise YamlSyntaxError(
            f"the document is nested too deeply (more than {MAX_DEPTH} levels)", deep
        )
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        with warnings.catch_warnings():
            # e.g. ReusedAnchorWarning: legal YAML, and the file's problems are ours to report
            warnings.simplefilter("ignore")
            tree = yaml.load(text)
    except MarkedYAMLError as error:
        raise _syntax_error(error) from None
    except ReaderError as error:
        raise YamlSyntaxError(
            f"malformed YAML: character #x{error.character:04x} is not allowed ({error.reason})",
            _position_of_offset(text, error.position),
        ) from None
    except YAMLError as error:
        raise YamlSyntaxError(f"malformed YAML: {error}", Position(1, 1)) from None
    except RecursionError:
        raise YamlSyntaxError(
            f"the document is nested too deeply (more than {MAX_DEPTH} levels)",
            _too_deep(text),
        ) from None
    if tree is None:
        raise YamlSyntaxError(
            "the file is empty (no fields, only blank lines or comments)", Position(1, 1)
        )
    if "<<" in text:
        merge = _merge_key(text)
        if merge is not None:
            raise YamlSyntaxError(
                "merge keys ('<<') are not supported: write the fields out, or make a "
                "variant with 'base:'",
                merge,
            )
    try:
        return _to_plain(tree, [MAX_NODES]), tree
    except _TooLarge as error:
        raise YamlSyntaxError(
            f"{error.where} expands to more than {MAX_NODES:,} values "
            f"(anchors and aliases repeated inside each other?)",
            error.position,
        ) from None
    except RecursionError:
        raise YamlSyntaxError(
            f"the document is nested too deeply (more than {MAX_DEPTH} levels)",
            _too_deep(text),
        ) from None


def _merge_key(text: str) -> Position | None:
    """Where the first YAML merge key (``<<``) of a document is, if it has one.

    Merged values have no position of their own in the parsed tree, so errors
    inside them could not be located; the format does not use them.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pending = [YAML(typ="rt").compose(text)]
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key.tag == MERGE_TAG:
                    return Position(key.start_mark.line + 1, key.start_mark.column + 1)
                pending += [key, value]
        elif isinstance(node, SequenceNode):
            pending += node.value
    return None


def _syntax_error(error: MarkedYAMLError) -> YamlSyntaxError:
    mark = error.problem_mark or error.context_mark
    position = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
    problem = error.problem or error.context or "malformed YAML"
    if "'\\t'" in problem:
        problem += " (YAML indents with spaces, not tabs)"
    context = error.context_mark
    opened_earlier = context is not None and mark is not None and context.line != mark.line
    if isinstance(error, ParserError | ScannerError) and error.context and opened_earlier:
        # e.g. an unclosed bracket: the parser notices on a later line; say where it opened
        problem += f" ({error.context} that starts at line {context.line + 1}, "
        problem += f"column {context.column + 1})"
    return YamlSyntaxError(f"malformed YAML: {problem}", position)


def _position_of_offset(text: str, offset: int) -> Position:
    before = text[:offset]
    return Position(before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


_STARTS_A_TOKEN = " \t\r\n[{,:"


def _deep_flow_nesting(text: str) -> Position | None:
    """Where '[' / '{' nesting first exceeds MAX_DEPTH, in one pass over the text.

    A rough scanner, not a parser: it skips comments and quoted scalars, and
    counts an opening bracket only where a YAML token can start (so 'a[b' in a
    plain scalar is not counted). Good enough to refuse absurd nesting early.
    """
    depth = 0
    line, line_start = 1, 0
    index, end = 0, len(text)
    previous = "\n"
    while index < end:
        char = text[index]
        if char == "\n":
            line, line_start = line + 1, index + 1
        elif char == "#" and previous in " \t\r\n":
            newline = text.find("\n", index)
            index = end if newline < 0 else newline
            continue
        elif char in "\"'" and previous in _STARTS_A_TOKEN:
            index = _after_quoted(text, index)
            for_lines = text.count("\n", line_start, index)
            if for_lines:
                line += for_lines
                line_start = text.rfind("\n", 0, index) + 1
            previous = char
            continue
        elif char in "[{" and previous in _STARTS_A_TOKEN:
            depth += 1
            if depth > MAX_DEPTH:
                return Position(line, index - line_start + 1)
        elif char in "]}" and depth > 0:
            depth -= 1
        if char not in " \t":
            previous = char
        elif previous not in "\r\n":
            previous = " "
        index += 1
    return None


def _after_quoted(text: str, start: int) -> int:
    """Index just after the quoted scalar opening at ``start`` (or the end of the text)."""
    quote = text[start]
    index = start + 1
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text.startswith("''", index):
                index += 2
                continue
            return index + 1
        index += 1
    return len(text)


def _too_deep(text: str) -> Position:
    """Where the nesting first goes deeper than MAX_DEPTH (the event parser has no recursion)."""
    depth = 0
    try:
        for event in YAML(typ="rt").parse(text):
            if isinstance(event, MappingStartEvent | SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return Position(event.start_mark.line + 1, event.start_mark.column + 1)
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1
    except YAMLError:
        pass
    return Position(1, 1)


class _TooLarge(Exception):
    """The expanded document has more than MAX_NODES values."""

    def __init__(self) -> None:
        super().__init__()
        self.position = Position(1, 1)
        self.where = "the document"


def _to_plain(node: Any, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    if isinstance(node, CommentedMap | dict):
        plain = {}
        for key, value in node.items():
            try:
                plain[_to_plain_key(key)] = _to_plain(value, budget)
            except _TooLarge as error:
                # report the outermost key: the field of the file that blows up
                if isinstance(node, CommentedMap):
                    line, column = node.lc.key(key)
                    error.position = Position(line + 1, column + 1)
                    error.where = f"'{key}'"
                raise
        return plain
    if isinstance(node, CommentedSeq | list):
        return [_to_plain(v, budget) for v in node]
    if isinstance(node, bool | int | float | str) or node is None:
        # ruamel's scalar subclasses (ScalarFloat, ...) become plain values
        for plain_type in (bool, int, float, str):
            if isinstance(node, plain_type):
                return plain_type(node)
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
