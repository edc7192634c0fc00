"""Evidence: every quote in a scenario must occur in its source document.

Quotes are compared after folding curly quotes and dashes to plain ones and
collapsing white space, so a quote typed with straight quotes matches an
article that uses curly ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sim.scenario.failed import PartFailed, items
from sim.scenario.references import Problem
from sim.scenario.safe_files import (
    MAX_SOURCE_BYTES,
    FileRefused,
    Roots,
    default_roots,
    read_bounded,
)
from sim.scenario.schema import (
    Actor,
    Event,
    Evidence,
    Government,
    Issue,
    Party,
    RedLine,
    Scenario,
)

T = TypeVar("T")

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
    """Every piece of evidence in a scenario, with what it supports.

    On a scenario with field errors (:mod:`sim.scenario.salvage`), the
    evidence of each part that validated; a part with errors is passed over.
    """
    for index, evidence in items(scenario, "evidence"):
        yield from _kept(_of_scenario, index, evidence)
    for ii, issue in items(scenario, "issues"):
        yield from _kept(_of_issue, ii, issue)
    for ai, actor in items(scenario, "actors"):
        yield from _kept(_of_actor, ai, actor)
    for pi, party in items(scenario, "parties"):
        yield from _kept(_of_party, pi, party)
    for gi, government in items(scenario, "governments"):
        yield from _kept(_of_government, gi, government)
    for ei, event in items(scenario, "events"):
        yield from _kept(_of_event, ei, event)


def _kept(found: Callable[..., Iterable[T]], *args: Any) -> list[T]:
    """What one part gives (its evidence, its quotes' problems); nothing if it failed validation."""
    try:
        return list(found(*args))
    except PartFailed:
        return []


def _of_scenario(index: int, evidence: Evidence) -> Iterator[Cited]:
    yield Cited(("evidence", index), evidence.about or "scenario", evidence)


def _of_party(pi: int, party: Party) -> Iterator[Cited]:
    if party.evidence:
        yield Cited(("parties", pi, "evidence"), f"{party.actor}: consent", party.evidence)


def _of_event(ei: int, event: Event) -> Iterator[Cited]:
    if event.evidence:
        yield Cited(("events", ei, "evidence"), f"event {event.id}", event.evidence)


def _of_issue(ii: int, issue: Issue) -> Iterator[Cited]:
    for index, evidence in enumerate(issue.evidence):
        yield Cited(("issues", ii, "evidence", index), f"issue {issue.id}", evidence)


def _of_actor(ai: int, actor: Actor) -> Iterator[Cited]:
    for index, evidence in items(actor, "evidence"):
        yield from _kept(_of_actor_evidence, ai, actor, index, evidence)
    for li, line in items(actor, "red_lines"):
        yield from _kept(_of_red_line, ai, actor, li, line)


def _of_actor_evidence(ai: int, actor: Actor, index: int, evidence: Evidence) -> Iterator[Cited]:
    about = f": {evidence.about}" if evidence.about else ""
    yield Cited(("actors", ai, "evidence", index), f"{actor.id}{about}", evidence)


def _of_red_line(ai: int, actor: Actor, li: int, line: RedLine) -> Iterator[Cited]:
    subject = f"{actor.id}: red line {line.id}"
    yield Cited(("actors", ai, "red_lines", li, "evidence"), subject, line.evidence)


def _of_government(gi: int, government: Government) -> Iterator[Cited]:
    for index, evidence in items(government, "evidence"):
        yield from _kept(_of_government_evidence, gi, government, index, evidence)
    for ni, net in items(government, "safety_nets"):
        if net.evidence:
            yield Cited(
                ("governments", gi, "safety_nets", ni, "evidence"),
                f"{net.actor}: safety net",
                net.evidence,
            )


def _of_government_evidence(
    gi: int, government: Government, index: int, evidence: Evidence
) -> Iterator[Cited]:
    yield Cited(
        ("governments", gi, "evidence", index),
        f"government {government.id}: {evidence.about or ''}".rstrip(": "),
        evidence,
    )


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
        problems += _kept(_quote_problems, item, default, texts)
    return problems


def _quote_problems(item: Cited, default: str | None, texts: dict[str, str]) -> Iterator[Problem]:
    """A quote without a source, naming an unknown one, or not found in its source."""
    quote = item.evidence.quote
    if quote is None:
        return
    source = item.evidence.source or default
    if source is None:
        yield Problem(item.loc, "a quote needs a source: add 'sources' to the scenario")
    elif source not in texts:
        yield Problem((*item.loc, "source"), f"unknown source '{source}'")
    elif normalise(quote) not in texts[source]:
        yield Problem((*item.loc, "quote"), f"quote not found in source '{source}': {quote[:60]!r}")


def sentence_span(source_text: str, quote: str) -> tuple[int, int] | None:
    """Start and end offsets, in the normalised source, of the quote; None if absent."""
    haystack = normalise(source_text)
    start = haystack.find(normalise(quote))
    if start < 0:
        return None
    return start, start + len(normalise(quote))
