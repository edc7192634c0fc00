"""``dealsim forecast``: the expected-utility forecast of a CSV issue or a scenario's issues."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from sim.cli.common import ALLOW_PATH, SafeConsole, allowed_roots, make_console, print_error
from sim.forecast import (
    ForecastInputError,
    ForecastResult,
    forecast_scenario,
    nearest_option,
    read_forecast_csv,
    run_forecast,
    skipped_issues,
)

CSV_SUFFIXES = {".csv"}
YAML_SUFFIXES = {".yaml", ".yml"}


def _fail(messages: list[str]) -> typer.Exit:
    """Print each message to stderr and return the exit for bad input (status 2)."""
    for message in messages:
        print_error(message)
    return typer.Exit(code=2)


def forecast(
    file: Annotated[
        Path,
        typer.Argument(help="a CSV (actor,capability,position,salience) or a scenario YAML"),
    ],
    issue: Annotated[
        str | None, typer.Option(help="scenario files: forecast only this issue")
    ] = None,
    rounds: Annotated[int, typer.Option(min=0, help="most rounds of moves")] = 10,
    json_output: Annotated[
        bool, typer.Option("--json", help="print one JSON object instead of tables")
    ] = False,
    allow_path: list[Path] | None = ALLOW_PATH,
) -> None:
    """Forecast issue outcomes with Bueno de Mesquita's expected-utility model."""
    suffix = file.suffix.lower()
    if suffix in CSV_SUFFIXES:
        if issue is not None:
            raise _fail([f"{file}: --issue applies to scenario files; a CSV holds one issue"])
        notes: list[str] = []
        try:
            data = read_forecast_csv(file, notes=notes)
        except ForecastInputError as error:
            raise _fail(error.messages) from None
        for note in notes:
            typer.echo(f"note: {note}", err=True)
        result = run_forecast(data, rounds=rounds)
        if json_output:
            typer.echo(json.dumps(result.to_dict(), indent=2))
        else:
            _print_result(_console(), result, option=None)
        return
    if suffix not in YAML_SUFFIXES:
        raise _fail([f"{file}: expected a .csv or a .yaml/.yml file"])
    from sim.scenario.loader import ScenarioError, load_scenario

    try:
        scenario = load_scenario(file, allow=allowed_roots(file, allow_path))
    except ScenarioError as error:
        raise _fail(error.messages) from None
    try:
        results = forecast_scenario(scenario, issue=issue, rounds=rounds)
    except ValueError as error:
        raise _fail([f"{file}:1:1: issues: {error}"]) from None
    options = {
        issue_id: nearest_option(scenario.issue(issue_id), result.median)
        for issue_id, result in results.items()
    }
    if json_output:
        payload = {
            issue_id: {**result.to_dict(), "option": options[issue_id]}
            for issue_id, result in results.items()
        }
        typer.echo(json.dumps(payload, indent=2))
        return
    console = _console()
    for issue_id, result in results.items():
        _print_result(console, result, option=options[issue_id])
    if issue is None:
        for issue_id, reason in skipped_issues(scenario).items():
            console.print(f"issue {issue_id} skipped: {reason}", style="dim")


def _print_result(
    console: SafeConsole, result: ForecastResult, option: str | int | float | None
) -> None:
    """Actors x rounds positions, forecasts, risk exponents and the outcome of one issue."""
    table = Table(title=f"Forecast: {result.issue}", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("actor")
    table.add_column("r (round 0)", justify="right")
    for record in result.rounds:
        table.add_column(f"round {record.round}", justify="right")
    for actor in result.actors:
        table.add_row(
            actor,
            f"{result.risk_exponents[actor]:.3f}",
            *(f"{record.positions[actor]:.2f}" for record in result.rounds),
        )
    table.add_section()
    table.add_row(
        "median (forecast)", "", *(f"{record.median:.2f}" for record in result.rounds), style="bold"
    )
    table.add_row("mean", "", *(f"{record.mean:.2f}" for record in result.rounds))
    console.print(table)
    status = "converged" if result.converged else "round limit reached"
    console.print(f"median (forecast): {result.median:.3f}   mean: {result.mean:.3f}   ({status})")
    if option is not None:
        console.print(f"forecast option: {option}")
    console.print()


def _console() -> SafeConsole:
    """A console; wide when the output is not a terminal, so tables are not cut."""
    return make_console(wide=200)
