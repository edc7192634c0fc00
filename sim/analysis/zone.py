"""The feasible set and the zone of possible agreement (ZOPA), from the game's arrays.

A package is *feasible* when it crosses no active hard red line of a party
whose consent it needs. It is in the *zone* when it is feasible and every
party whose consent it needs gets an effective utility at or above its
reservation value (its utility of no deal). Red lines of coalition partners do
not make a package infeasible: they act through the leader's effective
utility (the government may fall).

Under a decision rule other than unanimity (``protocol.decision``), the zone
is the packages that some winning coalition prefers to no deal
(:func:`decided_zone_mask`).

A utility meets a reservation by :func:`sim.acceptance.meets`, the test a
party's own response uses in the simulation, so both count the same packages.
"""

from __future__ import annotations

import numpy as np

from sim.acceptance import meets
from sim.decision import DecisionRule, winning_packages
from sim.game import Game


def reservation_values(game: Game, at_round: int = 0) -> np.ndarray:
    """``[parties]``: each consenting party's reservation value at a round, after its drift."""
    actors = [game.scenario.actor(p) for p in game.party_ids]
    return np.array(
        [min(max(a.reservation + a.reservation_drift * at_round, 0.0), 1.0) for a in actors],
        dtype=float,
    )


def feasible_mask(refuses: np.ndarray, required: np.ndarray) -> np.ndarray:
    """Mask ``[packages]``: no party whose consent is needed has a hard red line crossed.

    Args:
        refuses: ``[parties, packages]`` True where a party's active hard red line is crossed.
        required: ``[parties, packages]`` True where the party's consent is needed.
    """
    return ~np.any(refuses & required, axis=0)


def rational_mask(
    effective: np.ndarray, reservations: np.ndarray, required: np.ndarray
) -> np.ndarray:
    """Mask ``[packages]``: every party whose consent is needed is at or above its reservation.

    Args:
        effective: ``[parties, packages]`` effective utilities.
        reservations: ``[parties]`` reservation values.
        required: ``[parties, packages]`` True where the party's consent is needed.
    """
    return np.all(~required | meets(effective, reservations[:, None]), axis=0)


def zone_mask(
    effective: np.ndarray, reservations: np.ndarray, required: np.ndarray, refuses: np.ndarray
) -> np.ndarray:
    """Mask ``[packages]``: the zone of possible agreement (feasible and rational)."""
    return feasible_mask(refuses, required) & rational_mask(effective, reservations, required)


def shortfalls(effective: np.ndarray, reservations: np.ndarray, required: np.ndarray) -> np.ndarray:
    """``[parties, packages]``: how far a needed party is below its reservation (0 if not)."""
    return np.where(required, np.maximum(reservations[:, None] - effective, 0.0), 0.0)


def backing(game: Game, reservations: np.ndarray) -> np.ndarray:
    """``[parties, packages]``: needed parties that prefer the package to no deal.

    Preferring means crossing none of the party's active hard red lines and an
    effective utility at or above its reservation.
    """
    prefers = ~game.refuses & meets(game.effective, reservations[:, None])
    return game.required & prefers


def decided_zone_mask(game: Game, reservations: np.ndarray) -> np.ndarray:
    """Mask ``[packages]``: the zone under the scenario's decision rule.

    The packages some winning coalition prefers to no deal. Under unanimity
    this is :func:`zone_mask` (feasible and rational for every needed party).
    """
    rule = DecisionRule.of(game.scenario)
    return winning_packages(backing(game, reservations), game.required, rule)
