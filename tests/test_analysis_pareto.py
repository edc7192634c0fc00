"""The Pareto mask against a brute-force O(n^2) check."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.analysis import pareto_mask


def brute_force_efficient(utilities: np.ndarray) -> np.ndarray:
    """Point j is efficient unless some point is >= everywhere and > somewhere (plain loops)."""
    criteria, count = utilities.shape
    efficient = np.ones(count, dtype=bool)
    for j in range(count):
        for i in range(count):
            at_least = all(utilities[k, i] >= utilities[k, j] for k in range(criteria))
            better = any(utilities[k, i] > utilities[k, j] for k in range(criteria))
            if at_least and better:
                efficient[j] = False
                break
    return efficient


@st.composite
def utility_arrays(draw) -> np.ndarray:
    """[criteria, points] arrays; few distinct values so that ties and duplicates are common."""
    criteria = draw(st.integers(1, 5))
    count = draw(st.integers(0, 80))
    coarse = draw(st.booleans())
    elements = (
        st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])
        if coarse
        else st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
    )
    return draw(arrays(np.float64, (criteria, count), elements=elements))


@settings(max_examples=300, deadline=None)
@given(utility_arrays())
def test_pareto_mask_matches_brute_force(utilities):
    assert np.array_equal(pareto_mask(utilities), brute_force_efficient(utilities))


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(2, 5))
def test_pareto_mask_matches_brute_force_on_larger_random_arrays(seed, criteria):
    rng = np.random.default_rng(seed)
    # rounded so that a sizeable share of points are duplicates or ties
    utilities = np.round(rng.random((criteria, 600)), 2)
    assert np.array_equal(pareto_mask(utilities), brute_force_efficient(utilities))


def test_a_tiny_advantage_hidden_by_rounding_of_the_sum_still_dominates():
    # both sums round to 1.0; (1.0, 1e-20, 0) dominates (1.0, 0, 0)
    utilities = np.array([[1.0, 1.0], [1e-20, 0.0], [0.0, 0.0]])
    assert pareto_mask(utilities).tolist() == [True, False]


def test_identical_points_are_all_efficient_or_all_dominated():
    utilities = np.array(
        [[0.5, 0.5, 0.2, 0.2, 0.6], [0.5, 0.5, 0.1, 0.1, 0.1], [0.1, 0.1, 0.0, 0.0, 0.0]]
    )
    assert pareto_mask(utilities).tolist() == [True, True, False, False, True]


def test_one_criterion_keeps_every_maximum():
    assert pareto_mask(np.array([[0.1, 0.9, 0.9, 0.3]])).tolist() == [False, True, True, False]


def test_no_points_gives_an_empty_mask():
    assert pareto_mask(np.zeros((3, 0))).shape == (0,)


def test_non_finite_utilities_are_refused():
    with pytest.raises(ValueError, match="finite"):
        pareto_mask(np.array([[0.1, np.nan], [0.2, 0.3]]))


@settings(max_examples=150, deadline=None)
@given(utilities=utility_arrays(), budget=st.integers(0, 5_000))
def test_a_frontier_cut_short_by_its_budget_holds_only_efficient_points(utilities, budget):
    from sim.analysis.pareto import pareto_frontier

    exact = pareto_mask(utilities)
    partial, complete = pareto_frontier(utilities, budget)
    assert not (partial & ~exact).any()  # nothing inefficient is ever reported
    if complete:
        assert np.array_equal(partial, exact)


def test_the_budget_is_spent_on_a_large_frontier():
    from sim.analysis.pareto import pareto_frontier

    rng = np.random.default_rng(0)
    points = rng.random((3, 5_000))
    points[2] = 3 - points[0] - points[1]  # on a plane: every point is efficient
    partial, complete = pareto_frontier(points, budget=3 * 5_000 * 600)
    assert not complete and 0 < partial.sum() < 5_000
    full, done = pareto_frontier(points, budget=None)
    assert done and full.all()
