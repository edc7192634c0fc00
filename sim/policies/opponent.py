"""Learning the others' preferences from what they put forward and accept.

A frequency model (as in Genius's HardHeaded agent and NegMAS's frequency
opponent models): for each other party, options it proposes or accepts often
are taken to be worth more to it, and issues on which it keeps the same option
from one signal to the next are taken to weigh more. The estimate is blended
with the observer's prior (its perception of the party's stated preferences):
``belief = (1 - lam) * prior + lam * frequency``, ``lam = n / (n + prior_weight)``
after n observations, so it is Bayesian in spirit: the more it sees, the more it
trusts what it saw.
"""

from __future__ import annotations

from math import log
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from sim.policies.view import ActorView


class FrequencyModel:
    """What one observer has learned of one party's preferences.

    Attributes:
        counts: per issue, how often each option was signalled.
        weights: per issue, the evidence that the issue matters (unchanged options).
        observations: how many signals were counted.
    """

    def __init__(self, sizes: tuple[int, ...], unchanged_bonus: float = 1.0) -> None:
        self.counts = [np.zeros(size) for size in sizes]
        self.weights = np.ones(len(sizes))
        self.unchanged_bonus = unchanged_bonus
        self.observations = 0
        self._last: np.ndarray | None = None

    def observe(self, options: np.ndarray) -> None:
        """Count one signalled package (its option index on every issue)."""
        for issue, option in enumerate(options):
            self.counts[issue][int(option)] += 1
        if self._last is not None:
            self.weights += self.unchanged_bonus * (options == self._last)
        self._last = np.array(options)
        self.observations += 1

    def utilities(self, options: np.ndarray) -> np.ndarray:
        """Estimated utility, in [0, 1], of packages given as ``[packages, issues]`` options."""
        weights = self.weights / self.weights.sum()
        total = np.zeros(len(options))
        for issue, counts in enumerate(self.counts):
            values = (counts + 1.0) / (counts.max() + 1.0)
            total += weights[issue] * values[options[:, issue]]
        return total


def predicted_need(t: int, need: float, reservation: float, rounds: int, at: int) -> float:
    """A party's need at round ``at``, from the need it showed at round ``t``.

    The observer assumes the party concedes as Faratin's time-dependent family
    does, from 1 at round 0 to its reservation at the end of the rounds, and
    fits the exponent to the one need it saw. Plain floats and the C library's
    ``log``: a round asks this often, and numpy's scalar ``log`` would take a
    code path that depends on the processor's vector extensions.
    """
    if t <= 0 or reservation >= 1.0 or at <= t:
        return need
    share = (need - reservation) / (1.0 - reservation)
    # min(max(share, 1e-12), 1 - 1e-12) and min(at, rounds), written out: a round asks this
    if 1e-12 > share:
        share = 1e-12
    if 1.0 - 1e-12 < share:
        share = 1.0 - 1e-12
    exponent = log(1.0 - share) / log(t / rounds)
    until = rounds if rounds < at else at
    return float(reservation + (1.0 - reservation) * (1.0 - (until / rounds) ** exponent))


def stated_needs(view: ActorView) -> dict[str, tuple[int, float]]:
    """Per other party, the latest need it showed: (round, utility), as the observer reads it."""
    me = view.actor_id
    shown_need = view.shown_need
    return {
        party: shown
        for party in view.party_ids
        if party != me and (shown := shown_need(party)) is not None
    }
