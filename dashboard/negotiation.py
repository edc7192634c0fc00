"""The Negotiation panel: one run's trace over rounds."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sim
from dashboard import cache
from dashboard.charts import trace_chart
from dashboard.safe import attempt

RUN_KEY = "trace-run"


def outcome_sentence(outcome: dict, rounds: int) -> str:
    """One line on how the run ended."""
    if outcome["deal"]:
        text = f"**Deal** in round {outcome['round']} of {rounds}"
        if outcome["government_survived"] is False:
            text += "; the government **falls**"
        elif outcome["exited"]:
            text += f"; {', '.join(outcome['exited'])} left the coalition, the government survives"
        return text + "."
    text = f"**No deal** after round {outcome['round']}"
    if outcome["walkout"]:
        text += f"; {outcome['walkout']} walked out"
    return text + "."


def terms_frame(scenario: sim.Scenario, terms: dict | None) -> pd.DataFrame:
    """The agreed terms as a two-column table (empty when there was no deal)."""
    if not terms:
        return pd.DataFrame({"issue": [], "agreed": []})
    return pd.DataFrame(
        {
            "issue": [issue.label or issue.id for issue in scenario.issues],
            "agreed": [str(terms[issue.id]) for issue in scenario.issues],
        }
    )


def render_trace(scenario: sim.Scenario, runs: int, master_seed: int) -> None:
    """Draw one run of the (tweaked) scenario's ensemble, round by round."""
    st.caption(
        "One run of the ensemble, replayed with its trace. Dashed: each party's acceptance "
        "threshold; solid: the utility it gets from the text on the table (net of its "
        "government's survival); filled markers: it accepts; crosses: the text crosses one of "
        "its hard red lines."
    )
    run = int(
        st.columns([1, 3])[0].number_input(
            f"Run (0 to {runs - 1})",
            min_value=0,
            max_value=max(runs - 1, 0),
            value=0,
            step=1,
            key=RUN_KEY,
        )
    )
    replay = attempt(
        "This run cannot be replayed",
        lambda: cache.run_trace(cache.as_json(scenario), master_seed, run),
    )
    if replay is None:
        return
    outcome, trace = replay.outcome, replay.trace
    st.markdown(outcome_sentence(outcome, scenario.protocol.rounds))
    if replay.parameters:
        drawn = ", ".join(f"`{path}` = {value:.3g}" for path, value in replay.parameters.items())
        st.caption(f"Drawn for this run (seed {replay.seed}): {drawn}")
    if trace.empty:
        st.info("The run recorded no rounds.")
        return
    st.altair_chart(trace_chart(trace), width="stretch")
    left, right = st.columns([1, 2])
    with left:
        st.markdown("**Terms agreed**" if outcome["deal"] else "**No terms agreed**")
        st.dataframe(terms_frame(scenario, outcome["terms"]), hide_index=True)
    with right:
        with st.expander("The trace as a table"):
            st.dataframe(trace, hide_index=True)
