"""Proposal policies: which package goes on the table."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from sim.policies.decisions import TOLERANCE
from sim.policies.registry import register
from sim.policies.view import NegotiationView, ProposerView

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
        if view.packages.size == 0:
            return None
        gap = view.beliefs - view.thresholds[:, None]
        acceptable = np.flatnonzero(view.believed_acceptable().all(axis=0))
        if acceptable.size:
            weights = view.required[:, acceptable] * view.power[:, None]
            log_gap = np.log(np.maximum(gap[:, acceptable] + TOLERANCE, 0.0) + _TINY)
            total_weight = np.maximum(weights.sum(axis=0), _TINY)
            score = (weights * log_gap).sum(axis=0) / total_weight
            return int(view.packages[acceptable[np.argmax(score)]])
        shortfall = np.where(view.required, np.maximum(-gap, 0.0), 0.0)
        shortfall = np.where(view.required & view.refuses, shortfall + 1.0, shortfall)
        return int(view.packages[np.argmin(shortfall.max(axis=0))])


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
        if view.packages.size == 0:
            return None
        floor = view.thresholds - TOLERANCE
        # columns run from the proposer's best down: those meeting its threshold are a prefix
        meeting = int(np.searchsorted(-view.own_utility, -floor[view.proposer], side="right"))
        if meeting == 0:
            return int(view.packages[0])
        beliefs = view.beliefs[:, :meeting]
        required = view.required[:, :meeting]
        accepts = ~required | ((beliefs >= floor[:, None]) & ~view.refuses[:, :meeting])
        accepts[view.proposer] = True
        all_accept = accepts.all(axis=0)
        first = int(np.argmax(all_accept))
        if all_accept[first]:
            return int(view.packages[first])
        shortfall = np.where(required, np.maximum(floor[:, None] - beliefs, 0.0), 0.0)
        shortfall[required & view.refuses[:, :meeting]] = np.inf
        shortfall[view.proposer] = 0.0
        return int(view.packages[np.argmin(shortfall.max(axis=0))])
