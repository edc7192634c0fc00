"""Bargaining solutions over the zone: the Nash bargaining solution and the Kalai–Smorodinsky point.

Both compare packages through the *surplus* of each party whose consent the
package needs: its effective utility minus its reservation value. Parties whose
consent a package does not need have no say in it (as in the simulation).

Nash (1950), power-weighted (asymmetric Nash, Kalai 1977): maximise the
product of the needed parties' surpluses, each raised to the party's power.
Because the set of needed parties can differ from package to package, the
product is compared as a weighted geometric mean: the exponents are the
powers divided by the needed parties' total power. For packages that need the
same parties this ranks exactly as the plain power-weighted product; across
different sets it does not favour a package merely for needing fewer
signatures. The simulated mediator scores packages the same way.

Kalai–Smorodinsky (1975): each party's *ideal* is its highest effective
utility over the zone's packages that need it; maximise the smallest share
(u - d) / (ideal - d) of its possible gain that any needed party gets. A party
with no possible gain (ideal = d) counts as fully served.

Ties go to the higher Nash score (Kalai–Smorodinsky only), then to the larger
power-weighted sum of surpluses, then to the lowest package number.
"""

from __future__ import annotations

import numpy as np


def surpluses(effective: np.ndarray, reservations: np.ndarray) -> np.ndarray:
    """``[parties, packages]``: effective utility minus reservation value."""
    return effective - reservations[:, None]


def nash_scores(
    effective: np.ndarray, reservations: np.ndarray, required: np.ndarray, power: np.ndarray
) -> np.ndarray:
    """``[packages]``: log of the power-weighted geometric mean of the needed parties' surpluses.

    A needed party with no surplus (or a negative one) makes the score -inf.
    A package that needs no party with positive power scores 0 (an empty
    product).

    Args:
        effective: ``[parties, packages]`` effective utilities.
        reservations: ``[parties]`` reservation values.
        required: ``[parties, packages]`` True where the party's consent is needed.
        power: ``[parties]`` bargaining power, the exponents of the product.
    """
    weights = np.where(required, power[:, None], 0.0)
    with np.errstate(divide="ignore"):
        logs = np.log(np.maximum(surpluses(effective, reservations), 0.0))
    weighted = np.zeros_like(weights)
    np.multiply(weights, logs, out=weighted, where=weights > 0)
    total = weights.sum(axis=0)
    return np.where(total > 0, weighted.sum(axis=0) / np.where(total > 0, total, 1.0), 0.0)


def weighted_surplus(
    effective: np.ndarray, reservations: np.ndarray, required: np.ndarray, power: np.ndarray
) -> np.ndarray:
    """``[packages]``: sum of the needed parties' surpluses, each times its power."""
    gains = np.where(required, power[:, None] * surpluses(effective, reservations), 0.0)
    return gains.sum(axis=0)


def nash_solution(
    effective: np.ndarray,
    reservations: np.ndarray,
    required: np.ndarray,
    power: np.ndarray,
    zone: np.ndarray,
) -> int | None:
    """The package of the zone with the highest power-weighted Nash product, or None.

    Args:
        effective: ``[parties, packages]`` effective utilities over the whole space.
        reservations: ``[parties]`` reservation values.
        required: ``[parties, packages]`` True where the party's consent is needed.
        power: ``[parties]`` bargaining power.
        zone: package numbers of the zone (any candidate set) to choose from.
    """
    zone = np.asarray(zone, dtype=np.int64)
    if zone.size == 0:
        return None
    effective, required = effective[:, zone], required[:, zone]
    score = nash_scores(effective, reservations, required, power)
    tie_break = weighted_surplus(effective, reservations, required, power)
    return int(zone[np.lexsort((zone, -tie_break, -score))[0]])


def ideal_utilities(effective: np.ndarray, required: np.ndarray, zone: np.ndarray) -> np.ndarray:
    """``[parties]``: each party's best effective utility over the zone's packages that need it.

    NaN for a party that no package of the zone needs.
    """
    zone = np.asarray(zone, dtype=np.int64)
    needed = required[:, zone]
    best = np.where(needed, effective[:, zone], -np.inf).max(axis=1, initial=-np.inf)
    return np.where(np.isfinite(best), best, np.nan)


def gain_shares(
    effective: np.ndarray, reservations: np.ndarray, required: np.ndarray, ideals: np.ndarray
) -> np.ndarray:
    """``[packages]``: the smallest share of its possible gain that any needed party gets.

    Args:
        effective: ``[parties, packages]`` effective utilities.
        reservations: ``[parties]`` reservation values.
        required: ``[parties, packages]`` True where the party's consent is needed.
        ideals: ``[parties]`` each party's ideal utility (see :func:`ideal_utilities`).
    """
    possible = ideals - reservations
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(
            possible[:, None] > 0, surpluses(effective, reservations) / possible[:, None], 1.0
        )
    share = np.where(required, share, np.inf)
    smallest = share.min(axis=0, initial=np.inf)
    return np.where(np.isfinite(smallest), smallest, 1.0)


def kalai_smorodinsky_solution(
    effective: np.ndarray,
    reservations: np.ndarray,
    required: np.ndarray,
    power: np.ndarray,
    zone: np.ndarray,
) -> int | None:
    """The package of the zone that maximises the smallest share of possible gain, or None.

    Arguments as for :func:`nash_solution`.
    """
    zone = np.asarray(zone, dtype=np.int64)
    if zone.size == 0:
        return None
    ideals = ideal_utilities(effective, required, zone)
    effective, required = effective[:, zone], required[:, zone]
    share = gain_shares(effective, reservations, required, ideals)
    score = nash_scores(effective, reservations, required, power)
    tie_break = weighted_surplus(effective, reservations, required, power)
    return int(zone[np.lexsort((zone, -tie_break, -score, -share))[0]])
