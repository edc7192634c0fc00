"""The house: the import graph of sim/ has no cycle, and sim/scenario imports nothing above it.

The graph is read from the source with ``ast``, function-level imports
included; imports under ``if TYPE_CHECKING:`` are left out (they never run).
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SIM = ROOT / "sim"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.AST) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and (
        (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING")
        or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []
    for node in ast.iter_child_nodes(tree):
        if _is_type_checking(node):
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        found += _imports(node)
    return found


def import_graph(root: Path = SIM) -> dict[str, set[str]]:
    """Module name to the sim modules it imports (anywhere in its code)."""
    files = {_module_name(path, root): path for path in root.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            for alias in node.names:
                child = f"{module}.{alias.name}"
                targets.add(child if child in files else module)
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_reader_sees_function_level_imports_and_cycles(tmp_path):
    package = tmp_path / "sim"
    (package / "scenario").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "scenario" / "__init__.py").write_text("")
    (package / "model.py").write_text("from sim.scenario import schema\n")
    (package / "scenario" / "schema.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sim import model\n"
        "def build():\n    from sim.model import thing\n"
    )
    graph = import_graph(package)
    assert graph["sim.scenario.schema"] == {"sim.model"}
    assert cycles(graph) == [["sim.model", "sim.scenario.schema"]]


def test_sim_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_scenario_layer_imports_nothing_above_it():
    upward = {
        module: sorted(t for t in targets if not t.startswith("sim.scenario"))
        for module, targets in import_graph().items()
        if module.startswith("sim.scenario")
    }
    assert {module: targets for module, targets in upward.items() if targets} == {}


def test_nothing_in_sim_imports_the_dashboard_or_streamlit():
    for path in SIM.rglob("*.py"):
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
            assert not any(n.split(".")[0] in ("dashboard", "streamlit") for n in names), path
