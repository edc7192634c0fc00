"""Variants: a scenario file that names a base scenario and says only what it changes.

::

    base: baseline.yaml             # relative to this file; a base may have a base
    name: Variant - no safety net   # a top-level field given here replaces the base's
    remove:                         # paths taken out
      - governments.israel.safety_nets.lapid
    set:                            # a value put at a path (a new key, or in place)
      protocol.name: alternating
    add:                            # items appended to the list at a path
      events: [...]

Paths are the parameter paths of :mod:`sim.scenario.paths`: list items are
named by their ``id`` (``actor`` for parties, partners and safety nets,
``param`` for uncertain parameters) or by position. The changes apply in that
order: top-level fields, ``remove``, ``set``, ``add``.

Every value keeps the file and line it was written at, so a problem in the
combined scenario is reported where it was written: in the variant, or in
the base it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.scenario import paths
from sim.scenario.positions import Position, YamlSyntaxError, parse_yaml
from sim.scenario.safe_files import FileRefused, real_path

BASE = "base"
CHANGES = ("remove", "set", "add")
MAX_BASES = 8
"""How many bases deep a chain may go (a loop is refused before that)."""


@dataclass
class Node:
    """A value of a scenario file with the file and position it was written at.

    Attributes:
        value: a scalar, or a dict of Nodes, or a list of Nodes.
        file: the file name used in messages.
        position: where the value's key or list item starts.
    """

    value: Any
    file: str
    position: Position


class VariantError(Exception):
    """Problems in a variant or its bases: (file, position, field, message) each.

    ``lines`` holds the lines of the files read so far, by name, to show the
    offending line; a file that was refused is never among them.
    """

    def __init__(
        self,
        problems: list[tuple[str, Position, str, str]],
        lines: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__("; ".join(message for *_, message in problems))
        self.problems = problems
        self.lines = dict(lines or {})


@dataclass
class SourceFile:
    """One file of a chain: its name in messages, its lines, and its parsed text."""

    name: str
    path: Path | None
    lines: list[str]
    root: Node


def _node_fields(node: Node) -> dict | None:
    return node.value if isinstance(node.value, dict) else None


def _node_items(node: Node) -> list | None:
    return node.value if isinstance(node.value, list) else None


def _node_name(item: Node, key: str) -> Any:
    fields = item.value if isinstance(item.value, dict) else {}
    return fields[key].value if key in fields else None


NODES = paths.Tree(_node_fields, _node_items, _node_name)
"""Positioned nodes, walked by the parameter paths of :mod:`sim.scenario.paths`."""


def names_a_base(text: str) -> bool:
    """Whether scenario text is a variant, whose text alone does not make the scenario."""
    try:
        data, _ = parse_yaml(text)
    except YamlSyntaxError:
        return False
    return isinstance(data, dict) and BASE in data


def parse_file(text: str, name: str, path: Path | None) -> SourceFile:
    """Parse one file of a chain into positioned nodes.

    Raises:
        VariantError: malformed YAML, or a file that is not a mapping.
    """
    lines = {name: text.splitlines()}
    try:
        data, tree = parse_yaml(text)
    except YamlSyntaxError as error:
        position = error.position or Position(1, 1)
        raise VariantError([(name, position, "", error.message)], lines) from None
    if not isinstance(data, dict):
        message = "the file must be a mapping of fields"
        raise VariantError([(name, Position(1, 1), "", message)], lines)
    return SourceFile(name, path, text.splitlines(), _positioned(data, tree, name, Position(1, 1)))


def _positioned(plain: Any, tree: Any, file: str, position: Position) -> Node:
    if isinstance(plain, dict):
        children = {}
        for (key, value), tree_key in zip(plain.items(), tree, strict=True):
            line, column = tree.lc.key(tree_key)
            children[key] = _positioned(value, tree[tree_key], file, Position(line + 1, column + 1))
        return Node(children, file, position)
    if isinstance(plain, list):
        items = []
        for index, value in enumerate(plain):
            line, column = tree.lc.item(index)
            items.append(_positioned(value, tree[index], file, Position(line + 1, column + 1)))
        return Node(items, file, position)
    return Node(plain, file, position)


def plain(node: Node) -> Any:
    """The plain Python data of a node."""
    if isinstance(node.value, dict):
        return {key: plain(child) for key, child in node.value.items()}
    if isinstance(node.value, list):
        return [plain(child) for child in node.value]
    return node.value


def locate_node(root: Node, loc: tuple) -> Node:
    """The deepest node along a location that exists (a missing key: its parent)."""
    node = root
    for part in loc:
        children = node.value
        if isinstance(children, dict) and part in children:
            node = children[part]
        elif isinstance(children, dict) and str(part) in map(str, children):
            node = next(child for key, child in children.items() if str(key) == str(part))
        elif isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
            node = children[part]
        else:
            break
    return node


def resolve(variant: SourceFile, read) -> tuple[Node, list[SourceFile]]:
    """The combined scenario of a variant and its chain of bases.

    Args:
        variant: the parsed variant (its root has a ``base`` key).
        read: ``read(path) -> text`` for a base file; raises
            :class:`~sim.scenario.safe_files.FileRefused` (or OSError or
            UnicodeDecodeError) when it cannot or may not be read.

    Returns:
        The combined root node, and every file of the chain (variant first).

    Raises:
        VariantError: a base that cannot be read or parsed, a loop of bases, or
            a change whose path does not exist.
    """
    chain = [variant]
    try:
        while BASE in chain[-1].root.value:
            chain.append(_read_base(chain, read))
        root = _copy(chain[-1].root)
        for source in reversed(chain[:-1]):
            root = _apply(root, source.root)
    except VariantError as error:
        error.lines = {**{source.name: source.lines for source in chain}, **error.lines}
        raise
    return root, chain


def _read_base(chain: list[SourceFile], read) -> SourceFile:
    """The base that the last file of the chain names, read and parsed."""
    current = chain[-1]
    base_node = current.root.value[BASE]
    base_path = _base_path(current, base_node)
    try:
        real = real_path(base_path)
        if any(f.path is not None and real_path(f.path) == real for f in chain):
            raise VariantError([_at(base_node, BASE, f"'{base_node.value}' is a loop of bases")])
        if len(chain) > MAX_BASES:
            raise VariantError([_at(base_node, BASE, f"more than {MAX_BASES} bases in a chain")])
        text = read(base_path)
    except FileRefused as error:
        message = f"{error.reason} ('{base_node.value}')"
        raise VariantError([_at(base_node, BASE, message)]) from None
    except (OSError, UnicodeDecodeError) as error:
        message = f"'{base_node.value}' cannot be read ({type(error).__name__})"
        raise VariantError([_at(base_node, BASE, message)]) from None
    return parse_file(text, str(base_path), base_path)


def _base_path(current: SourceFile, base_node: Node) -> Path:
    if not isinstance(base_node.value, str) or not base_node.value.strip():
        raise VariantError([_at(base_node, BASE, "give the base scenario's file name")])
    if current.path is None:
        message = "a scenario with a base must be loaded from a file (its base is found beside it)"
        raise VariantError([_at(base_node, BASE, message)])
    return current.path.parent / base_node.value


def _copy(node: Node) -> Node:
    if isinstance(node.value, dict):
        return Node({k: _copy(v) for k, v in node.value.items()}, node.file, node.position)
    if isinstance(node.value, list):
        return Node([_copy(v) for v in node.value], node.file, node.position)
    return node


def _apply(root: Node, variant: Node) -> Node:
    """The base ``root`` with one variant's changes applied (``root`` is changed)."""
    problems: list[tuple[str, Position, str, str]] = []
    fields = root.value
    for key, child in variant.value.items():
        if key != BASE and key not in CHANGES:
            fields[key] = _copy(child)
    changes = {key: variant.value[key] for key in CHANGES if key in variant.value}
    for key, node in changes.items():
        kind = list if key == "remove" else dict
        if not isinstance(node.value, kind):
            what = "a list of paths" if key == "remove" else "a mapping of path: value"
            problems.append(_at(node, key, f"give {what}"))
    if problems:
        raise VariantError(problems)
    for name, action in (("remove", _remove), ("set", _set), ("add", _add)):
        if name in changes:
            node = changes[name]
            entries = (
                [(entry.value, entry) for entry in node.value]
                if name == "remove"
                else list(node.value.items())
            )
            for path, value in entries:
                problems += _change(root, path, value, f"{name}.{path}", action)
    if problems:
        raise VariantError(problems)
    return root


def _change(root: Node, path: Any, value: Node, field: str, action) -> list:
    """Apply one change; its problem (at the change's line) if its path does not exist."""
    if not isinstance(path, str) or not path:
        return [_at(value, field, "a path is a dotted name such as actors.hamas.reservation")]
    try:
        parent, key = _walk(root, path)
        action(parent, key, value)
    except LookupError as error:
        return [_at(value, field, str(error.args[0]))]
    return []


def _walk(root: Node, path: str) -> tuple[Node, Any]:
    """The container holding a path's last part, and that part as its key or index."""
    return paths.walk(root, path, NODES, new_key=True)


def _remove(parent: Node, key: Any, _: Node) -> None:
    if isinstance(parent.value, dict) and key not in parent.value:
        raise LookupError(f"no field '{key}' to remove")
    del parent.value[key]


def _set(parent: Node, key: Any, value: Node) -> None:
    parent.value[key] = _copy(value)


def _add(parent: Node, key: Any, value: Node) -> None:
    if not isinstance(value.value, list):
        raise LookupError("give a list of items to add")
    if isinstance(parent.value, dict) and key not in parent.value:
        parent.value[key] = Node([], value.file, value.position)
    target = parent.value[key]
    if not isinstance(target.value, list):
        raise LookupError(f"'{key}' is not a list: use set to replace it")
    target.value.extend(_copy(item) for item in value.value)


def _at(node: Node, field: str, message: str) -> tuple[str, Position, str, str]:
    return node.file, node.position, field, message
