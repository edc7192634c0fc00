"""Headline figures of an ensemble summary, as labelled strings (shared by Results and Compare)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import sim

TERM_PREFIX = "term:"


@dataclass(frozen=True)
class Figure:
    """One headline figure: its value, the value as shown, and its interval in words.

    ``key`` names the figure as :func:`sim.compare_tables` does.
    """

    key: str
    label: str
    value: float | None
    shown: str
    interval: str
    help: str


def _percent(value: float) -> str:
    return f"{100 * value:.1f}%"


def _interval(low: float, high: float, percent: bool = False) -> str:
    if percent:
        return f"{_percent(low)} – {_percent(high)}"
    return f"{low:g} – {high:g}"


def headline_figures(summary: sim.Summary, scenario: sim.Scenario) -> list[Figure]:
    """Deal rate, expected value of each integer issue, government collapse, rounds to a deal."""
    figures = [
        Figure(
            "deal_rate",
            "Deal rate",
            summary.deal_rate,
            _percent(summary.deal_rate),
            "95% CI " + _interval(*summary.deal_rate_ci, percent=True),
            f"{summary.deals} deals in {summary.runs} runs; Wilson 95% interval.",
        )
    ]
    if scenario.governments:
        stands, falls = summary.deals_government_stands, summary.deals_government_falls
        figures += [
            Figure(
                "deals_government_stands",
                "Deal, government stands",
                stands,
                _percent(stands),
                f"of all {summary.runs} runs",
                "Runs ending in a deal ratified with every government still standing.",
            ),
            Figure(
                "deals_government_falls",
                "Deal, government falls",
                falls,
                _percent(falls),
                f"of all {summary.runs} runs",
                "Runs ending in a deal that brings a government down.",
            ),
        ]
    for issue in scenario.issues:
        figures_of_issue = summary.integer_issues.get(issue.id)
        if not figures_of_issue or figures_of_issue["expected"] is None:
            continue
        expected = figures_of_issue["expected"]
        label = issue.label or issue.id
        figures.append(
            Figure(
                f"expected:{issue.id}",
                f"{label}: expected",
                expected["mean"],
                f"{expected['mean']:.1f}",
                "90% of runs " + _interval(expected["q05"], expected["q95"]),
                f"Mean over all runs, a run without a deal counting as {issue.min}; "
                "the interval holds the middle 90% of runs.",
            )
        )
    if summary.government_collapse_rate is None:
        figures.append(
            Figure(
                "government_collapse_rate",
                "Government collapse",
                None,
                "–",
                "no deal put a government at risk",
                "Among deals with a government on the line.",
            )
        )
    else:
        figures.append(
            Figure(
                "government_collapse_rate",
                "Government collapse",
                summary.government_collapse_rate,
                _percent(summary.government_collapse_rate),
                "95% CI " + _interval(*summary.government_collapse_ci, percent=True),  # type: ignore[misc]
                f"Share of the {summary.deals_with_government} deals with a government on the "
                "line in which it fell; Wilson 95% interval.",
            )
        )
    if summary.mean_round is None:
        figures.append(
            Figure("mean_round", "Round of the deal", None, "–", "no deal", "Round of the deal.")
        )
    else:
        figures.append(
            Figure(
                "mean_round",
                "Round of the deal",
                summary.mean_round,
                f"{summary.mean_round:.1f}",
                f"median {summary.median_round:g}, rounds 0–{scenario.protocol.rounds - 1}",
                "Mean round of the deals. Rounds count from 0 (a deal in the first round is "
                "round 0), as on every panel, in the CLI, the tables and the scenario file.",
            )
        )
    return figures


def integer_histogram(table: pd.DataFrame, issue: sim.Issue) -> pd.DataFrame:
    """Runs ending on each value of an integer issue (deals only), every value listed."""
    deals = table.loc[table["deal"].to_numpy(dtype=bool), TERM_PREFIX + issue.id]
    counts = deals.astype("Int64").value_counts()
    values = issue.integer_values
    return pd.DataFrame({"value": values, "runs": [int(counts.get(v, 0)) for v in values]})


def shares_frame(summary: sim.Summary, issue: sim.Issue) -> pd.DataFrame:
    """Share of deals on each option of an issue, in the issue's order (then left open)."""
    shares = summary.terms.get(issue.id) or {}
    options = issue.option_names + ([sim.DEFERRED] if issue.deferrable else [])
    return pd.DataFrame(
        {"option": options, "share": [float(shares.get(name, 0.0)) for name in options]}
    )
