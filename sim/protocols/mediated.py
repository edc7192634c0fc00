"""Mediated single negotiating text: a mediator proposes, every needed party must consent."""

from __future__ import annotations

from sim.protocols.base import Protocol


class MediatedText(Protocol):
    """The mediator's proposal policy puts a text on the table every round.

    The mediator is the actor ``protocol.mediator`` names (its ``policies.proposal``,
    by default ``nash_mediator``, perceiving the parties through its own noise),
    or a noise-free default mediator.
    """

    name = "mediated"
    metadata = {"reference": "Raiffa 1982 (single negotiating text)"}

    def __init__(self, model) -> None:  # noqa: D107
        super().__init__(model)
        self.mediator = model.actor_agents[model.mediator_id]

    def proposal(self, t):  # noqa: D102
        return self.mediator.propose(), self.mediator.actor_id
