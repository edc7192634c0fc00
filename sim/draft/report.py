"""The draft report: every extraction with its span and confidence, and what to review first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.draft.attribution import ANONYMOUS
from sim.draft.findings import Findings


@dataclass(frozen=True)
class Extraction:
    """One thing the drafter found, pointing into the article.

    Attributes:
        id: stable id (actor key, 'quote-120', 'redline-430', ...).
        kind: 'actor', 'mention', 'quote', 'reported', 'red_line', 'demand',
            'issue' or 'link'.
        start: offset of its first character in the article.
        end: offset just after its last character.
        text: the article's words at that span.
        actor: actor key it belongs to (speaker, holder), if any.
        confidence: 0..1.
        detail: what else was guessed (role, strength, issue, cue ...).
    """

    id: str
    kind: str
    start: int
    end: int
    text: str
    actor: str | None
    confidence: float
    detail: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "id": self.id,
            "kind": self.kind,
            "span": [self.start, self.end],
            "text": self.text,
            "actor": self.actor,
            "confidence": round(self.confidence, 2),
            **self.detail,
        }


def extractions(findings: Findings) -> list[Extraction]:
    """Every extraction in the findings, in text order within each kind."""
    text = findings.document.text
    found: list[Extraction] = []
    for actor in findings.actors:
        first = actor.mentions[0]
        found.append(
            Extraction(
                actor.key,
                "actor",
                first.start,
                first.end,
                actor.name,
                actor.key,
                actor.confidence,
                {
                    "kind_of_actor": actor.kind,
                    "title": actor.title,
                    "role": actor.role,
                    "role_guessed_from": actor.role_cue,
                    "found_by": actor.cue,
                    "mentions": len(actor.mentions),
                },
            )
        )
        for mention in actor.mentions:
            found.append(
                Extraction(
                    f"{actor.key}@{mention.start}",
                    "mention",
                    mention.start,
                    mention.end,
                    text[mention.start : mention.end],
                    actor.key,
                    actor.confidence,
                    {"in_quote": mention.in_quote},
                )
            )
    for speech in findings.speeches:
        if speech.pronoun_at >= 0 and speech.speaker is not None:
            end = speech.pronoun_at + len(speech.label)
            found.append(
                Extraction(
                    f"{speech.speaker}@{speech.pronoun_at}",
                    "mention",
                    speech.pronoun_at,
                    end,
                    text[speech.pronoun_at : end],
                    speech.speaker,
                    speech.confidence,
                    {"in_quote": False, "pronoun": True},
                )
            )
        found.append(
            Extraction(
                speech.id,
                "quote" if speech.kind == "direct" else "reported",
                speech.start,
                speech.end,
                text[speech.start : speech.end],
                speech.speaker if speech.speaker != ANONYMOUS else None,
                speech.confidence,
                {
                    "speaker": speech.speaker,
                    "speaker_as_written": speech.label,
                    "attributed_by": speech.cue,
                    "review": speech.review,
                },
            )
        )
    for red_line in findings.red_lines:
        found.append(
            Extraction(
                red_line.id,
                "red_line",
                red_line.start,
                red_line.end,
                text[red_line.start : red_line.end],
                red_line.actor,
                red_line.confidence,
                {
                    "cue": red_line.cue,
                    "strength": "hard" if red_line.hard else "soft",
                    "direction": red_line.direction,
                    "issue": findings.placed.get(red_line.id),
                    "number": red_line.number,
                },
            )
        )
    for demand in findings.demands:
        found.append(
            Extraction(
                demand.id,
                "demand",
                demand.start,
                demand.end,
                text[demand.start : demand.end],
                demand.actor,
                demand.confidence,
                {"cue": demand.cue, "issue": findings.placed.get(demand.id)},
            )
        )
    for issue in findings.issues:
        found.append(
            Extraction(
                issue.id,
                "issue",
                issue.start,
                issue.end,
                text[issue.start : issue.end],
                None,
                issue.confidence,
                {
                    "issue_kind": issue.kind,
                    "options": list(issue.options),
                    "range": [0, issue.maximum, issue.step] if issue.kind == "integer" else None,
                    "origin": issue.origin,
                },
            )
        )
    for link in findings.links:
        found.append(
            Extraction(
                link.id,
                "link",
                link.start,
                link.end,
                text[link.start : link.end],
                link.source,
                link.confidence,
                {"link": link.kind, "source": link.source, "target": link.target, "cue": link.cue},
            )
        )
    return [e for e in found if e.id not in findings.rejected]


def review_first(findings: Findings) -> list[str]:
    """What the analyst should check first, most important first, one line each."""
    text = findings.document.text
    lines: list[str] = []

    def excerpt(start: int, end: int) -> str:
        words = " ".join(text[start:end].split())
        return words if len(words) <= 70 else words[:67] + "..."

    for speech in findings.speeches:
        if speech.speaker is None:
            lines.append(
                f"unattributed quote at {speech.start}-{speech.end} "
                f"({speech.label or 'no speaker'}):"
                f' "{excerpt(speech.start, speech.end)}"'
            )
    for speech in findings.speeches:
        if speech.speaker is not None and speech.review:
            lines.append(
                f"check the speaker of the quote at {speech.start}-{speech.end} "
                f"(given to {speech.speaker} by {speech.cue}): "
                f'"{excerpt(speech.start, speech.end)}"'
            )
    for red_line in findings.red_lines:
        issue = findings.placed.get(red_line.id)
        strength = "hard" if red_line.hard else "soft"
        if red_line.actor is None:
            where = "with no known speaker (left out of the scenario)"
        elif issue is None:
            where = f"of {red_line.actor} on no issue (left out of the scenario)"
        else:
            where = f"of {red_line.actor} on issue {issue}, {red_line.direction}"
        lines.append(
            f"{strength} red line {where} ('{red_line.cue.strip()}'): "
            f'"{excerpt(red_line.start, red_line.end)}"'
        )
    for actor in findings.actors:
        if actor.role != "party" or actor.confidence < 0.6:
            lines.append(
                f"actor {actor.key}: role '{actor.role}' guessed from {actor.role_cue}; "
                f"found by {actor.cue} (confidence {actor.confidence:.2f})"
            )
    lines.append(
        "every number marked 'drafted:' (power, walk-away values, weights, seats) is a default"
    )
    return lines


def report_data(findings: Findings) -> dict[str, Any]:
    """The whole report as plain data: counts, the review list, every extraction."""
    items = extractions(findings)
    counts: dict[str, int] = {}
    for item in items:
        counts[item.kind] = counts.get(item.kind, 0) + 1
    return {
        "backend": findings.document.backend,
        "characters": len(findings.document.text),
        "counts": counts,
        "review_first": review_first(findings),
        "extractions": [item.to_dict() for item in items],
    }
