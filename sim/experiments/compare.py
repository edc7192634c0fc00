"""Compare two scenarios: the same runs and master seed, the summaries side by side.

Each figure is given for A and B with the difference B - A and a test of
whether the difference is larger than chance:

- rates (deal rate, government collapse rate among deals, collapses per run,
  each option's share among deals, exits and walkouts): two-proportion z-test
  (pooled, two-sided);
- means (the round of the deal, the expected value of each integer issue with
  no deal counting as its minimum, each actor's utility): Welch's t-test.

A difference is flagged ``significant`` when p < 0.05. Both ensembles use the
same master seed, so run ``i`` draws the same random numbers in A and B
(common random numbers); the tests treat the two ensembles as independent
samples, which errs on the side of not flagging.
"""

from __future__ import annotations

import math
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.special import ndtr

from sim.experiments.ensemble import Progress, run_ensemble
from sim.experiments.executors import Executor, make_executor
from sim.experiments.summary import Summary, expected_values, summarize
from sim.experiments.table import TERM_PREFIX, UTILITY_PREFIX
from sim.scenario.schema import DEFERRED, Scenario

SIGNIFICANCE = 0.05
COLUMNS = ["figure", "a", "b", "difference", "test", "p_value", "significant"]


@dataclass(frozen=True)
class Comparison:
    """Two ensembles' summaries and the tested differences.

    Attributes:
        name_a: scenario A's name.
        name_b: scenario B's name.
        a: A's summary.
        b: B's summary.
        differences: one row a figure: figure, a, b, difference (b - a), test,
            p_value, significant.
    """

    name_a: str
    name_b: str
    a: Summary
    b: Summary
    differences: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (NaN as None)."""
        rows = [
            {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()}
            for row in self.differences.to_dict(orient="records")
        ]
        return {
            "a": {"scenario": self.name_a, **self.a.to_dict()},
            "b": {"scenario": self.name_b, **self.b.to_dict()},
            "differences": rows,
        }


def compare_scenarios(
    scenario_a: Scenario,
    scenario_b: Scenario,
    runs: int,
    seed: int,
    executor: str | Executor = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Run both scenarios with the same runs and master seed, and compare them.

    Args:
        scenario_a: the reference scenario.
        scenario_b: the changed scenario.
        runs: runs of each.
        seed: the master seed of both.
        executor: as for :func:`sim.experiments.run_ensemble` (started once for both).
        workers: as for :func:`sim.experiments.run_ensemble`.
        scheduler: as for :func:`sim.experiments.run_ensemble`.
        progress: called as ``progress(runs_done, 2 * runs)``.
    """
    context: AbstractContextManager[Executor]
    if isinstance(executor, str):
        context = make_executor(executor, workers, scheduler)
    else:
        context = nullcontext(executor)  # the caller's: the caller starts and closes it
    tables = []
    with context as active:
        for offset, scenario in enumerate((scenario_a, scenario_b)):
            step = None if progress is None else _shifted(progress, offset * runs, 2 * runs)
            tables.append(run_ensemble(scenario, runs, seed, executor=active, progress=step))
    return compare_tables(tables[0], scenario_a, tables[1], scenario_b)


def compare_tables(
    table_a: pd.DataFrame, scenario_a: Scenario, table_b: pd.DataFrame, scenario_b: Scenario
) -> Comparison:
    """Compare two ensemble tables already run."""
    a, b = summarize(table_a, scenario_a), summarize(table_b, scenario_b)
    rows = [
        _proportions("deal_rate", a.deals, a.runs, b.deals, b.runs),
        _proportions(
            "government_collapse_rate",
            a.government_collapses,
            a.deals_with_government,
            b.government_collapses,
            b.deals_with_government,
        ),
        _proportions(
            "collapse_per_run", a.government_collapses, a.runs, b.government_collapses, b.runs
        ),
        _means("mean_round", _deal_rounds(table_a), _deal_rounds(table_b)),
    ]
    issues_b = {issue.id: issue for issue in scenario_b.issues}
    for issue in scenario_a.issues:
        other = issues_b.get(issue.id)
        if other is None or other.option_names != issue.option_names:
            continue
        if issue.kind == "integer":
            rows.append(
                _means(
                    f"expected:{issue.id}",
                    expected_values(table_a, issue),
                    expected_values(table_b, other),
                )
            )
        agreed_a = table_a.loc[table_a["deal"], TERM_PREFIX + issue.id].astype(str)
        agreed_b = table_b.loc[table_b["deal"], TERM_PREFIX + issue.id].astype(str)
        for option in issue.option_names:
            rows.append(
                _proportions(
                    f"term:{issue.id}={option}",
                    int((agreed_a == option).sum()),
                    a.deals,
                    int((agreed_b == option).sum()),
                    b.deals,
                )
            )
        if issue.deferrable or other.deferrable:
            rows.append(
                _proportions(
                    f"term:{issue.id}={DEFERRED}",
                    round(a.terms[issue.id].get(DEFERRED, 0.0) * a.deals),
                    a.deals,
                    round(b.terms[issue.id].get(DEFERRED, 0.0) * b.deals),
                    b.deals,
                )
            )
    actors_b = {actor.id for actor in scenario_b.actors}
    for actor in (actor.id for actor in scenario_a.actors if actor.id in actors_b):
        for kind, shares_a, shares_b in (
            ("exit", a.exits, b.exits),
            ("walkout", a.walkouts, b.walkouts),
        ):
            if shares_a[actor] or shares_b[actor]:
                rows.append(
                    _proportions(
                        f"{kind}:{actor}",
                        round(shares_a[actor] * a.runs),
                        a.runs,
                        round(shares_b[actor] * b.runs),
                        b.runs,
                    )
                )
        column = UTILITY_PREFIX + actor
        rows.append(
            _means(
                f"utility:{actor}",
                table_a[column].to_numpy(dtype=float),
                table_b[column].to_numpy(dtype=float),
            )
        )
    differences = pd.DataFrame(rows, columns=COLUMNS)
    return Comparison(scenario_a.name, scenario_b.name, a, b, differences)


def two_proportion_p_value(successes_a: int, n_a: int, successes_b: int, n_b: int) -> float:
    """Two-sided p-value of the pooled two-proportion z-test (NaN if a sample is empty)."""
    if n_a == 0 or n_b == 0:
        return math.nan
    pooled = (successes_a + successes_b) / (n_a + n_b)
    variance = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
    difference = successes_b / n_b - successes_a / n_a
    if variance == 0:
        return 1.0 if difference == 0 else 0.0
    z = difference / math.sqrt(variance)
    return float(2 * ndtr(-abs(z)))


def welch_p_value(sample_a: np.ndarray, sample_b: np.ndarray) -> float:
    """Two-sided p-value of Welch's t-test (NaN with fewer than two values in a sample)."""
    if len(sample_a) < 2 or len(sample_b) < 2:
        return math.nan
    if np.var(sample_a) == 0 and np.var(sample_b) == 0:
        return 1.0 if sample_a.mean() == sample_b.mean() else 0.0
    from scipy.stats import ttest_ind

    return float(ttest_ind(sample_a, sample_b, equal_var=False).pvalue)


def _proportions(figure: str, k_a: int, n_a: int, k_b: int, n_b: int) -> list:
    rate_a = k_a / n_a if n_a else math.nan
    rate_b = k_b / n_b if n_b else math.nan
    p_value = two_proportion_p_value(k_a, n_a, k_b, n_b)
    return [
        figure,
        rate_a,
        rate_b,
        rate_b - rate_a,
        "two-proportion z",
        p_value,
        bool(p_value < SIGNIFICANCE),
    ]


def _means(figure: str, sample_a: np.ndarray, sample_b: np.ndarray) -> list:
    mean_a = float(sample_a.mean()) if len(sample_a) else math.nan
    mean_b = float(sample_b.mean()) if len(sample_b) else math.nan
    p_value = welch_p_value(sample_a, sample_b)
    return [
        figure,
        mean_a,
        mean_b,
        mean_b - mean_a,
        "Welch t",
        p_value,
        bool(p_value < SIGNIFICANCE),
    ]


def _deal_rounds(table: pd.DataFrame) -> np.ndarray:
    return table.loc[table["deal"], "round"].to_numpy(dtype=float)


def _shifted(progress: Progress, offset: int, total: int) -> Progress:
    return lambda done, _: progress(offset + done, total)
