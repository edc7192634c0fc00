"""Load scenario files: YAML with positions, pydantic validation, every error at its line.

Errors come all at once, each as ``file:line:column: field.path: message``
followed by the offending line of the file. Problems with the file itself (not
found, a directory, not UTF-8, too large) use the same form, at line 1 column 1
or at the offending byte.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.scenario.evidence import quote_problems
from sim.scenario.positions import (
    MAX_FILE_BYTES,
    Position,
    YamlSyntaxError,
    locate,
    parse_yaml,
)
from sim.scenario.references import Problem, find_problems
from sim.scenario.schema import Scenario
from sim.scenario.variants import BASE, VariantError, locate_node, parse_file, plain, resolve

LARGEST_NUMBER = 10**15
"""Integers beyond this are refused: seat counts and issue bounds end up in int64 arrays."""
LARGEST_VALUE_TABLE = 1_000
"""Options an issue may have when an actor gives it a value table (else: an ideal point)."""


class ScenarioError(Exception):
    """A scenario that cannot be used; ``messages`` has one line (or two) per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Raises:
        ScenarioError: with every problem found, each located in the file.
    """
    path = Path(path)
    try:
        if path.is_dir():
            raise ScenarioError([f"{path}:1:1: is a directory, not a scenario file"])
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ScenarioError(
                [f"{path}:1:1: file is larger than {MAX_FILE_BYTES // 1_000_000} MB"]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([f"{path}:1:1: no such file"]) from None
    except OSError as error:
        raise ScenarioError([f"{path}:1:1: cannot be read ({error.strerror})"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError([_not_utf8(path, raw, error)]) from None
    return load_scenario_text(text, name=str(path), base_dir=path.parent)


def _not_utf8(path: Path, raw: bytes, error: UnicodeDecodeError) -> str:
    line_start = raw.rfind(b"\n", 0, error.start) + 1
    line_end = raw.find(b"\n", error.start)
    line = raw[line_start : line_end if line_end >= 0 else len(raw)]
    column = len(raw[line_start : error.start].decode("utf-8", errors="replace")) + 1
    shown = line.decode("utf-8", errors="replace").rstrip()[:160]
    line_number = raw.count(b"\n", 0, error.start) + 1
    return (
        f"{path}:{line_number}:{column}: not UTF-8 text "
        f"(byte 0x{raw[error.start]:02x}: {error.reason}); save the file as UTF-8\n    | {shown}"
    )


def load_scenario_text(
    text: str, name: str = "<scenario>", base_dir: Path | None = None
) -> Scenario:
    """Validate scenario YAML given as text.

    Args:
        text: the YAML.
        name: the file name used in messages.
        base_dir: the folder of the file: where the scenario's ``sources``
            paths and a variant's ``base`` are resolved; None skips the check
            that evidence quotes occur in their source (and refuses a ``base``).

    Raises:
        ScenarioError: with every problem found, each located in the text (or,
            for a variant, in whichever file of its chain the value was written).
    """
    lines = text.splitlines()
    try:
        data, tree = parse_yaml(text)
    except YamlSyntaxError as error:
        position = error.position or Position(1, 1)
        where = f"{position.line}:{position.column}"
        raise ScenarioError([_format(name, where, "", error.message, lines, position)]) from None
    if not isinstance(data, dict):
        kind = "list" if isinstance(data, list) else f"single value ({type(data).__name__})"
        raise ScenarioError(
            [
                f"{name}:1:1: the file must be a mapping of fields (name, issues, "
                f"actors, parties, ...), not a {kind}"
            ]
        )
    if BASE in data:
        return _load_variant(text, name, base_dir)

    def in_this_file(loc: tuple) -> tuple[str, Position, list[str]]:
        return name, locate(tree, loc)[0], lines

    return _validated(data, in_this_file, base_dir)


def _load_variant(text: str, name: str, base_dir: Path | None) -> Scenario:
    """A variant combined with its chain of bases, then validated as one scenario."""
    try:
        variant = parse_file(text, name, base_dir / Path(name).name if base_dir else None)
        root, chain = resolve(variant, lambda path: Path(path).read_text(encoding="utf-8-sig"))
    except VariantError as error:
        raise ScenarioError(_variant_messages(error.problems, {name: text.splitlines()})) from None
    lines = {source.name: source.lines for source in chain}
    folders = {source.name: source.path.parent for source in chain if source.path is not None}

    def where_written(loc: tuple) -> tuple[str, Position, list[str]]:
        node = locate_node(root, loc)
        return node.file, node.position, lines[node.file]

    sources = root.value.get("sources")
    sources_dir = folders.get(sources.file) if sources is not None else base_dir
    return _validated(plain(root), where_written, sources_dir if base_dir is not None else None)


def _variant_messages(problems: list, lines: dict[str, list[str]]) -> list[str]:
    messages = []
    for file, position, field, message in problems:
        where = f"{position.line}:{position.column}"
        shown = lines.get(file) or _lines_of(file)
        messages.append(_format(file, where, field, message, shown, position))
    return messages


def _lines_of(file: str) -> list[str]:
    try:
        return Path(file).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


Locator = Callable[[tuple], tuple[str, Position, list[str]]]
"""Where a problem's location was written: file name, position, and that file's lines."""


def _validated(data: dict, where: Locator, base_dir: Path | None) -> Scenario:
    """Validate plain scenario data; ``where(loc)`` gives a problem's file, position and lines."""
    problems = list(_number_problems(data, ()))
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        bad_numbers = {problem.loc for problem in problems}
        for item in _relevant(error.errors(), data):
            problem = _from_pydantic(item, data)
            if problem.loc not in bad_numbers:
                problems.append(problem)
        raise ScenarioError(_located(where, data, _unique(problems))) from None
    size_problems = list(_size_problems(scenario))
    problems += size_problems
    if not size_problems:  # the cross checks enumerate options: only safe on sizes we accept
        problems += find_problems(scenario)
    if base_dir is not None:
        problems += quote_problems(scenario, base_dir)
    if problems:
        raise ScenarioError(_located(where, data, _unique(problems)))
    return scenario


def _number_problems(node: Any, loc: tuple) -> Any:
    """Numbers no field can use: not finite, or too large for the arrays they end up in."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _number_problems(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _number_problems(value, (*loc, index))
    elif isinstance(node, float) and not math.isfinite(node):
        yield Problem(loc, f"{node} is not a usable number (give a finite number)")
    elif isinstance(node, int) and not isinstance(node, bool) and abs(node) > LARGEST_NUMBER:
        yield Problem(loc, f"{node} is too large (at most {LARGEST_NUMBER:.0e} in size)")


def _size_problems(scenario: Scenario) -> Any:
    """Issues too big to enumerate, counted without listing their options."""
    from sim.outcomes import MAX_PACKAGES

    sizes = []
    for index, issue in enumerate(scenario.issues):
        if issue.numeric and issue.min is not None and issue.max is not None:
            size = issue.size
            if size > MAX_PACKAGES:
                yield Problem(
                    ("issues", index, "max"),
                    f"numbers {issue.min} to {issue.max} in steps of {issue.step} make "
                    f"{size:,} options; at most {MAX_PACKAGES:,} packages can be enumerated",
                )
            elif size > LARGEST_VALUE_TABLE:
                yield from _tables_on(scenario, issue.id, size)
        else:
            size = len(issue.options or [])
        sizes.append(size)
    if math.prod(sizes) > MAX_PACKAGES and all(s <= MAX_PACKAGES for s in sizes):
        yield Problem(
            ("issues",),
            f"the issues make {math.prod(sizes):,} packages; at most {MAX_PACKAGES:,} "
            f"can be enumerated",
        )


def _tables_on(scenario: Scenario, issue_id: str, size: int) -> Any:
    for index, actor in enumerate(scenario.actors):
        if isinstance(actor.values.get(issue_id), dict):
            yield Problem(
                ("actors", index, "values", issue_id),
                f"'{issue_id}' has {size:,} options: too many for a value table "
                f"(at most {LARGEST_VALUE_TABLE:,}); give an ideal point instead",
            )


_VALUE_TABLE_TAG = "dict["
_IDEAL_POINT_TAG = "IdealPoint"
_IDEAL_POINT_KEYS = ("ideal", "worst")


def _relevant(errors: list[Any], data: dict) -> list[Any]:
    """Pydantic's errors without those of the union branch the user clearly did not mean.

    A value spec is a table or an ideal point; pydantic reports both branches'
    errors. A mapping with 'ideal' or 'worst' is an ideal point; any other is a
    table. An option is a name or a number; one message covers both.
    """
    kept = []
    options_seen: set[tuple] = set()
    for error in errors:
        loc = tuple(error["loc"])
        tag_at = _first_tag(loc, data)
        if tag_at is not None:
            tag = loc[tag_at]
            spec = _get(data, loc[:tag_at])
            if tag in ("str", "int"):
                if loc[:tag_at] in options_seen:
                    continue
                options_seen.add(loc[:tag_at])
                error = {**error, "msg": "an option must be a name or a whole number"}
            elif isinstance(spec, dict):
                ideal = any(key in spec for key in _IDEAL_POINT_KEYS)
                if tag == _IDEAL_POINT_TAG and not ideal:
                    continue
                if tag.startswith(_VALUE_TABLE_TAG) and ideal:
                    continue
            elif tag == _IDEAL_POINT_TAG:
                continue
            elif tag.startswith(_VALUE_TABLE_TAG):
                error = {
                    **error,
                    "msg": "should be a table {option: value, ...} or an ideal point "
                    "{ideal: option}",
                }
        kept.append(error)
    return kept


def _first_tag(loc: tuple, data: Any) -> int | None:
    """Index of the first part of a location that is a union tag, not a key of the file."""
    node = data
    for index, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and _is_union_tag(part):
            return index
        else:
            return None
    return None


def _is_union_tag(part: str) -> bool:
    return part in ("str", "int", _IDEAL_POINT_TAG) or part.startswith(_VALUE_TABLE_TAG)


def _get(data: Any, loc: tuple) -> Any:
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _from_pydantic(error: Any, data: dict) -> Problem:
    loc = _clean_loc(tuple(error["loc"]), data)
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = f"unknown field '{loc[-1]}' (check the spelling; see docs/scenario-format.md)"
    elif error["type"] == "missing":
        message = f"missing required field '{loc[-1]}'"
    elif "input" in error and error["type"] not in ("model_type",):
        shown = repr(error["input"])
        if len(shown) <= 60:
            message = f"{message} (got {shown})"
    return Problem(loc, message)


def _clean_loc(loc: tuple, data: Any) -> tuple:
    """Drop the union-member tags pydantic puts in locations (they are not in the file)."""
    cleaned: list = []
    node = data
    for depth, part in enumerate(loc):
        if isinstance(node, dict) and (part in node or str(part) in map(str, node)):
            key = part if part in node else next(k for k in node if str(k) == str(part))
            cleaned.append(key)
            node = node[key]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            cleaned.append(part)
            node = node[part]
        elif (depth == len(loc) - 1 and not _is_union_tag(str(part))) or isinstance(part, int):
            cleaned.append(part)
        # else: a union tag such as 'IdealPoint' or 'dict[...]': skip it
    return tuple(cleaned)


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple] = set()
    unique = []
    for problem in problems:
        key = (problem.loc, problem.message)
        if key not in seen:
            seen.add(key)
            unique.append(problem)
    return unique


def _located(where: Locator, data: dict, problems: list[Problem]) -> list[str]:
    messages = []
    for problem in problems:
        name, position, lines = where(problem.loc)
        at = f"{position.line}:{position.column}"
        messages.append(
            _format(name, at, describe(problem.loc, data), problem.message, lines, position)
        )
    return messages


def _format(name: str, where: str, field: str, message: str, lines: list[str], position) -> str:
    head = f"{name}:{where}: {field + ': ' if field else ''}{message}"
    if (
        position is not None
        and 0 < position.line <= len(lines)
        and lines[position.line - 1].strip()
    ):
        return f"{head}\n    | {lines[position.line - 1].rstrip()[:160]}"
    return head


_LISTS_NAMED_BY_ACTOR = ("parties", "partners", "safety_nets")


def describe(loc: tuple, data: Any) -> str:
    """A field path for people: list items named by their id where they have one.

    Parties, partners and safety nets are named by their actor (as in parameter
    paths); other items without an id (effects, conditions) by their position.
    """
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int):
            item = node[part] if 0 <= part < len(node) else None
            label = None
            if isinstance(item, dict):
                label = item.get("id")
                if label is None and parts and parts[-1] in _LISTS_NAMED_BY_ACTOR:
                    label = item.get("actor")
            if isinstance(label, str) and label:
                parts.append(label)
            else:
                parts[-1:] = [f"{parts[-1]}[{part}]" if parts else f"[{part}]"]
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts)
