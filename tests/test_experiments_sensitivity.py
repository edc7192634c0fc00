"""Sensitivity analysis: the parameter that drives the outcome ranks first."""

from __future__ import annotations

import math

import pytest
from conftest import ROOT

import sim
from sim.experiments import ExperimentError, run_sensitivity
from sim.experiments.sensitivity import sensitivity_problem

TOY = ROOT / "tests" / "data" / "experiments_threshold.yaml"
DRIVER = "actors.seller.reservation"
BYSTANDER = "actors.buyer.power"


@pytest.fixture(scope="module")
def toy() -> sim.Scenario:
    return sim.load_scenario(TOY)


def test_problem_bounds_come_from_the_declarations(toy, baseline):
    problem = sensitivity_problem(toy)
    assert problem["names"] == [DRIVER, BYSTANDER]
    assert problem["bounds"] == [[0.0, 1.0], [0.5, 2.0]]
    bounds = dict(
        zip(*(sensitivity_problem(baseline)[k] for k in ("names", "bounds")), strict=True)
    )
    assert bounds["actors.netanyahu.reservation"] == [0.2, 0.5]
    assert bounds["actors.gulf_states.reservation"] == [0.0, 1.0]
    assert bounds["actors.trump.power"] == pytest.approx([0.7, 1.9])
    assert bounds["governments.israel.safety_nets.lapid.seats"] == [0, 24]


def test_sobol_ranks_the_driving_parameter_first(toy):
    table = run_sensitivity(toy, "sobol", n=64, seed=1, runs_per_point=1)
    assert list(table.columns) == ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    deal = table[table["output"] == "deal_rate"].set_index("parameter")
    assert deal.index[0] == DRIVER
    assert deal.loc[DRIVER, "ST"] > 0.8
    assert deal.loc[BYSTANDER, "ST"] < 0.05
    assert table[table["output"] == "expected:units"]["parameter"].iloc[0] == DRIVER
    collapse = table[table["output"] == "collapse_per_run"]
    assert collapse["ST"].map(math.isnan).all()  # never varies: no government


def test_morris_ranks_the_driving_parameter_first(toy):
    table = run_sensitivity(toy, "morris", n=20, seed=2, runs_per_point=2)
    assert list(table.columns) == ["output", "parameter", "mu", "mu_star", "mu_star_conf", "sigma"]
    deal = table[table["output"] == "deal_rate"].set_index("parameter")
    assert deal.index[0] == DRIVER
    assert deal.loc[DRIVER, "mu_star"] > 0
    assert deal.loc[BYSTANDER, "mu_star"] == 0


def test_bad_method_n_or_scenario_are_refused(toy):
    with pytest.raises(ExperimentError, match="unknown method"):
        run_sensitivity(toy, "fast", n=8)
    with pytest.raises(ExperimentError, match="power of 2"):
        run_sensitivity(toy, "sobol", n=10)
    plain = toy.model_copy(update={"uncertain": []})
    with pytest.raises(ExperimentError, match="no uncertain parameters"):
        run_sensitivity(plain, "morris", n=4)
