"""The Results panel: headline figures, terms per issue, integer-issue histograms, forecast."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sim
from dashboard import cache
from dashboard.charts import histogram_chart, share_chart
from dashboard.figures import (
    Figure,
    headline_figures,
    integer_histogram,
    modal_option,
    shares_frame,
)
from dashboard.safe import attempt
from sim.experiments import Summary

CHARTS_PER_ROW = 3


def render_headline(figures: list[Figure]) -> None:
    """One metric a figure, its interval underneath."""
    for column, figure in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(
            figure.label,
            figure.shown,
            delta=figure.interval,
            delta_color="off",
            delta_arrow="off",
            help=figure.help,
        )


def bargaining_and_forecast(
    scenario: sim.Scenario, summary: Summary, forecast: pd.DataFrame | None
) -> pd.DataFrame:
    """Per issue: what most deals agree on next to the expected-utility forecast."""
    rows = []
    for issue in scenario.issues:
        row = {
            "issue": issue.label or issue.id,
            "most deals agree on": modal_option(summary, issue),
        }
        if forecast is not None:
            match = forecast[forecast["issue"] == issue.id]
            if not match.empty:
                found = match.iloc[0]
                row["forecast (expected-utility model)"] = (
                    f"{found['forecast option']} (position {found['forecast position']:g})"
                    if found["forecast option"]
                    else found["note"]
                )
        rows.append(row)
    return pd.DataFrame(rows)


def render_terms(scenario: sim.Scenario, summary: Summary) -> None:
    """Bar charts: the share of deals ending on each option, one chart an issue."""
    if summary.deals == 0:
        st.info("No run ended in a deal: there are no terms to show.")
        return
    issues = scenario.issues
    for start in range(0, len(issues), CHARTS_PER_ROW):
        row = st.columns(CHARTS_PER_ROW)
        for column, issue in zip(row, issues[start : start + CHARTS_PER_ROW], strict=False):
            column.altair_chart(
                share_chart(shares_frame(summary, issue), issue.label or issue.id), width="stretch"
            )


def render_histograms(scenario: sim.Scenario, table: pd.DataFrame) -> None:
    """One histogram per integer issue, over the runs that ended in a deal."""
    integer_issues = [issue for issue in scenario.issues if issue.kind == "integer"]
    if not integer_issues:
        return
    st.subheader("Integer issues")
    for column, issue in zip(st.columns(len(integer_issues)), integer_issues, strict=True):
        column.altair_chart(
            histogram_chart(integer_histogram(table, issue), issue.label or issue.id),
            width="stretch",
        )


def render_results(scenario: sim.Scenario, table: pd.DataFrame, summary: Summary) -> None:
    """Draw the panel from the ensemble's table and summary."""
    render_headline(headline_figures(summary, scenario))
    st.subheader("Terms of the deals")
    st.caption(f"Share of the {summary.deals} deals (of {summary.runs} runs) on each option.")
    render_terms(scenario, summary)
    render_histograms(scenario, table)
    st.subheader("Bargaining and forecast")
    st.caption(
        "The bargaining outcome next to the expected-utility forecast (Bueno de Mesquita's "
        "model, issue by issue; categorical issues cannot be forecast)."
    )
    forecast = attempt("The forecast failed", lambda: cache.forecast(cache.as_json(scenario)))
    st.dataframe(bargaining_and_forecast(scenario, summary, forecast), hide_index=True)
