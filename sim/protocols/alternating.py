"""Alternating offers: the parties take turns to propose; every other needed party must consent."""

from __future__ import annotations

import numpy as np

from sim.policies import NegotiationView, policy
from sim.protocols.base import Protocol


class AlternatingOffers(Protocol):
    """Stacked alternating offers (Rubinstein 1982; Aydogan et al. 2017).

    Proposers take turns in ``protocol.proposers`` order (the parties' order if
    not given), skipping those that walked out. Each sees the others through its
    own noise, drawn once per run.
    """

    name = "alternating"

    def __init__(self, model) -> None:  # noqa: D107
        super().__init__(model)
        scenario = model.scenario
        self.order = list(scenario.protocol.proposers) or [p.actor for p in scenario.parties]
        self.errors = {
            proposer: self.perceived(scenario.actor(proposer).noise, model.rng) - model.game.effective
            for proposer in self.order
        }
        self.proposer_policy = policy("proposal", "self_interested")

    def proposal(self, t, thresholds, available):  # noqa: D102
        game = self.model.game
        present = [p for p in self.order if p not in self.model.walked_out]
        if not present:
            return None, ""
        proposer = present[t % len(present)]
        row = game.party_row(proposer)
        beliefs = game.effective + self.errors[proposer]
        beliefs[row] = game.effective[row]
        view = NegotiationView(
            round=t,
            rounds=self.model.rounds,
            party_ids=tuple(game.party_ids),
            power=game.power,
            thresholds=thresholds,
            required=game.required,
            refuses=game.refuses,
            available=available,
            beliefs=beliefs,
        )
        own = np.asarray(game.effective[row])
        return self.proposer_policy.propose(view, row, own), proposer
