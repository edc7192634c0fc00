"""From findings to a scenario: quotes verbatim, numbers the text does not give marked ``drafted:``.

The scenario is plain data built from the findings the analyst kept. Numbers
the text does not give get neutral defaults: power 1, a low walk-away value,
equal weights on the issues an actor speaks about, value 0.5 for options it
says nothing about, 30 seats for a leader and 5 per partner; each is marked by
an assumption that begins with ``drafted:``.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML

from sim.draft.actors import Actor
from sim.draft.attribution import ANONYMOUS
from sim.draft.findings import Findings
from sim.draft.issues import IssueCandidate, content_words
from sim.draft.text import Span

SOURCE_KEY = "article"
DRAFTED = "drafted:"
DEFAULT_POWER = 1.0
DEFAULT_RESERVATION = 0.2
SOFT_PENALTY = 0.2
LEADER_SEATS = 30
PARTNER_SEATS = 5
MAJORITY = 51
PARTY_ROLES = ("leader", "party", "patron")


def identifier(text: str, taken: set[str]) -> str:
    """A scenario identifier made from a text, unique among ``taken`` (which it joins)."""
    ident = re.sub(r"[^A-Za-z0-9_\-]+", "_", text).strip("_-") or "actor"
    if not ident[0].isalpha():
        ident = f"a_{ident}"
    ident = ident[:40]
    candidate, number = ident, 2
    while candidate in taken:
        candidate, number = f"{ident}_{number}", number + 1
    taken.add(candidate)
    return candidate


def printable(text: str) -> str:
    """Text with control characters turned into spaces and runs of space collapsed."""
    return re.sub(r"\s+", " ", "".join(c if c.isprintable() else " " for c in text)).strip()


class _Builder:
    def __init__(self, findings: Findings, source: str, name: str) -> None:
        self.findings = findings
        self.text = findings.document.text
        self.source = source
        self.name = name
        taken: set[str] = set()
        self.ids = {a.key: identifier(a.key, taken) for a in self.actors}
        self.issue_ids = {i.id for i in self.issues}

    @property
    def actors(self) -> list[Actor]:
        return [a for a in self.findings.actors if a.key not in self.findings.rejected]

    @property
    def issues(self) -> list[IssueCandidate]:
        kept = [i for i in self.findings.issues if i.id not in self.findings.rejected]
        return kept or [PLACEHOLDER]

    def quote(self, span: Span, about: str | None = None) -> dict[str, Any]:
        words = self.text[span.start : span.end].strip()
        evidence: dict[str, Any] = {}
        if about:
            evidence["about"] = about
        if words and words == printable(words) and re.search(r"\w", words):
            evidence["quote"] = words
        else:
            evidence["assumption"] = f"{DRAFTED} the text's words here are not printable"
        return evidence

    def scenario(self) -> dict[str, Any]:
        issues = [self.issue(i) for i in self.issues]
        actors = [self.actor(a) for a in self.actors] or [_placeholder_actor(issues)]
        parties = [
            {"actor": self.ids[a.key]}
            for a in self.actors
            if a.role in PARTY_ROLES and a.kind != "spokesperson"
        ] or [{"actor": actor["id"]} for actor in actors if actor["role"] != "mediator"][:4]
        parties = parties or [{"actor": actors[0]["id"]}]
        data: dict[str, Any] = {
            "name": f"Draft - {self.name}"[:120],
            "description": (
                "Drafted by `dealsim draft` from the article by rules. Every value whose "
                "evidence begins with 'drafted:' is a guess for the analyst to review."
            ),
            "sources": {SOURCE_KEY: self.source},
            "evidence": [
                {
                    "about": "the whole scenario",
                    "assumption": f"{DRAFTED} actors, issues and red lines were found by rules "
                    "in the article and are candidates, not findings",
                }
            ],
            "issues": issues,
            "actors": actors,
            "parties": parties,
        }
        governments = self.governments()
        if governments:
            data["governments"] = governments
        _soften_idle_lines(data)
        protocol: dict[str, Any] = {"name": "mediated", "rounds": 20}
        mediator = next((a for a in self.actors if a.role == "mediator"), None)
        if mediator is not None:
            protocol["mediator"] = self.ids[mediator.key]
        data["protocol"] = protocol
        return data

    def issue(self, issue: IssueCandidate) -> dict[str, Any]:
        if issue is PLACEHOLDER:
            return PLACEHOLDER_ISSUE
        data: dict[str, Any] = {
            "id": issue.id,
            "label": printable(issue.label)[:80] or issue.id,
            "kind": issue.kind,
        }
        if issue.kind == "integer":
            data.update({"min": 0, "max": issue.maximum, "step": issue.step})
        else:
            data["options"] = list(issue.options)
        data["evidence"] = [self.quote(issue)]
        if issue.kind == "integer":
            data["evidence"].append(
                {
                    "about": "range",
                    "assumption": f"{DRAFTED} from 0 to the number the text gives, "
                    f"in {issue.option_count} steps",
                }
            )
        else:
            data["evidence"].append(
                {
                    "about": "options",
                    "assumption": f"{DRAFTED} options proposed from the text: "
                    + ", ".join(issue.options),
                }
            )
        return data

    def _issue(self, issue_id: str) -> IssueCandidate | None:
        return next((i for i in self.issues if i.id == issue_id), None)

    def directions(self, actor: Actor) -> dict[str, tuple[int, Span]]:
        """Issue id -> (+1 wants it, -1 refuses it, 0 speaks of it) and the words that say so."""
        found: dict[str, tuple[int, Span]] = {}
        placed = self.findings.placed
        for red_line in self.findings.red_lines:
            if red_line.actor == actor.key and red_line.id not in self.findings.rejected:
                issue_id = placed.get(red_line.id)
                if issue_id in self.issue_ids and issue_id not in found:
                    sign = 1 if red_line.direction == "require" else -1
                    found[issue_id] = (sign, red_line)
        for demand in self.findings.demands:
            if demand.actor == actor.key and demand.id not in self.findings.rejected:
                issue_id = placed.get(demand.id)
                if issue_id in self.issue_ids and issue_id not in found:
                    found[issue_id] = (1, demand)
        for speech in self.findings.speeches:
            if speech.speaker != actor.key or speech.id in self.findings.rejected:
                continue
            words = content_words(self.text[speech.start : speech.end])
            for issue in self.issues:
                if issue.id not in found and words & issue.keywords:
                    found[issue.id] = (0, speech)
        return found

    def actor(self, actor: Actor) -> dict[str, Any]:
        ident = self.ids[actor.key]
        directions = self.directions(actor)
        evidence: list[dict[str, Any]] = [
            {
                "about": "role",
                "assumption": f"{DRAFTED} role '{actor.role}' guessed from {actor.role_cue}",
            },
            {
                "about": "power",
                "assumption": f"{DRAFTED} power {DEFAULT_POWER}: the text gives none",
            },
            {
                "about": "reservation",
                "assumption": f"{DRAFTED} a low walk-away value ({DEFAULT_RESERVATION}): "
                "the text gives none",
            },
        ]
        if directions:
            salience = {issue_id: 1.0 for issue_id in directions}
            evidence.append(
                {
                    "about": "salience",
                    "assumption": f"{DRAFTED} equal weights on the issues it speaks about",
                }
            )
            for issue_id, (_, span) in directions.items():
                evidence.append(self.quote(span, f"salience.{issue_id}"))
        else:
            salience = {issue.id: 1.0 for issue in self.issues}
            evidence.append(
                {
                    "about": "salience",
                    "assumption": f"{DRAFTED} it speaks about no issue; equal weights on all",
                }
            )
        values = {}
        for issue_id in salience:
            issue = self._issue(issue_id)
            assert issue is not None  # salience names only kept issues
            sign = directions.get(issue_id, (0, None))[0]
            values[issue_id] = _values(issue, sign)
            if sign == 0:
                evidence.append(
                    {
                        "about": f"values.{issue_id}",
                        "assumption": f"{DRAFTED} no preference stated: every option 0.5",
                    }
                )
        data: dict[str, Any] = {
            "id": ident,
            "name": printable(_display_name(actor))[:100],
            "role": actor.role,
            "power": DEFAULT_POWER,
            "salience": salience,
            "values": values,
        }
        red_lines = self.red_lines(actor, evidence)
        if red_lines:
            data["red_lines"] = red_lines
        data["reservation"] = DEFAULT_RESERVATION
        data["evidence"] = evidence
        return data

    def red_lines(self, actor: Actor, evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
        lines = []
        for red_line in self.findings.red_lines:
            if red_line.actor != actor.key or red_line.id in self.findings.rejected:
                continue
            issue = self._issue(self.findings.placed.get(red_line.id, ""))
            if issue is None:
                continue
            line: dict[str, Any] = {
                "id": f"{self.ids[actor.key]}-{red_line.id}",
                "issue": issue.id,
                **_predicate(issue, red_line.direction, red_line.number, red_line.bound),
            }
            if not red_line.hard:
                line.update({"hard": False, "penalty": SOFT_PENALTY})
                evidence.append(
                    {
                        "about": f"red_lines.{line['id']}.penalty",
                        "assumption": f"{DRAFTED} a soft red line ('{red_line.cue.strip()}'), "
                        f"penalty {SOFT_PENALTY}",
                    }
                )
            line["evidence"] = self.quote(red_line)
            lines.append(line)
        return lines

    def governments(self) -> list[dict[str, Any]]:
        kept = {a.key for a in self.actors}
        coalition = [
            link
            for link in self.findings.links
            if link.kind == "coalition"
            and link.id not in self.findings.rejected
            and {link.source, link.target} <= kept
        ]
        if not coalition:
            return []
        leader = coalition[0].source
        partners = sorted({link.target for link in coalition if link.source == leader})
        leader_actor = self.findings.actor(leader)
        if leader_actor is None or leader_actor.role not in PARTY_ROLES:
            return []
        other = max(0, MAJORITY - LEADER_SEATS - PARTNER_SEATS * len(partners))
        return [
            {
                "id": f"{self.ids[leader]}-government",
                "leader": self.ids[leader],
                "leader_seats": LEADER_SEATS,
                "other_seats": other,
                "majority": MAJORITY,
                "partners": [{"actor": self.ids[p], "seats": PARTNER_SEATS} for p in partners],
                "evidence": [
                    {
                        "about": "seats",
                        "assumption": f"{DRAFTED} seat numbers are not in the text: leader "
                        f"{LEADER_SEATS}, {PARTNER_SEATS} per partner, the rest to a majority "
                        f"of {MAJORITY}",
                    }
                ],
            }
        ]


PLACEHOLDER = IssueCandidate(
    0, 0, "deal", "The deal as a whole", "categorical", ("no", "yes"), 0, 1, "placeholder", 0.0
)
PLACEHOLDER_ISSUE: dict[str, Any] = {
    "id": "deal",
    "label": "The deal as a whole",
    "kind": "categorical",
    "options": ["no", "yes"],
    "evidence": [
        {
            "assumption": f"{DRAFTED} the text names no component of a deal; one yes/no issue "
            "stands for the whole deal"
        }
    ],
}


def _placeholder_actor(issues: list[dict[str, Any]]) -> dict[str, Any]:
    """The one actor of a text in which no actor was found."""
    return {
        "id": "unnamed_party",
        "name": "Unnamed party (no actor found in the text)",
        "role": "party",
        "salience": {issue["id"]: 1.0 for issue in issues},
        "values": {
            issue["id"]: {option: 0.5 for option in issue.get("options", ["no", "yes"])}
            if issue["kind"] == "categorical"
            else {"ideal": issue["max"]}
            for issue in issues
        },
        "evidence": [
            {"about": "actor", "assumption": f"{DRAFTED} no actor was found; add the parties"}
        ],
    }


def _display_name(actor: Actor) -> str:
    return f"{actor.name} ({actor.title})" if actor.title else actor.name


def _values(issue: IssueCandidate, sign: int) -> dict[str, Any]:
    if issue.kind == "integer":
        if sign > 0:
            return {"ideal": issue.maximum}
        if sign < 0:
            return {"ideal": 0}
        table: dict[Any, Any] = {v: 0.5 for v in range(0, issue.maximum + 1, issue.step)}
        return table
    if sign == 0:
        return {option: 0.5 for option in issue.options}
    first = 1.0 if sign < 0 else 0.0
    return {option: (first if i == 0 else 1.0 - first) for i, option in enumerate(issue.options)}


def _predicate(
    issue: IssueCandidate, direction: str, number: int | None, bound: str | None
) -> dict[str, Any]:
    if issue.kind == "integer":
        top, step = issue.maximum, issue.step
        if number is not None and bound == "min" and 0 < number <= top:
            return {"min": -(-number // step) * step}
        if number is not None and bound == "max" and 0 <= number < top:
            return {"max": number // step * step}
        if direction == "require":
            return {"min": step}
        return {"max": top - step}
    if direction == "require":
        return {"forbid": [issue.options[0]]}
    return {"forbid": list(issue.options[1:])}


def scenario_data(findings: Findings, source: str, name: str) -> dict[str, Any]:
    """The scenario as plain data.

    Args:
        findings: what was found (rejected extractions left out).
        source: path of the article relative to the scenario file.
        name: what the scenario is called after ('Draft - <name>').
    """
    return _Builder(findings, source, name).scenario()


def to_yaml(data: dict[str, Any], header: list[str]) -> str:
    """Scenario data as YAML text with comment lines on top."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    comments = "".join(f"# {printable(line)}\n" for line in header)
    return comments + buffer.getvalue()


__all__ = ["ANONYMOUS", "scenario_data", "to_yaml"]


def _soften_idle_lines(data: dict[str, Any]) -> None:
    """Hard lines of actors neither party nor partner become soft (a hard one is refused)."""
    counted = {p["actor"] for p in data["parties"]} | {
        p["actor"] for g in data.get("governments", []) for p in g.get("partners", [])
    }
    for actor in data["actors"]:
        if actor["id"] in counted:
            continue
        for line in actor.get("red_lines", []):
            if line.get("hard", True):
                line.update({"hard": False, "penalty": SOFT_PENALTY})
                actor.setdefault("evidence", []).append(
                    {
                        "about": f"red_lines.{line['id']}.penalty",
                        "assumption": f"{DRAFTED} soft: {actor['id']} is no party or partner, "
                        f"so a hard line would change nothing; penalty {SOFT_PENALTY}",
                    }
                )
