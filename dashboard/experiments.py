"""The Sweep and Sensitivity panels: the same functions as ``dealsim sweep`` and ``sensitivity``.

Both run on the shared process pool with a progress bar, stop with the page
(Stop, a new run, the session's end), are refused past the ceiling on work,
and keep their last result for the scenario they were run on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import sim
from dashboard import compute
from dashboard.charts import draw
from dashboard.controls import parameter_values
from dashboard.names import Names
from dashboard.safe import attempt

RESULT = "experiment-result"
FIGURES = {"deal_rate": "deal rate", "collapse_per_run": "government falls (share of runs)"}


def figure_name(key: str, names: Names) -> str:
    """A figure of ``sim``'s sweep and sensitivity tables in words."""
    if key in FIGURES:
        return FIGURES[key]
    if key == "mean_round":
        return "round of the deal (from 0)"
    kind, _, issue = key.partition(":")
    if kind == "expected":
        return f"{names.issue(issue)}: expected"
    if kind == "among_deals":
        return f"{names.issue(issue)}: mean among deals"
    return key


def sweepable(scenario: sim.Scenario) -> list[str]:
    """Parameters worth sweeping: the drawn ones, then every numeric control."""
    drawn = [u.param for u in scenario.uncertain]
    numeric = [
        path
        for path, value in parameter_values(scenario).items()
        if isinstance(value, float | int) and not isinstance(value, bool)
    ]
    return list(dict.fromkeys([*drawn, *numeric]))


def _progress(label: str) -> Callable[[int, int], None]:
    bar = st.progress(0.0, text=label)

    def update(done: int, total: int) -> None:  # an element call: where a stopped page stops
        bar.progress(done / total, text=f"{label}: {done:,} of {total:,} runs")

    return update


def _remember(key: tuple, value: Any) -> None:
    st.session_state[RESULT] = {**st.session_state.get(RESULT, {}), key: value}


def _recall(key: tuple) -> Any:
    return st.session_state.get(RESULT, {}).get(key)


def sweep_chart(table: pd.DataFrame, path: str, names: Names) -> alt.Chart:
    """The deal rate (with its interval) and government falls against the swept parameter."""
    x = "param:" + path
    frame = pd.DataFrame(
        {
            "at": table[x],
            "deal rate": table["deal_rate"],
            "low": table["deal_rate_low"],
            "high": table["deal_rate_high"],
            "government falls": table["collapse_per_run"],
        }
    )
    axis_x = alt.X("at:Q", title=names.path(path), scale=alt.Scale(zero=False))
    band = alt.Chart(frame).mark_area(opacity=0.2).encode(x=axis_x, y="low:Q", y2="high:Q")
    long = frame.melt(
        id_vars="at",
        value_vars=["deal rate", "government falls"],
        var_name="figure",
        value_name="share",
    )
    lines = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=axis_x,
            y=alt.Y("share:Q", title="share of runs", axis=alt.Axis(format="%")),
            color=alt.Color("figure:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("at:Q", title=names.path(path)),
                "figure:N",
                alt.Tooltip("share:Q", format=".1%"),
            ],
        )
    )
    return alt.layer(band, lines).properties(height=320)


def render_sweep(scenario: sim.Scenario, seed: int, names: Names) -> None:
    """Draw the Sweep panel: one parameter over a range, an ensemble at every value."""
    st.caption(
        "An ensemble at each value of one parameter, with the same master seed at every point "
        "(common random numbers), as `dealsim sweep FILE --param PATH=LOW:HIGH:STEPS`."
    )
    paths = sweepable(scenario)
    current = parameter_values(scenario)
    with st.form("sweep-form", border=False):
        path = st.selectbox("Parameter", paths, format_func=names.path, key="sweep-path")
        value = float(current.get(path, 0.5) or 0.5)
        a, b, c, d = st.columns(4)
        low = a.number_input("From", value=max(0.0, round(value / 2, 2)), key="sweep-low")
        high = b.number_input("To", value=round(max(value * 1.5, value + 0.1), 2), key="sweep-high")
        steps = int(c.number_input("Values", 2, 25, value=6, key="sweep-steps"))
        runs = int(
            d.number_input("Runs per value", 10, 2_000, value=100, step=50, key="sweep-runs")
        )
        go = st.form_submit_button("Run the sweep", type="primary")
    key = ("sweep", compute.digest(scenario), path, low, high, steps, runs, seed)
    if go:

        def run() -> pd.DataFrame:
            compute.check_work(runs * steps, scenario.protocol.rounds)
            grid = sim.parse_grid([f"{path}={low}:{high}:{steps}"], scenario)
            executor = compute.executor_for(runs * steps)
            return sim.run_sweep(
                scenario, grid, runs, seed, executor=executor, progress=_progress("Sweeping")
            )

        table = attempt("The sweep could not be run", run)
        if table is not None:
            _remember(key, table)
    table = _recall(key)
    if table is None:
        st.info("Choose a parameter and a range, then press 'Run the sweep'.")
        return
    draw(st, sweep_chart(table, path, names))
    shown = table.rename(columns={c: figure_name(c, names) for c in table.columns})
    shown = shown.rename(columns={"param:" + path: names.path(path)})
    with st.expander("The sweep as a table"):
        st.dataframe(shown, hide_index=True)


def render_sensitivity(scenario: sim.Scenario, seed: int, names: Names) -> None:
    """Draw the Sensitivity panel: Sobol or Morris indices of the drawn parameters."""
    st.caption(
        "Which drawn parameters move each output, by SALib's Sobol or Morris method over the "
        "scenario's `uncertain` ranges, as `dealsim sensitivity`."
    )
    if not scenario.uncertain:
        st.info("This scenario draws no parameters (no 'uncertain' entries): nothing to analyse.")
        return
    with st.form("sensitivity-form", border=False):
        a, b, c = st.columns(3)
        method = a.selectbox("Method", ["morris", "sobol"], key="sensitivity-method")
        n = int(b.selectbox("Samples (n)", [8, 16, 32, 64], index=1, key="sensitivity-n"))
        runs = int(c.number_input("Runs per point", 1, 200, value=10, key="sensitivity-runs"))
        go = st.form_submit_button("Run the analysis", type="primary")
    key = ("sensitivity", compute.digest(scenario), method, n, runs, seed)
    if go:

        def run() -> pd.DataFrame:
            points = sim.sensitivity_points(scenario, method, n)
            compute.check_work(points * runs, scenario.protocol.rounds)
            executor = compute.executor_for(points * runs)
            return sim.run_sensitivity(
                scenario, method, n, seed, runs, executor=executor, progress=_progress("Analysing")
            )

        table = attempt("The sensitivity analysis could not be run", run)
        if table is not None:
            _remember(key, table)
    table = _recall(key)
    if table is None:
        st.info("Choose a method, then press 'Run the analysis'.")
        return
    measure = "ST" if method == "sobol" else "mu_star"
    title = "total-order index (ST)" if method == "sobol" else "mean absolute effect (μ*)"
    frame = table.assign(
        parameter=[names.path(p) for p in table["parameter"]],
        output=[figure_name(o, names) for o in table["output"]],
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(f"{measure}:Q", title=title),
            y=alt.Y("parameter:N", title=None, sort="-x", axis=alt.Axis(labelLimit=300)),
            row=alt.Row(
                "output:N",
                title=None,
                header=alt.Header(labelAngle=0, labelAlign="left", labelLimit=300),
            ),
            tooltip=["output:N", "parameter:N", alt.Tooltip(f"{measure}:Q", format=".3g")],
        )
        .properties(height=alt.Step(18), width=420)
        .resolve_scale(y="independent")
    )
    draw(st, chart, stretch=False)
    with st.expander("The indices as a table"):
        st.dataframe(frame, hide_index=True)
