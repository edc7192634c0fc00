"""The Compare panel: the tweaked scenario against its file, or a variant against its base.

Both ensembles use the same runs and master seed; the differences and their
tests come from ``sim.compare_tables``. Rounds are counted from 0, as everywhere.
"""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import sim
from dashboard import cache, compute
from dashboard.charts import draw, title_lines
from dashboard.controls import Settings
from dashboard.figures import headline_figures, shares_frame
from dashboard.loading import Loaded
from dashboard.names import Names, number, p_value, percent

WITH_FILE = "the file as loaded"
WITH_BASE = "its base"
COMPARE_KEY = "compare-with"
RATES = ("deal_rate", "government_collapse_rate", "collapse_per_run", "term:", "exit:", "walkout:")


def changes_table(base: sim.Scenario, changes: dict[str, Any], names: Names) -> pd.DataFrame:
    """Each changed parameter with its value in the file and in the tweaked scenario."""
    return pd.DataFrame(
        {
            "parameter": [names.path(path) for path in changes],
            "in the file": [names.value(path, sim.read_parameter(base, path)) for path in changes],
            "tweaked": [names.value(path, value) for path, value in changes.items()],
        }
    )


def _is_rate(figure: str) -> bool:
    return figure.startswith(RATES)


def difference_text(figure: str, difference: float | None) -> str:
    """A difference in words: percentage points for rates, else the plain difference."""
    if difference is None or (isinstance(difference, float) and math.isnan(difference)):
        return ""
    if _is_rate(figure):
        return f"{100 * difference:+.1f} pts"
    return f"{difference:+.2f}"


def figure_words(figure: str, names: Names) -> str:
    """A figure key of ``compare_tables`` in words."""
    if figure == "deal_rate":
        return "deal rate"
    if figure == "government_collapse_rate":
        return "government collapse (among deals at risk)"
    if figure == "collapse_per_run":
        return "government falls (share of runs)"
    if figure == "mean_round":
        return "round of the deal (from 0)"
    kind, _, rest = figure.partition(":")
    if kind == "term":
        issue, _, option = rest.partition("=")
        return f"{names.issue(issue)}: {names.option(issue, option)}"
    if kind == "expected":
        return f"{names.issue(rest)}: expected"
    if kind in ("exit", "walkout"):
        return f"{names.actor(rest)} {'leaves' if kind == 'exit' else 'walks out'}"
    return figure


def value_words(figure: str, value: float) -> str:
    """A compared value for people: rates in percent, others to two decimals."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if _is_rate(figure):
        return percent(value)
    return number(round(value, 2))


def figures_table(
    left: sim.Scenario, right: sim.Scenario, comparison: sim.Comparison, names: tuple[str, str]
) -> pd.DataFrame:
    """The headline figures of both ensembles, the difference, and whether it is significant."""
    before = {f.key: f for f in headline_figures(comparison.a, left)}
    after = {f.key: f for f in headline_figures(comparison.b, right)}
    tested = comparison.differences.set_index("figure")
    rows = []
    for key in dict.fromkeys([*before, *after]):
        old, new = before.get(key), after.get(key)
        row = {
            "figure": (old or new).label,  # type: ignore[union-attr]
            names[0]: old.shown if old else "",
            names[1]: new.shown if new else "",
            "difference": "",
            "significant (p < 0.05)": "",
        }
        if key in tested.index:
            found = tested.loc[key]
            row["difference"] = difference_text(key, found["difference"])
            if not math.isnan(found["p_value"]):
                row["significant (p < 0.05)"] = (
                    f"{'yes' if found['significant'] else 'no'} (p {_p(found['p_value'])})"
                )
        rows.append(row)
    return pd.DataFrame(rows)


def _p(value: float) -> str:
    shown = p_value(value)
    return shown if shown.startswith("<") else f"= {shown}"


def tested_differences(
    comparison: sim.Comparison, names: Names, columns: tuple[str, str]
) -> pd.DataFrame:
    """Every figure that differs, in words, significant ones on top."""
    table = comparison.differences.copy()
    table = table[table["difference"].fillna(0) != 0]
    table = table.sort_values(["significant", "p_value"], ascending=[False, True])
    return pd.DataFrame(
        {
            "figure": [figure_words(f, names) for f in table["figure"]],
            columns[0]: [
                value_words(f, v) for f, v in zip(table["figure"], table["a"], strict=True)
            ],
            columns[1]: [
                value_words(f, v) for f, v in zip(table["figure"], table["b"], strict=True)
            ],
            "difference": [
                difference_text(f, d)
                for f, d in zip(table["figure"], table["difference"], strict=True)
            ],
            "test": table["test"].tolist(),
            "p": [p_value(v) for v in table["p_value"]],
            "significant": ["yes" if s else "no" for s in table["significant"]],
        }
    )


def terms_long(
    scenario: sim.Scenario,
    left: sim.Summary,
    right: sim.Summary,
    names: Names,
    columns: tuple[str, str],
) -> pd.DataFrame:
    """Share of deals on each option of each issue, for both ensembles (long format)."""
    frames = []
    for issue in scenario.issues:
        for name, summary in ((columns[0], left), (columns[1], right)):
            frame = shares_frame(summary, issue)
            frame["option"] = [names.option(issue.id, o) for o in frame["option"]]
            frames.append(frame.assign(issue=names.issue(issue.id), scenario=name))
    return pd.concat(frames, ignore_index=True)


def terms_chart(data: pd.DataFrame, title: str, columns: tuple[str, str]) -> alt.Chart:
    """Grouped bars: the share of each option of one issue in both ensembles."""
    return (
        alt.Chart(data, title=title_lines(title))
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="share of deals", axis=alt.Axis(format="%")),
            y=alt.Y(
                "option:N",
                title=None,
                sort=list(dict.fromkeys(data["option"])),
                axis=alt.Axis(labelLimit=200),
            ),
            yOffset=alt.YOffset("scenario:N", sort=list(columns)),
            color=alt.Color(
                "scenario:N",
                sort=list(columns),
                title=None,
                scale=alt.Scale(domain=list(columns), range=["#7f7f7f", "#1f77b4"]),
                legend=alt.Legend(orient="bottom", labelLimit=300),
            ),
            tooltip=["option:N", "scenario:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(height=alt.Step(12))
    )


def render_compare(
    loaded: Loaded,
    base: Loaded | None,
    tweaked: sim.Scenario,
    settings: Settings,
    names: Names,
    table: pd.DataFrame | None,
) -> None:
    """Draw the panel."""
    choices = [WITH_FILE, WITH_BASE] if base is not None else [WITH_FILE]
    if st.session_state.get(COMPARE_KEY) not in choices:
        st.session_state[COMPARE_KEY] = choices[0]
    with_what = st.radio(
        "Compare the scenario shown with",
        choices,
        key=COMPARE_KEY,
        horizontal=True,
        format_func=lambda c: f"its base ({base.name})" if c == WITH_BASE and base else c,
    )
    if with_what == WITH_BASE and base is not None:
        left, columns = base.scenario, (f"base ({base.name})", "this scenario")
    else:
        left, columns = loaded.scenario, ("unmodified", "tweaked")
        if not settings.changes:
            st.info(
                "Nothing is changed yet: move a control in the sidebar and press 'Apply and run' "
                "to compare the tweaked scenario with the file"
                + (", or compare this variant with its base above." if base else ".")
            )
            return
        st.markdown("**Changed parameters**")
        st.dataframe(changes_table(loaded.scenario, settings.changes, names), hide_index=True)
    runs, seed = settings.runs, settings.seed
    left_table, left_summary = compute.ensemble(left, runs, seed, "Running the other ensemble")
    right_table, right_summary = compute.ensemble(tweaked, runs, seed)
    comparison = cache.comparison(left, left_table, tweaked, right_table)
    st.markdown(f"**Headline figures** ({runs:,} runs each, the same master seed {seed})")
    st.caption("Each figure's interval is on the Results tab; the test says whether they differ.")
    st.dataframe(
        figures_table(left, tweaked, comparison, columns), hide_index=True, width="stretch"
    )
    with st.expander("Every figure that differs, with its test"):
        st.caption(
            "Rates by a two-proportion z-test, means by Welch's t-test; significant when "
            "p < 0.05 (see docs/experiments.md)."
        )
        st.dataframe(tested_differences(comparison, names, columns), hide_index=True)
    cells = st.columns(2)
    for cell, name, scenario in ((cells[0], columns[0], left), (cells[1], columns[1], tweaked)):
        analysis = cache.analysis(scenario).to_dict()
        cell.markdown(
            f"**{name[0].upper() + name[1:]}**: {analysis['zopa']:,} packages in the zone of "
            f"agreement, {analysis['feasible']:,} feasible."
        )
        if analysis["nash"]:
            cell.caption("Nash solution: " + names.terms(analysis["nash"]))
    if left_summary.deals and right_summary.deals:
        st.markdown("**Terms of the deals**")
        data = terms_long(tweaked, left_summary, right_summary, names, columns)
        grid = st.columns(2)
        for index, issue in enumerate(tweaked.issues):
            label = names.issue(issue.id)
            draw(grid[index % 2], terms_chart(data[data["issue"] == label], label, columns))
