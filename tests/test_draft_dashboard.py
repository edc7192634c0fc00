"""The dashboard's "Draft from an article" page driven headlessly with Streamlit's AppTest."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
SEED = ROOT / "seeds" / "hostage-deal-article.txt"
TIMEOUT = 180


def draft_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.toggle(key="draft-mode").set_value(True)
    return at.run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def red_line_count(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if "red lines; validated" in c.value)
    return int(re.search(r"(\d+) red lines", caption).group(1))


@pytest.fixture(scope="module")
def seed_page() -> AppTest:
    at = draft_page()
    at.file_uploader(key="draft-upload").set_value(("article.txt", SEED.read_bytes(), "text/plain"))
    return at.run()


def test_the_page_opens_from_the_sidebar_and_asks_for_a_text():
    at = draft_page()
    assert_clean(at)
    assert at.title[0].value == "Draft from an article"
    assert any("Paste a news article" in info.value for info in at.info)


def test_an_uploaded_article_is_shown_highlighted_with_every_extraction_to_review(seed_page):
    at = seed_page
    assert_clean(at)
    marked = next(m.value for m in at.markdown if "dealsim-draft" in m.value)
    assert 'title="red line: smotrich"' in marked and 'title="quote: lapid"' in marked
    assert "&lt;" not in SEED.read_text(encoding="utf-8") or "&lt;" in marked
    keys = {c.key for c in at.checkbox}
    assert {"draft-keep-smotrich", "draft-keep-lapid"} <= keys
    assert any(k.startswith("draft-keep-redline-") for k in keys)
    assert red_line_count(at) >= 5


def test_rejecting_a_red_line_and_editing_a_speaker_rebuild_the_scenario(seed_page):
    at = seed_page
    before = red_line_count(at)
    line = next(c for c in at.checkbox if c.key.startswith("draft-keep-redline-"))
    line.uncheck()
    at = at.run()
    assert_clean(at)
    assert red_line_count(at) == before - 1
    speaker = next(s for s in at.selectbox if s.key.startswith("draft-speaker-quote-"))
    speaker.set_value("(unattributed)")
    at = at.run()
    assert_clean(at)
    line.check()
    at.run()


def test_the_draft_runs_at_once(seed_page):
    at = seed_page
    at.button(key="draft-run").click()
    at = at.run()
    assert_clean(at)
    verdicts = [s.value for s in at.success] + [w.value for w in at.warning]
    assert any(v.startswith(("Deal in round", "No deal after round")) for v in verdicts)


def test_a_pasted_text_with_markup_is_drafted_and_shown_literally():
    at = draft_page()
    at.text_area(key="draft-text").set_value(
        '"We will never accept <b>this</b> [bold]deal[/bold]," union leader Ann Moss said.\n'
        "Prime Minister Tom Reed said the deal includes a pay rise of 5 percent and a bonus.\n"
    )
    at = at.run()
    assert_clean(at)
    marked = next(m.value for m in at.markdown if "dealsim-draft" in m.value)
    assert "&lt;b&gt;this&lt;/b&gt;" in marked and "[bold]deal[/bold]" in marked


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ok words\n\xff\xfe", "bad.txt:2:1: not UTF-8 text"),
        (b" \n ", "bad.txt:1:1: the article is empty"),
    ],
)
def test_a_bad_upload_shows_a_located_message_not_a_traceback(content, message):
    at = draft_page()
    at.file_uploader(key="draft-upload").set_value(("bad.txt", content, "text/plain"))
    at = at.run()
    assert not at.exception and at.error
    shown = [e.value for e in at.error] + [c.value for c in at.code]
    assert any(message in text for text in shown), shown
