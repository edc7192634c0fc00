"""Comparing scenarios: a real difference is flagged, chance is not."""

from __future__ import annotations

import pytest
from conftest import ROOT

import sim
from sim.experiments import compare_scenarios, run_ensemble
from sim.experiments.compare import compare_tables, two_proportion_p_value, welch_p_value

TOY = ROOT / "tests" / "data" / "experiments_threshold.yaml"


@pytest.fixture(scope="module")
def toy() -> sim.Scenario:
    return sim.load_scenario(TOY)


def _row(comparison, figure):
    return comparison.differences.set_index("figure").loc[figure]


def test_a_real_difference_is_flagged(toy):
    # seller reservation uniform(0, 0.4): deal rate 0.5 instead of 0.2
    likelier = sim.with_parameters(toy, {"uncertain.0.high": 0.4})
    comparison = compare_scenarios(toy, likelier, runs=200, seed=3)
    deal = _row(comparison, "deal_rate")
    assert deal["b"] > deal["a"] and deal["significant"] and deal["p_value"] < 1e-6
    assert deal["difference"] == pytest.approx(deal["b"] - deal["a"])
    assert _row(comparison, "expected:units")["significant"]
    assert comparison.to_dict()["a"]["scenario"] == toy.name


def test_chance_is_not_flagged(toy):
    first, second = run_ensemble(toy, 300, 11), run_ensemble(toy, 300, 12)
    comparison = compare_tables(first, toy, second, toy)
    assert not _row(comparison, "deal_rate")["significant"]
    assert not _row(comparison, "expected:units")["significant"]


def test_identical_scenarios_differ_by_nothing(toy):
    comparison = compare_scenarios(toy, toy, runs=50, seed=1)
    assert not comparison.differences["significant"].any()
    assert (comparison.differences["difference"].fillna(0) == 0).all()


def test_p_values_match_textbook_cases():
    # 60/100 vs 40/100: pooled 0.5, z = 0.2 / sqrt(0.005) = 2.828, p = 0.00468
    assert two_proportion_p_value(60, 100, 40, 100) == pytest.approx(0.00468, abs=1e-4)
    assert two_proportion_p_value(5, 10, 5, 10) == 1.0
    import numpy as np

    assert welch_p_value(np.array([1.0, 1.0]), np.array([1.0, 1.0])) == 1.0
    assert welch_p_value(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])) == 1.0
