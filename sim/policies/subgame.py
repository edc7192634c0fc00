"""Subgame-perfect bargaining: backward induction over the package space (Rubinstein 1982).

Under (stacked) alternating offers with per-round discount factors, the
subgame-perfect play of a finite game is found backwards. After the last round
every party gets its reservation. In round t the proposer offers, among the
packages that cross no hard red line of a needed party, the one best for itself
that gives every other needed party at least what waiting would give it,
``max(discount * V(t + 1), reservation)``; it delays (proposes its own best,
to be refused) only when no such package is worth more to it than waiting. The
values of round t are the utilities of that offer. With two parties splitting a
pie, patience as the only asymmetry and a long horizon, the first proposer gets
Rubinstein's share ``(1 - d2) / (1 - d1 d2)`` and the offer of round 0 is taken.

Two registered policies share the plan (computed once per change of the game,
a masked argmax over the candidate packages per round):

- the ``subgame_perfect`` concession tactic: accept what is worth at least the
  discounted value of going on, ``max(d * V(t + 1), reservation)``;
- the ``subgame_perfect`` proposal policy: put the plan's offer of the round on
  the table.

The plan reads the parties' utilities as the actor perceives them, and the
proposing order of ``protocol.proposers`` (else the parties' order), as under
the alternating protocol; under another protocol it is the actor's reasoning as
if offers alternated.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from sim.acceptance import meets
from sim.policies.base import Policy
from sim.policies.registry import register
from sim.policies.view import ActorView


def backward_induction(
    utilities: np.ndarray,
    required: np.ndarray,
    refuses: np.ndarray,
    reservations: np.ndarray,
    discounts: np.ndarray,
    proposers: list[int],
) -> tuple[np.ndarray, np.ndarray]:
    """The subgame-perfect offers and values of a finite alternating-offers game.

    Args:
        utilities: ``[parties, packages]`` utilities (in the terms of the round they are had).
        required: ``[parties, packages]`` whose consent each package needs.
        refuses: ``[parties, packages]`` where a party's hard red lines are crossed.
        reservations: ``[parties]`` utilities of no deal.
        discounts: ``[parties]`` per-round discount factors in (0, 1].
        proposers: the proposer's row in each round (its length is the horizon).

    Returns:
        ``offers[t]``: the column offered in round t (-1: the proposer delays), and
        ``values[t, party]``: each party's value of the game from round t, in round-t
        terms (``values[T]`` is the reservations).
    """
    rounds = len(proposers)
    values = np.empty((rounds + 1, len(reservations)))
    values[rounds] = reservations
    offers = np.full(rounds, -1, dtype=np.int64)
    admissible = ~np.any(refuses & required, axis=0)
    for t in range(rounds - 1, -1, -1):
        waiting = np.maximum(discounts * values[t + 1], reservations)
        i = proposers[t]
        others = np.ones(len(reservations), dtype=bool)
        others[i] = False
        takes = ~required[others] | meets(utilities[others], waiting[others, None])
        acceptable = admissible & takes.all(axis=0)
        if acceptable.any():
            column = int(np.argmax(np.where(acceptable, utilities[i], -np.inf)))
            if meets(utilities[i, column], waiting[i]):
                offers[t] = column
                values[t] = utilities[:, column]
                continue
        values[t] = waiting
    return offers, values


class _Plan:
    """The backward-induction plan of one actor, recomputed when the game changes."""

    def __init__(self) -> None:
        self.key: object = None
        self.offers = np.empty(0, dtype=np.int64)
        self.values = np.empty((0, 0))

    def of(self, view: ActorView) -> _Plan:
        key = (view.version, view.rounds, tuple(view.walked_out))
        if key != self.key:
            order = [p for p in view.proposers if p not in view.walked_out]
            rows = [view.party_ids.index(p) for p in order] or [0]
            proposers = [rows[t % len(rows)] for t in range(view.rounds)]
            self.offers, self.values = backward_induction(
                view.beliefs,
                view.required,
                view.refuses,
                np.asarray(view.reservations, dtype=float),
                np.asarray(view.discounts, dtype=float),
                proposers,
            )
            self.key = key
        return self


@register("concession")
class SubgamePerfectConcession(Policy):
    """Accept what is worth at least the discounted value of going on (Rubinstein 1982)."""

    kind = "concession"
    name: ClassVar[str] = "subgame_perfect"
    metadata: ClassVar[dict] = {"family": "game-theoretic", "reference": "Rubinstein 1982"}

    def reset(self) -> None:  # noqa: D102
        self._plan = _Plan()

    def level(self, view: ActorView) -> float:
        """``max(discount * V(t + 1), reservation)`` of the observer (1 if it is no party)."""
        row = view.row
        if row is None:
            return 1.0
        plan = self._plan.of(view)
        t = min(view.round + 1, len(plan.values) - 1)
        return float(max(view.discounts[row] * plan.values[t, row], view.reservation))


@register("proposal")
class SubgamePerfectProposal(Policy):
    """Put the subgame-perfect offer of the round on the table (Rubinstein 1982)."""

    kind = "proposal"
    name: ClassVar[str] = "subgame_perfect"
    metadata: ClassVar[dict] = {"family": "game-theoretic", "reference": "Rubinstein 1982"}

    def reset(self) -> None:  # noqa: D102
        self._plan = _Plan()

    def propose(self, view: ActorView) -> int | None:
        """The plan's offer; when the plan delays, the package best for the proposer."""
        packages = view.packages
        if not packages.size:
            return None
        plan = self._plan.of(view)
        t = min(view.round, len(plan.offers) - 1)
        column = int(plan.offers[t]) if t >= 0 else -1
        if column < 0:
            column = int(np.argmax(view.own))
        return int(packages[column])
