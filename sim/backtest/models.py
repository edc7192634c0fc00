"""The models scored by the backtest: each predicts the outcome of every issue of a proposal.

- ``weighted_mean``: the capability x salience weighted mean of the positions
  (the "compromise model" of the DEU literature).
- ``weighted_median``: the position minimising the weighted distance to all
  actors (the median voter; :func:`sim.forecast.weighted_median`).
- ``status_quo``: the reference point (no prediction where it is missing).
- ``nash``: the power-weighted Nash bargaining solution of the proposal's
  package under its decision rule (the zone and Nash point of
  :func:`sim.analysis.analyze`, without the frontier); the
  reference point (else 50) when the zone is empty.
- ``expected_utility``: Bueno de Mesquita's expected-utility forecast, issue
  by issue (:func:`sim.forecast.run_forecast`, 10 rounds).
- ``dealsim`` and ``dealsim_mode``: the mean and the most frequent outcome of
  :data:`RUNS` simulated negotiations of the package (seeds 0, 1, ...); a run
  without a deal predicts the last text on the table (the proposals of DEU
  were adopted; ending at the reference point was tried on the development
  half and did worse).
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from sim.analysis.solutions import nash_solution
from sim.analysis.zone import backing, decided_zone_mask, reservation_values
from sim.backtest.deu import Proposal
from sim.backtest.scenario import actor_capabilities, issue_step, proposal_scenario, snap
from sim.forecast import ForecastInput, run_forecast, weighted_median
from sim.game import Game
from sim.simulation import simulate

MODELS = (
    "weighted_mean",
    "weighted_median",
    "status_quo",
    "nash",
    "expected_utility",
    "dealsim",
    "dealsim_mode",
)
RUNS = 5
"""Simulated negotiations per proposal."""
FORECAST_ROUNDS = 10


def spatial_predictions(proposal: Proposal) -> list[dict[str, float | None]]:
    """Per issue: the weighted mean, the weighted median, the status quo and the EU forecast."""
    result = []
    for issue in proposal.issues:
        capability = actor_capabilities(issue)
        actors = [a for a in issue.positions if capability.get(a, 0) * issue.saliences[a] > 0]
        prediction: dict[str, float | None] = dict.fromkeys(MODELS[:3] + MODELS[4:5])
        prediction["status_quo"] = issue.reference
        if actors:
            data = ForecastInput(
                actors=tuple(actors),
                capability=np.array([capability[a] for a in actors]),
                position=np.array([issue.positions[a] for a in actors]),
                salience=np.array([issue.saliences[a] / 100 for a in actors]),
                issue=issue.name,
            )
            weight = data.weight
            prediction["weighted_mean"] = float(np.sum(weight * data.position) / np.sum(weight))
            prediction["weighted_median"] = weighted_median(data.position, weight)
            prediction["expected_utility"] = run_forecast(data, rounds=FORECAST_ROUNDS).median
        result.append(prediction)
    return result


def package_predictions(proposal: Proposal, runs: int = RUNS) -> list[dict[str, float | None]]:
    """Per issue: the Nash package's option and the simulated outcomes' mean and mode.

    No prediction (None) for a proposal with too many issues to enumerate.
    """
    if issue_step(len(proposal.issues)) is None:
        return [dict.fromkeys(("nash", "dealsim", "dealsim_mode")) for _ in proposal.issues]
    scenario = proposal_scenario(proposal)
    ids = [issue.id for issue in scenario.issues]
    step = int(scenario.issues[0].step)  # integer issues
    no_deal = {
        ids[k]: (snap(i.reference, step) if i.reference is not None else None)
        for k, i in enumerate(proposal.issues)
    }  # the Nash point's fallback when the zone is empty
    game = Game.from_scenario(scenario)
    reservations = reservation_values(game)
    zone = np.flatnonzero(decided_zone_mask(game, reservations))
    counted = backing(game, reservations)
    package = nash_solution(game.effective, reservations, counted, game.power, zone)
    nash_terms = game.space.terms(package) if package is not None else None
    outcomes: list[dict[str, int]] = []
    for seed in range(runs):
        outcome = simulate(scenario, seed=seed, space=game.space)
        terms = outcome.terms if outcome.deal else outcome.last_proposal
        outcomes.append({issue: int((terms or {}).get(issue, 50)) for issue in ids})
    result: list[dict[str, float | None]] = []
    for issue in ids:
        values = [o[issue] for o in outcomes]
        counts = Counter(values).most_common()
        top = counts[0][1]
        mean = float(np.mean(values))
        mode = min((v for v, c in counts if c == top), key=lambda v: (abs(v - mean), v))
        if nash_terms is not None:
            nash = float(nash_terms[issue])
        else:
            fallback = no_deal[issue]
            nash = float(fallback) if fallback is not None else 50.0
        result.append({"nash": nash, "dealsim": mean, "dealsim_mode": float(mode)})
    return result
