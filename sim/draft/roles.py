"""Roles guessed from cues: titles, and words next to an actor's mentions.

Every role is a guess and says what it was guessed from: ``leader`` (a head
of government's title), ``partner`` (a minister when the text has a leader,
or a coalition cue), ``opposition``, ``mediator``, ``patron``,
``spokesperson`` (speaks for someone else), else ``party``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sim.draft import lexicon
from sim.draft.text import Document

if TYPE_CHECKING:
    from sim.draft.actors import Actor

SPOKESPEOPLE = ("spokesperson", "spokesman", "spokeswoman", "lawyer", "attorney", "adviser", "aide")


def _near(document: Document, actor: Actor, cues: tuple[str, ...]) -> str | None:
    """A cue word in a sentence (outside quotes) that names the actor, if any.

    A mention inside a relative clause ("The government, which owns a stake in
    Northline, has offered to mediate") does not count: the clause's words are
    about someone else.
    """
    for mention in actor.mentions:
        if mention.in_quote:
            continue
        sentence = document.sentence_at(mention.start)
        if sentence is None:
            continue
        words = document.text[sentence.start : sentence.end].lower()
        offset = mention.start - sentence.start
        if any(
            m.start() <= offset < m.end()
            for m in re.finditer(r",\s+(?:who|whose|which|where)\b[^,]*,", words)
        ):
            continue
        for cue in cues:
            if cue in words:
                return cue
    return None


def guess_roles(document: Document, actors: list[Actor]) -> None:
    """Set each actor's role and the cue it came from, in place."""
    for actor in actors:
        title = actor.title.lower()
        if any(t in title for t in lexicon.OPPOSITION_CUES):
            actor.role, actor.role_cue = "opposition", f"title '{actor.title}'"
        elif any(t in title for t in lexicon.MEDIATOR_CUES):
            actor.role, actor.role_cue = "mediator", f"title '{actor.title}'"
        elif any(t in title for t in SPOKESPEOPLE):
            actor.role, actor.role_cue = "spokesperson", f"title '{actor.title}'"
        elif any(actor.title.endswith(t.title()) for t in lexicon.LEADER_TITLES) and (
            "vice" not in title
        ):
            actor.role, actor.role_cue = "leader", f"title '{actor.title}'"
    has_leader = any(a.role == "leader" for a in actors)
    for actor in actors:
        if actor.role != "party":
            continue
        title = actor.title.lower()
        near_opposition = _near(document, actor, lexicon.OPPOSITION_CUES)
        near_mediator = _near(document, actor, lexicon.MEDIATOR_CUES)
        if near_opposition:
            actor.role, actor.role_cue = "opposition", f"'{near_opposition}' in its sentence"
        elif near_mediator:
            actor.role, actor.role_cue = "mediator", f"'{near_mediator}' in its sentence"
        elif has_leader and any(t.title() in actor.title for t in lexicon.PARTNER_TITLES):
            actor.role, actor.role_cue = "partner", f"title '{actor.title}' beside a leader"
        elif has_leader and (cue := _near(document, actor, ("coalition partner", "coalition"))):
            actor.role, actor.role_cue = "partner", f"'{cue}' in its sentence"
        elif cue := _near(document, actor, ("patron", "backer", "sponsor")):
            actor.role, actor.role_cue = "patron", f"'{cue}' in its sentence"
