"""Concession tactics: how an actor's acceptance threshold falls over time.

Time-dependent tactics of Faratin, Sierra & Jennings (1998):
``tau(t) = r + (1 - r) * (1 - (t / T) ** (1 / beta))``, with r the reservation
value and T the actor's horizon (its deadline, else the last round). beta < 1
holds firm until late (Boulware), beta = 1 concedes linearly, beta > 1 concedes
early (Conceder).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from sim.policies.registry import register


class TimeDependentConcession:
    """Acceptance threshold falling from 1 to the reservation value over the horizon."""

    name: ClassVar[str] = "time_dependent"
    default_beta: ClassVar[float] = 1.0
    metadata: ClassVar[dict] = {"family": "time-dependent", "reference": "Faratin et al. 1998"}

    def __init__(self, beta: float | None = None) -> None:
        self.beta = float(beta if beta is not None else self.default_beta)
        if self.beta <= 0:
            raise ValueError("beta must be positive")

    def threshold(self, t: int, horizon: int, reservation: float) -> float:
        """The lowest utility the actor accepts at round t."""
        return float(self.schedule(np.asarray([t]), horizon, np.asarray([reservation]))[0])

    def schedule(
        self, rounds: np.ndarray, horizon: int, reservation: np.ndarray | float
    ) -> np.ndarray:
        """Thresholds at many rounds (from 0) at once (``reservation``: per round, or one)."""
        elapsed = np.minimum(rounds / horizon, 1.0) if horizon > 0 else np.ones(len(rounds))
        return reservation + (1.0 - reservation) * (1.0 - elapsed ** (1.0 / self.beta))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(beta={self.beta})"


@register("concession")
class Boulware(TimeDependentConcession):
    """Holds near its best until the deadline approaches."""

    name = "boulware"
    default_beta = 0.2


@register("concession")
class Linear(TimeDependentConcession):
    """Concedes the same amount every round."""

    name = "linear"
    default_beta = 1.0


@register("concession")
class Conceder(TimeDependentConcession):
    """Concedes most of the way early."""

    name = "conceder"
    default_beta = 5.0
