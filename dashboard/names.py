"""What people read: labels instead of ids, one round convention, numbers without noise.

One convention for rounds everywhere: **rounds are counted from 0** (the
first round is round 0, the last of a 20-round protocol round 19), as in the
scenario file's events, the ensemble table, the trace and every CLI command.
The page says "(from 0)" where a round number could be misread.
"""

from __future__ import annotations

import math
from typing import Any

import sim

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939",
)  # fmt: skip
"""Tableau's ten, then two more: distinct hues, so no two parties share a colour up to twelve."""

TACTIC_NAMES = {"boulware": "Boulware (holds firm)", "conceder": "conceder", "linear": "linear"}
FIELD_NAMES = {
    "power": "power",
    "reservation": "reservation value",
    "tactic.name": "concession tactic",
    "tactic.beta": "concession β",
    "noise": "perception noise",
    "survival_weight": "weight of survival",
    "seats": "seats",
    "rounds": "rounds",
    "name": "protocol",
}


def number(value: Any, digits: int = 3) -> str:
    """A number for people: integers as integers, others to a few significant digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return f"{int(value):,}"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def p_value(value: float) -> str:
    """A p-value in full: '< 0.001' for tiny ones, else two significant digits."""
    if value is None or math.isnan(value):
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.2g}"


def percent(value: float | None, digits: int = 1) -> str:
    """A share as a percentage."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * value:.{digits}f}%"


def short_name(name: str) -> str:
    """An actor's name without its trailing parenthesis ('Qatar (mediator)' -> 'Qatar')."""
    cut = name.find(" (")
    return name[:cut].strip() if cut > 0 and name.rstrip().endswith(")") else name.strip()


def readable(identifier: str, owner: str = "") -> str:
    """An id as words, for what the file gives no label ('smotrich-no-state-hint' -> 'no state
    hint' when Smotrich's; 'palestinian_authority' -> 'palestinian authority')."""
    text = identifier
    for prefix in {owner, owner.replace("_", "-")} - {""}:
        if text.startswith(prefix + "-") or text.startswith(prefix + "_"):
            text = text[len(prefix) + 1 :]
    return text.replace("_", " ").replace("-", " ").strip() or identifier


class Names:
    """The labels of one scenario's actors, issues, options and red lines."""

    def __init__(self, scenario: sim.Scenario) -> None:
        self.scenario = scenario
        self.actors = {actor.id: short_name(actor.name) or actor.id for actor in scenario.actors}
        self.issues = {issue.id: issue.label or readable(issue.id) for issue in scenario.issues}
        self.red_lines = {
            line.id: line.label or readable(line.id, actor.id)
            for actor in scenario.actors
            for line in actor.red_lines
        }
        self.owners = {line.id: actor.id for actor in scenario.actors for line in actor.red_lines}

    def actor(self, actor_id: str | None) -> str:
        """An actor's name."""
        return self.actors.get(actor_id or "", actor_id or "")

    def issue(self, issue_id: str) -> str:
        """An issue's label."""
        return self.issues.get(issue_id, issue_id)

    def option(self, issue_id: str, option: Any) -> str:
        """An option's label (its name as written when the file gives none)."""
        if option is None or (isinstance(option, float) and math.isnan(option)):
            return "–"
        try:
            issue = self.scenario.issue(issue_id)
        except (KeyError, ValueError):
            return str(option)
        if issue.kind == "integer" and isinstance(option, float) and option.is_integer():
            option = int(option)
        label = issue.label_of(option)
        return readable(label) if label == str(option) else label

    def red_line(self, line_id: str) -> str:
        """A red line's label, with whose it is."""
        owner = self.owners.get(line_id)
        label = self.red_lines.get(line_id, line_id)
        return f"{self.actor(owner)}: {label}" if owner else label

    def terms(self, terms: dict[str, Any] | None) -> str:
        """Agreed terms in words."""
        if not terms:
            return ""
        return "; ".join(f"{self.issue(k)}: {self.option(k, v)}" for k, v in terms.items())

    def path(self, path: str) -> str:
        """A parameter path in words, e.g. 'Hamas: reservation value'."""
        parts = path.split(".")
        if parts[0] == "actors" and len(parts) >= 3:
            who = self.actor(parts[1])
            rest = parts[2:]
            if rest[0] == "salience" and len(rest) == 2:
                return f"{who}: salience of {self.issue(rest[1])}"
            if rest[0] == "red_lines" and len(rest) >= 2:
                return f"{who}: red line “{self.red_lines.get(rest[1], rest[1])}”"
            return f"{who}: {FIELD_NAMES.get('.'.join(rest), '.'.join(rest))}"
        if parts[0] == "governments" and len(parts) >= 3:
            rest = parts[2:]
            if rest[0] in ("safety_nets", "partners") and len(rest) == 3:
                kind = "safety net" if rest[0] == "safety_nets" else "partner"
                return f"government {parts[1]}: {kind} {self.actor(rest[1])}, {rest[2]}"
            return f"government {parts[1]}: {FIELD_NAMES.get('.'.join(rest), '.'.join(rest))}"
        if parts[0] == "protocol" and len(parts) == 2:
            return FIELD_NAMES.get(parts[1], parts[1])
        return path

    def value(self, path: str, value: Any) -> str:
        """A parameter's value in words."""
        if path.endswith(".active"):
            return "on" if value else "off"
        if path.endswith("tactic.name"):
            return TACTIC_NAMES.get(str(value), str(value))
        return number(value)
