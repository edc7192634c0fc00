"""Links between actors the text states or implies: coalition, opposition, mediation, patronage.

A link is a guess from roles (a minister beside a prime minister is taken as a
coalition partner; a mediator mediates between the parties) or from words in
a sentence naming two actors ("alliance with", "ally of", "backed by",
"pressure on", "mediated by").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sim.draft.actors import Actor
from sim.draft.text import Document, Span

_PAIR_CUES = (
    (
        "patronage",
        re.compile(r"\b(?:ally|allies|alliance|backed by|backs|patron|sponsor|pressure)", re.I),
    ),
    ("mediation", re.compile(r"\b(?:mediat\w*|broker\w*|facilitat\w*)", re.I)),
    ("coalition", re.compile(r"\bcoalition\b", re.I)),
)


@dataclass(frozen=True)
class Link(Span):
    """A stated or guessed link between two actors.

    Attributes:
        id: unique id ('link-1').
        kind: 'coalition', 'opposition', 'mediation' or 'patronage'.
        source: actor key (the leader, the mediator, the patron).
        target: actor key (the partner, a party, the client).
        cue: why it was guessed.
        confidence: 0..1.
    """

    id: str
    kind: str
    source: str
    target: str
    cue: str
    confidence: float


def find_links(document: Document, actors: list[Actor]) -> list[Link]:
    """Links from roles and from cue words in sentences that name two actors."""
    links: list[Link] = []

    def add(
        kind: str, source: Actor, target: Actor, cue: str, span: Span, confidence: float
    ) -> None:
        if source.key == target.key or any(
            link.kind == kind and {link.source, link.target} == {source.key, target.key}
            for link in links
        ):
            return
        links.append(
            Link(
                span.start,
                span.end,
                f"link-{len(links) + 1}",
                kind,
                source.key,
                target.key,
                cue,
                confidence,
            )
        )

    leaders = [a for a in actors if a.role == "leader"]
    for leader in leaders[:1]:
        for actor in actors:
            first = actor.mentions[0]
            if actor.role == "partner":
                add("coalition", leader, actor, actor.role_cue, first, 0.5)
            elif actor.role == "opposition":
                add("opposition", actor, leader, actor.role_cue, first, 0.5)
    for mediator in (a for a in actors if a.role == "mediator"):
        for actor in actors:
            if actor.role in ("leader", "party"):
                add("mediation", mediator, actor, mediator.role_cue, mediator.mentions[0], 0.4)
    named_in: dict[int, list[Actor]] = {}
    for actor in actors:
        for mention in actor.mentions:
            sentence = document.sentence_at(mention.start)
            if sentence is not None:
                names = named_in.setdefault(sentence.start, [])
                if actor not in names:
                    names.append(actor)
    for sentence in document.sentences:
        named = named_in.get(sentence.start, [])
        if len(named) != 2:
            continue
        words = document.text[sentence.start : sentence.end]
        for kind, pattern in _PAIR_CUES:
            match = pattern.search(words)
            if match:
                one, other = sorted(
                    named,
                    key=lambda a: next(m.start for m in a.mentions if m.start >= sentence.start),
                )
                add(
                    kind,
                    one,
                    other,
                    f"'{match.group()}' in a sentence naming both",
                    sentence,
                    0.4,
                )
                break
    return links
