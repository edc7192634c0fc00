"""The Negotiation panel: one run, round by round, with a step-through.

Rounds are counted from 0 here as everywhere (the trace, the table, the CLI,
the scenario file's events). For the chosen run it shows each issue's option on the table round
by round and who proposed it, each party's threshold and utility, and, at
the round the step-through is on, every party's answer and its reason.
"""

from __future__ import annotations

import html
import json
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import sim
from dashboard import cache
from dashboard.charts import draw, title_lines, trace_chart
from dashboard.names import PALETTE, Names, number
from dashboard.safe import attempt

RUN_KEY = "trace-run"
STEP_KEY = "trace-step"
TERM = "term_"


def outcome_sentence(outcome: dict, rounds: int, names: Names) -> str:
    """One line on how the run ended (rounds from 0)."""
    shown = outcome["round"]
    if outcome["deal"]:
        text = f"**Deal** in round {shown} (rounds 0–{rounds - 1})"
        if outcome["government_survived"] is False:
            text += "; the government **falls**"
        elif outcome["exited"]:
            gone = ", ".join(names.actor(a) for a in outcome["exited"])
            text += f"; {gone} left the coalition, the government survives"
        for phase in outcome.get("phases") or []:
            if phase["phase"] > 1:
                text += (
                    f"; phase {phase['phase']} "
                    + ("agreed" if phase["agreed"] else "failed")
                    + f" in its round {phase['round']}"
                )
        if outcome.get("deferred"):
            text += "; left open: " + ", ".join(names.issue(i) for i in outcome["deferred"])
        return text + "."
    text = f"**No deal** after round {shown} (rounds 0–{rounds - 1})"
    if outcome["walkout"]:
        text += f"; {names.actor(outcome['walkout'])} walked out"
    return text + "."


def running_rounds(trace: pd.DataFrame) -> pd.DataFrame:
    """A phased run's trace with rounds counted on across phases (each phase counts from 0)."""
    if trace.empty or "phase" not in trace or trace["phase"].max() <= 1:
        return trace
    steps = trace[["phase", "round"]].drop_duplicates()
    running = {(p, r): k for k, (p, r) in enumerate(steps.itertuples(index=False))}
    trace = trace.copy()
    trace["round"] = [running[(p, r)] for p, r in zip(trace["phase"], trace["round"], strict=True)]
    return trace


def reason_words(reason: dict[str, Any], names: Names) -> str:
    """A refusal reason of the engine's explanation in words."""
    if "red_line" in reason:
        line = reason["red_line"]
        return f"the text crosses its red line “{names.red_lines.get(line, line)}”"
    if "shortfall" in reason:
        return f"the text is {number(reason['shortfall'])} below what it would accept"
    if reason.get("walked_out"):
        return "it walked out"
    return ", ".join(f"{k}: {v}" for k, v in reason.items())


def render_explanation(outcome: dict, names: Names) -> None:
    """The engine's explanation of the run (who refused and why, the binding party), if given."""
    explanation = outcome.get("explanation")
    if not explanation:
        return
    lines = [
        f"- {names.actor(party)}: {reason_words(reason, names)}"
        for party, reason in (explanation.get("refused") or {}).items()
    ]
    binding = explanation.get("binding")
    if binding:
        margin = explanation.get("margin")
        extra = f" (margin {number(margin)})" if margin is not None else ""
        lines.append(f"- The binding party: {names.actor(binding)}{extra}")
    if lines:
        st.markdown("**Why it ended so**\n" + "\n".join(lines))


def offers_frame(trace: pd.DataFrame, scenario: sim.Scenario, names: Names) -> pd.DataFrame:
    """Per round and issue: the option on the table (label and its rank) and who proposed it."""
    per_round = trace.drop_duplicates("round")
    rows = []
    for issue in scenario.issues:
        column = TERM + issue.id
        if column not in per_round:
            continue
        for _, row in per_round.iterrows():
            option = row[column]
            if pd.isna(option):
                continue
            if option == sim.DEFERRED:
                index: int | None = issue.size  # drawn above the options
            else:
                index = issue.option_index(option if issue.kind != "integer" else int(option))
            rows.append(
                {
                    "round": int(row["round"]),
                    "issue": names.issue(issue.id),
                    "option": names.option(issue.id, option),
                    "rank": -1 if index is None else index,
                    "proposer": names.actor(row["proposer"]),
                }
            )
    return pd.DataFrame(rows, columns=["round", "issue", "option", "rank", "proposer"])


def offers_chart(
    frame: pd.DataFrame, issue: sim.Issue, names: Names, step: int, colours: dict
) -> alt.LayerChart:
    """One issue's option on the table round by round, each point coloured by its proposer."""
    options = [names.option(issue.id, o) for o in issue.option_names]
    if issue.deferrable:
        options.append(sim.DEFERRED)
    labels = json.dumps(options)
    y = alt.Y(
        "rank:Q",
        title=None,
        scale=alt.Scale(domain=[-0.5, len(options) - 0.5], nice=False, zero=False),
        axis=alt.Axis(
            values=list(range(len(options))),
            labelExpr=f"{labels}[datum.value]",
            labelLimit=200,
            grid=False,
        ),
    )
    x = alt.X(
        "round:Q",
        title="round (from 0)",
        axis=alt.Axis(tickMinStep=1),
        scale=alt.Scale(domain=[0, max(int(frame["round"].max()), step, 1)], nice=False),
    )
    base = alt.Chart(frame).encode(x=x, y=y)
    line = base.mark_line(interpolate="step-after", color="#bbbbbb")
    points = base.mark_point(filled=True, size=60).encode(
        color=alt.Color(
            "proposer:N",
            scale=alt.Scale(domain=list(colours), range=list(colours.values())),
            legend=None,  # one key for all issues, above the charts
        ),
        tooltip=["round:Q", "option:N", "proposer:N"],
    )
    rule = alt.Chart(pd.DataFrame({"round": [step]})).mark_rule(color="black").encode(x="round:Q")
    height = 34 * len(options) + 80  # Streamlit fits title and axes inside the height
    return alt.layer(line, points, rule).properties(
        title=title_lines(names.issue(issue.id)), height=height
    )


def answers_frame(trace: pd.DataFrame, step: int, names: Names) -> pd.DataFrame:
    """Every party's answer at one round (from 0) and why."""
    at = trace[trace["round"] == step]
    rows = []
    for _, row in at.iterrows():
        if row.get("walked_out"):
            answer, why = "walked out", "it left the table"
        elif row["accepted"]:
            answer, why = (
                "accepts",
                f"utility {number(row['effective_utility'])} ≥ "
                f"threshold {number(row['threshold'])}",
            )
        elif row["crosses_red_line"]:
            answer, why = "refuses", "the text crosses one of its hard red lines"
        else:
            short = float(row["threshold"]) - float(row["effective_utility"])
            answer, why = (
                "refuses",
                f"utility {number(row['effective_utility'])} is {number(short)} below its "
                f"threshold {number(row['threshold'])}",
            )
        rows.append(
            {
                "party": names.actor(row["party"]),
                "consent needed": "yes" if row["required"] else "no",
                "answer": answer,
                "why": why,
            }
        )
    return pd.DataFrame(rows, columns=["party", "consent needed", "answer", "why"])


def render_trace(scenario: sim.Scenario, runs: int, master_seed: int, names: Names) -> None:
    """Draw one run of the (tweaked) scenario's ensemble, round by round, with a step-through."""
    run = int(
        st.columns([1, 3])[0].number_input(
            "Run",
            min_value=0,
            max_value=max(runs - 1, 0),
            value=0,
            step=1,
            key=RUN_KEY,
            help=f"0 to {runs - 1}, numbered as in the exported table.",
        )
    )
    replay = attempt(
        "This run cannot be replayed", lambda: cache.run_trace(scenario, master_seed, run)
    )
    if replay is None:
        return
    outcome, trace = replay.outcome, running_rounds(replay.trace)
    st.markdown(outcome_sentence(outcome, scenario.protocol.rounds, names))
    render_explanation(outcome, names)
    if replay.parameters:
        drawn = "; ".join(f"{names.path(p)} = {number(v)}" for p, v in replay.parameters.items())
        st.caption(f"Drawn for this run: {drawn}")
    if trace.empty:
        st.info("The run recorded no rounds.")
        return
    last = int(trace["round"].max())
    step = (
        int(
            st.slider(
                "Step through the rounds (from 0)",
                0,
                last,
                value=last,
                key=f"{STEP_KEY}-{run}-{last}",
                help="Moves the black line on the charts and shows every answer at that round.",
            )
        )
        if last > 0
        else 0
    )
    at = trace[trace["round"] == step]
    if not at.empty:
        first = at.iloc[0]
        terms = {i.id: first[TERM + i.id] for i in scenario.issues if TERM + i.id in at}
        st.markdown(
            f"**Round {step}**: {names.actor(first['proposer'])} puts on the table: "
            + names.terms(terms)
        )
        st.dataframe(
            answers_frame(trace, step, names),
            hide_index=True,
            width="stretch",
            column_config={
                "why": st.column_config.TextColumn("why", width="large"),
                "consent needed": st.column_config.TextColumn("needed", width="small"),
            },
        )
    st.subheader("The text on the table, issue by issue")
    st.caption("Each point is the option on the table in that round, coloured by who proposed it.")
    frame = offers_frame(trace, scenario, names)
    proposers = list(dict.fromkeys(frame["proposer"]))
    colours = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(proposers)}
    key = " ".join(
        f'<span style="color:{colour}">●</span> {html.escape(name)}'
        for name, colour in colours.items()
    )
    st.markdown(f"Proposed by: {key}", unsafe_allow_html=True)
    columns = st.columns(2)
    for index, issue in enumerate(scenario.issues):
        part = frame[frame["issue"] == names.issue(issue.id)]
        if not part.empty:
            draw(columns[index % 2], offers_chart(part, issue, names, step, colours))
    st.subheader("Thresholds and utilities")
    st.caption(
        "Dashed: each party's acceptance threshold; solid: the utility it gets from the text on "
        "the table (net of its government's survival); filled markers: it accepts; crosses: the "
        "text crosses one of its hard red lines."
    )
    draw(st, trace_chart(trace, names, step))
    with st.expander("The trace as a table"):
        shown = trace
        st.dataframe(shown.drop(columns=["package"]), hide_index=True)
