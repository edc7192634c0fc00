"""``dealsim ensemble``, ``sweep``, ``sensitivity`` and ``compare``: experiments from the shell.

Every command takes the executor options (``--executor``, ``--workers``,
``--scheduler``), prints readable tables, or one JSON object with ``--json``,
and shows a progress bar when stdout is a terminal. Bad input (a bad file, a
bad ``--param``, an unknown executor) exits with status 2 and a message.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from sim.cli.common import (
    ALLOW_PATH,
    check_output,
    console,
    fail,
    load_or_fail,
    make_console,
    print_json,
    write_output,
    writing_output,
)
from sim.cli.experiment_tables import print_comparison, print_frame, print_summary, print_sweep
from sim.cli.work import refuse_excess_work
from sim.experiments.compare import compare_scenarios
from sim.experiments.ensemble import run_ensemble
from sim.experiments.errors import ExperimentError
from sim.experiments.executors import EXECUTORS
from sim.experiments.sensitivity import METHODS, point_count, run_sensitivity
from sim.experiments.storage import write_parquet
from sim.experiments.summary import summarize
from sim.experiments.sweep import parse_grid, run_sweep
from sim.forecast import forecast_beside_bargaining
from sim.scenario import Scenario

TABLE_SUFFIXES = (".parquet", ".csv")

RUNS = typer.Option(1000, "--runs", help="Runs (per point for sweeps).")
SEED = typer.Option(0, "--seed", help="Master seed; the same seed gives the same table.")
WORKERS = typer.Option(None, "--workers", help="Worker processes (default: the CPUs).")
EXECUTOR = typer.Option(
    None,
    "--executor",
    help="serial, processes or dask (default: dask with --scheduler, processes with "
    "--workers > 1, else serial).",
)
SCHEDULER = typer.Option(None, "--scheduler", help="Address of a running Dask scheduler.")
JSON = typer.Option(False, "--json", help="Print one JSON object instead of tables.")


def ensemble(
    file: Path = typer.Argument(..., help="Scenario YAML file."),
    runs: int = RUNS,
    seed: int = SEED,
    workers: int | None = WORKERS,
    executor: str | None = EXECUTOR,
    scheduler: str | None = SCHEDULER,
    out: Path | None = typer.Option(None, "--out", help="Write the runs to .parquet or .csv."),
    json_output: bool = JSON,
    allow_path: list[Path] | None = ALLOW_PATH,
) -> None:
    """Run a scenario many times, drawing its uncertain parameters, and summarise."""
    scenario = load_or_fail(file, allow_path)
    refuse_excess_work(scenario, file, "ensemble", runs)
    name = _executor_name(executor, workers, scheduler)
    _check_table_path(out)
    with _failing_cleanly(), _progress_bar(json_output, "runs") as progress:
        table = run_ensemble(scenario, runs, seed, name, workers, scheduler, progress)
    if out is not None:
        _write_table(out, table, scenario, file, seed, runs, kind="ensemble")
    summary = summarize(table, scenario)
    with _failing_cleanly():
        forecast = forecast_beside_bargaining(scenario, summary.terms)
    if json_output:
        extra = {"out": str(out)} if out else {}
        data = {"scenario": scenario.name, "seed": seed, **summary.to_dict(), **extra}
        print_json(_clean({**data, "forecast": forecast}))
        return
    print_summary(scenario, summary, f"{scenario.name}: {runs:,} runs, seed {seed}", forecast)
    if out is not None:
        console.print(f"Runs written to {out}")


def sweep(
    file: Path = typer.Argument(..., help="Scenario YAML file."),
    param: list[str] = typer.Option(..., "--param", help="PATH=LOW:HIGH:STEPS; repeat to cross."),
    runs: int = typer.Option(200, "--runs", help="Runs per grid point."),
    seed: int = SEED,
    workers: int | None = WORKERS,
    executor: str | None = EXECUTOR,
    scheduler: str | None = SCHEDULER,
    out: Path | None = typer.Option(None, "--out", help="Write the table to .csv or .parquet."),
    json_output: bool = JSON,
    allow_path: list[Path] | None = ALLOW_PATH,
) -> None:
    """Run an ensemble at every point of a parameter grid (same seed at every point)."""
    scenario = load_or_fail(file, allow_path)
    name = _executor_name(executor, workers, scheduler)
    _check_table_path(out)
    with _failing_cleanly():
        grid = parse_grid(param, scenario)
    refuse_excess_work(scenario, file, "sweep", runs, math.prod(len(v) for v in grid.values()))
    with _failing_cleanly(), _progress_bar(json_output, "runs") as progress:
        table = run_sweep(scenario, grid, runs, seed, name, workers, scheduler, progress)
    if out is not None:
        extra = {"grid": grid}
        _write_table(out, table, scenario, file, seed, runs, kind="sweep", extra=extra)
    if json_output:
        rows = table.to_dict(orient="records")
        print_json(
            _clean(
                {
                    "scenario": scenario.name,
                    "seed": seed,
                    "runs": runs,
                    "grid": grid,
                    "points": rows,
                }
            )
        )
        return
    print_sweep(
        scenario,
        table,
        grid,
        f"Sweep of {scenario.name}: {len(table)} points x {runs} runs, seed {seed}",
    )
    if out is not None:
        console.print(f"Sweep written to {out}")


def sensitivity(
    file: Path = typer.Argument(..., help="Scenario YAML file."),
    method: str = typer.Option("sobol", "--method", help="sobol or morris."),
    n: int = typer.Option(
        64, "--n", help="Sobol: base sample size (a power of 2); Morris: trajectories."
    ),
    seed: int = SEED,
    runs_per_point: int = typer.Option(20, "--runs-per-point", help="Runs at each sample point."),
    workers: int | None = WORKERS,
    executor: str | None = EXECUTOR,
    scheduler: str | None = SCHEDULER,
    out: Path | None = typer.Option(None, "--out", help="Write the indices to a .csv file."),
    json_output: bool = JSON,
    allow_path: list[Path] | None = ALLOW_PATH,
) -> None:
    """Rank the uncertain parameters by their effect on deal rate, releases and collapses."""
    scenario = load_or_fail(file, allow_path)
    name = _executor_name(executor, workers, scheduler)
    if out is not None and out.suffix.lower() != ".csv":
        fail(f"--out: '{out}' must end in .csv")
    check_output("--out", out)
    if method not in METHODS:
        fail(f"--method: unknown method '{method}'; known: {', '.join(METHODS)}")
    refuse_excess_work(
        scenario, file, "sensitivity", runs_per_point, point_count(scenario, method, n)
    )
    with _failing_cleanly(), _progress_bar(json_output, "runs") as progress:
        table = run_sensitivity(
            scenario, method, n, seed, runs_per_point, name, workers, scheduler, progress
        )
    if out is not None:
        write_output("--out", out, lambda path: table.to_csv(path, index=False))
    points = point_count(scenario, method, n)
    if json_output:
        print_json(
            _clean(
                {
                    "scenario": scenario.name,
                    "method": method,
                    "n": n,
                    "seed": seed,
                    "points": points,
                    "runs_per_point": runs_per_point,
                    "indices": table.to_dict(orient="records"),
                }
            )
        )
        return
    title = f"{method.title()} indices for {scenario.name}: {points} points x {runs_per_point} runs"
    for output, rows in table.groupby("output", sort=False):
        print_frame(rows.drop(columns="output"), f"{title} - {output}")


def compare(
    file_a: Path = typer.Argument(..., help="Scenario A (the reference)."),
    file_b: Path = typer.Argument(..., help="Scenario B."),
    runs: int = RUNS,
    seed: int = SEED,
    workers: int | None = WORKERS,
    executor: str | None = EXECUTOR,
    scheduler: str | None = SCHEDULER,
    json_output: bool = JSON,
    allow_path: list[Path] | None = ALLOW_PATH,
) -> None:
    """Run two scenarios with the same runs and seed; show what differs beyond chance."""
    scenario_a, scenario_b = load_or_fail(file_a, allow_path), load_or_fail(file_b, allow_path)
    refuse_excess_work(scenario_a, file_a, "compare", runs)
    refuse_excess_work(scenario_b, file_b, "compare", runs)
    name = _executor_name(executor, workers, scheduler)
    with _failing_cleanly(), _progress_bar(json_output, "runs") as progress:
        comparison = compare_scenarios(
            scenario_a, scenario_b, runs, seed, name, workers, scheduler, progress
        )
    if json_output:
        print_json(_clean({"runs": runs, "seed": seed, **comparison.to_dict()}))
        return
    print_comparison(comparison, runs, seed)


def _executor_name(executor: str | None, workers: int | None, scheduler: str | None) -> str:
    if workers is not None and workers < 1:
        fail(f"--workers must be at least 1, not {workers}")
    if executor is None:
        if scheduler is not None:
            return "dask"
        return "processes" if workers is not None and workers > 1 else "serial"
    if executor not in EXECUTORS:
        fail(f"--executor: unknown executor '{executor}'; known: {', '.join(EXECUTORS)}")
    if scheduler is not None and executor != "dask":
        fail(f"--scheduler needs --executor dask, not '{executor}'")
    return executor


def _check_table_path(out: Path | None) -> None:
    if out is not None and out.suffix.lower() not in TABLE_SUFFIXES:
        fail(f"--out: '{out}' must end in .parquet or .csv")
    check_output("--out", out)


def _write_table(
    out: Path,
    table: pd.DataFrame,
    scenario: Scenario,
    file: Path,
    seed: int,
    runs: int,
    kind: str,
    extra: dict | None = None,
) -> None:
    if out.suffix.lower() == ".csv":
        write_output("--out", out, lambda path: table.to_csv(path, index=False))
        return
    from sim.scenario.positions import MAX_FILE_BYTES
    from sim.scenario.safe_files import FileRefused, read_bounded
    from sim.scenario.variants import names_a_base

    try:
        text: str | None = read_bounded(file, MAX_FILE_BYTES).decode("utf-8-sig")
    except (FileRefused, UnicodeDecodeError):  # changed since it was loaded: keep the validated one
        text = None
    # a variant's own text needs its base: keep the whole scenario instead
    kept = None if text is None or names_a_base(text) else text
    with writing_output("--out", out):
        write_parquet(out, table, scenario, seed, runs, scenario_yaml=kept, kind=kind, extra=extra)


@contextmanager
def _failing_cleanly() -> Iterator[None]:
    """Turn bad experiment input into a message and exit status 2."""
    try:
        yield
    except ExperimentError as error:
        fail(str(error))


@contextmanager
def _progress_bar(quiet: bool, unit: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback drawing a bar on stderr, or None when stdout is not a terminal."""
    if quiet or not sys.stdout.isatty():
        yield None
        return
    columns = (
        TextColumn(f"[bold]{unit}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=make_console(stderr=True), transient=True) as bar:
        task = bar.add_task(unit, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _clean(data: Any) -> Any:
    """JSON-ready data: NaN as null, numpy scalars as Python numbers."""
    if isinstance(data, dict):
        return {str(k): _clean(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_clean(v) for v in data]
    if hasattr(data, "item"):
        data = data.item()
    if isinstance(data, float) and not math.isfinite(data):
        return None
    return data
