"""Actors as Mesa agents: an actor's spec and the policies it decides with."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from sim.policies import policy
from sim.scenario.schema import Actor

if TYPE_CHECKING:
    from sim.model import NegotiationModel


class ActorAgent(mesa.Agent):
    """One political actor at the table, in a coalition, or in opposition.

    Attributes:
        actor: the actor's current spec (events may replace it).
        actor_id: the actor's id in the scenario.
        concession: its concession tactic.
        response: how it answers a proposal.
        walkout: when it leaves the table.
        exit: when it leaves a coalition over a deal.
    """

    def __init__(self, model: NegotiationModel, actor: Actor) -> None:
        super().__init__(model)
        self.update(actor)
        self.response = policy("response", "threshold")
        self.walkout = policy("walkout", "deadline")
        self.exit = policy("exit", "red_line")

    def update(self, actor: Actor) -> None:
        """Take a new spec (after an event), rebuilding the concession tactic."""
        self.actor = actor
        self.actor_id = actor.id  # read several times a round: an attribute, not a property
        self.concession = policy("concession", actor.tactic.name, beta=actor.tactic.beta)

    def reservation(self, t: int) -> float:
        """Utility of no deal at round t, after its drift, kept in [0, 1]."""
        return min(max(self.actor.reservation + self.actor.reservation_drift * t, 0.0), 1.0)

    def thresholds(self, rounds: int) -> np.ndarray:
        """Lowest utility it accepts at each round; its horizon is its deadline, else the end."""
        t = np.arange(rounds)
        actor = self.actor
        if actor.reservation_drift:
            reservation = np.clip(actor.reservation + actor.reservation_drift * t, 0.0, 1.0)
        else:
            reservation = min(max(actor.reservation, 0.0), 1.0)
        horizon = min(self.actor.deadline or rounds, rounds)
        return self.concession.schedule(t, horizon, reservation)

    def responds(self, utility: float, threshold: float, crosses_hard_line: bool) -> bool:
        """Whether it accepts a package worth ``utility`` to it, read through its own noise."""
        if self.actor.noise > 0:
            utility += float(self.model.rng.normal(0.0, self.actor.noise))
        return self.response.accepts(utility, threshold, crosses_hard_line)
