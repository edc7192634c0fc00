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
from sim.scenario.safe_files import (
    MAX_SOURCE_BYTES,
    FileRefused,
    Roots,
    default_roots,
    read_bounded,
)
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


def source_texts(
    scenario: Scenario, base_dir: str | Path, allow: Roots | None = None
) -> dict[str, str]:
    """The text of every source a scenario names, keyed by source id.

    Args:
        scenario: the scenario.
        base_dir: the folder its ``sources`` paths are relative to.
        allow: the folders whose trees may be read; default: ``base_dir``'s
            tree, plus the working directory's when ``base_dir`` lies inside
            it. Sources outside them, missing or unreadable are left out.
    """
    roots = default_roots(base_dir) if allow is None else list(allow)
    texts = {}
    for key, relative in scenario.sources.items():
        try:
            texts[key] = _read_source(Path(base_dir), relative, roots)
        except FileRefused:
            continue
    return texts


def _read_source(base_dir: Path, relative: str, roots: Roots) -> str:
    raw = read_bounded(base_dir / relative, MAX_SOURCE_BYTES, roots)
    return raw.decode("utf-8", errors="replace")


def quote_problems(
    scenario: Scenario, base_dir: str | Path, roots: Roots | None = None
) -> list[Problem]:
    """Sources that cannot be read (or lie outside the roots), and quotes not in theirs.

    ``roots`` are the allowed folders, as ``allow`` in :func:`source_texts`.
    """
    base_dir = Path(base_dir)
    roots = default_roots(base_dir) if roots is None else roots
    problems = []
    texts = {}
    for key, relative in scenario.sources.items():
        try:
            texts[key] = normalise(_read_source(base_dir, relative, roots))
        except FileRefused as error:
            reason = error.reason
            if reason == "no such file":
                reason = "file not found (paths are relative to the scenario file)"
            problems.append(Problem(("sources", key), f"{reason} ('{relative}')"))
    if problems:
        return problems
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
