"""Cross-field checks of ``protocol.decision``: the parties it names exist, a majority can pass."""

from __future__ import annotations

from collections.abc import Iterator

from sim.scenario.problems import Problem
from sim.scenario.schema import Scenario


def decision_problems(s: Scenario) -> Iterator[Problem]:
    """Problems of a weighted majority: unknown parties, no vote weight."""
    decision = s.protocol.decision
    at = ("protocol", "decision")
    party_ids = {p.actor for p in s.parties}
    if decision.rule == "unanimity":
        return  # the other fields are ignored, so that a sweep may switch the rule
    for key in decision.weights:
        if key not in party_ids:
            yield Problem((*at, "weights", key), f"'{key}' is not a party")
    if not any(w > 0 for w in decision.weights.values()):
        yield Problem((*at, "weights"), "a weighted majority needs a party with a vote weight > 0")
    if decision.second is not None:
        for key in decision.second.weights:
            if key not in party_ids:
                yield Problem((*at, "second", "weights", key), f"'{key}' is not a party")
    for k, key in enumerate(decision.veto):
        if key not in party_ids:
            yield Problem((*at, "veto", k), f"'{key}' is not a party")
    if decision.agenda_setter is not None and decision.agenda_setter not in party_ids:
        yield Problem((*at, "agenda_setter"), f"'{decision.agenda_setter}' is not a party")
