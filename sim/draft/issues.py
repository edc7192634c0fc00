"""Candidate issues: the deal's components the text names, and what red lines and demands are about.

"The deal includes a ceasefire in the war, the return of 50 hostages, and an
expansion of the Abraham Accords" gives three components. A component with a
number becomes an integer issue from 0 to that number; one without a number
becomes a categorical issue, with the qualifiers the text uses for it as
options ("temporary", "permanent") or else no/yes. A red line or a demand
that fits no component gets a no/yes issue named after the thing it is about.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from sim.draft import lexicon
from sim.draft.text import Document, Span

MAX_ISSUES = 8
MAX_INTEGER_OPTIONS = 6


@dataclass(frozen=True)
class IssueCandidate(Span):
    """A candidate issue and the words it was drawn from.

    Attributes:
        id: identifier for the scenario (a slug of its words).
        label: the words of the text that name it.
        kind: 'integer' or 'categorical'.
        options: categorical options (empty for integer issues).
        maximum: integer issues: the number the text gives (the range is 0..maximum).
        step: integer issues: distance between options.
        origin: 'component', 'red line' or 'demand'.
        confidence: 0..1.
    """

    id: str
    label: str
    kind: str
    options: tuple[str, ...]
    maximum: int
    step: int
    origin: str
    confidence: float

    @property
    def keywords(self) -> set[str]:
        """Content words of its label and id, for matching speech to it."""
        return content_words(f"{self.label} {self.id.replace('_', ' ')}")

    @property
    def option_count(self) -> int:
        """How many options it has."""
        return self.maximum // self.step + 1 if self.kind == "integer" else len(self.options)


def content_words(text: str) -> set[str]:
    """Lower-case words of a text, plural s dropped, without stop words and short words."""
    words = set()
    for word in re.findall(r"[A-Za-z][A-Za-z\-]+", text.lower()):
        if word in lexicon.STOPWORDS or len(word) < 3:
            continue
        words.add(word[:-1] if word.endswith("s") and len(word) > 4 else word)
    return words


def slug(text: str, fallback: str = "issue") -> str:
    """An identifier made of the content words of a text (at most three)."""
    words = [
        w
        for w in re.findall(r"[a-z0-9]+", text.lower())
        if w not in lexicon.STOPWORDS and not w.isdigit()
    ]
    ident = "_".join(words[:3])
    if not ident or not ident[0].isalpha():
        ident = f"{fallback}_{ident}".rstrip("_")
    return ident[:40]


def _step(maximum: int) -> int:
    for parts in range(MAX_INTEGER_OPTIONS - 1, 0, -1):
        if maximum % parts == 0:
            return maximum // parts
    return maximum


UNITS = frozenset(
    """percent per cent thousand million billion dollars euros pounds tonnes tons years
    months weeks days hours points seats""".split()
)


def _number(item: str) -> tuple[int, str] | None:
    """The number an item gives and the words it counts ('50 hostages', 'quota of 400 tonnes')."""
    match = re.search(r"\b(\d[\d,]{0,8})\s*(%|[A-Za-z][\w\-]*)", item)
    value = None
    if match:
        value = int(match.group(1).replace(",", ""))
    else:
        for word, number in lexicon.NUMBER_WORDS.items():
            match = re.search(rf"\b({word})\s+([A-Za-z][\w\-]*)", item, re.IGNORECASE)
            if match:
                value = number
                break
    if match is None or value is None or not 1 <= value <= 10**6:
        return None
    noun = match.group(2)
    if noun.lower() in UNITS or noun == "%":
        before = re.sub(r"\s+(?:of|to|at|by|from|for)$", "", item[: match.start()].strip())
        noun = before or noun
    return value, noun


def issue_from_phrase(
    document: Document, span: Span, origin: str, confidence: float
) -> IssueCandidate | None:
    """An issue named by a noun phrase of the text ('the return of 50 hostages')."""
    phrase = document.text[span.start : span.end].strip(" .,;:")
    phrase = re.sub(r"^(?:and|or)\s+", "", phrase, flags=re.IGNORECASE)
    phrase = re.sub(r"^(?:an?|the|some|any)\s+", "", phrase, flags=re.IGNORECASE)
    if not re.search(r"[A-Za-z]{3}", phrase) or len(phrase) > 120:
        return None
    number = _number(phrase)
    if number is not None:
        maximum, noun = number
        return IssueCandidate(
            span.start,
            span.end,
            slug(noun),
            phrase,
            "integer",
            (),
            maximum,
            _step(maximum),
            origin,
            confidence,
        )
    of = re.match(r"^(\w+)\s+(?:of|for|to)\s+(?:the\s+)?(.+)$", phrase)
    head = re.split(r"\s+(?:in|on|at|for|with|by|from|into|over|between)\s+", phrase)[0]
    ident = slug(of.group(2) if of else head)
    head_word = (head.split() or [""])[-1].lower()
    qualifiers = sorted(_qualifiers(document.text).get(head_word, set()))
    options = ("none", *qualifiers) if len(qualifiers) >= 1 and head_word else ("no", "yes")
    return IssueCandidate(
        span.start, span.end, ident, phrase, "categorical", options, 0, 1, origin, confidence
    )


@lru_cache(maxsize=4)
def _qualifiers(text: str) -> dict[str, set[str]]:
    """Noun -> the qualifiers the text puts before it ('temporary ceasefire', 'full withdrawal')."""
    found: dict[str, set[str]] = {}
    pattern = rf"\b({lexicon.QUALIFIERS})\s+(?:(\w+)\s+)?(\w+)\b"
    for match in re.finditer(pattern, text, re.IGNORECASE):
        for noun in (match.group(2), match.group(3)):
            if noun:
                found.setdefault(noun.lower(), set()).add(match.group(1).lower())
    return found


MAX_COMPONENTS = 24
"""Components read from the text at most (the first lists win; issues are capped anyway)."""


def find_components(document: Document) -> list[IssueCandidate]:
    """The components a sentence lists after 'includes', 'would see', 'calls for', ..."""
    found: list[IssueCandidate] = []
    cue = re.compile(rf"\b(?:{lexicon.COMPONENT_CUES})\b\s*:?\s*", re.IGNORECASE)
    for sentence in document.sentences:
        body = document.text[sentence.start : sentence.end]
        match = cue.search(body)
        if match is None or not re.search(
            rf"\b(?:{lexicon.DEAL_WORDS})\b", body[: match.start()], re.IGNORECASE
        ):
            continue
        rest_start = sentence.start + match.end()
        rest = document.text[rest_start : sentence.end]
        end_of_list = re.search(r"[.;!?”\"]|$", rest)
        rest = rest[: end_of_list.start() if end_of_list else len(rest)]
        items = [m for m in re.finditer(r"[^,]+", rest)]
        split: list[tuple[int, int]] = []
        for item in items:
            parts = re.split(r"\s+and\s+", item.group())
            offset = rest_start + item.start()
            for part in parts:
                index = document.text.find(part, offset)
                split.append((index, index + len(part)))
                offset = index + len(part)
        if len(split) < 2:
            continue
        if len(found) >= MAX_COMPONENTS:
            break
        for start, end in split[:6]:
            if re.search(
                r"\b(?:cannot|can|will|would|is|are|was|were|has|have|had)\b",
                document.text[start:end],
            ):
                break
            issue = issue_from_phrase(document, Span(start, end), "component", 0.7)
            if issue is not None:
                found.append(issue)
    return found


def topic_phrase(document: Document, span: Span, cue: str = "") -> Span | None:
    """What a red line or demand is about.

    The last 'a/an/the/its ...' phrase of its clause that is not part of the cue
    ('out of the question'), else the object of 'accept/sign/support/allow'
    ('will not accept cuts'); None when there is neither.
    """
    words = document.text[span.start : span.end]
    best = None
    for match in re.finditer(
        r"\b(?:an?|the|its|their|our|his|her|any)\s+((?:[A-Za-z][\w\-]*\s+){0,2}[A-Za-z][\w\-]*)",
        words,
        re.IGNORECASE,
    ):
        phrase = match.group().lower()
        if not re.search(r"red[ -]line", phrase) and phrase not in cue.lower():
            best = match
    if best is None:
        best = re.search(
            r"\b(?:accept|sign|support|allow|tolerate|agree to|back)\s+([a-z][\w\-]+)", words
        )
        if best is None or best.group(1) in lexicon.STOPWORDS:
            return None
        return Span(span.start + best.start(1), span.start + best.end(1))
    return Span(span.start + best.start(), span.start + best.end())


def match_issue(issues: list[IssueCandidate], text: str) -> IssueCandidate | None:
    """The issue sharing the most content words with a text (None when none shares any)."""
    words = content_words(text)
    scored = [(len(words & issue.keywords), -i, issue) for i, issue in enumerate(issues)]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: (s[0], s[1]))[2] if scored else None


def unique(issues: list[IssueCandidate]) -> list[IssueCandidate]:
    """Issues with distinct ids (the first kept), at most MAX_ISSUES, packages bounded."""
    kept: list[IssueCandidate] = []
    for issue in issues:
        if any(issue.id == other.id for other in kept) or len(kept) >= MAX_ISSUES:
            continue
        if math.prod(i.option_count for i in [*kept, issue]) > 200_000:
            continue
        kept.append(issue)
    return kept
