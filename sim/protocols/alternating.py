"""Alternating offers: the parties take turns to propose; every needed party must consent."""

from __future__ import annotations

from sim.policies import policy
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

    def proposal(self, t, thresholds):  # noqa: D102
        game = self.model.game
        present = [p for p in self.order if p not in self.model.walked_out]
        if not present:
            return None, ""
        proposer = present[t % len(present)]
        row = game.party_row(proposer)
        view = self.view(t, thresholds, self.errors[proposer])
        own = game.effective[row, view.packages]  # a proposer knows its own utility
        return self.proposer_policy.propose(view, row, own), proposer
