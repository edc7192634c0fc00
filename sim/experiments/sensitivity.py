"""Global sensitivity analysis with SALib: which uncertain parameters drive the outcome.

The parameters are the scenario's ``uncertain`` declarations, each explored
uniformly over an interval (see
:func:`sim.experiments.sampling.exploration_bounds`): uniform and triangular
``[low, high]``, normal ``mean ± 3 sd`` clipped to the field's range, beta
``[0, 1]`` or ``[low, high]``, choice ``[min, max]``. A sampled value is
rounded on integer fields, and moved to the nearest declared value for a
choice.

Each sample point is a small ensemble of ``runs_per_point`` runs (default 20)
with every uncertain parameter fixed at the point's values and the same
master seed at every point (common random numbers), so what is left of the
model's own randomness is the same at every point. The outputs are, per
point: ``deal_rate``, ``expected:<issue>`` for each integer issue (the mean
over runs, no deal counting as the issue's minimum) and ``collapse_per_run``
(the share of runs ending in a deal the government does not survive).

Methods: ``sobol`` (Saltelli's extension of the Sobol' sequence, first and
total order indices with bootstrap 95% intervals; ``n`` must be a power of 2;
``n * (parameters + 2)`` points) and ``morris`` (elementary effects on a
4-level grid, ``n`` trajectories, ``n * (parameters + 1)`` points).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.experiments.ensemble import Progress, check_runs_and_seed, run_points
from sim.experiments.errors import ExperimentError
from sim.experiments.executors import Executor
from sim.experiments.sampling import as_field_value, exploration_bounds
from sim.experiments.summary import headline_figures, summarize
from sim.experiments.work import check_work
from sim.scenario.ranges import FieldRange, field_range
from sim.scenario.schema import Scenario, Uncertainty

METHODS = ("sobol", "morris")
MORRIS_LEVELS = 4
BOOTSTRAP_RESAMPLES = 100
SOBOL_COLUMNS = ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
MORRIS_COLUMNS = ["output", "parameter", "mu", "mu_star", "mu_star_conf", "sigma"]


def sensitivity_problem(scenario: Scenario) -> dict:
    """The SALib problem of a scenario's uncertain parameters (names are their paths)."""
    if not scenario.uncertain:
        raise ExperimentError("the scenario declares no uncertain parameters to analyse")
    bounds = []
    for uncertain in scenario.uncertain:
        low, high = exploration_bounds(uncertain, field_range(uncertain.param))
        if not low < high:
            raise ExperimentError(
                f"'{uncertain.param}' takes a single value ({low:g}): nothing to analyse"
            )
        bounds.append([low, high])
    return {
        "num_vars": len(scenario.uncertain),
        "names": [u.param for u in scenario.uncertain],
        "bounds": bounds,
    }


def output_names(scenario: Scenario) -> list[str]:
    """The outputs analysed: deal rate, expected value of each integer issue, collapses."""
    integer_issues = [f"expected:{i.id}" for i in scenario.issues if i.kind == "integer"]
    return ["deal_rate", *integer_issues, "collapse_per_run"]


def run_sensitivity(
    scenario: Scenario,
    method: str = "sobol",
    n: int = 64,
    seed: int = 0,
    runs_per_point: int = 20,
    executor: str | Executor = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Sobol or Morris indices of every uncertain parameter for every output.

    Args:
        scenario: the scenario; its ``uncertain`` list gives the parameters.
        method: ``sobol`` or ``morris``.
        n: Sobol: base sample size (a power of 2); Morris: number of trajectories.
        seed: seeds SALib's sampler and bootstrap, and is the master seed of every point.
        runs_per_point: runs in each point's ensemble (1 for a single run per point).
        executor: as for :func:`sim.experiments.run_ensemble`.
        workers: as for :func:`sim.experiments.run_ensemble`.
        scheduler: as for :func:`sim.experiments.run_ensemble`.
        progress: called as ``progress(runs_done, runs_total)``.

    Returns:
        Sobol: columns output, parameter, S1, S1_conf, ST, ST_conf; Morris:
        output, parameter, mu, mu_star, mu_star_conf, sigma. Within each output
        the most influential parameter comes first (by ST, or mu_star).
    """
    if method not in METHODS:
        raise ExperimentError(f"unknown method '{method}'; known: {', '.join(METHODS)}")
    check_runs_and_seed(runs_per_point, seed)
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ExperimentError(f"n must be an integer of at least 2, not {n!r}")
    if method == "sobol" and n & (n - 1):
        raise ExperimentError(f"n must be a power of 2 for Sobol sampling (e.g. 64), not {n}")
    problem = sensitivity_problem(scenario)
    check_work(scenario, runs_per_point, "sensitivity", points=point_count(scenario, method, n))
    samples = _sample(problem, method, n, seed)
    points = [_point(scenario.uncertain, row) for row in samples]
    outputs = output_names(scenario)
    results = np.full((len(points), len(outputs)), np.nan)

    def record(index: int, table: pd.DataFrame) -> None:
        figures = headline_figures(summarize(table, scenario))
        results[index] = [figures[name] for name in outputs]

    run_points(
        scenario,
        points,
        runs_per_point,
        seed,
        record,
        executor=executor,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    frames = [
        _analyse(problem, method, samples, results[:, k], name, seed)
        for k, name in enumerate(outputs)
    ]
    return pd.concat(frames, ignore_index=True)


def point_count(scenario: Scenario, method: str, n: int) -> int:
    """How many sample points an analysis plays."""
    extra = 2 if method == "sobol" else 1
    return n * (len(scenario.uncertain) + extra)


def _sample(problem: dict, method: str, n: int, seed: int) -> np.ndarray:
    if method == "sobol":
        from SALib.sample import sobol as sobol_sampler

        return sobol_sampler.sample(problem, n, calc_second_order=False, seed=seed)
    from SALib.sample import morris as morris_sampler

    return morris_sampler.sample(problem, n, num_levels=MORRIS_LEVELS, seed=seed)


def _point(uncertain: Sequence[Uncertainty], row: np.ndarray) -> dict[str, float | int]:
    return {
        u.param: _valid(u, field_range(u.param), float(x))
        for u, x in zip(uncertain, row, strict=True)
    }


def _valid(uncertain: Uncertainty, field: FieldRange, value: float) -> float | int:
    """A sampled coordinate as a value the parameter can take."""
    if uncertain.dist == "choice":
        values = uncertain.values or [value]
        value = min(values, key=lambda candidate: abs(candidate - value))
    return as_field_value(value, field)


def _analyse(
    problem: dict, method: str, samples: np.ndarray, y: np.ndarray, output: str, seed: int
) -> pd.DataFrame:
    names = problem["names"]
    constant = bool(np.all(y == y[0])) or not np.all(np.isfinite(y))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if method == "sobol":
            frame = _sobol_frame(problem, y, names, constant, seed)
        else:
            frame = _morris_frame(problem, samples, y, names, constant, seed)
    frame.insert(0, "output", output)
    key = "ST" if method == "sobol" else "mu_star"
    return frame.sort_values(key, ascending=False, na_position="last", kind="stable")


def _sobol_frame(
    problem: dict, y: np.ndarray, names: list[str], constant: bool, seed: int
) -> pd.DataFrame:
    if constant:
        return _empty(names, SOBOL_COLUMNS[2:])
    from SALib.analyze import sobol

    indices = sobol.analyze(
        problem,
        y,
        calc_second_order=False,
        num_resamples=BOOTSTRAP_RESAMPLES,
        conf_level=0.95,
        print_to_console=False,
        seed=seed,
    )
    return pd.DataFrame({"parameter": names, **{k: indices[k] for k in SOBOL_COLUMNS[2:]}})


def _morris_frame(
    problem: dict, samples: np.ndarray, y: np.ndarray, names: list[str], constant: bool, seed: int
) -> pd.DataFrame:
    if constant:
        frame = _empty(names, MORRIS_COLUMNS[2:])
        frame[["mu", "mu_star", "mu_star_conf", "sigma"]] = 0.0
        return frame
    from SALib.analyze import morris

    indices = morris.analyze(
        problem,
        samples,
        y,
        num_resamples=BOOTSTRAP_RESAMPLES,
        conf_level=0.95,
        print_to_console=False,
        num_levels=MORRIS_LEVELS,
        seed=seed,
    )
    return pd.DataFrame({"parameter": names, **{k: indices[k] for k in MORRIS_COLUMNS[2:]}})


def _empty(names: list[str], columns: list[str]) -> pd.DataFrame:
    """Indices of an output that does not vary: undefined for Sobol (NaN)."""
    return pd.DataFrame({"parameter": names, **{c: [math.nan] * len(names) for c in columns}})
