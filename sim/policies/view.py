"""What a policy sees of a negotiation: a read-only snapshot, never the model itself."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


def frozen(array: np.ndarray) -> np.ndarray:
    """A read-only view of an array."""
    view = array.view()
    view.flags.writeable = False
    return view


@dataclass(frozen=True)
class NegotiationView:
    """The state of the table at one round, as a proposer or responder sees it.

    The per-package arrays cover only the packages worth considering
    (``packages``): those that need no party that walked out and cross no
    needed party's hard red line, or every available package when none is
    that good. The arrays are read-only.

    Attributes:
        round: the current round, from 0.
        rounds: the number of rounds.
        party_ids: the consenting parties.
        power: ``[parties]`` bargaining power.
        thresholds: ``[parties]`` current acceptance thresholds.
        required: ``[parties, packages]`` where each party's consent is needed.
        refuses: ``[parties, packages]`` where each party's hard red lines are crossed.
        packages: the package numbers the per-package arrays' columns stand for.
        beliefs: ``[parties, packages]`` the observer's view of each party's utility.
    """

    round: int
    rounds: int
    party_ids: tuple[str, ...]
    power: np.ndarray
    thresholds: np.ndarray
    required: np.ndarray
    refuses: np.ndarray
    packages: np.ndarray
    beliefs: np.ndarray


@dataclass(frozen=True)
class ProposerView(NegotiationView):
    """A party's view when it is its turn to propose.

    The columns are the packages that cross none of the proposer's own hard red
    lines, best for the proposer first (ties in package order).

    Attributes:
        proposer: the proposer's row in the per-party arrays.
        own_utility: the proposer's own (exact) utility of each column, non-increasing.
    """

    proposer: int = 0
    own_utility: np.ndarray = field(default_factory=lambda: np.empty(0))
