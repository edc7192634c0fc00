"""``dealsim draft``: a scenario drafted from a news article, with what to review first."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sim.cli.common import fail, print_json
from sim.draft import Draft, DraftInputError, draft_file
from sim.files import write_atomically
from sim.scenario import ScenarioError

BACKENDS = ("auto", "rules", "spacy")


def draft(
    article: Path = typer.Argument(..., help="The article: a UTF-8 text file."),
    output: Path | None = typer.Option(
        None,
        "-o",
        "--output",
        help="Write the scenario here (the article must be in its folder or below). "
        "Without it the YAML goes to stdout and the summary to stderr.",
    ),
    json_output: bool = typer.Option(
        False, "--json", help="Print the report: every extraction with its span and confidence."
    ),
    backend: str = typer.Option(
        "auto", help="Sentence splitting: auto (spaCy if installed), rules or spacy."
    ),
) -> None:
    """Draft a scenario from an article: actors, attributed quotes, red lines, issues, links."""
    if backend not in BACKENDS:
        fail(f"--backend: unknown backend '{backend}'; known: {', '.join(BACKENDS)}")
    if output is not None and output.is_dir():
        fail(f"{output}: is a folder; give the scenario file's name (e.g. {output}/draft.yaml)")
    try:
        result = draft_file(article, output, backend=backend)
    except DraftInputError as error:
        fail(error.message)
    except ValueError as error:  # the spacy backend asked for but not installed
        fail(f"--backend: {error}")
    except ScenarioError as error:
        fail(["the drafted scenario does not validate (please report this):", *error.messages])
    if output is not None:

        def write(path: Path) -> None:
            path.write_text(result.yaml, encoding="utf-8")

        write_atomically(output, write)
    if json_output:
        written = str(output) if output else None
        print_json({"output": written, "yaml": result.yaml, **result.report()})
        return
    if output is None:
        sys.stdout.write(result.yaml)
        print_summary(result, Console(stderr=True), None)
    else:
        print_summary(result, Console(), output)


def _plain(value: object) -> Text:
    """A table cell that Rich shows as written (user text is never read as markup)."""
    return Text(str(value))


def print_summary(result: Draft, console: Console, output: Path | None) -> None:
    """Actors, quotes, red lines and issues found, then what the analyst must review first."""
    findings = result.findings
    scenario = result.scenario
    where = f"written to {output}" if output else "printed above"
    console.print(
        Text(
            f"Drafted '{scenario.name}' from {result.source} ({where}): {len(scenario.actors)} "
            f"actors, {len(scenario.issues)} issues, "
            f"{sum(len(a.red_lines) for a in scenario.actors)} red lines; "
            f"sentences split by {findings.document.backend}."
        ),
        soft_wrap=True,
    )
    actors = Table(title="Actors (roles are guesses)", header_style="bold")
    for column in ("id", "name", "role", "guessed from", "mentions", "confidence"):
        actors.add_column(column)
    for actor in findings.actors:
        actors.add_row(
            *map(
                _plain,
                (
                    actor.key,
                    actor.name,
                    actor.role,
                    actor.role_cue,
                    len(actor.mentions),
                    f"{actor.confidence:.2f}",
                ),
            )
        )
    console.print(actors)
    speeches = findings.speeches
    unattributed = sum(1 for s in speeches if s.speaker is None)
    console.print(
        Text(
            f"Quotes: {sum(1 for s in speeches if s.kind == 'direct')} direct, "
            f"{sum(1 for s in speeches if s.kind == 'reported')} reported; "
            f"{unattributed} unattributed."
        )
    )
    issues = Table(title="Candidate issues", header_style="bold")
    for column in ("id", "kind", "options", "from"):
        issues.add_column(column)
    for issue in findings.issues:
        options = (
            f"0..{issue.maximum} step {issue.step}"
            if issue.kind == "integer"
            else ", ".join(issue.options)
        )
        issues.add_row(*map(_plain, (issue.id, issue.kind, options, issue.origin)))
    console.print(issues)
    if findings.links:
        console.print(Text("Links (guesses):", style="bold"))
        for link in findings.links:
            console.print(
                Text(f"  {link.kind}: {link.source} -> {link.target} ({link.cue})"),
                soft_wrap=True,
            )
    console.print(Text("Review first:", style="bold"))
    for number, line in enumerate(result.review_first(), start=1):
        console.print(Text(f"{number:>3}. {line}"), soft_wrap=True)
