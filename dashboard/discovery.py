"""The Discovery panel: which drawn parameters lead to an outcome (``sim.discover``, CART).

It reads the ensemble already shown (no new runs): the parameters each run
drew against whether it ended in the chosen outcome. The same as
``dealsim discover FILE --outcome ...``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import sim
from dashboard.charts import draw
from dashboard.names import Names, number, percent
from dashboard.safe import attempt

OUTCOME_KEY = "discover-outcome"
ISSUE_KEY = "discover-issue"
OPTION_KEY = "discover-option"
DEPTH_KEY = "discover-depth"
OUTCOMES = {"no_deal": "no deal", "collapse": "a government falls", "term": "a chosen term"}


def boxes_frame(found: sim.Discovery, names: Names) -> pd.DataFrame:
    """The boxes as a table of words: limits on each parameter, runs, coverage, density."""
    rows = []
    for box in found.boxes:
        limits = []
        for path, (low, high) in box.limits.items():
            who = names.path(path)
            if low is not None and high is not None:
                limits.append(f"{number(low)} < {who} ≤ {number(high)}")
            elif low is not None:
                limits.append(f"{who} > {number(low)}")
            else:
                limits.append(f"{who} ≤ {number(high)}")
        rows.append(
            {
                "box": " and ".join(limits) or "every run",
                "runs in it": box.runs,
                "coverage": box.coverage,
                "density": box.density,
            }
        )
    return pd.DataFrame(rows, columns=["coverage", "density", "runs in it", "box"])


def importance_frame(found: sim.Discovery, names: Names) -> pd.DataFrame:
    """Each parameter's share of the tree's splits, the most important first."""
    return pd.DataFrame(
        {
            "importance": list(found.importance.values()),
            "parameter": [names.path(p) for p in found.importance],
        }
    )


def scatter_chart(
    table: pd.DataFrame, mask: pd.Series, x: str, y: str, names: Names, outcome: str
) -> alt.Chart:
    """The runs on the two most important parameters, coloured by whether they have the outcome."""
    frame = pd.DataFrame(
        {
            "x": table["param:" + x],
            "y": table["param:" + y],
            "outcome": [outcome if hit else "other runs" for hit in mask],
        }
    )
    return (
        alt.Chart(frame)
        .mark_circle(size=28, opacity=0.7)
        .encode(
            x=alt.X("x:Q", title=names.path(x), scale=alt.Scale(zero=False)),
            y=alt.Y("y:Q", title=names.path(y), scale=alt.Scale(zero=False)),
            color=alt.Color(
                "outcome:N",
                scale=alt.Scale(domain=[outcome, "other runs"], range=["#d62728", "#9ecae1"]),
                legend=alt.Legend(orient="bottom", title=None, labelLimit=300),
            ),
        )
        .properties(height=340)
    )


def render_discovery(scenario: sim.Scenario, table: pd.DataFrame, names: Names) -> None:
    """Draw the panel for the ensemble shown."""
    st.caption(
        "Scenario discovery: which of the parameters drawn in every run lead to an outcome. A "
        "classification tree (CART, scikit-learn) splits the runs into boxes; **coverage** is the "
        "share of the runs with the outcome that fall in a box, **density** the share of the "
        "runs in a box that have it. Same as `dealsim discover`."
    )
    if not any(column.startswith("param:") for column in table):
        st.info("This scenario draws no parameters (no 'uncertain' entries): nothing to discover.")
        return
    left, middle, right = st.columns([2, 2, 1])
    kind = left.selectbox(
        "Outcome", list(OUTCOMES), format_func=OUTCOMES.__getitem__, key=OUTCOME_KEY
    )
    outcome, words = kind, OUTCOMES[kind]
    if kind == "term":
        issue_id = middle.selectbox(
            "Issue", [i.id for i in scenario.issues], format_func=names.issue, key=ISSUE_KEY
        )
        issue = scenario.issue(issue_id)
        option = st.selectbox(
            "Option",
            issue.option_names,
            format_func=lambda o: names.option(issue_id, o),
            key=f"{OPTION_KEY}-{issue_id}",
        )
        outcome = f"term:{issue_id}={option}"
        words = f"{names.issue(issue_id)}: {names.option(issue_id, option)}"
    depth = int(
        right.number_input("Depth", 1, 5, value=3, key=DEPTH_KEY, help="Most limits in a box.")
    )
    found = attempt(
        "Discovery failed", lambda: sim.discover(table, outcome, scenario, max_depth=depth)
    )
    if found is None:
        return
    st.markdown(
        f"**{found.cases:,} of {found.runs:,} runs ({percent(found.base_rate)}) end in {words}.**"
    )
    if found.note:
        st.info(f"No box: {found.note}.")
        return
    config = {
        "coverage": st.column_config.ProgressColumn(
            "coverage", format="percent", min_value=0.0, max_value=1.0
        ),
        "density": st.column_config.ProgressColumn(
            "density", format="percent", min_value=0.0, max_value=1.0
        ),
    }
    st.markdown("**Boxes, densest first**")
    st.dataframe(boxes_frame(found, names), hide_index=True, column_config=config, width="stretch")
    ranked = [p for p, share in found.importance.items() if share > 0]
    st.markdown("**Which parameters explain it**")
    st.dataframe(
        importance_frame(found, names),
        hide_index=True,
        width="stretch",
        column_config={
            "importance": st.column_config.ProgressColumn(
                "importance", format="percent", min_value=0.0, max_value=1.0
            )
        },
    )
    if len(ranked) >= 2:
        mask = pd.Series(sim.outcome_mask(table, outcome, scenario))
        draw(st, scatter_chart(table, mask, ranked[0], ranked[1], names, words))
