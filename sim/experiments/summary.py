"""What an ensemble says: how often a deal, on what terms, at what cost to governments.

Definitions (a "run" is a row of the ensemble table):

- ``deal_rate``: deals / runs, with a Wilson 95% interval ``deal_rate_ci``.
- ``terms``: per issue, the share of each option among deals (all options
  listed, in the issue's order, then ``deferred`` on a deferrable issue: the
  deals that leave it open; empty when there is no deal).
- ``issue_status``: per issue, the shares of all runs in which it was
  ``settled`` (by the deal, in any phase), ``deferred`` (the deal leaves it
  open) and ``never`` agreed (no deal); they add up to 1.
- ``integer_issues``: per integer issue (e.g. hostages released), the mean
  and the 5/25/50/75/95% quantiles twice: ``among_deals`` (only runs with a
  deal that settles it; None without such deals) and ``expected`` (every run,
  a run without a deal, or whose deal leaves the issue open, counting as the
  issue's minimum: nothing is released without a deal).
  Quantiles are empirical (``inverted_cdf``), so they are values that occur.
- ``mean_round`` and ``median_round``: the round of the deal among deals
  (rounds count from 0; None without deals).
- ``government_collapse_rate``: among deals with a government on the line
  (``government_survived`` not missing), the share where it fell, with a Wilson
  95% interval; None when no such deal.
- ``deals_government_stands`` and ``deals_government_falls``: the shares of all runs
  that end in a deal leaving every government standing (a deal that touches no
  government counts as standing) and in a deal that brings one down; they add up
  to ``deal_rate``. The headline separates the two (Putnam 1988: a deal is
  ratified at home or it is not).
- ``threats``: per coalition partner, the share of all runs in which it threatened
  to leave its government.
- ``mechanisms``: per mechanism that decided a run (``Outcome.mechanism``:
  ``ratified``, ``threat_not_carried_out``, ``government_falls``, ``walkout``,
  ``red_line``, ``shortfall``, ``no_proposal``; ``action:``, ``pressure:`` and
  ``phased:`` before it as that attribute says), the share of all runs.
- ``mean_days``: calendar days to the end of the deal's round, among deals
  (``(mean_round + 1) * protocol.round_days``; None without deals or ``round_days``).
- ``walkouts``: per actor, the share of all runs in which it was the first to walk out.
- ``exits``: per actor, the share of all runs in which it left its coalition over the deal.
- ``mean_utilities``: per actor, its mean utility over all runs (no deal: its reservation).
- ``obstacles``: per obstacle (a party that refused over utility or had walked out, or
  ``party/red_line`` for a refusal over a hard red line), the share of all runs that
  ended without a deal with it refusing in the last round; most frequent first.
- ``binding``: per party, the share of deals in which it was the binding party (the
  accepting party closest to refusing).

:func:`headline_figures` flattens a summary into the numbers sweeps and
sensitivity analyses tabulate.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.experiments.table import TERM_PREFIX, UTILITY_PREFIX
from sim.scenario.schema import Issue, Scenario

Z_95 = 1.959963984540054
"""The standard normal quantile for a two-sided 95% interval."""
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class Summary:
    """The headline figures of an ensemble (see the module's definitions)."""

    runs: int
    deals: int
    deal_rate: float
    deal_rate_ci: tuple[float, float]
    terms: dict[str, dict[str, float]]
    integer_issues: dict[str, dict[str, dict[str, float] | None]]
    mean_round: float | None
    median_round: float | None
    deals_with_government: int
    government_collapses: int
    government_collapse_rate: float | None
    government_collapse_ci: tuple[float, float] | None
    walkouts: dict[str, float] = field(default_factory=dict)
    exits: dict[str, float] = field(default_factory=dict)
    mean_utilities: dict[str, float | None] = field(default_factory=dict)
    obstacles: dict[str, float] = field(default_factory=dict)
    binding: dict[str, float] = field(default_factory=dict)
    deals_government_stands: float = 0.0
    deals_government_falls: float = 0.0
    threats: dict[str, float] = field(default_factory=dict)
    mean_days: float | None = None
    mechanisms: dict[str, float] = field(default_factory=dict)
    issue_status: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (intervals as two-item lists)."""
        data = asdict(self)
        data["deal_rate_ci"] = list(self.deal_rate_ci)
        if self.government_collapse_ci is not None:
            data["government_collapse_ci"] = list(self.government_collapse_ci)
        return data


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default).

    ``(p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)``; (0, 1) when ``trials`` is 0.
    """
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def summarize(table: pd.DataFrame, scenario: Scenario) -> Summary:
    """Summarise an ensemble table (from :func:`run_ensemble` or :func:`read_parquet`).

    Args:
        table: one row a run.
        scenario: the scenario it was run from (for issues' options and actors).
    """
    runs = len(table)
    deal = table["deal"].to_numpy(dtype=bool)
    deals = int(deal.sum())
    among_deals = table[deal]
    survived = among_deals["government_survived"]
    on_the_line = survived.notna()
    deals_with_government = int(on_the_line.sum())
    collapses = int((survived[on_the_line] == False).sum())  # noqa: E712 (nullable booleans)
    rounds = among_deals["round"].to_numpy(dtype=float)
    return Summary(
        runs=runs,
        deals=deals,
        deal_rate=deals / runs if runs else 0.0,
        deal_rate_ci=wilson_interval(deals, runs),
        terms={issue.id: option_shares(among_deals, issue) for issue in scenario.issues},
        integer_issues={
            issue.id: integer_issue_figures(table, issue)
            for issue in scenario.issues
            if issue.kind == "integer"
        },
        mean_round=float(rounds.mean()) if deals else None,
        median_round=float(np.median(rounds)) if deals else None,
        deals_with_government=deals_with_government,
        government_collapses=collapses,
        government_collapse_rate=(
            collapses / deals_with_government if deals_with_government else None
        ),
        government_collapse_ci=(
            wilson_interval(collapses, deals_with_government) if deals_with_government else None
        ),
        walkouts=_shares_of_actors(table["walkout"].fillna(""), scenario, runs),
        exits=_exit_shares(table["exited"].fillna(""), scenario, runs),
        mean_utilities={
            actor.id: float(table[UTILITY_PREFIX + actor.id].mean()) if runs else None
            for actor in scenario.actors
        },
        obstacles=_token_shares(table["obstacles"], runs) if "obstacles" in table else {},
        binding=_token_shares(among_deals["binding"], deals) if "binding" in table else {},
        mean_days=(
            (float(rounds.mean()) + 1) * scenario.protocol.round_days
            if deals and scenario.protocol.round_days
            else None
        ),
        mechanisms=(
            {str(k): float(v) / runs for k, v in table["mechanism"].value_counts().items()}
            if "mechanism" in table and runs
            else {}
        ),
        deals_government_stands=(deals - collapses) / runs if runs else 0.0,
        deals_government_falls=collapses / runs if runs else 0.0,
        threats=(
            _exit_shares(table["threatened"].fillna(""), scenario, runs)
            if "threatened" in table
            else {}
        ),
        issue_status={issue.id: issue_status(table, issue) for issue in scenario.issues},
    )


def issue_status(table: pd.DataFrame, issue: Issue) -> dict[str, float]:
    """The shares of runs that settled an issue, deferred it, or never agreed (no deal)."""
    runs = len(table)
    if not runs:
        return {"settled": 0.0, "deferred": 0.0, "never": 0.0}
    deal = table["deal"].to_numpy(dtype=bool)
    left_open = (
        _deferred_mask(table, issue.id) & deal if issue.deferrable else np.zeros(runs, dtype=bool)
    )
    return {
        "settled": float((deal & ~left_open).sum()) / runs,
        "deferred": float(left_open.sum()) / runs,
        "never": float((~deal).sum()) / runs,
    }


def _deferred_mask(table: pd.DataFrame, issue_id: str) -> np.ndarray:
    """``[runs]`` whose deal leaves the issue open (the ``deferred`` column names it)."""
    if "deferred" not in table:
        return np.zeros(len(table), dtype=bool)
    lists = table["deferred"].fillna("").astype(str).str.split(",")
    return np.array([issue_id in names for names in lists], dtype=bool)


def headline_figures(summary: Summary) -> dict[str, float]:
    """The figures sweeps and sensitivity analyses tabulate, as floats (NaN where undefined).

    ``runs``, ``deal_rate`` with ``deal_rate_low``/``deal_rate_high`` (Wilson 95%),
    ``mean_round``, ``government_collapse_rate`` (among deals) with its interval,
    ``collapse_per_run`` (share of all runs ending in a deal the government does
    not survive; defined even without deals), ``deals_government_stands`` (share of
    all runs ending in a deal every government survives), and per integer issue
    ``expected:<issue>`` (mean, no deal = the issue's minimum) and
    ``among_deals:<issue>`` (mean among deals).
    """
    collapse_ci = summary.government_collapse_ci or (math.nan, math.nan)
    figures = {
        "runs": float(summary.runs),
        "deal_rate": summary.deal_rate,
        "deal_rate_low": summary.deal_rate_ci[0],
        "deal_rate_high": summary.deal_rate_ci[1],
        "mean_round": _or_nan(summary.mean_round),
        "government_collapse_rate": _or_nan(summary.government_collapse_rate),
        "government_collapse_low": collapse_ci[0],
        "government_collapse_high": collapse_ci[1],
        "collapse_per_run": (
            summary.government_collapses / summary.runs if summary.runs else math.nan
        ),
        "deals_government_stands": summary.deals_government_stands,
    }
    for issue_id, figures_of_issue in summary.integer_issues.items():
        expected = figures_of_issue["expected"]
        among = figures_of_issue["among_deals"]
        figures[f"expected:{issue_id}"] = expected["mean"] if expected else math.nan
        figures[f"among_deals:{issue_id}"] = among["mean"] if among else math.nan
    return figures


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value


def option_shares(deals: pd.DataFrame, issue: Issue) -> dict[str, float]:
    """Share of each option of an issue among the deals (an empty dict without deals)."""
    if deals.empty:
        return {}
    agreed = deals[TERM_PREFIX + issue.id].dropna().astype(str)
    counts = agreed.value_counts()
    shares = {name: float(counts.get(name, 0)) / len(deals) for name in issue.option_names}
    if issue.deferrable:
        shares["deferred"] = float(_deferred_mask(deals, issue.id).sum()) / len(deals)
    return shares


def expected_values(table: pd.DataFrame, issue: Issue) -> np.ndarray:
    """An integer issue's value in every run, a run without a deal counting as the minimum."""
    values = table[TERM_PREFIX + issue.id].astype("Float64").fillna(float(issue.min or 0))
    return values.to_numpy(dtype=float)


def integer_issue_figures(table: pd.DataFrame, issue: Issue) -> dict[str, dict[str, float] | None]:
    """Mean and quantiles of an integer issue among deals and over all runs."""
    among = table.loc[table["deal"].to_numpy(dtype=bool), TERM_PREFIX + issue.id].dropna()
    return {
        "among_deals": _distribution(among.to_numpy(dtype=float)) if len(among) else None,
        "expected": _distribution(expected_values(table, issue)) if len(table) else None,
    }


def _distribution(values: np.ndarray) -> dict[str, float]:
    figures = {"mean": float(values.mean())}
    for q in QUANTILES:
        figures[f"q{round(q * 100):02d}"] = float(np.quantile(values, q, method="inverted_cdf"))
    return figures


def _shares_of_actors(column: pd.Series, scenario: Scenario, runs: int) -> dict[str, float]:
    counts = column.value_counts()
    return {a.id: float(counts.get(a.id, 0)) / runs if runs else 0.0 for a in scenario.actors}


def _exit_shares(column: pd.Series, scenario: Scenario, runs: int) -> dict[str, float]:
    exited = column.str.split(",").explode()
    return _shares_of_actors(exited[exited != ""], scenario, runs)


def _token_shares(column: pd.Series, total: int) -> dict[str, float]:
    """Share of ``total`` rows naming each token of a ``;``-joined string column."""
    tokens = column.dropna().astype(str).str.split(";").explode()
    counts = tokens[tokens != ""].value_counts()
    return {str(k): float(v) / total for k, v in counts.items()} if total else {}
