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
from sim.scenario.failed import guarded, recording_skips
from sim.scenario.limits import size_problems
from sim.scenario.positions import (
    MAX_FILE_BYTES,
    Position,
    YamlSyntaxError,
    locate,
    parse_yaml,
)
from sim.scenario.references import Problem, find_problems
from sim.scenario.safe_files import (
    FileRefused,
    Roots,
    read_bounded,
    roots_for,
)
from sim.scenario.salvage import error_tree, salvage
from sim.scenario.schema import Scenario
from sim.scenario.variants import BASE, VariantError, locate_node, parse_file, plain, resolve

LARGEST_NUMBER = 10**15
"""Integers beyond this are refused: seat counts and issue bounds end up in int64 arrays."""


class ScenarioError(Exception):
    """A scenario that cannot be used.

    Attributes:
        messages: one line (or two, with the offending line of the file) per problem.
        notes: what was not checked because of those problems (rules across
            fields that need a part with errors); empty when everything was.
    """

    def __init__(self, messages: list[str], notes: list[str] | None = None) -> None:
        super().__init__("\n".join([*messages, *(notes or [])]))
        self.messages = messages
        self.notes = notes or []


def load_scenario(path: str | Path, allow: Roots | None = None) -> Scenario:
    """Read and validate a scenario file.

    Args:
        path: the scenario file (read whatever folder it is in).
        allow: the folders whose trees its ``sources`` and ``base`` paths may
            name; default: the file's own folder tree, plus the working
            directory's when the file lies inside it (see
            :func:`sim.scenario.safe_files.default_roots`).

    Raises:
        ScenarioError: with every problem found, each located in the file.
    """
    path = Path(path)
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except FileRefused as error:
        raise ScenarioError([f"{path}:1:1: {error.reason}"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError([_not_utf8(path, raw, error)]) from None
    return load_scenario_text(text, name=str(path), base_dir=path.parent, allow=allow)


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
    text: str,
    name: str = "<scenario>",
    base_dir: str | Path | None = None,
    allow: Roots | None = None,
) -> Scenario:
    """Validate scenario YAML given as text.

    Args:
        text: the YAML.
        name: the file name used in messages.
        base_dir: the folder of the file: where the scenario's ``sources``
            paths and a variant's ``base`` are resolved; None skips the check
            that evidence quotes occur in their source (and refuses a ``base``).
        allow: the folders whose trees ``sources`` and ``base`` paths may name;
            default: ``base_dir``'s tree, plus the working directory's when
            ``base_dir`` lies inside it. A path outside them is refused.

    Raises:
        ScenarioError: with every problem found, each located in the text (or,
            for a variant, in whichever file of its chain the value was written).
    """
    lines = text.splitlines()
    folder = Path(base_dir) if base_dir is not None else None
    roots = roots_for(folder, allow)
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
        return _load_variant(text, name, folder, roots)

    def in_this_file(loc: tuple) -> tuple[str, Position, list[str]]:
        return name, locate(tree, loc)[0], lines

    return _validated(data, in_this_file, folder, roots)


def _read_base(roots: list[Path]) -> Callable[[Path], str]:
    def read(path: Path) -> str:
        return read_bounded(path, MAX_FILE_BYTES, roots).decode("utf-8-sig")

    return read


def _load_variant(text: str, name: str, base_dir: Path | None, roots: list[Path]) -> Scenario:
    """A variant combined with its chain of bases, then validated as one scenario."""
    lines = {name: text.splitlines()}
    try:
        variant = parse_file(text, name, base_dir / Path(name).name if base_dir else None)
        root, chain = resolve(variant, _read_base(roots))
    except VariantError as error:
        raise ScenarioError(_variant_messages(error.problems, {**error.lines, **lines})) from None
    lines = {source.name: source.lines for source in chain}
    folders = {source.name: source.path.parent for source in chain if source.path is not None}

    def where_written(loc: tuple) -> tuple[str, Position, list[str]]:
        node = locate_node(root, loc)
        return node.file, node.position, lines[node.file]

    sources = root.value.get("sources")
    sources_dir = folders.get(sources.file) if sources is not None else base_dir
    return _validated(
        plain(root), where_written, sources_dir if base_dir is not None else None, roots
    )


def _variant_messages(problems: list, lines: dict[str, list[str]]) -> list[str]:
    """Messages of a chain's problems; lines are shown only from files already read."""
    messages = []
    for file, position, field, message in problems:
        where = f"{position.line}:{position.column}"
        shown = lines.get(file, [])
        messages.append(_format(file, where, field, message, shown, position))
    return messages


Locator = Callable[[tuple], tuple[str, Position, list[str]]]
"""Where a problem's location was written: file name, position, and that file's lines."""


def _validated(
    data: dict, where: Locator, base_dir: Path | None, roots: list[Path] | None = None
) -> Scenario:
    """Validate plain scenario data; ``where(loc)`` gives a problem's file, position and lines.

    Field errors and the rules across fields are reported in one pass: when
    fields fail, the rules are checked on the parts that validated
    (:mod:`sim.scenario.salvage`), skipping those that need a failed part.
    """
    problems = list(_number_problems(data, ()))
    failed = [problem.loc for problem in problems]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        bad_numbers = set(failed)
        for item in error.errors():
            failed.append(_clean_loc(tuple(item["loc"]), data))
        for item in _relevant(error.errors(), data):
            problem = _from_pydantic(item, data)
            if problem.loc not in bad_numbers:
                problems.append(problem)
    if failed:
        scenario = salvage(Scenario, data, error_tree(failed))
    with recording_skips() as skipped:
        too_large = list(guarded(size_problems, scenario))
        problems += too_large
        if not too_large:  # the cross checks enumerate options: only safe on sizes we accept
            problems += guarded(find_problems, scenario, not failed)
        if base_dir is not None:
            problems += guarded(quote_problems, scenario, base_dir, roots or [])
    if problems:
        notes = _skipped_note(where, data, skipped) if failed else []
        raise ScenarioError(_located(where, data, _unique(problems)), notes)
    return scenario


def _skipped_note(where: Locator, data: dict, skipped: list[tuple]) -> list[str]:
    """One line saying which parts with errors kept some rules across fields from being checked."""
    parts = sorted({describe(loc, data) or "the file" for loc in skipped})
    if not parts:
        return []
    name = where(())[0]
    shown = ", ".join(parts[:_PARTS_NAMED])
    more = f" and {len(parts) - _PARTS_NAMED} more" if len(parts) > _PARTS_NAMED else ""
    return [
        f"{name}: note: the rules across fields that need {shown}{more} were not checked, "
        "because of the errors above; run validate again once they are fixed"
    ]


_PARTS_NAMED = 5
"""Parts named in the note on skipped checks (the rest are counted)."""


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
