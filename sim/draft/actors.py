"""Actors: people, governments, organisations and factions, with their mentions merged.

A person is recognised by a title before or beside a name ("Finance Minister
Bezalel Smotrich", "His lawyer, Amit Hadad,"), by standing in a list with a
known person, or by a first and last name that speaks. An organisation or a
group is recognised by what it does in the text: the subject of a verb of
speech or action ("Israel is not sending"), the other side of talks
("agreements with Hamas"), someone brought in ("Bring in Egypt"), a plural
demonym ("The Qataris are"), or capitalised words before a plural noun ("some
Gulf and Arab countries"). Places and things with no such cue are left out.

Mentions of one actor are merged: a person's full name, surname alone
(any case), and a title alone ("the prime minister") when exactly one
person holds it. Pronouns are resolved where they are used, in
:mod:`sim.draft.attribution`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sim.draft import lexicon
from sim.draft.quotes import QuoteSpan, inside
from sim.draft.roles import guess_roles
from sim.draft.text import Document, Span

PARTICLE = r"(?:\s+(?:de|van|von|der|den|al|bin|da|di|du|le|del|dos)(?=\s+[A-Z]))*"
NAME = rf"[A-Z][a-z]+(?:[-’'][A-Z]?[a-z]+)*{PARTICLE}"
CAPITAL = r"[A-Z][\w’'\-]*[\w]"
TITLE = rf"(?i:{lexicon.TITLE_WORDS})"
ORG_WORDS = frozenset(
    """house office union ministry council party department agency bank commission court
    group association federation front movement authority forces army company corporation
    inc ltd committee government parliament assembly league organisation organization board
    states nations kingdom republic accords strip alliance coalition fund institute
    congress senate cabinet police navy democrats republicans socialists liberals greens
    conservatives workers metalworkers""".split()
)
MAX_ACTORS = 30
"""Actors kept at most (the most confident): a scenario of more is not a draft anyone reviews."""


@dataclass(frozen=True)
class Mention(Span):
    """Where an actor is named.

    Attributes:
        surface: the words as written.
        in_quote: whether it lies inside a quoted passage.
    """

    surface: str
    in_quote: bool


@dataclass
class Actor:
    """One actor and everything the text says about who it is.

    Attributes:
        key: merge key (a person's surname, an organisation's name), lower case.
        name: the fullest name found.
        kind: 'person', 'organisation' or 'group'.
        title: the title before or beside the name ('' if none).
        cue: why it is an actor (for the review list).
        confidence: 0..1.
        mentions: every place it is named, in order.
        role: guessed role (leader, partner, opposition, mediator, patron,
            spokesperson, party).
        role_cue: the words the role was guessed from.
    """

    key: str
    name: str
    kind: str
    title: str = ""
    cue: str = ""
    confidence: float = 0.5
    mentions: list[Mention] = field(default_factory=list)
    role: str = "party"
    role_cue: str = "no cue: default"
    aliases: set[str] = field(default_factory=set)

    @property
    def surnames(self) -> set[str]:
        """Lower-case words by which a single-word mention refers to this actor."""
        if self.kind == "person":
            return {self.name.split()[-1].lower()}
        return {self.key}


def _clean(words: str) -> str:
    """Capitalised words without leading function words and a trailing possessive."""
    tokens = words.split()
    while tokens and tokens[0].lower().strip(".") in lexicon.NOT_NAMES:
        tokens.pop(0)
    text = " ".join(tokens)
    return re.sub(r"[’']s?$", "", text)


def org_key(name: str) -> str:
    """The merge key (and scenario id) of an organisation or group: 'gulf_and_arab_countries'."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


class _Registry:
    """Actors by merge key while they are being found."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}

    def person(self, name: str, title: str, cue: str, confidence: float) -> Actor:
        key = name.split()[-1].lower()
        actor = self.actors.get(key)
        if actor is None or actor.kind != "person":
            actor = Actor(key, name, "person", title, cue, confidence)
            self.actors[key] = actor
        if len(name) > len(actor.name):
            actor.name = name
        if title and len(title) > len(actor.title):
            actor.title = title
        actor.confidence = max(actor.confidence, confidence)
        return actor

    def organisation(self, name: str, kind: str, cue: str, confidence: float) -> Actor | None:
        key = org_key(name)
        if not key or name.lower() in lexicon.NOT_NAMES:
            return None
        for actor in self.actors.values():
            if actor.kind == "person" and name.lower() in (actor.key, actor.name.lower()):
                return actor
        found = self.actors.get(key)
        if found is None:
            found = Actor(key, name, kind, "", cue, confidence)
            self.actors[key] = found
        found.confidence = max(found.confidence, confidence)
        return found


def _titled_people(text: str, registry: _Registry) -> None:
    before = re.compile(
        rf"(?P<pre>(?:{CAPITAL}\s+){{0,3}})(?P<title>{TITLE})\s+(?P<name>{NAME}(?:\s+{NAME}){{0,2}})\b"
    )
    for match in before.finditer(text):
        title = (_clean(match.group("pre")) + " " + match.group("title")).strip()
        name = _name_only(match.group("name"))
        if name:
            registry.person(name, title, f"title '{title}'", 0.9)
    apposed = re.compile(
        rf"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he)\s+(?P<title>[\w\s]{{0,30}}?{TITLE}),\s+"
        rf"(?P<name>{NAME}(?:\s+{NAME}){{1,2}}),"
    )
    for match in apposed.finditer(text):
        name = _name_only(match.group("name"))
        if name:
            registry.person(name, match.group("title").strip(), "title beside the name", 0.85)
    after = re.compile(
        rf"(?P<name>{NAME}(?:\s+{NAME}){{1,2}}),\s+(?:the|an?|his|her|its|their)\s+"
        rf"(?P<title>(?:[\w\-]+\s+){{0,3}}?{TITLE})\b"
    )
    for match in after.finditer(text):
        name = _name_only(match.group("name"))
        if name and len(name.split()) >= 2:
            registry.person(name, match.group("title").strip(), "title beside the name", 0.8)


def _name_only(words: str) -> str:
    tokens = [t for t in words.split() if t.lower() not in lexicon.NOT_NAMES]
    while tokens and re.fullmatch(TITLE, tokens[0]):
        tokens.pop(0)
    if not tokens or any(t.lower() in ORG_WORDS for t in tokens):
        return ""
    return " ".join(tokens)


def _listed_people(text: str, registry: _Registry) -> None:
    """Names listed with a known person are people too ("Netanyahu, Trump, Witkoff and Dermer")."""
    item = rf"{NAME}(?:\s+{NAME})?"
    for match in re.finditer(rf"{item}(?:,\s+{item})+,?\s+and\s+{item}", text):
        names = [n.strip() for n in re.split(r",\s*|\s+and\s+", match.group()) if n.strip()]
        known = [n for n in names if n.split()[-1].lower() in registry.actors]
        if known and all(registry.actors[n.split()[-1].lower()].kind == "person" for n in known):
            for name in names:
                if name.split()[-1].lower() not in lexicon.NOT_NAMES and _name_only(name):
                    registry.person(name, "", "named in a list with a known person", 0.7)


_AGENT_AFTER = re.compile(
    rf"^,?\s+(?:(?:{lexicon.MODALS})\s+)?(?:also\s+|not\s+|n[o’']t\s+)?"
    rf"(?:(?:{lexicon.AGENCY_VERBS})\b|(?:(?<=is )|(?<=are )|(?<=was )|(?<=were ))\w+ing\b)"
)
_AGENT_BEFORE = re.compile(
    r"(?:(?:agreements?|talks|negotiations?|deal|dialogue|contacts?|meeting|accord|truce|"
    r"ceasefire|alliance|pact|treaty|dispute|standoff)\s+with|\b(?:bring|brought|bringing)\s+in|"
    r"\b(?:negotiators?|delegations?|envoys?|officials)\s+(?:from|of)|"
    r"\bmediated\s+by|\bbrokered\s+by|\bmediator|\bbetween)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _acting_organisations(text: str, quotes: list[QuoteSpan], registry: _Registry) -> None:
    sequence = re.compile(rf"\b{CAPITAL}(?:\s+(?:of\s+)?{CAPITAL})*")
    for match in sequence.finditer(text):
        name = _clean(match.group())
        if not name or org_key(name) in registry.actors or name.lower() in registry.actors:
            continue
        if any(word.lower() in _person_surnames(registry) for word in name.split()[1:]):
            continue
        start = match.start() + match.group().find(name.split()[0])
        after = text[match.end() : match.end() + 60]
        prior = text[max(0, start - 60) : start]
        agent_after = _AGENT_AFTER.match(after) is not None
        agent_before = _AGENT_BEFORE.search(prior) is not None
        if not (agent_after or agent_before):
            continue
        words = name.split()
        looks_like_person = (
            2 <= len(words) <= 3
            and not any(w.lower() in ORG_WORDS for w in words)
            and re.fullmatch(rf"{NAME}(?:\s+{NAME}){{1,2}}", name) is not None
            and agent_after
            and not inside(quotes, start)
        )
        if looks_like_person:
            registry.person(name, "", "a first and last name that speaks or acts", 0.6)
        elif not (len(words) == 1 and words[0].lower() in _person_surnames(registry)):
            cue = "subject of a verb of speech or action" if agent_after else "a side in talks"
            registry.organisation(name, "organisation", cue, 0.6)


def _person_surnames(registry: _Registry) -> set[str]:
    return {a.key for a in registry.actors.values() if a.kind == "person"}


def _demonyms(text: str, registry: _Registry) -> None:
    pattern = re.compile(r"\b[Tt]he\s+(?P<word>[A-Z][a-z]+(?:is|ians|ans|ese))\b(?!\s+[A-Z])")
    for match in pattern.finditer(text):
        word = match.group("word")
        stem = next(
            (word[: -len(ending)] for ending in ("is", "ians", "ese") if word.endswith(ending)),
            word[:-1],
        )
        known = [
            a for a in registry.actors.values() if a.kind != "person" and a.key == org_key(stem)
        ]
        actor = known[0] if known else registry.organisation(stem, "organisation", "", 0.55)
        if actor is not None:
            actor.aliases.add(word)
            actor.cue = actor.cue or f"'the {word}' in the text"


def _groups(text: str, registry: _Registry) -> None:
    pattern = re.compile(
        rf"\b(?P<mods>(?:{CAPITAL}\s+(?:and\s+)?){{1,3}})(?P<noun>{lexicon.GROUP_NOUNS})\b"
    )
    for match in pattern.finditer(text):
        mods = _clean(match.group("mods"))
        if not mods or mods.lower().endswith(" and"):
            continue
        registry.organisation(f"{mods} {match.group('noun')}", "group", "a named group", 0.6)


def _collect_mentions(text: str, quotes: list[QuoteSpan], actors: list[Actor]) -> None:
    for actor in actors:
        forms = {actor.name, *actor.surnames, *actor.aliases}
        if actor.kind == "person":
            forms.add(actor.name.split()[-1])
        alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        seen: set[int] = set()
        for match in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", text, re.IGNORECASE):
            if match.group()[0].islower() and match.group().lower() not in {
                f.lower() for f in forms if f[0].isupper()
            }:
                continue
            if match.start() in seen:
                continue
            seen.add(match.start())
            actor.mentions.append(
                Mention(match.start(), match.end(), match.group(), inside(quotes, match.start()))
            )
    _title_mentions(text, quotes, actors)
    for actor in actors:
        actor.mentions.sort(key=lambda m: m.start)


def _title_mentions(text: str, quotes: list[QuoteSpan], actors: list[Actor]) -> None:
    """'the prime minister' refers to the one person with that title, if only one has it."""
    for match in re.finditer(rf"\b(?:the|Mr\.?|Madam|Ms\.?)\s+(?P<t>{TITLE})\b", text, re.I):
        title = match.group("t").lower()
        holders = [a for a in actors if a.kind == "person" and a.title.lower().endswith(title)]
        if len(holders) == 1:
            mention = Mention(
                match.start(), match.end(), match.group(), inside(quotes, match.start())
            )
            if all(m.start != mention.start for m in holders[0].mentions):
                holders[0].mentions.append(mention)


def find_actors(document: Document, quotes: list[QuoteSpan]) -> list[Actor]:
    """Every actor the text names, with mentions and a guessed role, by first mention."""
    text = document.text
    registry = _Registry()
    _titled_people(text, registry)
    _listed_people(text, registry)
    _acting_organisations(text, quotes, registry)
    _demonyms(text, registry)
    _groups(text, registry)
    actors = list(registry.actors.values())
    _drop_contained(actors)
    ranked = sorted(range(len(actors)), key=lambda i: (-actors[i].confidence, i))[:MAX_ACTORS]
    actors = [actors[i] for i in sorted(ranked)]
    _collect_mentions(text, quotes, actors)
    actors = [a for a in actors if a.mentions]
    guess_roles(document, actors)
    actors.sort(key=lambda a: a.mentions[0].start)
    return actors


def _drop_contained(actors: list[Actor]) -> None:
    """An organisation named in a person's title is an affiliation; 'State of X' is X."""
    keys = {a.key for a in actors}
    for actor in list(actors):
        last = org_key(actor.name.split()[-1])
        if actor.kind == "organisation" and " of " in actor.name and last in keys:
            actors.remove(actor)
    titles = " ".join(a.title.lower() for a in actors if a.kind == "person")
    people = " ".join(a.name.lower() for a in actors if a.kind == "person")
    for actor in list(actors):
        if actor.kind == "person":
            continue
        name = actor.name.lower()
        if f" {name} " in f" {titles} " or f" {name} " in f" {people} ":
            actors.remove(actor)
