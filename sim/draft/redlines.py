"""Red lines and demands: what each speaker refuses, sets as a condition, or asks for.

Each sentence of attributed speech is searched for cues. A refusal or an
ultimatum ("will not happen", "forget it", "not even", "no!", "must not",
"red line") makes a candidate *hard* red line; a condition or a warning
("only if", "unless", "should not", "hard to believe") a candidate *soft* one.
Imperatives ("Make a deal, return the hostages") and "want/must/should"
statements make demands. Strength and direction are guesses, kept with the
quote they come from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sim.draft import lexicon
from sim.draft.attribution import ANONYMOUS, Speech
from sim.draft.text import Document, Span

_HARD = re.compile(rf"(?:{lexicon.HARD_CUES})", re.IGNORECASE)
_SOFT = re.compile(rf"(?:{lexicon.SOFT_CUES})", re.IGNORECASE)
_REQUIRE = re.compile(
    r"only if|unless|on condition|as long as|provided that|\bmust\b(?! not)|has to|have to|"
    r"needs? to|insist|demand|at least|no less than",
    re.IGNORECASE,
)
_DEMAND = re.compile(lexicon.DEMAND_CUES, re.IGNORECASE)


@dataclass(frozen=True)
class RedLineCandidate(Span):
    """A refusal or condition in someone's words.

    Attributes:
        id: unique id: 'redline-' and its start offset.
        actor: the speaker's actor key, or None when the speech is unattributed.
        cue: the words that signalled it.
        hard: guessed strength (True: hard, False: soft).
        direction: 'refuse' (the speaker rejects the thing named) or
            'require' (the speaker makes it a condition).
        number: a number the sentence gives ('at least 30'), if any.
        confidence: 0..1.
        clause: the clause around the cue (what the red line is about).
        bound: 'min' or 'max' when the sentence bounds a number ('at least
            9', 'a quota below 300'), else None.
    """

    id: str
    actor: str | None
    cue: str
    hard: bool
    direction: str
    number: int | None
    confidence: float
    clause: Span
    bound: str | None = None


@dataclass(frozen=True)
class Demand(Span):
    """Something a speaker asks for ('return the hostages', 'we want victory').

    Attributes:
        id: unique id: 'demand-' and its start offset.
        actor: the speaker's actor key, or None.
        cue: 'imperative' or the demand word.
        confidence: 0..1.
    """

    id: str
    actor: str | None
    cue: str
    confidence: float


def pieces(document: Document, speech: Speech) -> list[Span]:
    """The sentences of a speech, each cut to the speech's span and trimmed."""
    found = []
    for sentence in document.sentences_between(speech.start, speech.end):
        start, end = max(sentence.start, speech.start), min(sentence.end, speech.end)
        while start < end and (document.text[start].isspace() or document.text[start] in "“\"'‘"):
            start += 1
        while end > start and (
            document.text[end - 1].isspace() or document.text[end - 1] in "”\"'’,"
        ):
            end -= 1
        if end - start >= 3:
            found.append(Span(start, end))
    return found


def _number(text: str) -> int | None:
    match = re.search(r"\b(\d{1,6})\b", text.replace(",", ""))
    if match:
        return int(match.group(1))
    for word, value in lexicon.NUMBER_WORDS.items():
        if re.search(rf"\b{word}\b", text, re.IGNORECASE):
            return value
    return None


def find_red_lines(document: Document, speeches: list[Speech]) -> list[RedLineCandidate]:
    """Candidate red lines, one per cued sentence of speech, in text order."""
    found: list[RedLineCandidate] = []
    for speech in speeches:
        actor = speech.speaker if speech.speaker != ANONYMOUS else None
        for piece in pieces(document, speech):
            words = document.text[piece.start : piece.end]
            hard = _HARD.search(words)
            soft = None if hard else _SOFT.search(words)
            cue = hard or soft
            if cue is None:
                continue
            clause_start, clause_end = _clause(words, cue.start())
            clause = words[clause_start:clause_end]
            direction = "require" if _REQUIRE.search(cue.group()) else "refuse"
            bound = _bound(clause, direction)
            confidence = (0.7 if hard else 0.5) * (1.0 if actor else 0.5)
            found.append(
                RedLineCandidate(
                    piece.start,
                    piece.end,
                    f"redline-{piece.start}",
                    actor,
                    cue.group(),
                    hard is not None,
                    direction,
                    _number(clause),
                    round(min(confidence, speech.confidence), 2),
                    Span(piece.start + clause_start, piece.start + clause_end),
                    bound,
                )
            )
    return found


def _bound(clause: str, direction: str) -> str | None:
    """Whether a clause sets a floor ('min') or a ceiling ('max') on a number it gives."""
    if _number(clause) is None:
        return None
    floor = re.search(
        r"at least|no less than|minimum|below|less than|fewer than|under", clause, re.I
    )
    ceiling = re.search(
        r"at most|no more than|maximum|up to|above|more than|over|exceed", clause, re.I
    )
    refusing_below = (
        direction == "refuse"
        and floor
        and not re.search(r"at least|no less|minimum", floor.group())
    )
    if floor and (direction == "require" or refusing_below):
        return "min"
    if ceiling:
        return "max"
    return None


def _clause(words: str, at: int) -> tuple[int, int]:
    """Start and end of the clause around an offset (between , ; : — and 'but')."""
    bounds = [m.end() for m in re.finditer(r"[,;:—–]|\bbut\b", words[:at])]
    start = bounds[-1] if bounds else 0
    after = re.search(r"[,;:—–]|\bbut\b", words[at + 1 :])
    end = at + 1 + after.start() if after else len(words)
    return start, end


def find_demands(document: Document, speeches: list[Speech]) -> list[Demand]:
    """Imperatives and want/must/should statements in speech, one per clause or sentence."""
    found: list[Demand] = []
    text = document.text
    for speech in speeches:
        actor = speech.speaker if speech.speaker != ANONYMOUS else None
        for piece in pieces(document, speech):
            words = text[piece.start : piece.end]
            first = re.match(r"[A-Za-z]+", words)
            if first and first.group().lower() in lexicon.IMPERATIVE_VERBS:
                for clause in re.finditer(r"[^,;.!?]+", words):
                    verb = re.match(r"\s*([A-Za-z]+)", clause.group())
                    if verb and verb.group(1).lower() in lexicon.IMPERATIVE_VERBS:
                        start = (
                            piece.start
                            + clause.start()
                            + (len(clause.group()) - len(clause.group().lstrip()))
                        )
                        end = piece.start + clause.end()
                        found.append(
                            Demand(start, end, f"demand-{start}", actor, "imperative", 0.7)
                        )
                continue
            cue = _DEMAND.search(words)
            if cue:
                found.append(
                    Demand(
                        piece.start,
                        piece.end,
                        f"demand-{piece.start}",
                        actor,
                        cue.group().lower(),
                        0.5,
                    )
                )
    return found
