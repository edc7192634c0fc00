"""Checks of a phased deal: deferrable issues, deferral values and lines, later phases' events."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sim.scenario.problems import Problem
from sim.scenario.schema import Condition, Issue, Scenario

ConditionCheck = Callable[[Condition, dict[str, Issue], tuple], Iterator[Problem]]


def phase_rounds(s: Scenario, phase: int) -> int:
    """The number of rounds of a phase (phase one: ``rounds``; later: ``phase_rounds``)."""
    if phase == 1 or s.protocol.phase_rounds is None:
        return s.protocol.rounds
    return s.protocol.phase_rounds


def phase_problems(s: Scenario, condition_problems: ConditionCheck) -> Iterator[Problem]:
    """Deferral that names no deferrable issue, and events of phases the deal cannot have."""
    issues = {issue.id: issue for issue in s.issues}
    deferrable = [issue.id for issue in s.issues if issue.deferrable]
    for ai, actor in enumerate(s.actors):
        for issue_id in actor.deferred:
            if issue_id not in issues:
                yield Problem(("actors", ai, "deferred", issue_id), f"unknown issue '{issue_id}'")
            elif not issues[issue_id].deferrable:
                yield Problem(
                    ("actors", ai, "deferred", issue_id),
                    f"issue '{issue_id}' is not deferrable: give it 'deferrable: true' or drop "
                    "this value",
                )
        for li, line in enumerate(actor.red_lines):
            issue = issues.get(line.issue)
            if line.deferral is not None and issue is not None and not issue.deferrable:
                yield Problem(
                    ("actors", ai, "red_lines", li, "deferral"),
                    f"issue '{line.issue}' is not deferrable, so no package defers it: "
                    "give the issue 'deferrable: true' or drop 'deferral'",
                )
    for ei, event in enumerate(s.events):
        if event.phase > 1 and not deferrable:
            yield Problem(
                ("events", ei, "phase"),
                f"phase {event.phase} never comes: no issue is deferrable, so every deal "
                "settles everything in phase 1",
            )
        elif event.phase > s.protocol.phases:
            yield Problem(
                ("events", ei, "phase"),
                f"phase {event.phase} is after the last phase (protocol.phases: "
                f"{s.protocol.phases})",
            )
        elif event.phase > 1 and event.round >= phase_rounds(s, event.phase):
            yield Problem(
                ("events", ei, "round"),
                f"round {event.round} is after the last round of phase {event.phase} "
                f"({phase_rounds(s, event.phase) - 1})",
            )
        for ci, condition in enumerate(event.when):
            yield from condition_problems(condition, issues, ("events", ei, "when", ci))
