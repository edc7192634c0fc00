"""Altair charts built from plain tables (no Streamlit here, so they are easy to test)."""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from dashboard.names import PALETTE


def draw(target: Any, chart: alt.TopLevelMixin, stretch: bool = True) -> None:
    """Draw a chart in a Streamlit container, its spec built without JSON-schema validation.

    The charts are built here from code, so the validation Altair does on
    every ``to_dict`` (a third of a rerun's chart time) checks nothing new.
    """
    with alt.data_transformers.enable("default", max_rows=None):  # the zone has every package
        spec = chart.to_dict(validate=False)
    target.vega_lite_chart(spec=spec, width="stretch" if stretch else "content")


THRESHOLD = "threshold"
UTILITY = "utility of the text"


def trace_long(trace: pd.DataFrame, names: Any = None) -> pd.DataFrame:
    """The trace as a row per round (from 0), party (by name) and measure (threshold, utility)."""
    columns = ["round", "party", "accepted", "required", "crosses_red_line"]
    threshold = trace[columns].assign(measure=THRESHOLD, value=trace["threshold"])
    utility = trace[columns].assign(measure=UTILITY, value=trace["effective_utility"])
    data = pd.concat([threshold, utility], ignore_index=True)
    if names is not None:
        data["party"] = [names.actor(p) for p in data["party"]]
    return data


def party_scale(parties: list[str]) -> alt.Scale:
    """One distinct colour a party, in the order given."""
    return alt.Scale(domain=parties, range=[PALETTE[i % len(PALETTE)] for i in range(len(parties))])


def trace_chart(trace: pd.DataFrame, names: Any = None, step: int | None = None) -> alt.LayerChart:
    """Each party's threshold (dashed) and the utility of the text on the table (solid).

    A filled marker shows a round in which the party accepted the text; a
    cross, one in which the text crossed one of its hard red lines. Rounds
    count from 0; a black rule marks the round ``step`` when given.
    """
    data = trace_long(trace, names)
    parties = list(dict.fromkeys(data["party"]))
    base = alt.Chart(data).encode(
        x=alt.X("round:Q", title="round (from 0)", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("value:Q", title="utility", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color(
            "party:N",
            title="party",
            scale=party_scale(parties),
            legend=alt.Legend(orient="bottom", columns=4, labelLimit=220),
        ),
    )
    lines = base.mark_line().encode(
        strokeDash=alt.StrokeDash(
            "measure:N",
            title="",
            scale=alt.Scale(domain=[UTILITY, THRESHOLD], range=[[1, 0], [5, 4]]),
            legend=alt.Legend(orient="bottom", labelLimit=220),
        ),
        detail="measure:N",
        tooltip=["round:Q", "party:N", "measure:N", alt.Tooltip("value:Q", format=".3f")],
    )
    on_table = data[data["measure"] == UTILITY]
    accepted = (
        alt.Chart(on_table[on_table["accepted"]])
        .mark_point(filled=True, size=70)
        .encode(
            x="round:Q",
            y="value:Q",
            color=alt.Color("party:N", scale=party_scale(parties), legend=None),
            tooltip=["round:Q", "party:N", alt.Tooltip("value:Q", format=".3f", title="utility")],
        )
    )
    crossed = (
        alt.Chart(on_table[on_table["crosses_red_line"]])
        .mark_point(shape="cross", size=60)
        .encode(
            x="round:Q",
            y="value:Q",
            color=alt.Color("party:N", scale=party_scale(parties), legend=None),
        )
    )
    layers = [lines, accepted, crossed]
    if step is not None:
        marker = pd.DataFrame({"round": [step]})
        layers.append(alt.Chart(marker).mark_rule(color="black").encode(x="round:Q"))
    return alt.layer(*layers).properties(height=360)


def title_lines(title: str, width: int = 30) -> list[str]:
    """A chart title broken into lines (Vega truncates a title wider than its chart)."""
    import textwrap

    return textwrap.wrap(title, width) or [title]


def shares_chart(shares: pd.DataFrame, columns: int = 2) -> alt.FacetChart:
    """Bars of the share of deals on each option, one panel an issue (columns issue, option,
    share, rank: the option's place in its issue)."""
    issues = list(dict.fromkeys(shares["issue"]))
    return (
        alt.Chart(shares)
        .mark_bar()
        .encode(
            x=alt.X("share:Q", title="share of deals", axis=alt.Axis(format="%")),
            y=alt.Y(
                "option:N",
                title=None,
                sort=alt.EncodingSortField("rank", order="ascending"),
                axis=alt.Axis(labelLimit=200),
            ),
            tooltip=["issue:N", "option:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(width=150, height=alt.Step(20))
        .facet(
            facet=alt.Facet(
                "issue:N",
                sort=issues,
                title=None,
                header=alt.Header(labelFontWeight="bold", labelFontSize=13, labelLimit=300),
            ),
            columns=columns,
        )
        .resolve_scale(y="independent")
    )


CATEGORIES = ("crosses a red line", "feasible", "zone of agreement", "Pareto frontier")
CATEGORY_COLOURS = ("#d9d9d9", "#9ecae1", "#3182bd", "#e6550d")
SOLUTION_SHAPES = {"Nash": "diamond", "Kalai-Smorodinsky": "triangle-up"}


def zone_points(
    x: np.ndarray,
    y: np.ndarray,
    feasible: np.ndarray,
    zone: np.ndarray,
    pareto: np.ndarray,
    digits: int = 3,
) -> pd.DataFrame:
    """Packages as points of two parties' utilities, merged where they coincide.

    Args:
        x: the first party's utility of every package.
        y: the second party's utility of every package.
        feasible: package numbers crossing no needed party's hard red line.
        zone: package numbers in the zone of possible agreement.
        pareto: package numbers on the Pareto frontier.
        digits: utilities are rounded to this many digits before merging.

    Returns:
        Columns x, y, rank and category (the best class of any package at
        the point: 0 crosses a red line .. 3 Pareto frontier), packages (how
        many packages the point stands for); sorted by rank.
    """
    rank = np.zeros(x.shape[0], dtype=np.int8)
    rank[feasible] = 1
    rank[zone] = 2
    rank[pareto] = 3
    frame = pd.DataFrame({"x": np.round(x, digits), "y": np.round(y, digits), "rank": rank})
    merged = frame.groupby(["x", "y"], as_index=False).agg(
        rank=("rank", "max"), packages=("rank", "size")
    )
    merged["category"] = [CATEGORIES[r] for r in merged["rank"]]
    return merged.sort_values("rank", kind="stable").reset_index(drop=True)


def zone_chart(
    points: pd.DataFrame,
    solutions: pd.DataFrame,
    x_label: str,
    y_label: str,
    reservations: tuple[float, float],
) -> alt.LayerChart:
    """Scatter of two parties' utilities: packages by class, reservation lines, solution points.

    Args:
        points: from :func:`zone_points`.
        solutions: columns x, y, solution (e.g. 'Nash', 'Kalai-Smorodinsky').
        x_label: the first party.
        y_label: the second party.
        reservations: the two parties' reservation values.
    """
    scale = alt.Scale(domain=list(CATEGORIES), range=list(CATEGORY_COLOURS))
    packages = (
        alt.Chart(points)
        .mark_circle(opacity=0.8)
        .encode(
            x=alt.X("x:Q", title=f"utility of {x_label}", scale=alt.Scale(domain=[0, 1])),
            y=alt.Y("y:Q", title=f"utility of {y_label}", scale=alt.Scale(domain=[0, 1])),
            color=alt.Color(
                "category:N",
                title="packages",
                scale=scale,
                legend=alt.Legend(orient="bottom", labelLimit=220),
            ),
            size=alt.Size(
                "packages:Q",
                title="packages at the point",
                scale=alt.Scale(range=[20, 200]),
                legend=None,
            ),
            order=alt.Order("rank:Q"),  # the frontier drawn last, on top
            tooltip=[
                "category:N",
                "packages:Q",
                alt.Tooltip("x:Q", title=x_label),
                alt.Tooltip("y:Q", title=y_label),
            ],
        )
    )
    rules = pd.DataFrame({"x": [reservations[0]], "y": [reservations[1]]})
    vertical = alt.Chart(rules).mark_rule(strokeDash=[4, 4], color="gray").encode(x="x:Q")
    horizontal = alt.Chart(rules).mark_rule(strokeDash=[4, 4], color="gray").encode(y="y:Q")
    layers = [packages, vertical, horizontal]
    if not solutions.empty:
        layers.append(
            alt.Chart(solutions)
            .mark_point(filled=True, size=240, color="black")
            .encode(
                x="x:Q",
                y="y:Q",
                shape=alt.Shape(
                    "solution:N",
                    title="solution",
                    scale=alt.Scale(
                        domain=list(SOLUTION_SHAPES), range=list(SOLUTION_SHAPES.values())
                    ),
                    legend=alt.Legend(orient="bottom", labelLimit=220),
                ),
                tooltip=["solution:N", "x:Q", "y:Q"],
            )
        )
    return alt.layer(*layers).properties(height=420)


def histogram_chart(counts: pd.DataFrame, title: str) -> alt.Chart:
    """Runs per value of an integer issue (columns value, runs)."""
    return (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            x=alt.X(
                "value:O", title=title, sort=list(counts["value"]), axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y("runs:Q", title="runs with a deal", axis=alt.Axis(tickMinStep=1, format="d")),
            tooltip=["value:O", "runs:Q"],
        )
        .properties(title=title_lines(title), height=240)
    )
