"""Property: any article gives a scenario that validates and runs, or a clean located error.

Two kinds of input: arbitrary text (control characters, Rich markup, quote
marks, empty, near the size limit) and news-like text assembled from titles,
names, speech verbs, quote marks, red-line cues and numbers, so that the
extractions themselves (quotes, speakers, red lines, integer issues) are
exercised, not only the fallbacks. The article builders live here rather than
in tests/property.py because they build text, not scenarios.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_draft import BACKENDS

import sim
from sim.draft import DraftInputError, decode_article, draft_text
from sim.draft.text import MAX_ARTICLE_BYTES

LOCATED = re.compile(r"^article\.txt:\d+:\d+: ")

TITLES = ["Prime Minister", "Finance Minister", "union leader", "Opposition leader", "mediator", ""]
NAMES = ["Anna Berg", "Tom Reed", "Sara de Vries", "Omar Haddad", "Li Wei", "Hamas", "the Union"]
VERBS = ["said", "told reporters", "added", "warned", "said on Monday"]
CUES = [
    "We will not accept this",
    "It will not happen",
    "forget it",
    "not even a hint",
    "no!",
    "only if the talks resume",
    "must not be signed",
    "This is our red line",
    "Make a deal, return the workers, end the strike",
    "We want a 5 percent rise",
]
MARKS = ['"', "“", "”", "'", "‘", "’", "[bold]", "[/]", "\x00", "\x1b[31m", "\u2028", "\t", "\r\n"]


@st.composite
def news_articles(draw) -> str:
    """A few paragraphs of news copy with speakers, quotes, cues and a deal's components."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 6))):
        title = draw(st.sampled_from(TITLES))
        name = draw(st.sampled_from(NAMES))
        verb = draw(st.sampled_from(VERBS))
        cue = draw(st.sampled_from(CUES))
        number = draw(st.integers(0, 10**7))
        marks = [('"', '"'), ("“", "”"), ("“", ""), ("'", "'")]
        open_mark, close_mark = draw(st.sampled_from(marks))
        form = draw(st.integers(0, 3))
        speaker = f"{title} {name}".strip()
        if form == 0:
            paragraph = f"{open_mark}{cue},{close_mark} {speaker} {verb}."
        elif form == 1:
            paragraph = f"{speaker} {verb}: {open_mark}{cue}.{close_mark}"
        elif form == 2:
            paragraph = f"{open_mark}{cue}. He {verb} so.{close_mark}"
        else:
            paragraph = (
                f"The deal includes a ceasefire, the return of {number} hostages, "
                f"and a review of {draw(st.sampled_from(['tariffs', 'pay', 'seats']))}."
            )
        noise = draw(st.lists(st.sampled_from(MARKS), max_size=2))
        paragraphs.append(paragraph + "".join(noise))
    return "\n".join(paragraphs)


ANY_TEXT = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
    | st.sampled_from(MARKS)
    | st.sampled_from(CUES + NAMES + VERBS),
    max_size=30,
).map(" ".join)


def _draft_or_error(text: str, backend: str = "rules") -> None:
    """Draft from the text saved as a file: a valid, runnable scenario or a located error."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        data = text.encode("utf-8")
        path.write_bytes(data)
        try:
            checked = decode_article(data, "article.txt")
            draft = draft_text(checked, "article.txt", Path(folder), "article.txt", backend=backend)
        except DraftInputError as error:
            assert LOCATED.match(error.message), error.message
            return
        scenario = draft.scenario
        assert scenario.sources == {"article": "article.txt"}
        reloaded = sim.load_scenario_text(draft.yaml, "draft.yaml", base_dir=Path(folder))
        assert reloaded == scenario
        outcome = sim.simulate(scenario, seed=1)
        assert outcome.round >= 0


SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("backend", BACKENDS)
@SETTINGS
@given(text=ANY_TEXT)
def test_any_text_drafts_a_valid_scenario_or_gives_a_located_error(backend, text):
    _draft_or_error(text, backend)


@pytest.mark.parametrize("backend", BACKENDS)
@SETTINGS
@given(text=news_articles())
def test_news_like_text_drafts_a_scenario_that_validates_and_runs(backend, text):
    _draft_or_error(text, backend)


def test_empty_and_oversized_texts_give_located_errors():
    for data, message in (
        (b"", "the article is empty"),
        (b"\x00\x01 \n", "the article is empty"),
        (b"a" * (MAX_ARTICLE_BYTES + 1), "at most 200,000 are read"),
    ):
        try:
            decode_article(data, "article.txt")
        except DraftInputError as error:
            assert LOCATED.match(error.message) and message in error.message
        else:
            raise AssertionError(f"{data[:10]!r} was accepted")


def test_a_text_just_under_the_limit_drafts():
    sentence = '"We will not accept it," Anna Berg said. The deal includes a ceasefire and pay.\n'
    text = sentence * ((MAX_ARTICLE_BYTES // len(sentence.encode("utf-8"))) - 1)
    assert len(text.encode("utf-8")) <= MAX_ARTICLE_BYTES
    _draft_or_error(text)
