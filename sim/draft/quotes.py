"""Quoted passages: direct speech in double quotes (straight or curly), single-quoted captions.

A quote is found inside one paragraph. News copy leaves a quote that runs on
into the next paragraph unclosed, so an opening mark with no closing one
quotes to the end of its paragraph. Who said it is decided in
:mod:`sim.draft.attribution`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from sim.draft.text import Document, Span

OPENERS = '“„"'
CLOSERS = '”"'
SINGLE_OPENERS = "‘'"
SINGLE_CLOSERS = "’'"


@dataclass(frozen=True)
class QuoteSpan(Span):
    """A quoted passage: ``start``/``end`` of the words inside the marks.

    Attributes:
        paragraph: index of its paragraph.
        open_start: offset of the opening mark.
        close_end: offset just after the closing mark (``end`` when unclosed).
        closed: whether a closing mark was found in the paragraph.
    """

    paragraph: int
    open_start: int
    close_end: int
    closed: bool


def _is_single_opener(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return (before.isspace() or before in ":(—–-") and after.isalnum()


def _is_single_closer(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?)—–-")


def find_quotes(document: Document) -> list[QuoteSpan]:
    """Every quoted passage with at least one word in it, in order."""
    text = document.text
    found: list[QuoteSpan] = []
    for paragraph in document.paragraphs:
        opened: int | None = None
        single: int | None = None
        index = paragraph.start
        while index < paragraph.end:
            char = text[index]
            if opened is None and single is None:
                if char in OPENERS:
                    opened = index
                elif char in SINGLE_OPENERS and _is_single_opener(text, index):
                    single = index
            elif opened is not None and char in CLOSERS:
                _add(found, text, paragraph.index, opened, index, closed=True)
                opened = None
            elif single is not None and char in SINGLE_CLOSERS and _is_single_closer(text, index):
                _add(found, text, paragraph.index, single, index, closed=True)
                single = None
            index += 1
        if opened is not None:
            _add(found, text, paragraph.index, opened, paragraph.end, closed=False)
    return found


def _add(
    found: list[QuoteSpan], text: str, paragraph: int, mark: int, end: int, closed: bool
) -> None:
    start = mark + 1
    while start < end and text[start].isspace():
        start += 1
    inner_end = end
    while inner_end > start and text[inner_end - 1].isspace():
        inner_end -= 1
    if not any(c.isalnum() for c in text[start:inner_end]):
        return
    found.append(QuoteSpan(start, inner_end, paragraph, mark, end + 1 if closed else end, closed))


def inside(quotes: list[QuoteSpan], offset: int) -> bool:
    """Whether an offset lies inside a quoted passage (marks included); quotes in text order."""
    index = bisect.bisect_right(quotes, offset, key=lambda q: q.open_start) - 1
    return index >= 0 and offset < quotes[index].close_end


def between(quotes: list[QuoteSpan], start: int, end: int) -> list[QuoteSpan]:
    """The quoted passages whose marks overlap ``text[start:end]``; quotes in text order."""
    first = max(0, bisect.bisect_right(quotes, start, key=lambda q: q.open_start) - 1)
    last = bisect.bisect_left(quotes, end, key=lambda q: q.open_start)
    return [q for q in quotes[first:last] if q.close_end > start]
