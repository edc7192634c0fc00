"""Mediated single negotiating text: a mediator proposes, every needed party must consent."""

from __future__ import annotations

from sim.policies import policy
from sim.protocols.base import Protocol


class MediatedText(Protocol):
    """The mediator puts forward the power-weighted Nash package it perceives.

    The mediator's perception error (the mediator actor's ``noise``) is drawn
    once per run: it misjudges the parties consistently, not afresh each round.
    """

    name = "mediated"

    def __init__(self, model) -> None:  # noqa: D107
        super().__init__(model)
        mediator = model.scenario.protocol.mediator
        self.mediator = mediator or "mediator"
        noise = model.scenario.actor(mediator).noise if mediator else 0.0
        self.error = self.perception_error(noise)
        self.proposer = policy("proposal", "nash_mediator")

    def proposal(self, t):  # noqa: D102
        package = self.planned(t, self.mediator, lambda: self.view(t, self.error), self.proposer)
        return package, self.mediator
