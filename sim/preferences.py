"""Preferences: what each actor gets from each package, and which packages it refuses.

An actor's utility of a package is the salience-weighted sum of its values of
the package's options, less the penalties of the soft red lines it crosses,
kept in [0, 1]. Hard red lines are not part of the utility: a package that
crosses one is refused whatever its utility.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.outcomes import OutcomeSpace, option_positions, options_satisfying, scale_position
from sim.scenario.schema import Actor, IdealPoint, Issue, RedLine, Scenario


def option_values(issue: Issue, spec: IdealPoint | dict) -> np.ndarray:
    """An actor's value of each option of one issue, in [0, 1]."""
    if isinstance(spec, IdealPoint):
        positions = option_positions(issue)
        ideal = scale_position(issue, spec.ideal)
        distance = np.abs(positions - ideal)
        farthest = max(ideal - positions.min(), positions.max() - ideal)
        return 1.0 - (1.0 - spec.worst) * distance / farthest
    values = np.zeros(issue.size)
    for ref, value in spec.items():
        values[issue.option_index(ref)] = value
    return values


def crossed_options(issue: Issue, line: RedLine) -> np.ndarray:
    """Boolean mask over an issue's options: those that cross the red line."""
    allowed = options_satisfying(
        issue, within=line.require, outside=line.forbid, at_least=line.min, at_most=line.max
    )
    return ~allowed


def normalised_salience(actor: Actor, issues: list[Issue]) -> np.ndarray:
    """Salience weights in issue order, summing to 1 (all zero if none given)."""
    weights = np.array([actor.salience.get(issue.id, 0.0) for issue in issues], dtype=float)
    total = weights.sum()
    return weights / total if total > 0 else weights


@dataclass
class Preferences:
    """Per-package utilities and refusals of every actor.

    Attributes:
        actor_ids: actors in scenario order; row k of each array is actor k.
        utility: ``[actors, packages]`` utility in [0, 1].
        hard_crossed: ``[actors, packages]`` True where an active hard red line is crossed.
        crossings: per hard red-line id (active or not), the packages that cross it.
        owners: per red-line id, the actor holding it.
    """

    actor_ids: list[str]
    utility: np.ndarray
    hard_crossed: np.ndarray
    crossings: dict[str, np.ndarray]
    owners: dict[str, str]

    def row(self, actor_id: str) -> int:
        """Row of an actor in the arrays."""
        return self.actor_ids.index(actor_id)


def compile_preferences(scenario: Scenario, space: OutcomeSpace) -> Preferences:
    """Build the utility and refusal arrays of every actor over the whole space."""
    issues = {issue.id: issue for issue in space.issues}
    n_actors = len(scenario.actors)
    utility = np.zeros((n_actors, space.size))
    hard_crossed = np.zeros((n_actors, space.size), dtype=bool)
    crossings: dict[str, np.ndarray] = {}
    owners: dict[str, str] = {}
    for row, actor in enumerate(scenario.actors):
        weights = normalised_salience(actor, space.issues)
        total = np.zeros([1] * len(space.sizes))
        for weight, issue in zip(weights, space.issues, strict=True):
            if weight > 0:
                values = option_values(issue, actor.values[issue.id])
                total = total + space.grid(issue.id, weight * values)
        hard = np.zeros([1] * len(space.sizes), dtype=bool)
        for line in actor.red_lines:
            crossed = space.grid(line.issue, crossed_options(issues[line.issue], line))
            owners[line.id] = actor.id
            if line.hard:
                crossings[line.id] = np.broadcast_to(crossed, space.sizes).reshape(-1)
                if line.active:
                    hard = hard | crossed
            elif line.active:
                total = total - line.penalty * crossed
        utility[row] = np.clip(np.broadcast_to(total, space.sizes).reshape(-1), 0.0, 1.0)
        hard_crossed[row] = np.broadcast_to(hard, space.sizes).reshape(-1)
    return Preferences(
        actor_ids=[a.id for a in scenario.actors],
        utility=utility,
        hard_crossed=hard_crossed,
        crossings=crossings,
        owners=owners,
    )
