"""The Sources panel: every red line and priority next to the sentence it comes from.

Quotes are found in the source article after the same normalisation the
loader uses (typographic quotes and dashes folded, white space collapsed); the
sentence that holds the quote is highlighted in its paragraph, and the whole
article can be opened with that sentence marked. Assumptions are labelled as
such. Article text is HTML-escaped before any markup is added.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import streamlit as st

import sim

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s")
_ABBREVIATIONS = frozenset("mr mrs ms dr prof st gen lt col sen rep u.s u.n".split())


@dataclass(frozen=True)
class Located:
    """Where a quote stands in a source: its paragraph and its sentence's offsets in it."""

    paragraphs: list[str]
    paragraph: int
    start: int
    end: int

    @property
    def sentence(self) -> str:
        """The whole sentence (or sentences) the quote is part of."""
        return self.paragraphs[self.paragraph][self.start : self.end]


def paragraphs_of(text: str) -> list[str]:
    """The source's non-empty lines, normalised."""
    return [sim.normalise(line) for line in text.splitlines() if line.strip()]


def sentence_bounds(paragraph: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to the sentences around it."""
    left = 0
    for match in _SENTENCE_END.finditer(paragraph, 0, start):
        if not _is_abbreviation(paragraph, match.start()):
            left = match.end()
    right = len(paragraph)
    for match in _SENTENCE_END.finditer(paragraph, max(end - 1, left)):
        if not _is_abbreviation(paragraph, match.start()):
            right = match.end() - 1
            break
    return left, right


def _is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends a title such as 'Mr.' rather than a sentence."""
    word = text[:stop].rsplit(" ", 1)[-1].lstrip("\"'([").lower()
    return text[stop] == "." and word in _ABBREVIATIONS


def locate_quote(source_text: str, quote: str) -> Located | None:
    """The sentence of the source that holds the quote, or None if it is not there."""
    if not sim.normalise(quote):
        return None
    paragraphs = paragraphs_of(source_text)
    for index, paragraph in enumerate(paragraphs):
        span = sim.sentence_span(paragraph, quote)
        if span is not None:
            left, right = sentence_bounds(paragraph, *span)
            return Located(paragraphs, index, left, right)
    joined = " ".join(paragraphs)
    span = sim.sentence_span(joined, quote)
    if span is None:
        return None
    left, right = sentence_bounds(joined, *span)
    return Located([joined], 0, left, right)


def escape(text: str) -> str:
    """HTML-escape text, and keep '$' from being read as LaTeX by the markdown renderer."""
    return html.escape(text, quote=True).replace("$", "&#36;")


def highlighted(located: Located, index: int) -> str:
    """One paragraph as HTML, the quoted sentence marked if it is in this paragraph."""
    paragraph = located.paragraphs[index]
    if index != located.paragraph:
        return f"<p>{escape(paragraph)}</p>"
    before = escape(paragraph[: located.start])
    marked = escape(paragraph[located.start : located.end])
    after = escape(paragraph[located.end :])
    return f"<p>{before}<mark>{marked}</mark>{after}</p>"


def in_context(located: Located, whole: bool = False) -> str:
    """HTML of the quote's paragraph (or of the whole source) with the sentence marked.

    The result is a single line, so the markdown renderer takes it as one raw
    HTML block and interprets none of the article's characters as markdown.
    """
    indices = range(len(located.paragraphs)) if whole else [located.paragraph]
    body = "".join(highlighted(located, i) for i in indices)
    return f'<div class="dealsim-source">{body}</div>'


def group_of(item: sim.Cited) -> str:
    """Red line, priority, or other evidence (consent, seats, events, issues)."""
    if item.loc[-1] == "evidence" and "red_lines" in item.loc:
        return "Red lines"
    about = item.evidence.about or ""
    if item.loc[0] == "actors" and (
        about.startswith("salience") or about in ("reservation", "tactic")
    ):
        return "Priorities"
    return "Other evidence"


GROUPS = ("Red lines", "Priorities", "Other evidence")
GROUP_KEY = "sources-group"
ARTICLE_KEY = "sources-article"


def render_sources(scenario: sim.Scenario, sources: dict[str, str], note: str | None) -> None:
    """Draw the Sources panel: one group of evidence at a time, then the whole article."""
    if note:
        st.warning(note)
    items = list(sim.cited(scenario))
    if not items:
        st.info("This scenario cites no evidence.")
        return
    default_source = next(iter(scenario.sources), None)
    quotes = sum(item.evidence.quote is not None for item in items)
    st.caption(
        f"{len(items)} pieces of evidence: {quotes} quotes from the sources (the sentence "
        f"marked in its paragraph), {len(items) - quotes} assumptions (marked as such)."
    )
    group = st.segmented_control("Show", GROUPS, default=GROUPS[0], key=GROUP_KEY) or GROUPS[0]
    chosen = [item for item in items if group_of(item) == group]
    if not chosen:
        st.caption("none in this scenario")
    for item in chosen:
        _render_item(item, sources, default_source)
    _render_whole_article(items, sources, default_source)


def _render_item(item: sim.Cited, sources: dict[str, str], default: str | None) -> None:
    evidence = item.evidence
    st.markdown(f"**{escape(item.subject)}**")
    if evidence.assumption is not None:
        st.markdown(f":orange-badge[Assumption] {escape(evidence.assumption)}")
        return
    key = evidence.source or default
    text = sources.get(key or "")
    located = locate_quote(text, evidence.quote or "") if text else None
    if located is None:
        st.markdown(f"> {escape(evidence.quote or '')}")
        st.caption(f"source '{key}' not available: the quote is shown alone")
        return
    st.markdown(in_context(located), unsafe_allow_html=True)


def _render_whole_article(
    items: list[sim.Cited], sources: dict[str, str], default: str | None
) -> None:
    quoted = [
        item
        for item in items
        if item.evidence.quote is not None and (item.evidence.source or default) in sources
    ]
    if not quoted:
        return
    st.subheader("In the whole source")
    labels = [f"{item.subject}: {item.evidence.quote}" for item in quoted]
    index = st.selectbox(
        "Quote to mark", range(len(quoted)), format_func=lambda i: labels[i], key=ARTICLE_KEY
    )
    item = quoted[index or 0]
    key = item.evidence.source or default
    located = locate_quote(sources[key or ""], item.evidence.quote or "")
    if located is not None:
        st.caption(f"Source '{key}', the quoted sentence marked.")
        st.markdown(in_context(located, whole=True), unsafe_allow_html=True)
