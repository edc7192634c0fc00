"""The Pareto frontier of a set of points: which packages no other package beats for everyone.

Point q *dominates* point p when q is at least as good as p on every
criterion and better on one. :func:`pareto_mask` finds the points nothing
dominates, for larger-is-better criteria, exactly (no tolerance).

Algorithm (sort-filter-skyline, vectorised with numpy in blocks):

1. Pre-filter: a handful of pivots (the maximisers of fixed positive weighted
   sums) strike out every point they dominate, each pivot working only on what
   the previous ones left. On utility data this removes most points in O(n d)
   per pivot, before anything is sorted.
2. Sort the survivors by (sum, first criterion, second, ...) descending. A
   dominator then always comes before the points it dominates (rounding is
   monotone, so it never has the smaller sum; on an equal sum the
   lexicographic keys order it first), and identical points are adjacent:
   one copy of each stands for all.
3. Sweep the sorted points in blocks. Each block is compared first with the
   frontier found so far, chunk by chunk from the strongest frontier points
   (highest sums) so that most candidates drop out at the first chunk; the
   block's survivors are then compared with each other. What is left joins
   the frontier.

The cost is O(n d) for the pre-filter and O(m log m) for sorting its m
survivors, plus O(m f d) comparisons in the worst case for a frontier of f
points (every point on the frontier makes the sweep quadratic). Two criteria
use an O(n log n) sort and running-maximum sweep instead.
"""

from __future__ import annotations

from typing import cast

import numpy as np

_BLOCK = 512
_FRONTIER_CHUNK = 128
COMPARISON_BUDGET = 4_000_000_000
"""Comparisons (candidate x frontier point x criterion) the sweep may make: about 10 s on one core.

A frontier of f points costs about f^2 d / 2 comparisons, so a frontier of
hundreds of thousands of packages would take hours; past the budget the
frontier is reported incomplete (see :func:`pareto_frontier`)."""


def pareto_mask(utilities: np.ndarray) -> np.ndarray:
    """Which points are Pareto-efficient (no other point dominates them).

    Args:
        utilities: ``[criteria, points]`` (the engine's ``[parties, packages]``
            layout): column j is point j, larger is better on every criterion.

    Returns:
        bool ``[points]``: True where no point is at least as good on every
        criterion and better on one. Identical points are all efficient or all
        not.

    Raises:
        ValueError: if the array is not two-dimensional or holds NaN or infinity.
    """
    mask, _ = pareto_frontier(utilities, budget=None)
    return mask


def pareto_frontier(
    utilities: np.ndarray, budget: int | None = COMPARISON_BUDGET
) -> tuple[np.ndarray, bool]:
    """The Pareto-efficient points, within a budget of comparisons.

    Args:
        utilities: ``[criteria, points]``, as for :func:`pareto_mask`.
        budget: the most comparisons to make (None: no limit).

    Returns:
        The mask of :func:`pareto_mask` and True; or, when the budget runs out,
        a mask of the efficient points found so far (every one truly efficient:
        points are taken in order of falling utility sum, so a point joins the
        frontier only after all that could dominate it) and False.
    """
    utilities = np.asarray(utilities, dtype=float)
    if utilities.ndim != 2:
        raise ValueError(f"expected a [criteria, points] array, got {utilities.ndim} dimensions")
    criteria, count = utilities.shape
    if count == 0:
        return np.zeros(0, dtype=bool), True
    if not np.isfinite(utilities).all():
        raise ValueError("utilities must be finite")
    if criteria == 0:
        return np.ones(count, dtype=bool), True
    if criteria == 1:
        return utilities[0] == utilities[0].max(), True
    if criteria == 2:
        return _two_criteria(np.ascontiguousarray(utilities.T)), True
    utilities = np.ascontiguousarray(utilities)
    survivors = _prefiltered(utilities)
    order, representative, run = _sorted_distinct(utilities[:, survivors])
    distinct = np.ascontiguousarray(utilities[:, survivors[order[representative]]].T)
    efficient = np.zeros(len(distinct), dtype=bool)
    found, complete = _sweep(distinct, budget)
    efficient[found] = True
    mask = np.zeros(count, dtype=bool)
    mask[survivors[order]] = efficient[run]
    return mask, complete


def _two_criteria(points: np.ndarray) -> np.ndarray:
    """Two criteria: sort by both descending, keep the record highs of the second."""
    order = np.lexsort((-points[:, 1], -points[:, 0]))
    ranked = points[order]
    same_as_previous = np.zeros(len(ranked), dtype=bool)
    same_as_previous[1:] = (ranked[1:] == ranked[:-1]).all(axis=1)
    run = np.cumsum(~same_as_previous) - 1
    distinct = ranked[~same_as_previous]
    best_before = np.maximum.accumulate(np.concatenate([[-np.inf], distinct[:-1, 1]]))
    efficient = distinct[:, 1] > best_before
    mask = np.empty(len(points), dtype=bool)
    mask[order] = efficient[run]
    return mask


_FAVOURED_AT_MOST = 4
"""Criteria given pivots of their own (pivots only speed the sweep up; with hundreds of
criteria, two per criterion would cost more than they save)."""


def _pivot_weights(criteria: int) -> list[np.ndarray]:
    """Fixed positive weights: the plain sum, then the first criteria favoured much and little."""
    ones = np.ones(criteria)
    unit = np.eye(criteria)
    favoured = range(min(criteria, _FAVOURED_AT_MOST))
    return (
        [ones]
        + [ones + criteria * unit[k] for k in favoured]
        + [ones + 0.5 * unit[k] for k in favoured]
    )


def _prefiltered(columns: np.ndarray) -> np.ndarray:
    """Indices of the points that no pivot strictly dominates.

    Works on the ``[criteria, points]`` layout, so every comparison runs along
    a contiguous row of a million values rather than across a short one.
    """
    alive = np.arange(columns.shape[1])
    remaining = columns
    for weights in _pivot_weights(columns.shape[0]):
        if len(alive) < 2:
            break
        pivot = remaining[:, np.argmax(weights @ remaining)]
        at_most = remaining[0] <= pivot[0]
        below = remaining[0] < pivot[0]
        for k in range(1, len(pivot)):
            at_most &= remaining[k] <= pivot[k]
            below |= remaining[k] < pivot[k]
        kept = ~(at_most & below)
        alive = alive[kept]
        remaining = remaining[:, kept]
    return alive


def _sorted_distinct(columns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort ``[criteria, points]`` so dominators come first; mark one copy of each distinct point.

    Returns:
        ``order`` (sorted position -> point), ``representative`` (bool per sorted
        position: first copy of its point) and ``run`` (per sorted position, the
        number of its distinct point).
    """
    keys = [-row for row in columns[::-1]] + [-columns.sum(axis=0)]
    order = np.lexsort(keys)
    ranked = columns[:, order]
    representative = np.ones(len(order), dtype=bool)
    representative[1:] = (ranked[:, 1:] != ranked[:, :-1]).any(axis=0)
    return order, representative, np.cumsum(representative) - 1


def _weakly_below_any(candidates: np.ndarray, references: np.ndarray) -> np.ndarray:
    """For each candidate, whether some reference is at least as good on every criterion."""
    below = np.ones((len(candidates), len(references)), dtype=bool)
    for k in range(candidates.shape[1]):
        below &= candidates[:, k, None] <= references[None, :, k]
    # ``below`` is 2-D, so the reduction along an axis is an array (stubs also allow a scalar)
    return cast(np.ndarray, below.any(axis=1))


def _sweep(distinct: np.ndarray, budget: int | None) -> tuple[np.ndarray, bool]:
    """Indices of the efficient rows of distinct points sorted so that dominators come first.

    Rows are distinct, so "at least as good everywhere" already means "dominates".
    Returns the indices and whether every row was examined within ``budget``.
    """
    frontier = np.empty((0, distinct.shape[1]))
    found: list[np.ndarray] = []
    spent = 0
    criteria = distinct.shape[1]
    for start in range(0, len(distinct), _BLOCK):
        if budget is not None and spent > budget:
            done = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
            return done, False
        block = distinct[start : start + _BLOCK]
        spent += criteria * len(block) * len(block)
        index = np.arange(start, start + len(block))
        for chunk_start in range(0, len(frontier), _FRONTIER_CHUNK):
            chunk = frontier[chunk_start : chunk_start + _FRONTIER_CHUNK]
            spent += criteria * len(block) * len(chunk)
            beaten = _weakly_below_any(block, chunk)
            block, index = block[~beaten], index[~beaten]
            if len(block) == 0:
                break
        if len(block) > 1:
            below = np.ones((len(block), len(block)), dtype=bool)
            for k in range(block.shape[1]):
                below &= block[:, k, None] <= block[None, :, k]
            # only earlier rows can dominate later ones
            beaten = cast(np.ndarray, np.tril(below, -1).any(axis=1))
            block, index = block[~beaten], index[~beaten]
        if len(block):
            frontier = np.concatenate([frontier, block])
            found.append(index)
    return (np.concatenate(found) if found else np.zeros(0, dtype=np.int64)), True
