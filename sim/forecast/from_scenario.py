"""Forecast inputs from a dealsim scenario: one per ordinal or integer issue.

For an issue, the actors that give a value spec for it take part:

* position: the actor's ideal option on the issue's scale, i.e. the number on
  an integer issue and the option's rank 0..k-1 on an ordinal issue. For an
  ideal point this is its ``ideal``; for a value table, the option with the
  highest value (the first in the issue's order on a tie);
* capability: ``actor.power``;
* salience: the actor's salience weight of the issue divided by the sum of its
  salience weights (0 when it gives none).

Categorical issues have no scale and are skipped.
"""

from __future__ import annotations

import math

from sim.forecast.inputs import ForecastInput
from sim.forecast.model import ForecastResult, run_forecast
from sim.scenario.schema import Actor, IdealPoint, Issue, Scenario


def scale_position(issue: Issue, option_index: int) -> float:
    """The position of an option on the issue's scale (its value, or its rank)."""
    if issue.kind == "integer":
        return float(issue.integer_values[option_index])
    return float(option_index)


def ideal_position(issue: Issue, actor: Actor) -> float:
    """The actor's ideal option on the issue, as a position on the issue's scale.

    Raises:
        ValueError: when the actor's value spec names no option of the issue.
    """
    spec = actor.values[issue.id]
    if isinstance(spec, IdealPoint):
        index = issue.option_index(spec.ideal)
        if index is None:
            raise ValueError(
                f"actor {actor.id!r}: ideal {spec.ideal!r} is not an option of issue {issue.id!r}"
            )
        return scale_position(issue, index)
    best_index: int | None = None
    best_value = -math.inf
    for option, value in spec.items():
        index = issue.option_index(option)
        if index is None:
            raise ValueError(
                f"actor {actor.id!r}: value table names {option!r}, "
                f"which is not an option of issue {issue.id!r}"
            )
        if value > best_value or (
            value == best_value and best_index is not None and index < best_index
        ):
            best_index, best_value = index, value
    if best_index is None:
        raise ValueError(f"actor {actor.id!r}: the value table of issue {issue.id!r} is empty")
    return scale_position(issue, best_index)


def normalised_salience(actor: Actor, issue_id: str) -> float:
    """The actor's salience weight of the issue divided by the sum of its weights."""
    total = sum(actor.salience.values())
    if total <= 0:
        return 0.0
    return actor.salience.get(issue_id, 0.0) / total


def issue_input(scenario: Scenario, issue: Issue) -> ForecastInput:
    """The forecast input of one ordinal or integer issue.

    Raises:
        ValueError: when the issue is categorical, nobody has a value spec for
            it, no participant has both power and salience, or a value spec
            names an unknown option.
    """
    if issue.kind == "categorical":
        raise ValueError(f"issue {issue.id!r} is categorical: its options have no order")
    participants = [actor for actor in scenario.actors if issue.id in actor.values]
    if not participants:
        raise ValueError(f"issue {issue.id!r}: no actor has a value spec for it")
    rows = [
        (actor.id, actor.power, ideal_position(issue, actor), normalised_salience(actor, issue.id))
        for actor in participants
    ]
    try:
        return ForecastInput.from_rows(rows, issue=issue.id)
    except ValueError as error:
        raise ValueError(f"issue {issue.id!r}: {error}") from None


def forecast_inputs(scenario: Scenario, issue: str | None = None) -> dict[str, ForecastInput]:
    """Forecast inputs per issue: the named one, or every issue that can be forecast.

    Without ``issue``, issues that cannot be forecast (categorical, nobody
    taking part, nobody with a vote) are left out; see :func:`skipped_issues`.

    Raises:
        ValueError: when the named issue does not exist or cannot be forecast,
            or a value spec names an unknown option.
    """
    if issue is not None:
        known = [candidate.id for candidate in scenario.issues]
        if issue not in known:
            raise ValueError(f"no issue {issue!r} in the scenario (issues: {', '.join(known)})")
        return {issue: issue_input(scenario, scenario.issue(issue))}
    skipped = skipped_issues(scenario)
    return {
        candidate.id: issue_input(scenario, candidate)
        for candidate in scenario.issues
        if candidate.id not in skipped
    }


def skipped_issues(scenario: Scenario) -> dict[str, str]:
    """The issues that cannot be forecast, each with the reason."""
    skipped = {}
    for issue in scenario.issues:
        participants = [actor for actor in scenario.actors if issue.id in actor.values]
        if issue.kind == "categorical":
            skipped[issue.id] = "categorical: its options have no order"
        elif not participants:
            skipped[issue.id] = "no actor has a value spec for it"
        elif not any(
            actor.power > 0 and normalised_salience(actor, issue.id) > 0 for actor in participants
        ):
            skipped[issue.id] = "no participant has both power > 0 and salience > 0"
    return skipped


def forecast_scenario(
    scenario: Scenario, issue: str | None = None, rounds: int = 10, tolerance: float = 1e-6
) -> dict[str, ForecastResult]:
    """Run the expected-utility forecast on the scenario's issues (or on one).

    Raises:
        ValueError: as :func:`forecast_inputs`.
    """
    return {
        issue_id: run_forecast(data, rounds=rounds, tolerance=tolerance)
        for issue_id, data in forecast_inputs(scenario, issue).items()
    }


def nearest_option(issue: Issue, position: float) -> str | int:
    """The option nearest a forecast position: an option name, or an allowed integer.

    Halfway between two options goes to the higher one.
    """
    if issue.kind == "categorical":
        raise ValueError(f"issue {issue.id!r} is categorical: positions do not map to options")
    if issue.kind == "integer":
        assert issue.min is not None
        index = math.floor((position - issue.min) / issue.step + 0.5)
    else:
        index = math.floor(position + 0.5)
    index = min(max(index, 0), issue.size - 1)
    return issue.option_label(index)
