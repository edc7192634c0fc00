"""Everything found in one article, placed on issues, and the analyst's decisions applied to it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sim.draft.actors import Actor, find_actors
from sim.draft.attribution import Speech, attribute
from sim.draft.issues import (
    IssueCandidate,
    find_components,
    issue_from_phrase,
    match_issue,
    topic_phrase,
    unique,
)
from sim.draft.links import Link, find_links
from sim.draft.quotes import find_quotes
from sim.draft.redlines import Demand, RedLineCandidate, find_demands, find_red_lines
from sim.draft.text import Document, Span, segment


@dataclass
class Findings:
    """What the drafter found in an article.

    Attributes:
        document: the article, segmented.
        actors: in order of first mention.
        speeches: direct quotes and reported speech, with speakers.
        red_lines: candidate red lines.
        demands: candidate demands.
        issues: candidate issues (components first).
        links: links between actors.
        placed: red-line and demand id -> the issue id it is placed on.
        rejected: ids of extractions the analyst rejected.
    """

    document: Document
    actors: list[Actor]
    speeches: list[Speech]
    red_lines: list[RedLineCandidate]
    demands: list[Demand]
    issues: list[IssueCandidate]
    links: list[Link]
    placed: dict[str, str] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)

    def actor(self, key: str | None) -> Actor | None:
        """The actor with a key (None for None or an unknown key)."""
        return next((a for a in self.actors if a.key == key), None)


def find(text: str, backend: str = "auto") -> Findings:
    """Run every extraction on an article's text (already checked by ``check_text``)."""
    document = segment(text, backend)
    quotes = find_quotes(document)
    actors = find_actors(document, quotes)
    speeches = attribute(document, quotes, actors)
    red_lines = find_red_lines(document, speeches)
    demands = find_demands(document, speeches)
    links = find_links(document, actors)
    findings = Findings(
        document, actors, speeches, red_lines, demands, find_components(document), links
    )
    place(findings)
    return findings


def place(findings: Findings) -> None:
    """Put each red line and demand on an issue: a component it names, else a new topic issue."""
    document = findings.document
    issues = unique(findings.issues)
    placed: dict[str, str] = {}
    previous: RedLineCandidate | None = None
    for red_line in findings.red_lines:
        clause = document.text[red_line.clause.start : red_line.clause.end]
        issue = match_issue(issues, clause)
        topic = topic_phrase(document, red_line.clause, red_line.cue) or topic_phrase(
            document, Span(red_line.start, red_line.clause.end), red_line.cue
        )
        if issue is None and topic is not None:
            issue = match_issue(issues, document.text[topic.start : topic.end])
            issue = issue or _add(issues, _yes_no(document, topic, "red line"))
        if issue is None and previous is not None and previous.id in placed:
            same_speech = previous.actor == red_line.actor and (
                document.paragraph_at(previous.start) == document.paragraph_at(red_line.start)
            )
            if same_speech:
                issue = next(i for i in issues if i.id == placed[previous.id])
        if issue is not None:
            placed[red_line.id] = issue.id
        previous = red_line
    for demand in findings.demands:
        words = document.text[demand.start : demand.end]
        issue = match_issue(issues, words)
        if issue is None and demand.cue == "imperative":
            issue = _add(issues, _yes_no(document, demand, "demand"))
        if issue is not None:
            placed[demand.id] = issue.id
    findings.issues = issues
    findings.placed = placed


def _yes_no(document: Document, span: Span | None, origin: str) -> IssueCandidate | None:
    """A topic issue: no/yes options when it has no number."""
    issue = issue_from_phrase(document, span, origin, 0.4) if span is not None else None
    if issue is not None and issue.kind == "categorical":
        issue = replace(issue, options=("no", "yes"))
    return issue


def _add(issues: list[IssueCandidate], issue: IssueCandidate | None) -> IssueCandidate | None:
    if issue is None:
        return None
    existing = next((i for i in issues if i.id == issue.id), None)
    if existing is not None:
        return existing
    kept = unique([*issues, issue])
    if len(kept) > len(issues):
        issues.append(issue)
        return issue
    return None
