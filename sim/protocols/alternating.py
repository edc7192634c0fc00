"""Alternating offers: the parties take turns to propose; every needed party must consent."""

from __future__ import annotations

from sim.protocols.base import Protocol


class AlternatingOffers(Protocol):
    """Stacked alternating offers (Rubinstein 1982; Aydogan et al. 2017).

    Proposers take turns in ``protocol.proposers`` order (the parties' order if
    not given), skipping those that walked out. Each proposes through its own
    ``policies.proposal`` (by default ``aspiration``).
    """

    name = "alternating"
    metadata = {"reference": "Rubinstein 1982; Aydogan et al. 2017"}

    def __init__(self, model) -> None:  # noqa: D107
        super().__init__(model)
        scenario = model.scenario
        self.order = list(scenario.protocol.proposers) or [p.actor for p in scenario.parties]
        self._present = list(self.order)
        self._gone = 0

    def proposal(self, t):  # noqa: D102
        walked_out = self.model.walked_out
        if len(walked_out) != self._gone:  # walk-outs only ever add to the list
            self._present = [p for p in self.order if p not in walked_out]
            self._gone = len(walked_out)
        present = self._present
        if not present:
            return None, ""
        proposer = present[t % len(present)]
        return self.model.actor_agents[proposer].propose(), proposer
