"""Who said it: direct quotes and reported speech, each attributed or left for review.

Rules, in order, for a direct quote:

1. after it: ``"...," a source said`` / ``"...," said Smith`` / ``"...," he added``;
2. before it in its sentence: ``X said ...: "..."``, ``X ..., saying: "..."``,
   ``According to X, ... "..."``, or a caption ``X in a video: '...'``;
3. a paragraph that is all quote continues the speaker of the paragraph before.

A pronoun speaker is resolved to the one person named (outside quotes) in the
nearest sentence that names any; when that sentence names several, the quote
stays unattributed. An unattributed quote is kept with a low confidence and
listed for review: a quote is never guessed onto a speaker silently.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from sim.draft import lexicon
from sim.draft.actors import Actor
from sim.draft.quotes import QuoteSpan, between, inside
from sim.draft.text import Document, Sentence, Span

ANONYMOUS = "anonymous"
"""Speaker id of a quote the text gives to an unnamed source ('a source said')."""

_VERB = rf"(?:{lexicon.SPEECH_VERBS})"
_AFTER_WHO_VERB = re.compile(
    rf"^\s*[,—–-]?\s*(?P<who>[^,.;:!?“”\"]{{1,60}}?)\s+(?:also\s+)?{_VERB}\b", re.IGNORECASE
)
_AFTER_VERB_WHO = re.compile(
    rf"^\s*[,—–-]?\s*{_VERB}\s+(?P<who>[^,.;:!?“”\"]{{1,60}}?)\s*(?:[,.;:!?]|$)", re.IGNORECASE
)
_FRAME = re.compile(
    rf"\b(?:(?P<verb>{_VERB})|(?P<gerund>{lexicon.REPORTING_GERUNDS})|(?P<acc>according to))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Speech(Span):
    """A passage someone said, and who.

    Attributes:
        kind: 'direct' (in quote marks) or 'reported' ('X said that ...').
        speaker: an actor key, ``ANONYMOUS``, or None when unattributed.
        label: the speaker as written ('a source', 'he', 'Netanyahu').
        cue: the rule that attributed it.
        confidence: 0..1.
        paragraph: index of its paragraph.
        pronoun_at: offset of the pronoun that named the speaker ('he said'), else -1.
    """

    kind: str
    speaker: str | None
    label: str
    cue: str
    confidence: float
    paragraph: int
    pronoun_at: int = -1

    @property
    def id(self) -> str:
        """A stable id: the offset where it starts ('quote-120', 'reported-77')."""
        return f"{'quote' if self.kind == 'direct' else 'reported'}-{self.start}"

    @property
    def review(self) -> bool:
        """Whether an analyst should check the attribution first."""
        return self.speaker is None or self.confidence < 0.6


@dataclass(frozen=True)
class _Who:
    speaker: str | None
    label: str
    confidence: float
    pronoun_at: int = -1


class Attributor:
    """Attributes the speech of one document to its actors."""

    def __init__(self, document: Document, quotes: list[QuoteSpan], actors: list[Actor]) -> None:
        self.document = document
        self.text = document.text
        self.quotes = quotes
        self.actors = actors
        self.mentions = sorted(
            (m.start, m.end, a) for a in actors for m in a.mentions if not m.in_quote
        )
        self.mention_starts = [m[0] for m in self.mentions]

    def run(self) -> list[Speech]:
        """Every direct quote and reported statement, in order of the text."""
        speeches = self._reported()
        by_paragraph: dict[int, list[Speech]] = {}
        for speech in speeches:
            by_paragraph.setdefault(speech.paragraph, []).append(speech)
        for quote in self.quotes:
            speech = self._direct(quote, by_paragraph)
            speeches.append(speech)
            by_paragraph.setdefault(speech.paragraph, []).append(speech)
        speeches.sort(key=lambda s: s.start)
        return speeches

    # --- resolving a phrase to a speaker -------------------------------------------

    def _mentions_in(self, start: int, end: int) -> list[tuple[int, Actor]]:
        """Mentions (outside quotes) that lie within ``text[start:end]``, in order."""
        first = bisect.bisect_left(self.mention_starts, start)
        last = bisect.bisect_left(self.mention_starts, end)
        return [
            (m_start, actor) for m_start, m_end, actor in self.mentions[first:last] if m_end <= end
        ]

    def _who(self, start: int, end: int, nearest_last: bool = True) -> _Who | None:
        """The speaker named by a phrase of the text (a name, an unnamed source, a pronoun)."""
        phrase = self.text[start:end]
        relative = [
            (start + m.start(), start + m.end())
            for m in re.finditer(r",\s+(?:who|whose|which|where)\b[^,]*,", phrase)
        ]
        mentions = [
            (at, actor)
            for at, actor in self._mentions_in(start, end)
            if not any(low <= at < high for low, high in relative)
        ]
        if mentions:
            actor = mentions[-1][1] if nearest_last else mentions[0][1]
            return _Who(actor.key, actor.name, 0.9)
        pronoun = re.search(r"\b(he|she|they)\b", phrase, re.IGNORECASE)
        if pronoun:
            return self._pronoun(start + pronoun.start(), pronoun.group().lower())
        anonymous = re.search(rf"\b(?:{lexicon.ANONYMOUS_SPEAKERS})\b", phrase, re.IGNORECASE)
        if anonymous:
            return _Who(ANONYMOUS, phrase.strip(), 0.8)
        return None

    def _pronoun(self, offset: int, pronoun: str) -> _Who:
        kind = lexicon.PRONOUNS[pronoun]
        sentence = self.document.sentence_at(offset)
        paragraph = sentence.paragraph if sentence else 0
        window_start = self.document.paragraphs[max(0, paragraph - 1)].start
        candidates: list[Sentence] = [
            s
            for s in self.document.sentences_between(window_start, offset)
            if s.start < offset and s.paragraph >= paragraph - 1
        ]
        for sent in reversed(candidates):
            end = min(sent.end, offset)
            named = {
                a.key
                for _, a in self._mentions_in(sent.start, end)
                if (a.kind == "person") == (kind == "person")
            }
            if len(named) == 1:
                return _Who(named.pop(), pronoun, 0.7, offset)
            if len(named) > 1:
                return _Who(None, f"{pronoun} (ambiguous: {', '.join(sorted(named))})", 0.2)
        return _Who(None, f"{pronoun} (no one named before it)", 0.2)

    # --- direct quotes -------------------------------------------------------------

    def _sentence_bounds(self, quote: QuoteSpan) -> tuple[int, int]:
        paragraph = self.document.paragraphs[quote.paragraph]
        opening = self.document.sentence_at(quote.open_start)
        start = opening.start if opening else paragraph.start
        return start, paragraph.end

    def _direct(self, quote: QuoteSpan, earlier: dict[int, list[Speech]]) -> Speech:
        who, cue = self._after(quote)
        if who is None:
            who, cue = self._before(quote)
        if who is None:
            who, cue = self._continued(quote, earlier)
        if who is None:
            who, cue = _Who(None, "", 0.2), "no speaker found near the quote"
        return Speech(
            quote.start,
            quote.end,
            "direct",
            who.speaker,
            who.label,
            cue,
            who.confidence,
            quote.paragraph,
            who.pronoun_at,
        )

    def _after(self, quote: QuoteSpan) -> tuple[_Who | None, str]:
        if not quote.closed:
            return None, ""
        _, end = self._sentence_bounds(quote)
        tail = self.text[quote.close_end : end]
        next_quote = next(
            (
                q.open_start
                for q in between(self.quotes, quote.close_end, end)
                if q.open_start >= quote.close_end
            ),
            end,
        )
        tail = tail[: max(0, next_quote - quote.close_end)]
        for pattern, cue in (
            (_AFTER_WHO_VERB, "'..., X said' after the quote"),
            (_AFTER_VERB_WHO, "'..., said X' after the quote"),
        ):
            match = pattern.match(tail)
            if match:
                who = self._who(
                    quote.close_end + match.start("who"), quote.close_end + match.end("who")
                )
                if who is not None:
                    return who, cue
        return None, ""

    def _before(self, quote: QuoteSpan) -> tuple[_Who | None, str]:
        start, _ = self._sentence_bounds(quote)
        head_start = start
        head = self._masked(start, quote.open_start)
        frames = list(_FRAME.finditer(head))
        if frames:
            frame = frames[-1]
            if frame.group("acc"):
                rest = head[frame.end() :]
                phrase_end = head_start + frame.end() + (re.search(r"[,;:]|$", rest).start())  # type: ignore[union-attr]
                who = self._who(head_start + frame.end(), phrase_end, nearest_last=False)
                return who, "'according to X' before the quote"
            if frame.group("gerund"):
                who = self._who(head_start, head_start + frame.start(), nearest_last=False)
                return who, "'X ..., saying:' before the quote"
            phrase = head[: frame.start()]
            boundary = max(phrase.rfind(c) for c in ';:“”"')
            who = self._who(head_start + boundary + 1, head_start + frame.start())
            return who, "'X said ...' before the quote"
        if head.rstrip().endswith(":"):
            paragraph = self.document.paragraphs[quote.paragraph]
            if head_start == paragraph.start or start == paragraph.start:
                mentions = self._mentions_in(head_start, quote.open_start)
                keys = {a.key for _, a in mentions}
                if len(keys) == 1 and mentions[0][0] - head_start < 5:
                    return _Who(
                        mentions[0][1].key, mentions[0][1].name, 0.6
                    ), "caption 'X ...: quote'"
        return None, ""

    def _masked(self, start: int, end: int) -> str:
        """The text between two offsets with quoted passages blanked (offsets kept)."""
        chars = list(self.text[start:end])
        for other in between(self.quotes, start, end):
            for index in range(max(other.open_start, start), min(other.close_end, end)):
                chars[index - start] = " "
        return "".join(chars)

    def _continued(
        self, quote: QuoteSpan, earlier: dict[int, list[Speech]]
    ) -> tuple[_Who | None, str]:
        paragraph = self.document.paragraphs[quote.paragraph]
        same = [s for s in earlier.get(quote.paragraph, []) if s.end <= quote.start]
        if same:
            last = max(same, key=lambda s: s.start)
            between = [
                a for _, a in self._mentions_in(last.end, quote.open_start) if a.key != last.speaker
            ]
            if last.speaker not in (None, ANONYMOUS) and not between:
                return (
                    _Who(last.speaker, last.label, min(0.65, last.confidence)),
                    "a later quote in the paragraph of an attributed one",
                )
            return None, ""
        if self.text[paragraph.start : quote.open_start].strip():
            return None, ""
        before = sorted(earlier.get(quote.paragraph - 1, []), key=lambda s: s.start)
        speakers = {s.speaker for s in before}
        if len(speakers) == 1 and before[-1].speaker not in (None, ANONYMOUS):
            last = before[-1]
            return (
                _Who(last.speaker, last.label, min(0.65, last.confidence)),
                "a quote paragraph continuing the previous paragraph's speaker",
            )
        return None, ""

    # --- reported speech -----------------------------------------------------------

    def _reported(self) -> list[Speech]:
        found = []
        pattern = re.compile(
            rf"\b(?P<verb>{_VERB})\b(?P<gap>[^.;:“”\"]{{0,80}}?)\b(?:that|for),?\s+", re.I
        )
        direct = re.compile(
            r"\b(?:demanded|demands|insisted on|insists on|rejected|rejects|refused|refuses)\s+",
            re.I,
        )
        bare = re.compile(
            r"\b(?:said|says|told \w+(?: \w+)?|warned|added|insisted|argued)\s+"
            r"(?:(?:on|late on|early on|in a statement|in an interview)\s+(?:\w+\s+)?)?"
            r"(?=(?:[\w’'-]+\s+){1,4}?(?:would|will|could|can|cannot|must|should|had|has|have|"
            r"was|were|is|are|did|does)\b)",
            re.I,
        )
        for sentence in self.document.sentences:
            body = self.text[sentence.start : sentence.end]
            match = pattern.search(body) or direct.search(body) or bare.search(body)
            if match is None:
                continue
            clause_start = sentence.start + match.end()
            if inside(self.quotes, sentence.start + match.start()):
                continue
            clause_end = sentence.end
            for quote in between(self.quotes, sentence.start, sentence.end):
                if quote.open_start <= clause_start < quote.close_end:
                    clause_end = clause_start
                elif clause_start <= quote.open_start < clause_end:
                    clause_end = quote.open_start
            gerund = re.search(rf",?\s*\b(?:{lexicon.REPORTING_GERUNDS})\b", body)
            if gerund and sentence.start + gerund.start() > clause_start:
                clause_end = min(clause_end, sentence.start + gerund.start())
            while clause_end > clause_start and self.text[clause_end - 1] in '.,:;!? "”’':
                clause_end -= 1
            if len(self.text[clause_start:clause_end].split()) < 4:
                continue
            who = self._who(sentence.start, sentence.start + match.start())
            if who is None or who.speaker is None:
                continue
            found.append(
                Speech(
                    clause_start,
                    clause_end,
                    "reported",
                    who.speaker,
                    who.label,
                    "'X said that ...' (reported speech)",
                    min(who.confidence, 0.75),
                    sentence.paragraph,
                    who.pronoun_at,
                )
            )
        return found


def attribute(document: Document, quotes: list[QuoteSpan], actors: list[Actor]) -> list[Speech]:
    """Every direct quote and reported statement with its speaker (or None), in text order."""
    return Attributor(document, quotes, actors).run()
