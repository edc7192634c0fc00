"""Drafting as one call: article text in, a validated scenario and its report out.

The drafted YAML is loaded back with the scenario loader, so every quote is
checked against the article on disk exactly as for a hand-written scenario.
The article must lie in the scenario's folder or below it (sources resolve
only inside the scenario's own folder tree).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sim.draft.assemble import scenario_data, to_yaml
from sim.draft.findings import Findings, find, place
from sim.draft.redlines import find_demands, find_red_lines
from sim.draft.report import report_data, review_first
from sim.draft.text import DraftInputError, check_text, read_article
from sim.scenario import Scenario, ScenarioError, load_scenario_text


@dataclass(frozen=True)
class Draft:
    """A drafted scenario.

    Attributes:
        findings: what was found (and what the analyst rejected or changed).
        yaml: the scenario file's text.
        scenario: the same, validated (quotes checked against the article).
        source: the article's path as the scenario names it.
    """

    findings: Findings
    yaml: str
    scenario: Scenario
    source: str

    def report(self) -> dict[str, Any]:
        """The report: review list and every extraction with its span and confidence."""
        return {"scenario": self.scenario.name, "source": self.source, **report_data(self.findings)}

    def review_first(self) -> list[str]:
        """What to check first, one line each."""
        return review_first(self.findings)


def source_path(article: Path, scenario_dir: Path) -> str:
    """The article's path relative to the scenario's folder.

    Raises:
        DraftInputError: the article is not in that folder or below it.
    """
    article, scenario_dir = article.resolve(), scenario_dir.resolve()
    if not article.is_relative_to(scenario_dir):
        raise DraftInputError(
            f"{article}:1:1: the article must be in the scenario's folder or below it "
            f"({scenario_dir}); write the scenario next to the article or in a folder above it"
        )
    return Path(os.path.relpath(article, scenario_dir)).as_posix()


def build(findings: Findings, source: str, scenario_dir: Path, name: str) -> Draft:
    """The scenario of some findings, validated against the article at ``scenario_dir/source``.

    Raises:
        ScenarioError: the drafted scenario does not validate (a bug in the drafter).
    """
    data = scenario_data(findings, source, name)
    header = [
        f"Drafted by `dealsim draft` from {source}. Check every 'drafted:' value and red line.",
        "Quotes are verbatim from the article (checked when this file loads).",
    ]
    text = to_yaml(data, header)
    scenario = load_scenario_text(text, name=f"<draft of {name}>", base_dir=scenario_dir)
    return Draft(findings, text, scenario, source)


def draft_file(
    article: str | Path, output: str | Path | None = None, backend: str = "auto"
) -> Draft:
    """Draft a scenario from an article file.

    Args:
        article: the article (UTF-8 text, at most 200 kB).
        output: where the scenario will be written (it is not written here);
            None: the current folder. The article must be in its folder or below.
        backend: 'auto', 'rules' or 'spacy' (see :func:`sim.draft.text.segment`).

    Raises:
        DraftInputError: the article cannot be read or is outside the allowed folder.
    """
    article = Path(article)
    text = read_article(article)
    scenario_dir = Path(output).resolve().parent if output is not None else Path.cwd()
    source = source_path(article, scenario_dir)
    return build(find(text, backend), source, scenario_dir, article.name)


def draft_text(
    text: str, name: str, scenario_dir: Path, source: str, backend: str = "auto"
) -> Draft:
    """Draft from text already saved at ``scenario_dir/source`` (the dashboard's path).

    Raises:
        DraftInputError: empty or too large text.
    """
    check_text(text, name)
    return build(find(text, backend), source, scenario_dir, name)


def revise(
    findings: Findings,
    rejected: set[str] | None = None,
    speakers: dict[str, str | None] | None = None,
    roles: dict[str, str] | None = None,
    hard: dict[str, bool] | None = None,
) -> Findings:
    """Findings with an analyst's decisions applied; red lines and demands follow edited speakers.

    Args:
        findings: as found.
        rejected: ids of extractions to leave out (actors, quotes, red lines,
            demands, issues, links).
        speakers: quote id -> actor key (None: unattributed).
        roles: actor key -> role.
        hard: red-line id -> strength (True hard, False soft).
    """
    rejected = set(rejected or ())
    speakers = speakers or {}
    speeches = [
        replace(s, speaker=speakers[s.id], confidence=1.0, cue="set by the analyst")
        if s.id in speakers
        else s
        for s in findings.speeches
        if s.id not in rejected
    ]
    actors = []
    for actor in findings.actors:
        if roles and actor.key in roles:
            actor = replace(actor, role=roles[actor.key], role_cue="set by the analyst")
        actors.append(actor)
    kept = {a.key for a in actors if a.key not in rejected}
    speeches = [
        s for s in speeches if s.speaker is None or s.speaker in kept or s.speaker == "anonymous"
    ]
    red_lines = [
        replace(r, hard=hard[r.id]) if hard and r.id in hard else r
        for r in find_red_lines(findings.document, speeches)
    ]
    revised = Findings(
        findings.document,
        actors,
        speeches,
        red_lines,
        find_demands(findings.document, speeches),
        [i for i in findings.issues if i.origin == "component"],
        findings.links,
        rejected=rejected,
    )
    place(revised)
    return revised


__all__ = [
    "Draft",
    "DraftInputError",
    "ScenarioError",
    "build",
    "draft_file",
    "draft_text",
    "revise",
]
