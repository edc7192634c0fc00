"""Sweeps: an ensemble at every point of a grid of parameter values.

A grid gives each swept parameter a list of values; the points are all their
combinations (the last parameter varying fastest). Every point is an
ensemble of ``runs`` runs with the same master seed (common random numbers):
the swept parameters are fixed at the point's values, the scenario's other
uncertain parameters are drawn as in any ensemble, and run ``i`` draws the
same values at every point, so differences between points come from the
swept values rather than from the draws.

On the command line an axis is ``PATH=LOW:HIGH:STEPS``: STEPS evenly spaced
values from LOW to HIGH inclusive (rounded, duplicates dropped, on integer
fields such as seats).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sim.experiments.ensemble import Progress, run_points
from sim.experiments.errors import ExperimentError
from sim.experiments.executors import Executor
from sim.experiments.sampling import as_field_value
from sim.experiments.summary import headline_figures, summarize
from sim.experiments.table import PARAM_PREFIX
from sim.experiments.work import check_work
from sim.scenario.draws import assignment_problems
from sim.scenario.edit import ParameterError, read_parameter
from sim.scenario.ranges import field_range
from sim.scenario.references import find_problems
from sim.scenario.schema import Scenario

Grid = Mapping[str, Sequence[float | int]]
MAX_AXIS_STEPS = 1_000
"""Most values on one axis of a sweep (checked before any value is made)."""


def parse_axis(spec: str, scenario: Scenario) -> tuple[str, list[float | int]]:
    """One grid axis from ``PATH=LOW:HIGH:STEPS``.

    Raises:
        ExperimentError: a malformed spec, an unknown or non-numeric path, or
            values outside the field's range.
    """
    path, equals, numbers = spec.partition("=")
    path = path.strip()
    if not equals or not path:
        raise ExperimentError(f"'{spec}': expected PATH=LOW:HIGH:STEPS")
    parts = numbers.split(":")
    if len(parts) != 3:
        raise ExperimentError(f"'{spec}': expected PATH=LOW:HIGH:STEPS (three numbers after '=')")
    try:
        low, high = float(parts[0]), float(parts[1])
    except ValueError:
        raise ExperimentError(f"'{spec}': LOW and HIGH must be numbers") from None
    try:
        steps = int(parts[2])
    except ValueError:
        raise ExperimentError(f"'{spec}': STEPS must be a whole number") from None
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ExperimentError(f"'{spec}': LOW and HIGH must be finite")
    if steps < 1 or (steps == 1 and low != high):
        raise ExperimentError(f"'{spec}': STEPS must be at least 2 (or 1 with LOW = HIGH)")
    if steps > MAX_AXIS_STEPS:
        raise ExperimentError(f"'{spec}': at most {MAX_AXIS_STEPS:,} STEPS on one axis")
    # 12 significant digits drop linspace's float noise (0.30000000000000004 -> 0.3)
    values = [float(f"{v:.12g}") for v in np.linspace(low, high, steps)]
    return path, check_axis(scenario, path, values)


def parse_grid(specs: Sequence[str], scenario: Scenario) -> dict[str, list[float | int]]:
    """A grid from ``PATH=LOW:HIGH:STEPS`` specs, one per swept parameter."""
    if not specs:
        raise ExperimentError("give at least one parameter to sweep (PATH=LOW:HIGH:STEPS)")
    grid: dict[str, list[float | int]] = {}
    for spec in specs:
        path, values = parse_axis(spec, scenario)
        if path in grid:
            raise ExperimentError(f"'{path}' is swept twice")
        grid[path] = values
    return grid


def check_axis(scenario: Scenario, path: str, values: Sequence[float]) -> list[float | int]:
    """An axis's values made valid: the path is a number, values in range, integers rounded.

    The scenario's rules are checked at the axis's smallest and largest values
    (:func:`sim.scenario.draws.assignment_problems`): a majority swept past the
    coalition's seats, or rounds swept below an event's round, is refused here.

    Raises:
        ExperimentError: the path does not exist, is not a number, a value is
            out of range, or an end of the axis breaks the scenario's rules.
    """
    try:
        current = read_parameter(scenario, path)
    except ParameterError as error:
        raise ExperimentError(str(error)) from None
    if isinstance(current, bool) or not isinstance(current, int | float):
        raise ExperimentError(f"'{path}' is not a number (it is {current!r})")
    field = field_range(path)
    if not values:
        raise ExperimentError(f"'{path}': no values to sweep")
    for value in values:
        if not field.contains(value):
            raise ExperimentError(f"'{path}': {value:g} is outside its range {field.describe()}")
    checked = list(dict.fromkeys(as_field_value(v, field) for v in values))
    for end in dict.fromkeys((min(checked), max(checked))):
        problems = assignment_problems(scenario, {path: end}, lambda s: find_problems(s, False))
        if problems:
            raise ExperimentError(f"'{path}' = {end:g} breaks the scenario: {problems[0]}")
    return checked


def grid_points(grid: Grid) -> list[dict[str, float | int]]:
    """Every combination of the grid's values, the last parameter varying fastest."""
    paths = list(grid)
    return [dict(zip(paths, values, strict=True)) for values in itertools.product(*grid.values())]


def run_sweep(
    scenario: Scenario,
    grid: Grid,
    runs: int,
    seed: int,
    executor: str | Executor = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Run an ensemble at every grid point and tabulate the headline figures.

    Args:
        scenario: the scenario.
        grid: parameter path to the values it takes (see :func:`parse_grid`).
        runs: runs per point.
        seed: the master seed, the same at every point.
        executor: as for :func:`sim.experiments.run_ensemble`.
        workers: as for :func:`sim.experiments.run_ensemble`.
        scheduler: as for :func:`sim.experiments.run_ensemble`.
        progress: called as ``progress(runs_done, runs * points)``.

    Returns:
        One row per point, in grid order: ``param:<path>`` per swept parameter,
        then the figures of :func:`sim.experiments.summary.headline_figures`.
    """
    checked = {path: check_axis(scenario, path, values) for path, values in grid.items()}
    if not checked:
        raise ExperimentError("the grid has no parameter to sweep")
    check_work(scenario, runs, "sweep", points=math.prod(len(v) for v in checked.values()))
    points = grid_points(checked)
    rows: dict[int, dict[str, float | int | None]] = {}

    def tabulate(index: int, table: pd.DataFrame) -> None:
        figures = headline_figures(summarize(table, scenario))
        rows[index] = {**{PARAM_PREFIX + p: v for p, v in points[index].items()}, **figures}

    run_points(
        scenario,
        points,
        runs,
        seed,
        tabulate,
        executor=executor,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    table = pd.DataFrame([rows[index] for index in range(len(points))])
    table["runs"] = table["runs"].astype("int64")
    return table
