"""``dealsim backtest``: dealsim and the spatial models against DEU III's real outcomes."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.progress import Progress
from rich.table import Table

from sim.cli.common import console, fail, print_json


def backtest(
    file: Annotated[Path, typer.Argument(help="the DEU III file (tab-separated, deu3.csv)")],
    json_output: Annotated[
        bool, typer.Option("--json", help="print one JSON object instead of tables")
    ] = False,
    split: Annotated[
        str, typer.Option(help="dev (odd proposal numbers), eval (even) or all")
    ] = "all",
    table: Annotated[
        Path | None, typer.Option(help="write the per-issue predictions to this CSV file")
    ] = None,
) -> None:
    """Score dealsim and the spatial models on the EU's real legislative decisions (DEU III)."""
    from sim.backtest import DeuError, read_deu, run_backtest  # loaded by this command only
    from sim.backtest.run import SPLITS

    if split not in SPLITS:
        fail(f"--split: expected one of {', '.join(SPLITS)}, got {split!r}")
    if table is not None and (table.is_dir() or not table.parent.is_dir()):
        fail(f"--table: {table} is not a file in an existing folder")
    try:
        proposals = read_deu(file)
    except DeuError as error:
        fail(error.messages)
    chosen = [p for p in proposals if split == "all" or p.split == split]
    show = console.is_terminal and not json_output
    with Progress(console=console, disable=not show, transient=True) as bar:
        task = bar.add_task("proposals", total=len(chosen))
        result = run_backtest(chosen, split, progress=lambda _: bar.advance(task))
    if table is not None:
        result.table.to_csv(table, index=False, float_format="%.4g")
    scores = result.scores()
    if json_output:
        print_json({**scores, "groups": result.groups()})
        return
    console.print(_table(f"All scored issues ({scores['issues']})", scores["models"], True))
    for group, models in result.groups().items():
        console.print(_table(group, models, False))
    console.print(
        "MAE and RMSE in points of the 0-100 scale; interval: bootstrap 95% of the MAE "
        "(issues resampled). status_quo scores only issues with a reference point.",
        highlight=False,
    )


def _table(title: str, models: dict[str, Any], halves: bool) -> Table:
    from sim.backtest.models import MODELS

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("model", "n", "MAE", "95% interval", "RMSE"):
        table.add_column(column, justify="left" if column == "model" else "right")
    if halves:
        table.add_column("MAE dev", justify="right")
        table.add_column("MAE eval", justify="right")
    for model in MODELS:
        s = models[model]
        if s["mae"] is None:
            continue
        low, high = s["mae_ci"]
        row = [model, str(s["n"]), f"{s['mae']:.2f}", f"{low:.1f}-{high:.1f}", f"{s['rmse']:.2f}"]
        if halves:
            row += [_fmt(s.get("mae_dev")), _fmt(s.get("mae_eval"))]
        table.add_row(*row)
    return table


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
