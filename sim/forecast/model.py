"""Rounds of the expected-utility model and their record.

Each round, from the positions at its start:

1. every risk exponent is set to 1 and every actor's expected utility of
   challenging every other is computed; from these, each actor's security level
   and its risk exponent r_i;
2. the expected utilities are computed again with the new risk exponents;
3. every actor with a positive expected utility of challenging another sends
   it an offer; each actor takes the offer that moves it least;
4. all actors move at once.

Rounds go on until no actor moves by more than ``tolerance`` or the round limit
is reached. Round 0 records the initial positions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.forecast.eu_model import (
    expected_utility_of_challenge,
    risk_exponents,
    security_levels,
    weighted_mean,
    weighted_median,
)
from sim.forecast.inputs import ForecastInput
from sim.forecast.offers import Offer, best_offer, offers_received


@dataclass(frozen=True)
class RoundRecord:
    """The state at the start of one round and what the actors do in it.

    Attributes:
        round: 0 for the initial positions.
        positions: each actor's position at the start of the round.
        median: the median voter position (the forecast).
        mean: the weighted mean position.
        risk_exponents: each actor's r_i in this round.
        offers: the offers each actor receives in this round.
        chosen: the sender of the offer each actor takes, or None if it stays.
    """

    round: int
    positions: dict[str, float]
    median: float
    mean: float
    risk_exponents: dict[str, float]
    offers: dict[str, tuple[Offer, ...]]
    chosen: dict[str, str | None]

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form (``forecast`` is the median)."""
        return {
            "round": self.round,
            "positions": dict(self.positions),
            "forecast": self.median,
            "median": self.median,
            "mean": self.mean,
            "risk_exponents": dict(self.risk_exponents),
            "offers": {
                actor: [offer.to_dict() for offer in offers]
                for actor, offers in self.offers.items()
            },
            "chosen": dict(self.chosen),
        }


@dataclass(frozen=True)
class ForecastResult:
    """Every round of one forecast and its outcome.

    Attributes:
        issue: the issue's label.
        actors: actor names in input order.
        rounds: round 0 (initial positions) to the last round.
        converged: True when the last round moves no actor by more than the tolerance.
    """

    issue: str
    actors: tuple[str, ...]
    rounds: tuple[RoundRecord, ...]
    converged: bool

    @property
    def risk_exponents(self) -> dict[str, float]:
        """The risk exponents of the first round (computed from the initial positions)."""
        return dict(self.rounds[0].risk_exponents)

    @property
    def median(self) -> float:
        """The forecast: the median voter position after the last round."""
        return self.rounds[-1].median

    @property
    def mean(self) -> float:
        """The weighted mean position after the last round."""
        return self.rounds[-1].mean

    @property
    def final_positions(self) -> dict[str, float]:
        """Each actor's position after the last round."""
        return dict(self.rounds[-1].positions)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form; see docs/forecast.md for the keys."""
        return {
            "issue": self.issue,
            "actors": list(self.actors),
            "rounds": [record.to_dict() for record in self.rounds],
            "risk_exponents": self.risk_exponents,
            "forecast": self.median,
            "median": self.median,
            "mean": self.mean,
            "converged": self.converged,
        }


def _round_risk_exponents(
    data: ForecastInput, position: np.ndarray, position_range: float, median: float, **terms: float
) -> np.ndarray:
    """Risk exponents from security levels computed with every r_i = 1."""
    neutral = np.ones(data.size)
    expected = expected_utility_of_challenge(
        position, data.capability, data.salience, neutral, position_range, median, **terms
    )
    return risk_exponents(security_levels(expected))


def run_forecast(
    actors: ForecastInput,
    rounds: int = 10,
    tolerance: float = 1e-6,
    *,
    status_quo_probability: float = 1.0,
    improvement_probability: float = 1.0,
) -> ForecastResult:
    """Run the expected-utility model on one issue.

    Args:
        actors: positions, capabilities and saliences.
        rounds: the most rounds of moves (the result has at most rounds + 1 records).
        tolerance: stop when no actor moves by more than this.
        status_quo_probability: Q of the paper (1 in the paper's runs).
        improvement_probability: T of the paper (1 in the paper's runs).

    Returns:
        Every round's positions, risk exponents, offers and forecast.
    """
    if rounds < 0:
        raise ValueError(f"rounds must be >= 0, got {rounds}")
    terms = {
        "status_quo_probability": status_quo_probability,
        "improvement_probability": improvement_probability,
    }
    names = actors.actors
    weight = actors.weight
    position = actors.position.copy()
    position_range = float(position.max() - position.min())
    records: list[RoundRecord] = []
    converged = False
    for round_number in range(rounds + 1):
        median = weighted_median(position, weight)
        risk = _round_risk_exponents(actors, position, position_range, median, **terms)
        expected = expected_utility_of_challenge(
            position, actors.capability, actors.salience, risk, position_range, median, **terms
        )
        received = offers_received(names, position, expected)
        taken = [best_offer(float(x), offers) for x, offers in zip(position, received, strict=True)]
        next_position = np.array(
            [
                x if offer is None else offer.position
                for x, offer in zip(position, taken, strict=True)
            ]
        )
        records.append(
            RoundRecord(
                round=round_number,
                positions=dict(zip(names, position.tolist(), strict=True)),
                median=median,
                mean=weighted_mean(position, weight),
                risk_exponents=dict(zip(names, risk.tolist(), strict=True)),
                offers=dict(zip(names, received, strict=True)),
                chosen={
                    name: None if offer is None else offer.sender
                    for name, offer in zip(names, taken, strict=True)
                },
            )
        )
        if np.max(np.abs(next_position - position)) <= tolerance:
            converged = True
            break
        position = next_position
    return ForecastResult(
        issue=actors.issue, actors=names, rounds=tuple(records), converged=converged
    )
