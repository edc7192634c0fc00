"""Forecast inputs from a dealsim scenario: one per ordinal or integer issue.

For an issue, the actors that give a value spec for it take part:

* position: the actor's ideal option on the issue's scale, i.e. the number on
  an integer issue and the option's rank 0..k-1 on an ordinal issue. For an
  ideal point this is its ``ideal``; for a value table, the option with the
  highest value (the first in the issue's order on a tie);
* capability: ``actor.power``;
* salience: the actor's salience weight of the issue divided by its largest
  salience weight, so its top issue has salience 1 (0 when it gives none).

Categorical issues have no scale and are skipped.
"""

from __future__ import annotations

import math

import numpy as np

from sim.forecast.inputs import ForecastInput
from sim.forecast.model import ForecastResult, run_forecast
from sim.outcomes import option_positions
from sim.preferences import option_values
from sim.scenario.schema import Actor, Issue, Scenario


def ideal_position(issue: Issue, actor: Actor) -> float:
    """The actor's best option on the issue, as a position on the issue's scale.

    The first best option in the issue's order on a tie.
    """
    values = option_values(issue, actor.values[issue.id])
    return float(option_positions(issue)[int(np.argmax(values))])


def relative_salience(actor: Actor, issue_id: str) -> float:
    """The actor's salience weight of the issue relative to its top issue (which gets 1).

    The bargaining model normalises weights to sum 1 across issues; the
    expected-utility model reads salience as "how ready to act on this issue",
    1 for an actor's top priority. Summing to 1 over seven issues would make
    every actor look nearly indifferent, and in the model an indifferent
    target yields to any challenger.
    """
    top = max(actor.salience.values(), default=0.0)
    return actor.salience.get(issue_id, 0.0) / top if top > 0 else 0.0


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
        (actor.id, actor.power, ideal_position(issue, actor), relative_salience(actor, issue.id))
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
            actor.power > 0 and relative_salience(actor, issue.id) > 0 for actor in participants
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


def nearest_option(issue: Issue, position: float) -> str | int | float:
    """The option nearest a forecast position: an option name, or an allowed integer.

    Halfway between two options goes to the higher one.
    """
    if issue.kind == "categorical":
        raise ValueError(f"issue {issue.id!r} is categorical: positions do not map to options")
    if issue.numeric:
        assert issue.min is not None
        index = math.floor((position - issue.min) / issue.step + 0.5)
    else:
        index = math.floor(position + 0.5)
    index = min(max(index, 0), issue.size - 1)
    return issue.option_label(index)
