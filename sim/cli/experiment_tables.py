"""Readable rich tables of experiment results for the ``dealsim`` experiment commands."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from sim.cli.common import SafeConsole, make_console, styled
from sim.scenario import Scenario

if TYPE_CHECKING:
    import pandas as pd

    from sim.experiments.compare import Comparison
    from sim.experiments.summary import Summary


def print_summary(
    scenario: Scenario, summary: Summary, title: str, forecast: dict | None = None
) -> None:
    """An ensemble's summary: deal rate, rounds, collapses, terms, integer issues, exits.

    ``forecast`` (from :func:`sim.forecast.forecast_beside_bargaining`) adds the
    expected-utility forecast of each issue beside what most deals agree on.
    """
    out = _wide_console()
    out.rule(styled((title, "bold")))
    low, high = summary.deal_rate_ci
    out.print(
        styled(
            "Deal rate: ",
            (f"{summary.deal_rate:.1%}", "bold"),
            f" (95% CI {low:.1%} - {high:.1%}), {summary.deals:,} deals in {summary.runs:,} runs",
        )
    )
    out.print(_government_headline(summary))
    if summary.mechanisms:
        decided = ", ".join(f"{k.replace('_', ' ')} {v:.1%}" for k, v in summary.mechanisms.items())
        out.print(f"Decided by: {decided}")
    if summary.mean_round is not None:
        out.print(
            f"Round of the deal: mean {summary.mean_round:.1f}, median "
            f"{summary.median_round:.0f} (rounds from 0)"
            + (f"; mean day {summary.mean_days:.1f}" if summary.mean_days is not None else ""),
        )
    if summary.government_collapse_rate is not None and summary.government_collapse_ci:
        low, high = summary.government_collapse_ci
        out.print(
            f"Government falls in {summary.government_collapse_rate:.1%} of deals "
            f"(95% CI {low:.1%} - {high:.1%})",
        )
    terms = Table(title="Terms among deals", header_style="bold")
    terms.add_column("issue")
    terms.add_column("option shares")
    for issue in scenario.issues:
        shares = summary.terms[issue.id]
        terms.add_row(
            issue.label or issue.id,
            "  ".join(f"{option} {share:.0%}" for option, share in shares.items()),
        )
    out.print(terms)
    if any(issue.deferrable for issue in scenario.issues):
        status = Table(title="Issues: settled, deferred, never agreed", header_style="bold")
        for column in ("issue", "settled", "deferred", "never agreed"):
            status.add_column(column, justify="left" if column == "issue" else "right")
        for issue in scenario.issues:
            shares = summary.issue_status[issue.id]
            status.add_row(
                issue.label or issue.id,
                *(f"{shares[key]:.1%}" for key in ("settled", "deferred", "never")),
            )
        out.print(status)
    for issue_id, figures in summary.integer_issues.items():
        table = Table(title=f"{scenario.issue(issue_id).label or issue_id}", header_style="bold")
        for column in ("", "mean", "5%", "25%", "50%", "75%", "95%"):
            table.add_column(column, justify="right")
        for label, key in (
            ("among deals", "among_deals"),
            ("expected (no deal = min)", "expected"),
        ):
            values = figures[key]
            if values:
                table.add_row(label, *(f"{v:.1f}" for v in values.values()))
        out.print(table)
    if forecast:
        out.print(_forecast_table(scenario, forecast))
    departures = [(f"left the coalition: {a}", s) for a, s in summary.exits.items() if s]
    departures += [(f"walked out: {a}", s) for a, s in summary.walkouts.items() if s]
    for label, share in departures:
        out.print(f"{label} in {share:.1%} of runs")
    for obstacle, share in list(summary.obstacles.items())[:8]:
        party, _, line = obstacle.partition("/")
        why = f"its red line '{line}'" if line else "what it was offered"
        out.print(f"no deal with {party} refusing over {why} in {share:.1%} of runs")


def _forecast_table(scenario: Scenario, forecast: dict) -> Table:
    table = Table(title="Bargaining vs the expected-utility forecast", header_style="bold")
    for column in ("issue", "most deals agree on", "forecast", "forecast position"):
        table.add_column(column)
    for issue in scenario.issues:
        row = forecast[issue.id]
        bargained = (
            f"{row['bargained_option']} ({row['bargained_share']:.0%})"
            if row["bargained_option"] is not None
            else "-"
        )
        position = row["forecast_position"]
        table.add_row(
            issue.label or issue.id,
            bargained,
            row["forecast_option"] or f"- ({row['note']})",
            "" if position is None else f"{position:g}",
        )
    return table


def print_comparison(comparison: Comparison, runs: int, seed: int) -> None:
    """Every compared figure for A and B, with its test and a star where p < 0.05."""
    out = _wide_console()
    out.rule(
        styled(
            (
                f"{comparison.name_a} (A) vs {comparison.name_b} (B): "
                f"{runs:,} runs each, seed {seed}",
                "bold",
            )
        )
    )
    table = Table(header_style="bold")
    for column in ("figure", "A", "B", "B - A", "test", "p", ""):
        table.add_column(column, justify="left" if column in ("figure", "test") else "right")
    for row in comparison.differences.itertuples(index=False):
        flag = styled(("*", "bold red")) if row.significant else ""
        table.add_row(
            row.figure,
            _number(row.a),
            _number(row.b),
            _number(row.difference),
            row.test,
            _number(row.p_value),
            flag,
        )
    out.print(table)
    out.print("* p < 0.05: larger than chance", style="dim")


def print_sweep(scenario: Scenario, frame: pd.DataFrame, grid: dict, title: str) -> None:
    """A row per grid point: the swept values and the headline figures."""
    table = Table(title=title, header_style="bold")
    for path in grid:
        table.add_column(path, justify="right", overflow="fold")
    headers = ["deal rate (95% CI)", "mean round", "government falls (of deals)"]
    integer_issues = [i.id for i in scenario.issues if i.kind == "integer"]
    headers += [f"{issue} expected (no deal = min)" for issue in integer_issues]
    headers += [f"{issue} among deals" for issue in integer_issues]
    for header in headers:
        table.add_column(header, justify="right", overflow="fold")
    for row in frame.to_dict(orient="records"):
        cells = [_number(row[f"param:{path}"]) for path in grid]
        cells.append(
            f"{row['deal_rate']:.0%} ({row['deal_rate_low']:.0%}-{row['deal_rate_high']:.0%})"
        )
        cells.append(_number(row["mean_round"]))
        collapse = row["government_collapse_rate"]
        cells.append("-" if math.isnan(collapse) else f"{collapse:.0%}")
        cells += [_number(row[f"expected:{issue}"]) for issue in integer_issues]
        cells += [_number(row[f"among_deals:{issue}"]) for issue in integer_issues]
        table.add_row(*cells)
    _wide_console().print(table)


def _wide_console() -> SafeConsole:
    """The console; wide when stdout is not a terminal, so tables are not cut."""
    return make_console(wide=160)


def print_frame(frame: pd.DataFrame, title: str) -> None:
    """Any small table, numbers to four significant digits."""
    table = Table(title=title, header_style="bold")
    for column in frame.columns:
        table.add_column(str(column), justify="left" if frame[column].dtype == object else "right")
    for row in frame.itertuples(index=False):
        table.add_row(*(_number(value) for value in row))
    _wide_console().print(table)


def _number(value: Any) -> str:
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{value:.4g}"
    return str(value)


def _government_headline(summary: Summary) -> Text:
    """Deals that leave the government standing beside deals that bring it down, and threats."""
    threats = [f"{actor} {share:.0%}" for actor, share in summary.threats.items() if share > 0]
    return styled(
        "Deal, government stands: ",
        (f"{summary.deals_government_stands:.1%}", "bold"),
        " of runs; deal, government falls: ",
        (f"{summary.deals_government_falls:.1%}", "bold"),
        f" (partners threatened to leave in: {', '.join(threats)} of runs)" if threats else "",
    )
