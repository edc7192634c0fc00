"""The Results panel: headline figures, why (actors, coalition, blocks), terms, forecast."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sim
from dashboard import cache, why
from dashboard.charts import draw, histogram_chart, shares_chart
from dashboard.figures import Figure, headline_figures, integer_histogram, shares_frame
from dashboard.names import Names, number, percent
from dashboard.safe import attempt

CHARTS_PER_ROW = 2
METRIC_WIDTH = 230
"""Pixels a headline figure needs for its label and interval in full."""


def render_headline(figures: list[Figure]) -> None:
    """One metric a figure, its interval underneath; they wrap to a new row where narrow."""
    with st.container(horizontal=True, wrap=True, gap="medium"):
        for figure in figures:
            st.metric(
                figure.label,
                figure.shown,
                delta=figure.interval,
                delta_color="off",
                delta_arrow="off",
                help=figure.help,
                width=METRIC_WIDTH,
            )


def bargaining_and_forecast(
    scenario: sim.Scenario, beside: dict[str, dict[str, object]], names: Names
) -> pd.DataFrame:
    """Per issue: what most deals agree on next to the expected-utility forecast (from sim)."""
    rows = []
    for issue in scenario.issues:
        found = beside.get(issue.id, {})
        bargained = found.get("bargained_option")
        share = found.get("bargained_share")
        forecast = found.get("forecast_option")
        position = found.get("forecast_position")
        rows.append(
            {
                "issue": names.issue(issue.id),
                "most deals agree on": (
                    f"{names.option(issue.id, bargained)} ({percent(share)})"  # type: ignore[arg-type]
                    if bargained is not None
                    else "no deal"
                ),
                "forecast (expected-utility model)": (
                    f"{names.option(issue.id, forecast)} (position {number(position)})"
                    if forecast
                    else str(found.get("note") or "")
                ),
            }
        )
    return pd.DataFrame(rows)


def render_terms(scenario: sim.Scenario, summary: sim.Summary, names: Names) -> None:
    """Bars: the share of deals ending on each option, a panel an issue, in one chart.

    One chart, not one an issue: the browser sets up one view instead of seven.
    """
    if summary.deals == 0:
        st.info("No run ended in a deal: there are no terms to show.")
        return
    frames = []
    for issue in scenario.issues:
        frame = shares_frame(summary, issue)
        frame["option"] = [names.option(issue.id, o) for o in frame["option"]]
        frames.append(frame.assign(issue=names.issue(issue.id), rank=range(len(frame))))
    draw(st, shares_chart(pd.concat(frames, ignore_index=True), CHARTS_PER_ROW), stretch=False)


def render_histograms(scenario: sim.Scenario, table: pd.DataFrame, names: Names) -> None:
    """One histogram per integer issue, over the runs that ended in a deal (none without deals)."""
    integer_issues = [issue for issue in scenario.issues if issue.kind == "integer"]
    if not integer_issues or not table["deal"].any():
        return
    st.subheader("Integer issues")
    for column, issue in zip(st.columns(len(integer_issues)), integer_issues, strict=True):
        draw(column, histogram_chart(integer_histogram(table, issue), names.issue(issue.id)))


def render_results(
    scenario: sim.Scenario,
    table: pd.DataFrame,
    summary: sim.Summary,
    names: Names,
    prefix: str,
) -> None:
    """Draw the panel from the ensemble's table and summary."""
    render_headline(headline_figures(summary, scenario))
    why.render_blocking(scenario, summary, names, prefix)
    why.render_actors(table, scenario, names)
    why.render_coalition(table, scenario, names)
    st.subheader("Terms of the deals")
    st.caption(f"Share of the {summary.deals:,} deals (of {summary.runs:,} runs) on each option.")
    render_terms(scenario, summary, names)
    render_histograms(scenario, table, names)
    st.subheader("Bargaining and forecast")
    st.caption(
        "The bargaining outcome next to the expected-utility forecast (Bueno de Mesquita's "
        "model, issue by issue; categorical issues cannot be forecast)."
    )
    beside = attempt("The forecast failed", lambda: cache.forecast_beside(scenario, summary.terms))
    if beside is not None:
        st.dataframe(bargaining_and_forecast(scenario, beside, names), hide_index=True)
