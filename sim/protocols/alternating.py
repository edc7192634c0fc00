"""Alternating offers: the parties take turns to propose; every needed party must consent."""

from __future__ import annotations

import numpy as np

from sim.policies import ProposerView, policy
from sim.policies.view import frozen
from sim.protocols.base import Protocol


class AlternatingOffers(Protocol):
    """Stacked alternating offers (Rubinstein 1982; Aydogan et al. 2017).

    Proposers take turns in ``protocol.proposers`` order (the parties' order if
    not given), skipping those that walked out. Each sees the others through its
    own noise, drawn once per run, and knows its own utility exactly.
    """

    name = "alternating"

    def __init__(self, model) -> None:  # noqa: D107
        super().__init__(model)
        scenario = model.scenario
        self.order = list(scenario.protocol.proposers) or [p.actor for p in scenario.parties]
        self.errors = {p: self.perception_error(scenario.actor(p).noise) for p in self.order}
        self.proposer_policy = policy("proposal", "self_interested")
        self._ordered: dict[tuple, tuple[np.ndarray, ...]] = {}
        self._present = list(self.order)

    def proposal(self, t):  # noqa: D102
        if len(self._present) + len(self.model.walked_out) != len(self.order):
            self._present = [p for p in self.order if p not in self.model.walked_out]
        present = self._present
        if not present:
            return None, ""
        proposer = present[t % len(present)]
        package = self.planned(
            t,
            proposer,
            lambda: self.proposer_view(t, proposer),
            self.proposer_policy,
            every=len(present),
        )
        return package, proposer

    def proposer_view(self, t: int, proposer: str) -> ProposerView:
        """The candidates the proposer would not refuse at round t, best for it first (cached)."""
        game = self.model.game
        row = game.party_row(proposer)
        candidates = self.candidates()  # refreshed after an event or a walk-out
        key = (self.model.version, proposer)
        if key not in self._ordered:
            if len(self._ordered) > 16:
                self._ordered.clear()
            own = game.effective[row, candidates]  # a proposer knows its own utility
            keep = np.flatnonzero(~game.refuses[row, candidates])
            order = keep[np.argsort(-own[keep], kind="stable")]
            packages = candidates[order]
            beliefs = self.errors[proposer].misread(game.effective[:, packages], packages)
            beliefs[row] = own[order]
            self._ordered[key] = tuple(
                frozen(array)
                for array in (
                    packages,
                    game.required[:, packages],
                    game.refuses[:, packages],
                    beliefs,
                    own[order],
                )
            )
        packages, required, refuses, beliefs, own = self._ordered[key]
        return ProposerView(
            round=t,
            rounds=self.model.rounds,
            party_ids=tuple(self.model.game.party_ids),
            power=self.model.game.power,
            thresholds=self.model.threshold_table[:, t],
            required=required,
            refuses=refuses,
            packages=packages,
            beliefs=beliefs,
            proposer=row,
            own_utility=own,
        )
