"""Every number and red line of the article-based scenarios is backed by a quote or an assumption.

Quotes must occur verbatim in their source (typographic quotes and dashes
folded, so straight quotes match the article's curly ones); assumptions must
give a reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from sim.scenario import Scenario, load_scenario
from sim.scenario.evidence import cited, normalise, quote_problems, sentence_span, source_texts

SCENARIOS = sorted((ROOT / "scenarios").rglob("*.yaml"))
BASELINE = ROOT / "scenarios" / "baseline.yaml"
ARTICLE = ROOT / "seeds" / "hostage-deal-article.txt"


def scenario_id(path: Path) -> str:
    return str(path.relative_to(ROOT / "scenarios"))


def load(path: Path) -> Scenario:
    return load_scenario(path)


def has_sources(path: Path) -> bool:
    return bool(load(path).sources)  # a variant's come from its base


SOURCED = [path for path in SCENARIOS if has_sources(path)]


def test_the_article_based_scenarios_are_found():
    names = {path.name for path in SOURCED}
    assert "baseline.yaml" in names
    assert len(SOURCED) >= 6  # the baseline and its variants


@pytest.mark.parametrize("path", SOURCED, ids=scenario_id)
def test_every_quote_occurs_in_its_source(path: Path):
    scenario = load(path)
    texts = source_texts(scenario, path.parent)
    assert set(texts) == set(scenario.sources), "a source file is missing"
    default = next(iter(scenario.sources))
    quotes = [item for item in cited(scenario) if item.evidence.quote is not None]
    assert quotes, "an article-based scenario cites the article"
    for item in quotes:
        source = texts[item.evidence.source or default]
        span = sentence_span(source, item.evidence.quote)
        assert span is not None, f"{item.subject}: {item.evidence.quote!r} is not in the source"
    assert quote_problems(scenario, path.parent) == []


@pytest.mark.parametrize("path", SCENARIOS, ids=scenario_id)
def test_every_assumption_gives_a_reason(path: Path):
    for item in cited(load(path)):
        if item.evidence.assumption is not None:
            reason = item.evidence.assumption.strip()
            assert len(reason.split()) >= 3, f"{item.subject}: assumption {reason!r} is no reason"


@pytest.mark.parametrize("path", SCENARIOS, ids=scenario_id)
def test_every_piece_of_evidence_is_a_quote_or_an_assumption(path: Path):
    for item in cited(load(path)):
        quote, assumption = item.evidence.quote, item.evidence.assumption
        assert (quote is None) != (assumption is None), item.subject
        assert (quote or assumption or "").strip(), f"{item.subject}: empty evidence"


def test_every_red_line_of_the_baseline_has_evidence():
    scenario = load(BASELINE)
    lines = [(actor.id, line) for actor in scenario.actors for line in actor.red_lines]
    assert len(lines) >= 5
    subjects = {item.subject for item in cited(scenario)}
    for actor_id, line in lines:
        assert f"{actor_id}: red line {line.id}" in subjects
        evidence = line.evidence
        assert (evidence.quote or evidence.assumption or "").strip(), line.id


@pytest.mark.parametrize("path", SOURCED, ids=scenario_id)
def test_every_salient_issue_has_evidence_for_its_weight(path: Path):
    scenario = load(path)
    for actor in scenario.actors:
        about = {evidence.about for evidence in actor.evidence}
        for issue_id, weight in actor.salience.items():
            if weight > 0:
                assert f"salience.{issue_id}" in about, (
                    f"{actor.id} weighs {issue_id} but gives no evidence about salience.{issue_id}"
                )


def test_a_straight_quote_matches_the_article_s_curly_one():
    article = ARTICLE.read_text(encoding="utf-8")
    assert "That’s what interests Trump" in article  # curly in the source
    assert sentence_span(article, "That's what interests Trump") is not None
    assert sentence_span(article, "you don't have a mandate-not even a hint") is not None
    assert normalise("“a”\u00a0 ‘b’ — c") == "\"a\" 'b' - c"


def test_a_quote_the_article_does_not_contain_is_not_found():
    article = ARTICLE.read_text(encoding="utf-8")
    assert sentence_span(article, "Netanyahu agreed to a Palestinian state") is None
    # a real sentence with one word changed
    assert sentence_span(article, "Make a deal, return the hostages, end the fighting.") is None
