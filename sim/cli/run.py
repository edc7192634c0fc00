"""``dealsim validate`` and ``dealsim run``: check scenario files, play one seeded run."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from sim.cli.common import (
    ALLOW_PATH,
    allowed_roots,
    check_output,
    console,
    fail,
    load_or_fail,
    print_error,
    print_json,
    styled,
    write_output,
)
from sim.cli.work import refuse_excess_work
from sim.protocols import protocol_names
from sim.record import Outcome
from sim.scenario import Scenario, ScenarioError, load_scenario
from sim.side_payments import space_for


def validate(
    files: list[Path] = typer.Argument(..., help="Scenario YAML files."),
    allow_path: list[Path] | None = ALLOW_PATH,
) -> None:
    """Check scenario files; print every problem with its file and line."""
    failed = False
    for path in files:
        try:
            scenario = load_scenario(path, allow=allowed_roots(path, allow_path))
        except ScenarioError as error:
            failed = True
            for message in [*error.messages, *error.notes]:
                print_error(message)
            continue
        packages = space_for(scenario).size
        console.print(
            f"ok  {path}: {len(scenario.actors)} actors, {len(scenario.issues)} issues, "
            f"{packages:,} packages",
            soft_wrap=True,
        )
    if failed:
        raise typer.Exit(2)


def run(
    file: Path = typer.Argument(..., help="Scenario YAML file."),
    seed: int = typer.Option(0, help="Seed of the run; the same seed gives the same result."),
    protocol: str | None = typer.Option(
        None, help=f"Override the protocol: {', '.join(protocol_names())}."
    ),
    trace: Path | None = typer.Option(None, help="Write the per-round trace to this CSV file."),
    json_output: bool = typer.Option(False, "--json", help="Print a JSON summary."),
    allow_path: list[Path] | None = ALLOW_PATH,
) -> None:
    """Run a scenario once, headless, and summarise the outcome."""
    if seed < 0:
        fail(f"--seed must be a non-negative integer, not {seed}")
    scenario = load_or_fail(file, allow_path)
    check_output("--trace", trace)
    refuse_excess_work(scenario, file, "run")
    if protocol is not None and protocol not in protocol_names():
        fail(f"--protocol: unknown protocol '{protocol}'; known: {', '.join(protocol_names())}")
    from sim.simulation import simulate  # Mesa loads only for a run, not for validate

    outcome = simulate(scenario, seed=seed, protocol=protocol, trace=trace is not None)
    rows = outcome.trace
    if trace is not None:
        assert rows is not None  # simulate records the trace when asked for one
        write_output("--trace", trace, lambda p: rows.to_csv(p, index=False))
    if json_output:
        print_json(outcome.to_dict())
        return
    print_summary(scenario, outcome)
    if trace is not None and rows is not None:
        console.print(f"Trace of {len(rows)} rows written to {trace}")


def print_summary(scenario: Scenario, outcome: Outcome) -> None:
    """A readable account of one run."""
    console.rule(styled((scenario.name, "bold")))
    console.print(f"protocol {outcome.protocol}, seed {outcome.seed}", style="dim")
    if outcome.deal:
        assert outcome.terms is not None  # a deal always has terms
        standing: tuple[str | tuple[str, str], ...] = (
            ()
            if outcome.government_survived is None
            else ("; the government stands",)
            if outcome.government_survived
            else ("; ", ("the government falls", "bold red"))
        )
        days = "" if outcome.days is None else f" (day {outcome.days:g})"
        console.print(
            styled(
                ("Deal", "bold green"),
                f" in round {outcome.round} of {scenario.protocol.rounds}{days}",
                *standing,
                ".",
            )
        )
        console.print(_terms_table(scenario, outcome.terms, "Terms"))
        console.print(f"Accepted by: {', '.join(outcome.accepted)}")
        for line in phase_lines(scenario, outcome):
            console.print(line)
    else:
        accepted = ", ".join(outcome.accepted) or "nobody"
        days = "" if outcome.days is None else f" (day {outcome.days:g})"
        console.print(styled(("No deal", "bold red"), f" after round {outcome.round}{days}."))
        if outcome.last_proposal is not None:
            console.print(_terms_table(scenario, outcome.last_proposal, "Last proposal"))
            console.print(f"Last proposal accepted by: {accepted}")
    if outcome.walkout:
        console.print(f"Walked out: {outcome.walkout}")
    for line in explanation_lines(scenario, outcome):
        console.print(line)
    for government_id, record in outcome.governments.items():
        verdict = ("survives", "green") if record.survived else ("falls", "red")
        left = f"; left the coalition: {', '.join(record.exited)}" if record.exited else ""
        bluffed = [p for p in record.threatened if p in record.stayed]
        left += f"; threatened and stayed: {', '.join(bluffed)}" if bluffed else ""
        console.print(
            styled(
                f"Government {government_id} ",
                verdict,
                f": {record.seats} seats behind it, {record.majority} needed{left}.",
            )
        )
    utilities = Table(title="Utility of the outcome", header_style="bold")
    utilities.add_column("actor")
    utilities.add_column("role")
    utilities.add_column("utility", justify="right")
    utilities.add_column("no-deal value", justify="right")
    for actor in scenario.actors:
        utilities.add_row(
            actor.id, actor.role, f"{outcome.utilities[actor.id]:.2f}", f"{actor.reservation:.2f}"
        )
    console.print(utilities)


def phase_lines(scenario: Scenario, outcome: Outcome) -> list[str]:
    """What each phase of a phased deal settled and left open (nothing for a one-phase deal)."""
    lines = []
    for phase in outcome.phases:
        days = "" if phase["days"] is None else f" (day {phase['days']:g})"
        if phase["agreed"]:
            settled = ", ".join(f"{k} = {v}" for k, v in phase["settled"].items()) or "nothing"
            left = ", ".join(phase["deferred"])
            lines.append(
                f"Phase {phase['phase']}: agreed in round {phase['round']}{days}, settling "
                f"{settled}" + (f"; left for a later phase: {left}." if left else ".")
            )
        else:
            lines.append(
                f"Phase {phase['phase']}: no agreement by round {phase['round']}{days}; "
                "the earlier phases' deal stands."
            )
    if outcome.deferred:
        lines.append(f"Never settled: {', '.join(outcome.deferred)}.")
    return lines


def explanation_lines(scenario: Scenario, outcome: Outcome) -> list[str]:
    """Why the run ended as it did, in sentences: who refused and why, or who was binding."""
    explanation = outcome.explanation
    lines = [f"Decided by: {outcome.mechanism.replace('_', ' ')}."]
    if outcome.actions:
        lines.append(f"Actions taken: {', '.join(outcome.actions)}.")
    for party, felt in (explanation.get("pressured") or {}).items():
        lines.append(f"Pressure on {party}: {', '.join(felt)}.")
    if outcome.deal and explanation.get("binding"):
        lines.append(
            f"Binding party: {explanation['binding']}, the last to come round "
            f"(utility {explanation['margin']:+.3f} above its acceptance level)."
        )
    refused = explanation.get("refused") or {}
    if refused:
        last = outcome.phases[-1] if outcome.phases else None
        when = (
            f"round {last['round']} of phase {last['phase']}"
            if last is not None
            else f"round {outcome.round}"
        )
        lines.append(f"Refused in {when}:")
    for party, reason in refused.items():
        if "red_line" in reason:
            _, line = scenario.red_line(reason["red_line"])
            what = f"crosses its red line '{line.id}' on {line.issue}"
        elif "shortfall" in reason:
            what = f"{reason['shortfall']:.3f} short of its acceptance level"
        else:
            what = "had walked out"
        lines.append(f"  {party}: {what}")
    return lines


def _terms_table(scenario: Scenario, terms: dict[str, str | int | float], title: str) -> Table:
    table = Table(title=title, header_style="bold")
    table.add_column("issue")
    table.add_column("option")
    for issue in scenario.issues:
        table.add_row(issue.label or issue.id, str(terms[issue.id]))
    for payment in scenario.side_payments:
        who = f"{payment.label or payment.id} ({payment.payer} pays {payment.receiver})"
        table.add_row(who, str(terms.get(payment.id, 0)))
    return table
