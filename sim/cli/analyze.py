"""``dealsim analyze``: the exact analysis of a scenario, without simulating."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sim.analysis import Analysis, analyze
from sim.analysis.blocking import DEFAULT_MAX_SETS, DEFAULT_MAX_SIZE, Blocking
from sim.cli.common import ALLOW_PATH, console, fail, load_or_fail, print_json, styled
from sim.cli.work import refuse_excess_work

_BASIS = {
    "zopa": "of the zone",
    "feasible": "of the feasible set (the zone is empty)",
    "none": "(nothing is feasible)",
}


def analyze_command(
    file: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of tables.")
    ] = False,
    max_blocking_size: Annotated[
        int, typer.Option(min=1, help="Largest set of red lines to try when the zone is empty.")
    ] = DEFAULT_MAX_SIZE,
    max_blocking_sets: Annotated[
        int, typer.Option(min=1, help="Most sets of red lines to try when the zone is empty.")
    ] = DEFAULT_MAX_SETS,
    at_round: Annotated[
        int | None,
        typer.Option(
            "--round",
            help="Analyse the game at the start of this round: events up to it applied, "
            "reservations after their drift (default: the scenario as written).",
        ),
    ] = None,
    allow_path: list[Path] | None = ALLOW_PATH,
) -> None:
    """Exact analysis: zone of agreement, Pareto frontier, Nash and Kalai-Smorodinsky, blockers."""
    scenario = load_or_fail(file, allow_path)
    refuse_excess_work(scenario, file, "analyze")
    try:
        result = analyze(
            scenario,
            max_blocking_size=max_blocking_size,
            max_blocking_sets=max_blocking_sets,
            at_round=at_round,
        )
    except ValueError as error:
        fail(f"--round: {error}")
    if json_output:
        print_json(result.to_dict())
        return
    print_analysis(result)


def print_analysis(result: Analysis) -> None:
    """A readable account of an analysis."""
    console.rule(styled((result.game.scenario.name, "bold")))
    if result.at_round is None:
        console.print("Exact analysis at the scenario's start (events not applied).", style="dim")
    else:
        console.print(
            f"Exact analysis at the start of round {result.at_round} (events up to it applied).",
            style="dim",
        )
    console.print(_counts(result))
    if result.zone_packages.size:
        console.print(_solutions(result))
        console.print(_utilities(result))
    else:
        console.print("The zone of possible agreement is empty.", style="bold red")
        if result.blocking is not None:
            _print_blocking(result, result.blocking)


def _counts(result: Analysis) -> Table:
    table = Table(title="Outcome space", header_style="bold")
    table.add_column("set")
    table.add_column("packages", justify="right")
    table.add_row("all packages", f"{result.packages:,}")
    table.add_row(
        "feasible (no needed party's hard red line crossed)", f"{result.feasible_packages.size:,}"
    )
    table.add_row("zone of possible agreement", f"{result.zone_packages.size:,}")
    table.add_row(
        f"Pareto frontier {_BASIS[result.pareto_basis]}", f"{result.pareto_packages.size:,}"
    )
    return table


def _solutions(result: Analysis) -> Table:
    nash = result.terms(result.nash_package) or {}
    kalai = result.terms(result.kalai_smorodinsky_package) or {}
    table = Table(title="Bargaining solutions", header_style="bold")
    table.add_column("issue")
    table.add_column("Nash")
    table.add_column("Kalai-Smorodinsky")
    for issue in result.game.space.issues:  # side payments' amounts included
        table.add_row(issue.label or issue.id, str(nash[issue.id]), str(kalai[issue.id]))
    return table


def _utilities(result: Analysis) -> Table:
    nash = result.party_values(result.nash_package) or {}
    kalai = result.party_values(result.kalai_smorodinsky_package) or {}
    table = Table(
        title="Effective utility of each party (* consent not needed)", header_style="bold"
    )
    table.add_column("party")
    table.add_column("reservation", justify="right")
    table.add_column("Nash", justify="right")
    table.add_column("Kalai-Smorodinsky", justify="right")
    for k, party in enumerate(result.party_ids):
        table.add_row(
            party,
            f"{result.reservations[k]:.3f}",
            _utility_cell(nash[party]),
            _utility_cell(kalai[party]),
        )
    return table


def _utility_cell(values: dict) -> str:
    return f"{values['effective']:.3f}" + ("" if values["needed"] else " *")


def _print_blocking(result: Analysis, blocking: Blocking) -> None:
    owners = result.game.preferences.owners
    if blocking.reservations_block:
        console.print(
            "Reservation values block the deal: even with every relevant red line off "
            f"({', '.join(blocking.candidates) or 'none'}), no package meets them.",
        )
        if blocking.closest_package is not None:
            terms = result.terms(blocking.closest_package) or {}
            gaps = ", ".join(f"{p} {v:.3f}" for p, v in blocking.shortfalls.items())
            console.print(
                "Closest package: "
                + ", ".join(f"{issue}={option}" for issue, option in terms.items())
                + f"; below reservation by: {gaps}.",
            )
        return
    if not blocking.red_line_sets:
        console.print(
            f"No set of up to {blocking.largest_size_searched} red lines opens the zone"
            + ("." if blocking.complete else " among those tried (budget reached)."),
        )
        return
    size = len(blocking.red_line_sets[0])
    table = Table(
        title=f"Smallest sets of red lines whose relaxation opens the zone ({size} each)",
        header_style="bold",
    )
    table.add_column("#", justify="right")
    table.add_column("red lines (holder)")
    for number, lines in enumerate(blocking.red_line_sets, start=1):
        table.add_row(str(number), ", ".join(f"{line} ({owners[line]})" for line in lines))
    console.print(table)
