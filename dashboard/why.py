"""Why the ensemble ended as it did: each actor's exits and walk-outs, the coalition, what blocks.

Every panel here reads only what the ensemble table and summary hold, and
tolerates what an older engine does not give: the ``binding``, ``obstacles``
and ``threats`` columns, and the summary's ``obstacles``, are shown when
present and skipped when absent.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import sim
from dashboard import cache
from dashboard.charts import draw
from dashboard.controls import OPEN_ACTOR, widget_key
from dashboard.names import PALETTE, Names, percent

RARE_DEALS = 0.2
"""Below this deal rate the page explains what blocks a deal."""


def _split(value: Any, sep: str = ",") -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)) or pd.isna(value):
        return []
    return [part.strip() for part in str(value).split(sep) if part.strip()]


def actor_outcomes(table: pd.DataFrame, scenario: sim.Scenario, names: Names) -> pd.DataFrame:
    """Per actor, the share of runs in which it left the coalition, threatened, walked out, bound.

    Columns appear only for what the table records (``threats`` and
    ``binding`` come with the engine's explanation of each run).
    """
    runs = len(table)
    exits = Counter(actor for value in table["exited"] for actor in _split(value))
    walkouts = Counter(v for v in table["walkout"].dropna())
    columns: dict[str, Counter] = {"left the coalition": exits, "walked out": walkouts}
    if "threatened" in table:
        columns["threatened to leave"] = Counter(
            actor for value in table["threatened"] for actor in _split(value)
        )
    if "binding" in table:
        columns["the binding party"] = Counter(v for v in table["binding"].dropna())
    rows = []
    for actor in scenario.actors:
        row: dict[str, Any] = {"actor": f"{names.actor(actor.id)} ({actor.role})"}
        for title, counts in columns.items():
            row[title] = counts.get(actor.id, 0) / runs if runs else 0.0
        rows.append(row)
    frame = pd.DataFrame(rows)
    shown = [title for title in columns if frame[title].any()]
    return frame[["actor", *shown]]


def coalition_frame(
    government: Any, exit_share: dict[str, float], names: Names
) -> tuple[pd.DataFrame, int]:
    """Seats of one government before and after the deal, with its safety nets.

    Rows: 'before the deal' (leader, other coalition seats, each partner);
    'after the deal' (without the partners that leave in most runs); 'after,
    with safety nets' (plus every safety net's seats, lent when the deal
    meets its conditions). Returns the frame (state, party, seats, order) and
    the majority.
    """
    before = [
        (names.actor(government.leader), government.leader_seats),
        ("other coalition seats", government.other_seats),
        *[(names.actor(p.actor), p.seats) for p in government.partners],
    ]
    staying = [
        (names.actor(p.actor), p.seats)
        for p in government.partners
        if exit_share.get(p.actor, 0.0) <= 0.5
    ]
    after = before[:2] + staying
    nets = [(f"{names.actor(n.actor)} (safety net)", n.seats) for n in government.safety_nets]
    rows = []
    states = [
        ("before the deal", before),
        ("after the deal", after),
        ("after, with safety nets", after + nets),
    ]
    for order, (state, parts) in enumerate(states):
        for rank, (party, seats) in enumerate(parts):
            if seats:
                rows.append(
                    {"state": state, "party": party, "seats": seats, "order": order, "rank": rank}
                )
    if not nets:
        rows = [row for row in rows if row["state"] != "after, with safety nets"]
    return pd.DataFrame(rows), government.majority


def coalition_chart(frame: pd.DataFrame, majority: int, title: str) -> alt.LayerChart:
    """Stacked seats per state, the majority as a red rule."""
    states = list(dict.fromkeys(frame["state"]))
    parties = list(dict.fromkeys(frame["party"]))
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("sum(seats):Q", title="seats"),
            y=alt.Y("state:N", sort=states, title=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color(
                "party:N",
                sort=parties,
                scale=alt.Scale(domain=parties, range=list(PALETTE[: len(parties)])),
                legend=alt.Legend(orient="bottom", columns=3, labelLimit=260, title=None),
            ),
            order=alt.Order("rank:Q"),
            tooltip=["state:N", "party:N", "seats:Q"],
        )
    )
    line = pd.DataFrame({"seats": [majority], "label": [f"majority {majority}"]})
    rule = alt.Chart(line).mark_rule(color="#d62728", strokeWidth=2).encode(x="seats:Q")
    text = (
        alt.Chart(line)
        .mark_text(align="left", dx=4, dy=-6, color="#d62728")
        .encode(x="seats:Q", text="label:N", y=alt.value(0))
    )
    return alt.layer(bars, rule, text).properties(title=title, height=alt.Step(34))


def render_actors(table: pd.DataFrame, scenario: sim.Scenario, names: Names) -> None:
    """Per actor: exits, threats, walk-outs (and the binding party, when the engine says)."""
    st.subheader("Who leaves, who walks out")
    frame = actor_outcomes(table, scenario, names)
    shares = [c for c in frame.columns if c != "actor"]
    if not shares:
        st.caption(f"No actor left a coalition or walked out in these {len(table):,} runs.")
        return
    st.caption("Share of all runs. Hover a column title for what it counts.")
    config: dict[str, Any] = {
        c: st.column_config.ProgressColumn(c, format="percent", min_value=0.0, max_value=1.0)
        for c in shares
    }
    config["actor"] = st.column_config.TextColumn("actor", width="large")
    st.dataframe(frame, hide_index=True, column_config=config, width="stretch")


def render_coalition(table: pd.DataFrame, scenario: sim.Scenario, names: Names) -> None:
    """The coalition picture of every government: seats before and after, majority, safety nets."""
    if not scenario.governments:
        return
    st.subheader("The coalition")
    runs = len(table)
    exits = Counter(actor for value in table["exited"] for actor in _split(value))
    deals = int(table["deal"].sum())
    exit_share = {actor: count / max(deals, 1) for actor, count in exits.items()}
    columns = st.columns(min(len(scenario.governments), 2))
    for index, government in enumerate(scenario.governments):
        frame, majority = coalition_frame(government, exit_share, names)
        column = columns[index % len(columns)]
        title = f"{names.actor(government.leader)}'s government"
        draw(column, coalition_chart(frame, majority, title))
        left = [
            f"{names.actor(p.actor)} ({p.seats} seats) leaves in "
            f"{percent(exits.get(p.actor, 0) / max(runs, 1))} of runs"
            for p in government.partners
        ]
        survived = table["government_survived"].dropna()
        fell = int((~survived.astype(bool)).sum())
        column.caption(
            "; ".join(left)
            + (". " if left else "")
            + f"It falls in {fell:,} of {runs:,} runs. 'After the deal' drops the partners that "
            "leave in most deals; a safety net lends its seats only to deals that meet its "
            "conditions."
        )


def _relax(prefix: str, paths: list[str], actor: str | None) -> None:
    for path in paths:
        st.session_state[widget_key(prefix, path)] = False
    st.session_state[OPEN_ACTOR] = actor


def red_line_path(names: Names, line_id: str) -> str | None:
    """The parameter path that switches a red line, or None if no actor has it."""
    owner = names.owners.get(line_id)
    return f"actors.{owner}.red_lines.{line_id}.active" if owner else None


def render_blocking(
    scenario: sim.Scenario, summary: sim.Summary, names: Names, prefix: str
) -> None:
    """When deals are rare: the red lines that block them, each with a one-click relax."""
    if summary.deal_rate >= RARE_DEALS:
        return
    st.subheader("What blocks a deal")
    render_obstacles(summary, names)
    analysis = cache.analysis(scenario)
    blocking = analysis.blocking
    if blocking is None:
        st.markdown(
            f"The exact analysis finds {analysis.zone_packages.size:,} packages every needed "
            "party prefers to no deal, so no red line blocks a deal outright: the runs fail "
            "on the way there (concession too slow, walk-outs, or deadlines)."
        )
        return
    if blocking.red_line_sets:
        st.markdown(
            "No package satisfies every needed party. Relaxing **any one** of these opens the "
            "zone of agreement (the click unticks it in the form, opens that actor and reruns):"
        )
        for index, lines in enumerate(blocking.red_line_sets[:8]):
            paths = [p for p in (red_line_path(names, line) for line in lines) if p]
            words = " + ".join(names.red_line(line) for line in lines)
            st.button(
                f"Relax {words}",
                key=f"relax-{index}",
                on_click=_relax,
                args=(prefix, paths, names.owners.get(lines[0])),
            )
        if not blocking.complete:
            st.caption("The search ran out of budget: there may be other sets of this size.")
    elif blocking.reservations_block:
        shortfalls = ", ".join(
            f"{names.actor(p)} {v:.2f} below" for p, v in blocking.shortfalls.items() if v > 0
        )
        st.markdown(
            "Even with every relevant red line relaxed, no package reaches every needed "
            f"party's reservation value: the **reservation values** block the deal "
            f"(closest package: {names.terms(analysis.terms(blocking.closest_package))}; "
            f"{shortfalls})."
        )
    else:
        st.markdown(
            f"No set of up to {blocking.largest_size_searched} red lines opens the zone "
            f"(searched {len(blocking.candidates)} candidate red lines)."
        )


def obstacle_words(obstacle: str, names: Names) -> str:
    """An obstacle (``party`` or ``party/red_line_id``) in words."""
    party, _, line = obstacle.partition("/")
    if line:
        return f"{names.actor(party)}: red line “{names.red_lines.get(line, line)}”"
    return f"{names.actor(party)} (below its threshold)"


def render_obstacles(summary: sim.Summary, names: Names) -> None:
    """The engine's obstacles (share of runs), when the summary has them."""
    obstacles = getattr(summary, "obstacles", None)
    if not obstacles:
        return
    frame = pd.DataFrame(
        {
            "obstacle": [obstacle_words(o, names) for o in obstacles],
            "share of runs": list(obstacles.values()),
        }
    ).sort_values("share of runs", ascending=False)
    st.caption("What stood in the way in the runs (from the engine's explanation of each run):")
    config = {
        "share of runs": st.column_config.ProgressColumn(
            "share of runs", format="percent", min_value=0.0, max_value=1.0
        )
    }
    st.dataframe(frame, hide_index=True, column_config=config, width="stretch")
