"""Forecast protocol: the text on the table is the expected-utility model's forecast.

Each round t, the proposal puts every ordinal or integer issue at the option
nearest the forecast of Bueno de Mesquita's model after t rounds (see
:mod:`sim.forecast`), and every categorical issue at the option with the most
support (actors' power x salience x value, summed). Parties answer as in any
protocol, so the run says whether the forecast settlement would be ratified.
"""

from __future__ import annotations

import numpy as np

from sim.preferences import normalised_salience, option_values
from sim.protocols.base import Protocol


class ForecastText(Protocol):
    """Propose the package the spatial forecast predicts, round by round."""

    name = "forecast"

    def __init__(self, model) -> None:  # noqa: D107
        super().__init__(model)
        from sim.forecast import forecast_scenario  # the forecast is imported when used

        scenario = model.scenario
        self.forecasts = forecast_scenario(scenario, rounds=model.rounds)
        self.supported = {
            issue.id: issue.option_label(int(np.argmax(self._support(issue))))
            for issue in scenario.issues
            if issue.id not in self.forecasts
        }

    def _support(self, issue) -> np.ndarray:
        scenario = self.model.scenario
        issue_index = scenario.issues.index(issue)
        support = np.zeros(issue.size)
        for actor in scenario.actors:
            if issue.id in actor.values:
                weight = normalised_salience(actor, scenario.issues)[issue_index]
                support += actor.power * weight * option_values(issue, actor.values[issue.id])
        return support

    def terms(self, t: int) -> dict[str, str | int]:
        """The forecast package after t rounds of the expected-utility model."""
        from sim.forecast import nearest_option

        terms = dict(self.supported)
        for issue_id, result in self.forecasts.items():
            record = result.rounds[min(t, len(result.rounds) - 1)]
            terms[issue_id] = nearest_option(self.model.scenario.issue(issue_id), record.median)
        return terms

    def proposal(self, t):  # noqa: D102
        package = self.model.game.space.package(self.terms(t))
        gone = [self.model.game.party_row(p) for p in self.model.walked_out]
        if self.model.game.required[gone, package].any():
            return None, "forecast"
        return package, "forecast"
