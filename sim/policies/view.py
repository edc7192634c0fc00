"""What a policy sees of a negotiation: a read-only snapshot, never the model itself."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def frozen(array: np.ndarray) -> np.ndarray:
    """A read-only view of an array."""
    view = array.view()
    view.flags.writeable = False
    return view


@dataclass(frozen=True)
class NegotiationView:
    """The state of the table at one round, as a proposer or responder sees it.

    Attributes:
        round: the current round, from 0.
        rounds: the number of rounds.
        party_ids: the consenting parties.
        power: ``[parties]`` bargaining power.
        thresholds: ``[parties]`` current acceptance thresholds.
        required: ``[parties, packages]`` where each party's consent is needed.
        refuses: ``[parties, packages]`` where each party's hard red lines are crossed.
        available: ``[packages]`` packages that need no party that has walked out.
        beliefs: ``[parties, packages]`` the observer's view of each party's utility.
    """

    round: int
    rounds: int
    party_ids: tuple[str, ...]
    power: np.ndarray
    thresholds: np.ndarray
    required: np.ndarray
    refuses: np.ndarray
    available: np.ndarray
    beliefs: np.ndarray

    def believed_acceptable(self) -> np.ndarray:
        """``[parties, packages]``: the party's consent is not needed, or it would say yes."""
        meets = self.beliefs >= self.thresholds[:, None]
        return ~self.required | (~self.refuses & meets)
