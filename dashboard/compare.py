"""The Compare panel: the tweaked scenario against the file as loaded, side by side.

Both ensembles use the same runs and master seed; the differences and their
tests come from :func:`sim.experiments.compare.compare_tables`.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import sim
from dashboard import cache
from dashboard.figures import headline_figures, shares_frame
from sim.experiments import Comparison, Summary

UNMODIFIED = "unmodified"
TWEAKED = "tweaked"
RATES = ("deal_rate", "government_collapse_rate", "collapse_per_run", "term:", "exit:", "walkout:")


def changes_table(base: sim.Scenario, changes: dict[str, Any]) -> pd.DataFrame:
    """Each changed parameter with its value in the file and in the tweaked scenario."""
    return pd.DataFrame(
        {
            "parameter": list(changes),
            "in the file": [repr(sim.read_parameter(base, path)) for path in changes],
            "tweaked": [repr(value) for value in changes.values()],
        }
    )


def _is_rate(figure: str) -> bool:
    return figure.startswith(RATES)


def difference_text(figure: str, difference: float) -> str:
    """A difference in words: percentage points for rates, else the plain difference."""
    if difference is None or (isinstance(difference, float) and math.isnan(difference)):
        return ""
    if _is_rate(figure):
        return f"{100 * difference:+.1f} pts"
    return f"{difference:+.2f}"


def figures_table(
    base: sim.Scenario, tweaked: sim.Scenario, comparison: Comparison
) -> pd.DataFrame:
    """The headline figures of both ensembles, the difference, and whether it is significant."""
    before = {f.key: f for f in headline_figures(comparison.a, base)}
    after = {f.key: f for f in headline_figures(comparison.b, tweaked)}
    tested = comparison.differences.set_index("figure")
    rows = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        row = {
            "figure": (old or new).label,  # type: ignore[union-attr]
            UNMODIFIED: f"{old.shown} ({old.interval})" if old else "",
            TWEAKED: f"{new.shown} ({new.interval})" if new else "",
            "difference": "",
            "significant (p < 0.05)": "",
        }
        if key in tested.index:
            found = tested.loc[key]
            row["difference"] = difference_text(key, found["difference"])
            if not math.isnan(found["p_value"]):
                row["significant (p < 0.05)"] = (
                    f"{'yes' if found['significant'] else 'no'} (p = {found['p_value']:.2g})"
                )
        rows.append(row)
    return pd.DataFrame(rows)


def tested_differences(comparison: Comparison) -> pd.DataFrame:
    """Every figure sim compares, the ones that differ first, significant ones on top."""
    table = comparison.differences.copy()
    table = table[table["difference"].fillna(0) != 0]
    table = table.sort_values(["significant", "p_value"], ascending=[False, True])
    return table.rename(columns={"a": UNMODIFIED, "b": TWEAKED})


def terms_long(scenario: sim.Scenario, base: Summary, tweaked: Summary) -> pd.DataFrame:
    """Share of deals on each option of each issue, for both ensembles (long format)."""
    frames = []
    for issue in scenario.issues:
        for name, summary in ((UNMODIFIED, base), (TWEAKED, tweaked)):
            frame = shares_frame(summary, issue)
            frames.append(frame.assign(issue=issue.label or issue.id, scenario=name))
    return pd.concat(frames, ignore_index=True)


def terms_chart(data: pd.DataFrame, title: str) -> alt.Chart:
    """Grouped bars: unmodified against tweaked share of each option of one issue."""
    return (
        alt.Chart(data, title=title)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="share of deals", axis=alt.Axis(format="%")),
            y=alt.Y("option:N", title=None, sort=list(dict.fromkeys(data["option"]))),
            yOffset=alt.YOffset("scenario:N", sort=[UNMODIFIED, TWEAKED]),
            color=alt.Color("scenario:N", sort=[UNMODIFIED, TWEAKED], title=None),
            tooltip=["option:N", "scenario:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(height=alt.Step(12))
    )


def render_compare(
    base: sim.Scenario, tweaked: sim.Scenario, changes: dict[str, Any], runs: int, seed: int
) -> None:
    """Draw the panel."""
    if not changes:
        st.info(
            "Nothing is changed yet: move a control in the sidebar and press "
            "'Apply and run' to compare the tweaked scenario with the file."
        )
        return
    st.markdown("**Changed parameters**")
    st.dataframe(changes_table(base, changes), hide_index=True)
    comparison = cache.comparison(cache.as_json(base), cache.as_json(tweaked), runs, seed)
    st.markdown(f"**Headline figures** ({runs} runs each, the same master seed {seed})")
    st.dataframe(figures_table(base, tweaked, comparison), hide_index=True)
    with st.expander("Every figure that differs, with its test"):
        st.caption(
            "Rates by a two-proportion z-test, means by Welch's t-test; significant when "
            "p < 0.05 (see docs/experiments.md)."
        )
        st.dataframe(tested_differences(comparison), hide_index=True)
    left, right = st.columns(2)
    for column, name, scenario in ((left, UNMODIFIED, base), (right, TWEAKED, tweaked)):
        analysis = cache.analysis(cache.as_json(scenario)).to_dict()
        column.markdown(
            f"**{name.capitalize()}**: {analysis['zopa']:,} packages in the zone of agreement, "
            f"{analysis['feasible']:,} feasible."
        )
        if analysis["nash"]:
            column.caption(
                "Nash solution: " + ", ".join(f"{k} {v}" for k, v in analysis["nash"].items())
            )
    if comparison.a.deals and comparison.b.deals:
        st.markdown("**Terms of the deals**")
        data = terms_long(base, comparison.a, comparison.b)
        columns = st.columns(3)
        for index, issue in enumerate(base.issues):
            label = issue.label or issue.id
            chart = terms_chart(data[data["issue"] == label], label)
            columns[index % 3].altair_chart(chart, width="stretch")
