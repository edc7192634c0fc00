"""The article as text: reading it safely, paragraphs, sentences and character spans.

Every extraction the drafter makes points back into the article by character
offsets (``start``, ``end``) of the text exactly as read, so a quote can be cut
out verbatim and shown highlighted.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

MAX_ARTICLE_BYTES = 200_000
"""Largest article read (about 30,000 words): drafting is a single pass, but bounded."""

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st jr sr no vs etc inc ltd co corp gov sen rep u.s "
    "u.k u.n e.u a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
"""Words whose trailing full stop does not end a sentence."""


class DraftInputError(ValueError):
    """An article that cannot be drafted from, with a located message.

    Attributes:
        message: ``file:line:column: what is wrong``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Span:
    """A stretch of the article: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True)
class Paragraph(Span):
    """A paragraph: a run of non-empty lines (news copy puts one paragraph a line)."""

    index: int


@dataclass(frozen=True)
class Sentence(Span):
    """A sentence, and the index of its paragraph."""

    paragraph: int


@dataclass(frozen=True)
class Document:
    """The article with its paragraphs and sentences.

    Attributes:
        text: the article exactly as read (offsets refer to it).
        paragraphs: in order.
        sentences: in order, none crossing a paragraph.
        backend: what segmented the sentences ('rules' or 'spacy').
    """

    text: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    backend: str

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence that contains an offset (None between sentences)."""
        index = bisect.bisect_right(self._sentence_starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return self.sentences[index]
        return None

    def sentences_between(self, start: int, end: int) -> tuple[Sentence, ...]:
        """The sentences that overlap ``text[start:end]``, in order."""
        first = max(0, bisect.bisect_right(self._sentence_starts, start) - 1)
        last = bisect.bisect_left(self._sentence_starts, end)
        return tuple(s for s in self.sentences[first:last] if s.end > start)

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph that contains an offset."""
        index = bisect.bisect_right(self._paragraph_starts, offset) - 1
        if index >= 0 and offset < self.paragraphs[index].end:
            return self.paragraphs[index]
        return None


def read_article(path: str | Path) -> str:
    """The text of an article file, checked before it is read whole.

    Raises:
        DraftInputError: not a file, too large, not UTF-8, or empty; the message
            names the file and, for bad bytes, the line and column.
    """
    path = Path(path)
    if not path.exists():
        raise DraftInputError(f"{path}:1:1: no such file")
    if not path.is_file():
        raise DraftInputError(f"{path}:1:1: not a regular file (a directory or a device?)")
    size = path.stat().st_size
    if size > MAX_ARTICLE_BYTES:
        raise DraftInputError(
            f"{path}:1:1: the article is {size:,} bytes; at most {MAX_ARTICLE_BYTES:,} are read"
        )
    with path.open("rb") as handle:
        data = handle.read(MAX_ARTICLE_BYTES + 1)
    return decode_article(data, str(path))


def decode_article(data: bytes, name: str) -> str:
    """Bytes of an article as checked text (UTF-8, a BOM allowed).

    Raises:
        DraftInputError: too large, not UTF-8 (located at the offending byte) or empty.
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise DraftInputError(
            f"{name}:1:1: the article is {len(data):,} bytes; "
            f"at most {MAX_ARTICLE_BYTES:,} are read"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise DraftInputError(
            f"{name}:{line}:{column}: not UTF-8 text (byte 0x{data[error.start]:02x}); "
            "save the article as UTF-8"
        ) from None
    return check_text(text, name)


def check_text(text: str, name: str) -> str:
    """Refuse text with nothing to draft from; return it unchanged otherwise.

    Raises:
        DraftInputError: empty or only white space, or more than the size limit.
    """
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_ARTICLE_BYTES:
        raise DraftInputError(
            f"{name}:1:1: the article is longer than {MAX_ARTICLE_BYTES:,} bytes; "
            "draft from a shorter text"
        )
    if not re.search(r"\w", text):
        raise DraftInputError(f"{name}:1:1: the article is empty (no words to draft from)")
    return text


def paragraphs_of(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs: each non-empty line (news copy) or block of lines separated by a blank one."""
    found: list[Paragraph] = []
    for match in re.finditer(r"[^\n]*\S[^\n]*", text):
        start = match.start() + (len(match.group()) - len(match.group().lstrip()))
        end = match.start() + len(match.group().rstrip())
        found.append(Paragraph(start, end, len(found)))
    return tuple(found)


_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|[.!?]+[\"'”’)\]]*$")


def rule_sentences(text: str, paragraphs: tuple[Paragraph, ...]) -> tuple[Sentence, ...]:
    """Sentences by punctuation, abbreviations (Mr., U.S.) and initials kept whole."""
    found: list[Sentence] = []
    for paragraph in paragraphs:
        start = paragraph.start
        body = text[paragraph.start : paragraph.end]
        for match in _SENTENCE_END.finditer(body):
            end = paragraph.start + match.end()
            word = re.search(r"([\w.]+)[.!?]*[\"'”’)\]]*$", text[start:end])
            token = word.group(1).rstrip(".").lower() if word else ""
            if match.group().startswith(".") and (token in ABBREVIATIONS or len(token) == 1):
                continue
            if text[start:end].strip():
                found.append(Sentence(start, end, paragraph.index))
            start = end
            while start < paragraph.end and text[start].isspace():
                start += 1
        if start < paragraph.end:
            found.append(Sentence(start, paragraph.end, paragraph.index))
    return tuple(found)


def segment(text: str, backend: str = "auto") -> Document:
    """Split an article into paragraphs and sentences.

    Args:
        text: the article.
        backend: 'rules' (punctuation and an abbreviation list), 'spacy'
            (spaCy's English tokenizer and sentencizer; needs the ``draft``
            extra) or 'auto' (spaCy when installed, else rules).

    Raises:
        ValueError: an unknown backend, or 'spacy' when spaCy is not installed.
    """
    paragraphs = paragraphs_of(text)
    if backend not in ("auto", "rules", "spacy"):
        raise ValueError(f"unknown backend '{backend}'; use auto, rules or spacy")
    if backend != "rules":
        from sim.draft import nlp

        if nlp.available():
            spans = nlp.sentences(text, paragraphs)
            return Document(text, paragraphs, tuple(Sentence(*span) for span in spans), "spacy")
        if backend == "spacy":
            raise ValueError("the spacy backend needs spaCy: pip install -e '.[draft]'")
    return Document(text, paragraphs, rule_sentences(text, paragraphs), "rules")
