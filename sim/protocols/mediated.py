"""Mediated single negotiating text: a mediator proposes, every needed party must consent."""

from __future__ import annotations

from sim.policies import NegotiationView, policy
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
        self.error = self.perceived(noise, model.rng) - model.game.effective
        self.proposer = policy("proposal", "nash_mediator")

    def proposal(self, t, thresholds, available):  # noqa: D102
        game = self.model.game
        view = NegotiationView(
            round=t,
            rounds=self.model.rounds,
            party_ids=tuple(game.party_ids),
            power=game.power,
            thresholds=thresholds,
            required=game.required,
            refuses=game.refuses,
            available=available,
            beliefs=game.effective + self.error,
        )
        return self.proposer.propose(view), self.mediator


