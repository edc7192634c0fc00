"""The equations of the expected-utility model (Scholz, Calbert & Smith 2011), vectorised.

Every function is pure numpy and works on one issue: ``position``, ``capability``
and ``salience`` are arrays in actor order. Matrices are indexed ``[i, j]`` with
``i`` the actor who would challenge and ``j`` the actor challenged. Distances
are divided by ``position_range``, the spread of the initial positions, so they
lie in [0, 1]. The equations, and every choice where the paper leaves room,
are written out in ``docs/forecast.md``.
"""

from __future__ import annotations

import numpy as np

RISK_SPREAD = 3.0
"""The 3 in r_i = (1 - R_i/3) / (1 + R_i/3): it keeps r_i within [0.5, 2]."""


def weighted_mean(position: np.ndarray, weight: np.ndarray) -> float:
    """Mean position weighted by capability times salience."""
    return float(np.sum(weight * position) / np.sum(weight))


def weighted_median(position: np.ndarray, weight: np.ndarray) -> float:
    """The median voter position: the position that no other position beats in pairwise votes.

    With votes ``c_k s_k (U_k(x_a) - U_k(x_b))`` and utilities linear in
    distance, position ``a`` beats ``b`` exactly when its weighted sum of
    distances to all actors is smaller, so the winner is the actor position
    minimising ``sum_k w_k |x_k - x|`` (the weighted median). Candidates are the
    positions of actors with positive weight; a tie between candidates goes to
    the one nearest the weighted mean, then to the lower one.
    """
    candidates = np.unique(position[weight > 0])
    total_distance = np.abs(candidates[:, None] - position[None, :]) @ weight
    best = total_distance.min()
    tied = candidates[np.isclose(total_distance, best, rtol=1e-12, atol=1e-12 * max(best, 1.0))]
    mean = weighted_mean(position, weight)
    return float(tied[np.argmin(np.abs(tied - mean))])


def normalised_distance(position: np.ndarray, position_range: float) -> np.ndarray:
    """Matrix of |x_i - x_j| / (x_max - x_min); all zeros when every actor agrees."""
    distance = np.abs(position[:, None] - position[None, :])
    if position_range <= 0:
        return np.zeros_like(distance)
    return distance / position_range


def success_probability(
    position: np.ndarray, weight: np.ndarray, position_range: float
) -> np.ndarray:
    """P[i, j]: the probability that i prevails over j, from everyone's votes.

    Actor k votes ``v_k^{ij} = c_k s_k (U_k(x_i) - U_k(x_j))`` with the
    risk-neutral utility ``U_k(x) = 1 - 2 |x_k - x| / (x_max - x_min)``, and
    ``P[i, j] = sum of the positive votes / sum of the absolute votes``. When
    nobody prefers either side the probability is 0.5.

    On one dimension the votes of a pair (lo, hi) = (min, max)(x_i, x_j) fall
    into three groups: actors at or below lo all vote ``w_k (hi - lo)`` for lo,
    those at or above hi the same for hi, and one strictly between votes
    ``w_k |lo + hi - 2 x_k|`` for the nearer side. With the actors sorted and
    prefix sums of ``w_k`` and ``w_k x_k``, every pair's sums come from a few
    look-ups, so memory and time are O(n^2) (O(n^2 log n) for the look-ups)
    rather than the O(n^3) of summing the votes of every actor on every pair.
    """
    del position_range  # the probability is a ratio of votes: the scale cancels
    if position.size == 0:
        return np.zeros((0, 0))
    origin = float(position.min())
    scale = float(position.max()) - origin
    x = (position - origin) / scale if scale > 0 else np.zeros_like(position, dtype=float)
    order = np.argsort(x, kind="stable")
    sorted_x, sorted_w = x[order], weight[order]
    weights = np.concatenate(([0.0], np.cumsum(sorted_w)))
    moments = np.concatenate(([0.0], np.cumsum(sorted_w * sorted_x)))
    low = np.minimum(x[:, None], x[None, :])
    high = np.maximum(x[:, None], x[None, :])
    gap = high - low
    mid = 0.5 * (low + high)
    up_to_low = np.searchsorted(sorted_x, low, side="right")
    below_high = np.searchsorted(sorted_x, high, side="left")
    below_mid = np.maximum(np.searchsorted(sorted_x, mid, side="left"), up_to_low)
    up_to_mid = np.minimum(np.searchsorted(sorted_x, mid, side="right"), below_high)
    near_low = weights[below_mid] - weights[up_to_low]
    near_high = weights[below_high] - weights[up_to_mid]
    for_low = weights[up_to_low] * gap + (
        (low + high) * near_low - 2.0 * (moments[below_mid] - moments[up_to_low])
    )
    for_high = (weights[-1] - weights[below_high]) * gap + (
        2.0 * (moments[below_high] - moments[up_to_mid]) - (low + high) * near_high
    )
    for_low, for_high = np.clip(for_low, 0.0, None), np.clip(for_high, 0.0, None)
    in_favour = np.where(x[:, None] <= x[None, :], for_low, for_high)
    np.fill_diagonal(in_favour, 0.0)
    cast = for_low + for_high
    probability = np.full_like(cast, 0.5)
    np.divide(in_favour, cast, out=probability, where=(cast > 0) & (gap > 0))
    return probability


def _utility(base: np.ndarray, risk_exponent: np.ndarray) -> np.ndarray:
    """2 - 4 * base ** r_i, with r_i taken from the row (the actor whose utility it is)."""
    return 2.0 - 4.0 * np.clip(base, 0.0, None) ** risk_exponent[:, None]


def expected_utility_of_challenge(
    position: np.ndarray,
    capability: np.ndarray,
    salience: np.ndarray,
    risk_exponent: np.ndarray,
    position_range: float,
    median: float,
    status_quo_probability: float = 1.0,
    improvement_probability: float = 1.0,
) -> np.ndarray:
    """EU[i, j] = EU_i(Delta_ij): what i expects to gain by challenging j rather than not.

    ``EU_i = s_j (P_i U_s + (1 - P_i) U_f) + (1 - s_j) U_s
    - Q U_sq - (1 - Q) (T U_b + (1 - T) U_w)``, all utilities with i's risk
    exponent. Pairs at the same position (and the diagonal) have EU 0.

    Args:
        position: positions now.
        capability: capabilities.
        salience: saliences in [0, 1].
        risk_exponent: r_i of each actor.
        position_range: x_max - x_min of the initial positions.
        median: the current median voter position (mu in U_b and U_w).
        status_quo_probability: Q, the probability that nothing changes if i does
            not challenge (the paper uses 1).
        improvement_probability: T, the probability that things get better for i
            if they do change without a challenge (the paper uses 1).
    """
    weight = capability * salience
    distance = normalised_distance(position, position_range)
    probability = success_probability(position, weight, position_range)
    to_median = (
        np.abs(position - median) / position_range
        if position_range > 0
        else np.zeros_like(position)
    )
    spread = 0.25 * (to_median[:, None] + distance)
    u_success = _utility(0.5 - 0.5 * distance, risk_exponent)
    u_failure = _utility(0.5 + 0.5 * distance, risk_exponent)
    u_better = _utility(0.5 - spread, risk_exponent)
    u_worse = _utility(0.5 + spread, risk_exponent)
    u_status_quo = (2.0 - 4.0 * 0.5**risk_exponent)[:, None]
    resisted = salience[None, :]
    challenge = (
        resisted * (probability * u_success + (1.0 - probability) * u_failure)
        + (1.0 - resisted) * u_success
    )
    no_challenge = status_quo_probability * u_status_quo + (1.0 - status_quo_probability) * (
        improvement_probability * u_better + (1.0 - improvement_probability) * u_worse
    )
    expected = challenge - no_challenge
    expected[distance == 0] = 0.0
    np.fill_diagonal(expected, 0.0)
    return expected


def security_levels(expected_utility: np.ndarray) -> np.ndarray:
    """How much the others expect to gain by challenging each actor: sum over j != i of EU[j, i]."""
    return expected_utility.sum(axis=0) - np.diag(expected_utility)


def risk_exponents(security: np.ndarray) -> np.ndarray:
    """r_i = (1 - R_i/3) / (1 + R_i/3) with R_i = (2 S_i - S_max - S_min) / (S_max - S_min).

    R_i runs from -1 (the safest actor) to 1 (the most threatened), so r_i runs
    from 2 down to 0.5. When every actor is equally safe, R_i = 0 and r_i = 1.
    """
    high, low = float(security.max()), float(security.min())
    if high - low <= 1e-12 * max(abs(high), abs(low), 1.0):
        risk_acceptance = np.zeros_like(security)
    else:
        risk_acceptance = (2.0 * security - high - low) / (high - low)
    return (1.0 - risk_acceptance / RISK_SPREAD) / (1.0 + risk_acceptance / RISK_SPREAD)
