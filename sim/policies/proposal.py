"""Proposal policies: which package goes on the table."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from sim.policies.registry import register
from sim.policies.view import NegotiationView

_TINY = 1e-9


@register("proposal")
class NashMediator:
    """Propose the package that maximises the power-weighted Nash product of surpluses.

    Among the packages every party whose consent is needed would accept (as the
    mediator sees them), take the one with the highest power-weighted geometric
    mean of (utility - threshold) over the parties whose consent it needs. The
    geometric mean, unlike the bare product, compares packages that need
    different sets of parties fairly. If no package is acceptable to all, take
    the one whose worst shortfall is smallest, among packages that cross no
    needed party's hard red line where there are any.
    """

    name: ClassVar[str] = "nash_mediator"
    metadata: ClassVar[dict] = {"reference": "Nash 1950; Raiffa 1982 (single negotiating text)"}

    def propose(self, view: NegotiationView) -> int | None:
        """The package to put on the table, or None if no package is available."""
        if not view.available.any():
            return None
        gap = view.beliefs - view.thresholds[:, None]
        weights = view.required * view.power[:, None]
        acceptable = view.available & view.believed_acceptable().all(axis=0)
        if acceptable.any():
            log_gap = np.log(np.maximum(gap, 0.0) + _TINY)
            total_weight = weights.sum(axis=0)
            score = np.where(
                total_weight > 0, (weights * log_gap).sum(axis=0) / np.maximum(total_weight, _TINY), 0.0
            )
            return int(np.argmax(np.where(acceptable, score, -np.inf)))
        return _smallest_worst_shortfall(view, gap)


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

    def propose(self, view: NegotiationView, proposer: int, own_utility: np.ndarray) -> int | None:
        """The proposer's offer, or None if no package is available."""
        pool = view.available & ~view.refuses[proposer]
        if not pool.any():
            return None
        candidates = pool & (own_utility >= view.thresholds[proposer])
        if not candidates.any():
            return int(np.argmax(np.where(pool, own_utility, -np.inf)))
        others = np.arange(len(view.party_ids)) != proposer
        acceptable = view.believed_acceptable()[others].all(axis=0) & candidates
        if acceptable.any():
            return int(np.argmax(np.where(acceptable, own_utility, -np.inf)))
        gap = view.beliefs[others] - view.thresholds[others, None]
        needed = view.required[others]
        shortfall = np.where(needed, np.maximum(-gap, 0.0), 0.0)
        shortfall = np.where(needed & view.refuses[others], np.inf, shortfall)
        worst = np.where(candidates, shortfall.max(axis=0, initial=0.0), np.inf)
        best = np.flatnonzero(worst == worst.min())
        return int(best[np.argmax(own_utility[best])])


def _smallest_worst_shortfall(view: NegotiationView, gap: np.ndarray) -> int:
    needed_refusal = (view.required & view.refuses).any(axis=0)
    pool = view.available & ~needed_refusal
    if not pool.any():
        pool = view.available
    shortfall = np.where(view.required, np.maximum(-gap, 0.0), 0.0).max(axis=0)
    return int(np.argmin(np.where(pool, shortfall, np.inf)))
