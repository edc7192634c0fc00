"""Offers between actors and the rule by which each actor takes one and moves.

Actor i sends j an offer (a challenge to adopt x_i) when EU_i(Delta_ij) > 0.
The receiver j compares the sender's expected utility with its own expected
utility of challenging the sender back, EU_j(Delta_ji), which puts the pair in
one of three cases (Scholz, Calbert & Smith 2011):

* confrontation: both expect to gain (EU_j > 0); the one who expects less
  loses and moves to the winner's position;
* compromise: j would lose by challenging (EU_j <= 0) but loses less than the
  sender gains (|EU_j| < EU_i); j moves towards x_i by |EU_j / EU_i| of the way;
* capitulation: j would lose at least as much as the sender gains; j moves to x_i.

Each actor takes the offer that asks it to move least (the paper's rule).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np


class OfferKind(StrEnum):
    """The three cases of an offer, seen by the actor who receives it."""

    CONFRONTATION = "confrontation"
    COMPROMISE = "compromise"
    CAPITULATION = "capitulation"


@dataclass(frozen=True)
class Offer:
    """An offer received by one actor.

    Attributes:
        sender: the actor who challenges.
        kind: confrontation, compromise or capitulation.
        position: where the receiver ends up if it takes the offer (its own
            position when it wins a confrontation).
        sender_utility: EU_sender(Delta_sender,receiver) > 0.
        receiver_utility: EU_receiver(Delta_receiver,sender).
        receiver_wins: True for a confrontation the receiver wins (it stays).
    """

    sender: str
    kind: OfferKind
    position: float
    sender_utility: float
    receiver_utility: float
    receiver_wins: bool = False

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready form."""
        return {
            "from": self.sender,
            "kind": str(self.kind),
            "position": self.position,
            "sender_eu": self.sender_utility,
            "receiver_eu": self.receiver_utility,
            "receiver_wins": self.receiver_wins,
        }


def classify_offer(
    sender: str,
    sender_position: float,
    receiver_position: float,
    sender_utility: float,
    receiver_utility: float,
) -> Offer:
    """The offer that ``sender`` (with EU ``sender_utility`` > 0) makes to the receiver."""
    if receiver_utility > 0:
        receiver_wins = receiver_utility >= sender_utility
        return Offer(
            sender=sender,
            kind=OfferKind.CONFRONTATION,
            position=receiver_position if receiver_wins else sender_position,
            sender_utility=sender_utility,
            receiver_utility=receiver_utility,
            receiver_wins=receiver_wins,
        )
    if abs(receiver_utility) < sender_utility:
        share = abs(receiver_utility) / sender_utility
        return Offer(
            sender=sender,
            kind=OfferKind.COMPROMISE,
            position=receiver_position + (sender_position - receiver_position) * share,
            sender_utility=sender_utility,
            receiver_utility=receiver_utility,
        )
    return Offer(
        sender=sender,
        kind=OfferKind.CAPITULATION,
        position=sender_position,
        sender_utility=sender_utility,
        receiver_utility=receiver_utility,
    )


def offers_received(
    actors: tuple[str, ...], position: np.ndarray, expected_utility: np.ndarray
) -> list[tuple[Offer, ...]]:
    """For each actor, the offers it receives, in sender order.

    Args:
        actors: actor names.
        position: positions now.
        expected_utility: EU[i, j] = EU_i(Delta_ij).
    """
    received = []
    for receiver in range(len(actors)):
        offers = tuple(
            classify_offer(
                sender=actors[sender],
                sender_position=float(position[sender]),
                receiver_position=float(position[receiver]),
                sender_utility=float(expected_utility[sender, receiver]),
                receiver_utility=float(expected_utility[receiver, sender]),
            )
            for sender in range(len(actors))
            if sender != receiver and expected_utility[sender, receiver] > 0
        )
        received.append(offers)
    return received


def best_offer(current_position: float, offers: tuple[Offer, ...]) -> Offer | None:
    """The offer the actor takes: the one that moves it least, among those that move it.

    Ties go to the offer whose sender expects most, then to the first sender.
    None when no offer asks the actor to move.
    """
    moving = [offer for offer in offers if offer.position != current_position]
    if not moving:
        return None
    return min(
        moving,
        key=lambda offer: (abs(offer.position - current_position), -offer.sender_utility),
    )
