"""The Zone of agreement panel: two parties' utilities over every package, exact (no simulation)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sim
from dashboard import cache
from dashboard.charts import draw, zone_chart, zone_points
from dashboard.names import Names, number
from dashboard.safe import attempt

PAIR_KEYS = ("zone-x", "zone-y")
METRIC_WIDTH = 230
AS_WRITTEN = "as written"
"""The round choice that analyses the scenario before any event."""


def solutions_frame(analysis: sim.Analysis, first: int, second: int) -> pd.DataFrame:
    """The Nash and Kalai–Smorodinsky packages as points of the two parties' utilities."""
    rows = []
    for name, package in (
        ("Nash", analysis.nash_package),
        ("Kalai-Smorodinsky", analysis.kalai_smorodinsky_package),
    ):
        if package is not None:
            effective = analysis.game.effective
            rows.append(
                {
                    "solution": name,
                    "x": float(effective[first, package]),
                    "y": float(effective[second, package]),
                }
            )
    return pd.DataFrame(rows, columns=["solution", "x", "y"])


def terms_table(scenario: sim.Scenario, analysis: sim.Analysis, names: Names) -> pd.DataFrame:
    """The terms of the Nash and Kalai–Smorodinsky packages side by side."""
    nash = analysis.terms(analysis.nash_package) or {}
    ks = analysis.terms(analysis.kalai_smorodinsky_package) or {}
    return pd.DataFrame(
        {
            "issue": [names.issue(issue.id) for issue in scenario.issues],
            "Nash": [names.option(issue.id, nash.get(issue.id)) for issue in scenario.issues],
            "Kalai-Smorodinsky": [
                names.option(issue.id, ks.get(issue.id)) for issue in scenario.issues
            ],
        }
    )


def render_blocking(analysis: sim.Analysis, names: Names) -> None:
    """What blocks the deal, when the zone is empty."""
    blocking = analysis.blocking
    if blocking is None:
        return
    st.subheader("What blocks the deal")
    if blocking.red_line_sets:
        st.markdown(
            "The zone is empty. Switching off **any one** of these sets of red lines opens it:"
        )
        for lines in blocking.red_line_sets:
            st.markdown("- " + " + ".join(names.red_line(line) for line in lines))
        if not blocking.complete:
            st.caption("The search ran out of budget: there may be other sets of this size.")
    elif blocking.reservations_block:
        st.markdown(
            "The zone stays empty even with every relevant red line off: the **reservation "
            "values** block the deal."
        )
        if blocking.closest_package is not None:
            st.markdown("Closest package and how far each needed party is below its reservation:")
            st.markdown(names.terms(analysis.terms(blocking.closest_package)))
            st.markdown(
                "; ".join(
                    f"{names.actor(p)}: {number(v)} below" for p, v in blocking.shortfalls.items()
                )
            )
    else:
        st.markdown(
            f"No set of up to {blocking.largest_size_searched} red lines opens the zone "
            f"(searched {len(blocking.candidates)} candidate red lines)."
        )


def round_caption(at_round: int | None) -> str:
    """What the panel analyses, for its caption."""
    when = (
        "at the scenario's start (events not applied)"
        if at_round is None
        else f"at the start of round {at_round} (events up to it applied, reservations drifted)"
    )
    return (
        f"Exact, on every package, {when}. Utilities are net of each leader's domestic cost. "
        "Dashed lines: the two parties' reservation values; a larger point stands for more "
        "packages at the same utilities."
    )


def render_zone(scenario: sim.Scenario, names: Names) -> None:
    """Draw the panel for the (tweaked) scenario."""
    rounds = scenario.protocol.rounds
    choice = st.select_slider(
        "Analyse the game",
        options=[AS_WRITTEN, *range(rounds)],
        value=AS_WRITTEN,
        format_func=lambda option: option if option == AS_WRITTEN else f"at round {option}",
        key=f"zone-round-{rounds}",  # a new widget when the number of rounds changes
        help="Rounds count from 0: round 0 is the game a simulation starts from (events of "
        "round 0 applied).",
    )
    at_round = None if choice == AS_WRITTEN else int(choice)
    analysis = attempt("The exact analysis failed", lambda: cache.analysis(scenario, at_round))
    if analysis is None:
        return
    summary = analysis.to_dict()
    st.caption(round_caption(at_round))
    with st.container(horizontal=True, wrap=True, gap="medium"):
        st.metric("Packages", f"{summary['packages']:,}", width=METRIC_WIDTH)
        st.metric("Feasible (no red line crossed)", f"{summary['feasible']:,}", width=METRIC_WIDTH)
        st.metric("Zone of possible agreement", f"{summary['zopa']:,}", width=METRIC_WIDTH)
        st.metric(
            f"Pareto frontier (of the {summary['pareto_basis']})",
            f"{summary['pareto']:,}",
            width=METRIC_WIDTH,
        )
    parties = analysis.party_ids
    if len(parties) < 2:
        st.info("The zone scatter needs at least two consenting parties.")
    else:
        left, right = st.columns(2)
        first = left.selectbox(
            "Horizontal axis", parties, index=0, key=PAIR_KEYS[0], format_func=names.actor
        )
        second = right.selectbox(
            "Vertical axis", parties, index=1, key=PAIR_KEYS[1], format_func=names.actor
        )
        i, j = parties.index(first), parties.index(second)
        effective = analysis.game.effective
        points = zone_points(
            effective[i],
            effective[j],
            analysis.feasible_packages,
            analysis.zone_packages,
            analysis.pareto_packages,
        )
        chart = zone_chart(
            points,
            solutions_frame(analysis, i, j),
            names.actor(first),
            names.actor(second),
            (float(analysis.reservations[i]), float(analysis.reservations[j])),
        )
        draw(st, chart)
    if analysis.zone_packages.size:
        st.markdown("**Bargaining solutions in the zone**")
        st.dataframe(terms_table(scenario, analysis, names), hide_index=True)
    render_blocking(analysis, names)
