"""Drafter quality: precision and recall of actors, quote attribution and red lines.

Each text of tests/data/draft/ (the seed article, gold from scenarios/baseline.yaml,
and short texts written for the tests) is drafted with each backend, and the
draft is scored against the text's gold annotations (a JSON beside it):

- **actors**: an extracted actor is right when one of its names (name, key,
  surname) equals one of a gold actor's names; precision over extracted
  actors, recall over gold actors.
- **quote attribution**: each gold quote is looked up among the drafted
  speeches that overlap it; it is *right* when the speaker is the gold one
  (an unnamed source counts as 'anonymous'), *wrong* when another speaker was
  given, *unattributed* when none was. Precision = right / (right + wrong),
  recall = right / gold quotes. Wrong attributions are listed: there must be none.
- **red lines**: an extracted red line is right when its speaker matches the
  gold actor and its span overlaps the gold quote; precision over extracted red
  lines that have a speaker, recall over gold red lines.

Also prints the median time to draft each text (rules and spaCy backends).

    .venv/bin/python benchmarks/bench_draft.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.draft.attribution import ANONYMOUS
from sim.draft.findings import Findings, find
from sim.draft.nlp import available as spacy_available

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "draft"


@dataclass
class Score:
    """Counts for one kind of extraction, summed over texts."""

    right: int = 0
    extracted: int = 0
    gold: int = 0
    found: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    def add(self, other: Score) -> None:
        self.right += other.right
        self.extracted += other.extracted
        self.gold += other.gold
        self.found += other.found
        self.wrong += other.wrong


def gold_sets(heldout: bool | None = None) -> list[tuple[str, dict[str, Any], str]]:
    """(name, gold annotations, article text) for the annotated texts.

    Args:
        heldout: True: only the held-out texts; False: only the development
            texts (those the rules were tuned on); None: all.
    """
    sets = []
    for path in sorted(DATA.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if heldout is not None and bool(gold.get("heldout")) != heldout:
            continue
        text = (path.parent / gold["article"]).read_text(encoding="utf-8")
        sets.append((path.stem, gold, text))
    return sets


def _names(findings: Findings, key: str) -> set[str]:
    actor = findings.actor(key)
    if actor is None:
        return {key.lower()}
    names = {actor.key, actor.name.lower(), actor.name.split()[-1].lower()}
    return names | {alias.lower() for alias in actor.aliases}


def _gold_actor_of(findings: Findings, key: str | None, gold: dict[str, Any]) -> str | None:
    """The gold actor id an extracted actor key stands for (None if none)."""
    if key is None:
        return None
    names = _names(findings, key)
    for actor in gold["actors"]:
        if names & {n.lower() for n in actor["names"]}:
            return str(actor["id"])
    return None


def score_actors(findings: Findings, gold: dict[str, Any]) -> Score:
    score = Score(extracted=len(findings.actors), gold=len(gold["actors"]))
    matched = {_gold_actor_of(findings, actor.key, gold) for actor in findings.actors}
    score.right = sum(1 for a in findings.actors if _gold_actor_of(findings, a.key, gold))
    score.found = len(matched - {None})
    return score


def _overlaps(start: int, end: int, other_start: int, other_end: int) -> bool:
    return start < other_end and other_start < end


def score_quotes(findings: Findings, gold: dict[str, Any], name: str) -> Score:
    text = findings.document.text
    score = Score(gold=len(gold["quotes"]))
    for quote in gold["quotes"]:
        start = text.find(quote["text"])
        end = start + len(quote["text"])
        speeches = [s for s in findings.speeches if _overlaps(s.start, s.end, start, end)]
        attributed = [s for s in speeches if s.speaker is not None]
        if not attributed:
            continue
        speech = attributed[0]
        expected = quote["speaker"]
        if expected == ANONYMOUS:
            right = speech.speaker == ANONYMOUS
        else:
            right = speech.speaker != ANONYMOUS and expected.lower() in _names(
                findings, str(speech.speaker)
            )
        score.extracted += 1
        if right:
            score.right += 1
            score.found += 1
        else:
            score.wrong.append(f"{name}: {quote['text'][:40]!r} given to {speech.speaker}")
    return score


def score_red_lines(findings: Findings, gold: dict[str, Any]) -> Score:
    text = findings.document.text
    spans = []
    for line in gold["red_lines"]:
        start = text.find(line["quote"])
        spans.append((line["actor"], start, start + len(line["quote"])))
    lines = [r for r in findings.red_lines if r.actor is not None]
    score = Score(extracted=len(lines), gold=len(spans))
    hit: set[int] = set()
    for red_line in lines:
        actor = _gold_actor_of(findings, red_line.actor, gold)
        matches = [
            i
            for i, (gold_actor, start, end) in enumerate(spans)
            if gold_actor == actor and _overlaps(red_line.start, red_line.end, start, end)
        ]
        if matches:
            score.right += 1
            hit.update(matches)
    score.found = len(hit)
    return score


def evaluate(backend: str, heldout: bool | None = None) -> dict[str, Score]:
    """Scores summed over the annotated texts (see :func:`gold_sets`) for one backend."""
    totals = {"actors": Score(), "quotes": Score(), "red lines": Score()}
    for name, gold, text in gold_sets(heldout):
        findings = find(text, backend)
        totals["actors"].add(score_actors(findings, gold))
        totals["quotes"].add(score_quotes(findings, gold, name))
        totals["red lines"].add(score_red_lines(findings, gold))
    return totals


def per_text(backend: str) -> list[tuple[str, dict[str, Score]]]:
    """Scores of each text for one backend."""
    rows = []
    for name, gold, text in gold_sets():
        findings = find(text, backend)
        rows.append(
            (
                name,
                {
                    "actors": score_actors(findings, gold),
                    "quotes": score_quotes(findings, gold, name),
                    "red lines": score_red_lines(findings, gold),
                },
            )
        )
    return rows


def _cell(score: Score, counts: bool) -> str:
    precision = f"{score.precision:.2f}" if score.extracted else "–"
    cell = f"{precision} / {score.recall:.2f}"
    if counts:
        cell += f" ({score.right}/{score.extracted}, {score.found}/{score.gold})"
    return cell


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed drafts per text and backend")
    args = parser.parse_args()
    backends = ["rules", *(["spacy"] if spacy_available() else [])]
    print(f"Python {platform.python_version()}, backends: {', '.join(backends)}")
    for backend in backends:
        print(f"\n## backend: {backend}")
        print("| text | actors P / R | quotes P / R | red lines P / R |")
        print("|---|---|---|---|")
        for name, scores in per_text(backend):
            cells = [_cell(s, counts=False) for s in scores.values()]
            print(f"| {name} | " + " | ".join(cells) + " |")
        for label, heldout in (("development", False), ("held out", True), ("all", None)):
            totals = evaluate(backend, heldout)
            cells = [_cell(s, counts=True) for s in totals.values()]
            print(f"| **{label}** | " + " | ".join(cells) + " |")
        wrong = evaluate(backend)["quotes"].wrong
        print(f"wrong attributions: {len(wrong)}" + "".join(f"\n  {w}" for w in wrong))
        for name, _, text in gold_sets():
            find(text, backend)  # warm
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                find(text, backend)
                times.append(time.perf_counter() - start)
            print(
                f"draft {name} ({len(text):,} chars): "
                f"median {statistics.median(times) * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
