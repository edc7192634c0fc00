"""Phased deals: what a later phase negotiates, and what it starts from.

A package may leave a deferrable issue to a later phase (:data:`DEFERRED`). A
phase that agrees such a package ends; if the protocol allows another phase,
the next one negotiates only the deferred issues:

- the terms settled so far stay as they are (:func:`phase_packages`); the last
  phase may defer nothing;
- each actor's fallback is the deal that stands: its reservation becomes its
  utility of the standing package, and the values of deferring that it did
  not declare are fixed at the defaults they had (:func:`next_phase_scenario`),
  so the standing deal keeps its worth;
- the events of that phase happen, those with ``when`` conditions only if the
  standing terms meet them (implementation: trust after a release, say).

A later phase that ends without agreement leaves the standing deal in force
and its deferred issues open. Agents keep what they learned across phases.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from sim.outcomes import OutcomeSpace
from sim.preferences import deferred_value
from sim.ratification import conditions_hold
from sim.scenario.phase_checks import phase_rounds
from sim.scenario.schema import Event, Scenario

__all__ = ["events_of", "next_phase_scenario", "phase_packages", "phase_rounds"]


def phase_packages(space: OutcomeSpace, standing: int, last: bool) -> np.ndarray:
    """``[packages]`` what a later phase may agree: the standing terms kept, the standing deal not.

    Args:
        space: the outcome space.
        standing: the package agreed so far.
        last: the phase is the last, so every deferred issue must be settled.
    """
    row = space.options[standing]
    open_issues = [k for k, issue in enumerate(space.issues) if row[k] == issue.size]
    settled = [k for k in range(len(space.issues)) if k not in open_issues]
    mask = (space.options[:, settled] == row[settled]).all(axis=1)
    if last:
        for k in open_issues:
            mask &= space.options[:, k] != space.issues[k].size
    mask[standing] = False
    return mask


def next_phase_scenario(scenario: Scenario, standing_utility: Callable[[str], float]) -> Scenario:
    """The scenario a later phase starts from: the standing deal is every actor's fallback.

    Args:
        scenario: the scenario as the finished phase left it.
        standing_utility: an actor's (effective) utility of the standing package.
    """
    actors = []
    for actor in scenario.actors:
        deferred = {
            issue.id: deferred_value(actor, issue) for issue in scenario.issues if issue.deferrable
        }
        fallback = min(max(standing_utility(actor.id), 0.0), 1.0)
        actors.append(actor.model_copy(update={"deferred": deferred, "reservation": fallback}))
    return scenario.model_copy(update={"actors": actors})


def events_of(
    scenario: Scenario, space: OutcomeSpace | None, phase: int, t: int, standing: int | None
) -> list[Event]:
    """The events of round t of a phase (those with conditions: if the standing deal meets them)."""
    due = [e for e in scenario.events if e.phase == phase and e.round == t]
    if standing is None or space is None:
        return due
    return [e for e in due if not e.when or bool(conditions_hold(space, e.when)[standing])]
