"""Evidence: every quote in a scenario must occur in its source document.

Quotes are compared after folding curly quotes and dashes to plain ones and
collapsing white space, so a quote typed with straight quotes matches an
article that uses curly ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sim.scenario.references import Problem
from sim.scenario.schema import Evidence, Scenario

_FOLD = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "}
)


def normalise(text: str) -> str:
    """Text with typographic quotes and dashes made plain and white space collapsed."""
    return re.sub(r"\s+", " ", text.translate(_FOLD)).strip()


@dataclass(frozen=True)
class Cited:
    """One piece of evidence and where it stands in the scenario.

    Attributes:
        loc: path of the evidence in the YAML tree.
        subject: what it supports, in words (e.g. 'smotrich: red line no-state-hint').
        evidence: the evidence itself.
    """

    loc: tuple[str | int, ...]
    subject: str
    evidence: Evidence


def cited(scenario: Scenario) -> Iterator[Cited]:
    """Every piece of evidence in a scenario, with what it supports."""
    for index, evidence in enumerate(scenario.evidence):
        yield Cited(("evidence", index), evidence.about or "scenario", evidence)
    for ii, issue in enumerate(scenario.issues):
        for index, evidence in enumerate(issue.evidence):
            yield Cited(("issues", ii, "evidence", index), f"issue {issue.id}", evidence)
    for ai, actor in enumerate(scenario.actors):
        for index, evidence in enumerate(actor.evidence):
            about = f": {evidence.about}" if evidence.about else ""
            yield Cited(("actors", ai, "evidence", index), f"{actor.id}{about}", evidence)
        for li, line in enumerate(actor.red_lines):
            yield Cited(
                ("actors", ai, "red_lines", li, "evidence"),
                f"{actor.id}: red line {line.id}",
                line.evidence,
            )
    for pi, party in enumerate(scenario.parties):
        if party.evidence:
            yield Cited(("parties", pi, "evidence"), f"{party.actor}: consent", party.evidence)
    for gi, government in enumerate(scenario.governments):
        for index, evidence in enumerate(government.evidence):
            yield Cited(
                ("governments", gi, "evidence", index),
                f"government {government.id}: {evidence.about or ''}".rstrip(": "),
                evidence,
            )
        for ni, net in enumerate(government.safety_nets):
            if net.evidence:
                yield Cited(
                    ("governments", gi, "safety_nets", ni, "evidence"),
                    f"{net.actor}: safety net",
                    net.evidence,
                )
    for ei, event in enumerate(scenario.events):
        if event.evidence:
            yield Cited(("events", ei, "evidence"), f"event {event.id}", event.evidence)


def source_texts(scenario: Scenario, base_dir: Path) -> dict[str, str]:
    """The text of every source a scenario names, keyed by source id (missing ones left out)."""
    texts = {}
    for key, relative in scenario.sources.items():
        path = (base_dir / relative).resolve()
        if path.is_file():
            texts[key] = path.read_text(encoding="utf-8", errors="replace")
    return texts


def quote_problems(scenario: Scenario, base_dir: Path) -> list[Problem]:
    """Quotes that name an unknown source or do not occur in theirs."""
    problems = []
    for key, relative in scenario.sources.items():
        if not (base_dir / relative).resolve().is_file():
            problems.append(
                Problem(
                    ("sources", key),
                    f"source file '{relative}' not found (paths are relative to the scenario file)",
                )
            )
    if problems:
        return problems
    texts = {key: normalise(text) for key, text in source_texts(scenario, base_dir).items()}
    default = next(iter(scenario.sources), None)
    for item in cited(scenario):
        quote = item.evidence.quote
        if quote is None:
            continue
        source = item.evidence.source or default
        if source is None:
            problems.append(
                Problem(item.loc, "a quote needs a source: add 'sources' to the scenario")
            )
        elif source not in texts:
            problems.append(Problem((*item.loc, "source"), f"unknown source '{source}'"))
        elif normalise(quote) not in texts[source]:
            problems.append(
                Problem(
                    (*item.loc, "quote"), f"quote not found in source '{source}': {quote[:60]!r}"
                )
            )
    return problems


def sentence_span(source_text: str, quote: str) -> tuple[int, int] | None:
    """Start and end offsets, in the normalised source, of the quote; None if absent."""
    haystack = normalise(source_text)
    start = haystack.find(normalise(quote))
    if start < 0:
        return None
    return start, start + len(normalise(quote))
