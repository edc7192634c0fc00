"""Proposal policies: which package goes on the table.

Each policy plans many rounds in one vectorised pass: given the view (fixed
within a run until an event or a walk-out) and the thresholds of a series of
rounds, it returns the package it would propose in each. ``propose`` is the
one-round case. Protocols plan ahead and replan when the view changes, so a
round costs a lookup.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from sim.policies.decisions import TOLERANCE
from sim.policies.registry import register
from sim.policies.view import NegotiationView, ProposerView

_TINY = 1e-9
NO_PROPOSAL = -1
"""What a plan holds for a round in which nothing can be proposed."""
_PLAN_CELLS = 4_000_000
"""Rounds x parties x packages per vectorised block, to bound memory on large spaces."""


def _blocks(thresholds: np.ndarray, columns: int):
    """Yield slices of rounds small enough to vectorise over."""
    per_block = max(1, _PLAN_CELLS // max(1, thresholds.shape[1] * columns))
    for start in range(0, thresholds.shape[0], per_block):
        yield slice(start, start + per_block)


@register("proposal")
class NashMediator:
    """Propose the package that maximises the power-weighted Nash product of surpluses.

    Among the packages every party whose consent is needed would accept (as the
    mediator sees them), take the one with the highest power-weighted geometric
    mean of (utility - threshold) over the parties whose consent it needs. The
    geometric mean, unlike the bare product, compares packages that need
    different sets of parties fairly. If no package is acceptable to all, take
    the one whose worst shortfall is smallest (crossing a needed party's hard
    red line counts as a shortfall of 1 more).
    """

    name: ClassVar[str] = "nash_mediator"
    metadata: ClassVar[dict] = {"reference": "Nash 1950; Raiffa 1982 (single negotiating text)"}

    def propose(self, view: NegotiationView) -> int | None:
        """The package to put on the table, or None if no package is available."""
        package = int(self.plan(view, view.thresholds[None, :])[0])
        return None if package == NO_PROPOSAL else package

    def plan(self, view: NegotiationView, thresholds: np.ndarray) -> np.ndarray:
        """Packages proposed at each of a series of rounds (``thresholds``: [rounds, parties])."""
        if view.packages.size == 0:
            return np.full(len(thresholds), NO_PROPOSAL)
        weights = view.required * view.power[:, None]
        total_weight = np.maximum(weights.sum(axis=0), _TINY)
        blocked = view.required & view.refuses
        choices = []
        for rounds in _blocks(thresholds, view.packages.size):
            gap = view.beliefs[None] - thresholds[rounds, :, None]
            acceptable = (~view.required | (~view.refuses & (gap >= -TOLERANCE))).all(axis=1)
            some = acceptable.any(axis=1)
            choice = np.empty(len(gap), dtype=np.int64)
            if some.any():
                # score only the columns acceptable in some round: logs are dear
                columns = np.flatnonzero(acceptable[some].any(axis=0))
                log_gap = np.log(np.maximum(gap[some][:, :, columns] + TOLERANCE, 0.0) + _TINY)
                score = (weights[:, columns] * log_gap).sum(axis=1) / total_weight[columns]
                score = np.where(acceptable[some][:, columns], score, -np.inf)
                choice[some] = columns[score.argmax(axis=1)]
            if not some.all():
                short = np.where(view.required, np.maximum(-gap[~some], 0.0), 0.0) + blocked
                choice[~some] = short.max(axis=1).argmin(axis=1)
            choices.append(choice)
        return view.packages[np.concatenate(choices)]


@register("proposal")
class SelfInterestedProposer:
    """Offer the best package for oneself among those one believes every other party accepts.

    The proposer knows its own utility; others' it sees through its beliefs.
    While no package meets its own threshold it offers its own best package.
    If it believes none that meets its threshold is acceptable to all, it
    offers, among those meeting its threshold, the one closest to acceptance
    (smallest worst believed shortfall; ties to its own best).
    """

    name: ClassVar[str] = "self_interested"
    metadata: ClassVar[dict] = {"reference": "Rubinstein 1982; Aydogan et al. 2017 (stacked)"}

    def propose(self, view: ProposerView) -> int | None:
        """The proposer's offer, or None if no package is available."""
        package = int(self.plan(view, view.thresholds[None, :])[0])
        return None if package == NO_PROPOSAL else package

    def plan(self, view: ProposerView, thresholds: np.ndarray) -> np.ndarray:
        """Offers at each of a series of rounds (``thresholds``: [rounds, parties])."""
        if view.packages.size == 0:
            return np.full(len(thresholds), NO_PROPOSAL)
        me = view.proposer
        others = np.flatnonzero(np.arange(len(view.party_ids)) != me)
        floor = thresholds - TOLERANCE
        # columns run from the proposer's best down: those meeting its threshold are a prefix
        meeting = np.searchsorted(-view.own_utility, -floor[:, me], side="right")
        if len(others) == 1:
            choice = _bilateral_choice(view, others[0], floor[:, others[0]], meeting)
        else:
            choice = _multilateral_choice(view, others, floor[:, others], meeting)
        return view.packages[np.where(meeting == 0, 0, choice)]


def _bilateral_choice(
    view: ProposerView, other: int, floor: np.ndarray, meeting: np.ndarray
) -> np.ndarray:
    """Column offered each round when one other party answers (O(rounds log packages)).

    With one other party, the column it accepts first is the first whose running
    best (of its believed utility, +inf where its consent is not needed, -inf
    where it refuses) reaches its threshold; failing that, the smallest
    shortfall is the running best of the columns meeting the proposer's own.
    """
    value = np.where(
        view.required[other], np.where(view.refuses[other], -np.inf, view.beliefs[other]), np.inf
    )
    best = np.maximum.accumulate(value)
    accepted_first = np.searchsorted(best, floor, side="left")
    closest = np.searchsorted(best, best[np.maximum(meeting - 1, 0)], side="left")
    return np.where(accepted_first < meeting, accepted_first, closest)


def _multilateral_choice(
    view: ProposerView, others: np.ndarray, floor: np.ndarray, meeting: np.ndarray
) -> np.ndarray:
    """Column offered each round when several others answer (``floor``: [rounds, others])."""
    beliefs, required = view.beliefs[others], view.required[others]
    blocked = required & view.refuses[others]
    any_blocked, all_required = bool(blocked.any()), bool(required.all())
    columns = np.arange(view.packages.size)
    choices = []
    for rounds in _blocks(floor, view.packages.size):
        short = np.maximum(floor[rounds, :, None] - beliefs, 0.0)
        if not all_required:
            short = np.where(required, short, 0.0)
        if any_blocked:
            short = np.where(blocked, np.inf, short)
        worst = short.max(axis=1)
        worst[columns >= meeting[rounds, None]] = np.inf
        accepted = worst == 0.0
        choices.append(
            np.where(accepted.any(axis=1), accepted.argmax(axis=1), worst.argmin(axis=1))
        )
    return np.concatenate(choices)
