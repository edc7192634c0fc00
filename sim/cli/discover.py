"""``dealsim discover``: which drawn parameters lead to no deal, a collapse, or a chosen term."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from sim.cli.common import console, fail, load_or_fail, print_json
from sim.experiments.discovery import DEFAULT_DEPTH, Discovery, discover
from sim.experiments.ensemble import run_ensemble
from sim.experiments.errors import ExperimentError


def discover_command(
    file: Path = typer.Argument(..., help="Scenario YAML file (with uncertain parameters)."),
    outcome: str = typer.Option(
        ..., "--outcome", help="no_deal, collapse, or term:ISSUE=OPTION (e.g. term:hostages=20)."
    ),
    runs: int = typer.Option(1000, "--runs", help="Runs of the ensemble."),
    seed: int = typer.Option(0, "--seed", help="Master seed; the same seed gives the same boxes."),
    depth: int = typer.Option(
        DEFAULT_DEPTH, "--depth", help="Most parameters a box limits (the tree's depth)."
    ),
    json_output: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Find the regions of the drawn parameters (CART boxes) that explain an outcome."""
    scenario = load_or_fail(file)
    try:
        table = run_ensemble(scenario, runs, seed)
        found = discover(table, outcome, scenario, max_depth=depth)
    except ExperimentError as error:
        fail(str(error))
    if json_output:
        print_json({"scenario": scenario.name, "seed": seed, **found.to_dict()})
        return
    print_discovery(scenario.name, seed, found)


def print_discovery(name: str, seed: int, found: Discovery) -> None:
    """The outcome's frequency, the parameters by importance, and the boxes as a table."""
    console.print(
        f"{name}: {found.cases:,} of {found.runs:,} runs ({100 * found.base_rate:.1f}%) end in "
        f"{found.outcome} (seed {seed})",
        markup=False,
        highlight=False,
    )
    if found.note:
        console.print(f"No box: {found.note}.", markup=False, highlight=False)
        return
    ranked = [f"{path} {100 * share:.0f}%" for path, share in found.importance.items() if share]
    console.print("Parameters by importance: " + ", ".join(ranked), markup=False, highlight=False)
    table = Table(title="Boxes (CART), densest first")
    for column in ("box", "runs", "coverage", "density"):
        table.add_column(column, justify="left" if column == "box" else "right")
    for box in found.boxes:
        table.add_row(
            escape(box.describe()),
            f"{box.runs:,}",
            f"{100 * box.coverage:.0f}%",
            f"{100 * box.density:.0f}%",
        )
    console.print(table)
    console.print(
        "coverage: share of the runs with the outcome that are in the box; density: share of "
        "the runs in the box that have it.",
        markup=False,
        highlight=False,
    )
