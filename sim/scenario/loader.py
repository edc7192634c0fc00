"""Load scenario files: YAML with positions, pydantic validation, every error at its line.

Errors come all at once, each as ``file:line:column: field.path: message``
followed by the offending line of the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.scenario.evidence import quote_problems
from sim.scenario.positions import YamlSyntaxError, locate, parse_yaml
from sim.scenario.references import Problem, find_problems
from sim.scenario.schema import Scenario


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
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise ScenarioError([f"{path}: is a directory, not a scenario file"]) from None
    except UnicodeDecodeError as error:
        raise ScenarioError([f"{path}: not UTF-8 text ({error.reason})"]) from None
    except OSError as error:
        raise ScenarioError([f"{path}: cannot be read ({error.strerror})"]) from None
    return load_scenario_text(text, name=str(path), base_dir=path.parent)


def load_scenario_text(
    text: str, name: str = "<scenario>", base_dir: Path | None = None
) -> Scenario:
    """Validate scenario YAML given as text.

    Args:
        text: the YAML.
        name: the file name used in messages.
        base_dir: where the scenario's ``sources`` paths are resolved; None skips
            the check that evidence quotes occur in their source.

    Raises:
        ScenarioError: with every problem found, each located in the text.
    """
    lines = text.splitlines()
    try:
        data, tree = parse_yaml(text)
    except YamlSyntaxError as error:
        where = f"{error.position.line}:{error.position.column}" if error.position else "1:1"
        raise ScenarioError(
            [_format(name, where, "", error.message, lines, error.position)]
        ) from None
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                f"{name}:1:1: the file must be a mapping of fields (name, issues, "
                f"actors, parties, ...), not a {type(data).__name__}"
            ]
        )
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems = [_from_pydantic(e, data) for e in error.errors()]
        raise ScenarioError(_located(name, tree, data, _unique(problems), lines)) from None
    problems = find_problems(scenario)
    if base_dir is not None and not problems:
        problems = quote_problems(scenario, base_dir)
    if problems:
        raise ScenarioError(_located(name, tree, data, problems, lines))
    return scenario


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
        elif depth == len(loc) - 1 or isinstance(part, int):
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


def _located(
    name: str, tree: Any, data: dict, problems: list[Problem], lines: list[str]
) -> list[str]:
    messages = []
    for problem in problems:
        position, _ = locate(tree, problem.loc)
        where = f"{position.line}:{position.column}"
        messages.append(
            _format(name, where, describe(problem.loc, data), problem.message, lines, position)
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


def describe(loc: tuple, data: Any) -> str:
    """A field path for people: list items named by their id where they have one."""
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(node, list) and isinstance(part, int):
            item = node[part] if 0 <= part < len(node) else None
            label = item.get("id", item.get("actor")) if isinstance(item, dict) else None
            if label is not None and all(p not in ("forbid", "require", "in") for p in parts[-1:]):
                parts.append(str(label))
            else:
                parts[-1:] = [f"{parts[-1]}[{part}]" if parts else f"[{part}]"]
            node = item
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts)
