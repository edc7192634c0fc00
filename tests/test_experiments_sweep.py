"""Sweeps: grid specs parsed with clear errors, one tidy row per point, common random numbers."""

from __future__ import annotations

import pytest
from conftest import ROOT

import sim
from sim.experiments import ExperimentError, parse_grid, run_ensemble, run_sweep
from sim.experiments.ensemble import run_points
from sim.experiments.sweep import grid_points, parse_axis

TOY = ROOT / "tests" / "data" / "experiments_threshold.yaml"


@pytest.fixture(scope="module")
def toy() -> sim.Scenario:
    return sim.load_scenario(TOY)


def test_axis_is_an_inclusive_linspace(toy):
    assert parse_axis("actors.seller.reservation=0:1:5", toy) == (
        "actors.seller.reservation",
        [0.0, 0.25, 0.5, 0.75, 1.0],
    )
    assert parse_axis("actors.buyer.reservation=0.1:0.3:3", toy)[1] == [0.1, 0.2, 0.3]


def test_integer_fields_get_rounded_distinct_values(baseline):
    path, values = parse_axis("governments.israel.safety_nets.lapid.seats=0:24:4", baseline)
    assert values == [0, 8, 16, 24]
    assert all(isinstance(v, int) for v in values)
    _, crowded = parse_axis("governments.israel.safety_nets.lapid.seats=0:2:5", baseline)
    assert crowded == [0, 1, 2]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("actors.seller.reservation", "PATH=LOW:HIGH:STEPS"),
        ("=0:1:3", "PATH=LOW:HIGH:STEPS"),
        ("actors.seller.reservation=0:1", "three numbers"),
        ("actors.seller.reservation=a:1:3", "LOW and HIGH must be numbers"),
        ("actors.seller.reservation=0:1:x", "STEPS must be a whole number"),
        ("actors.seller.reservation=0:1:0", "STEPS must be at least 2"),
        ("actors.seller.reservation=0:1:1", "STEPS must be at least 2"),
        ("actors.seller.reservation=0:inf:3", "finite"),
        ("actors.seller.reservation=0:2:3", "outside its range [0, 1]"),
        ("actors.seller.name=0:1:3", "is not a number"),
        ("actors.nobody.reservation=0:1:3", "no item 'nobody'"),
        ("actors.seller.reservaton=0:1:3", "does not exist"),
    ],
)
def test_bad_specs_are_refused_with_a_clear_message(toy, spec, message):
    with pytest.raises(ExperimentError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_grid([spec], toy)


def test_a_parameter_swept_twice_or_no_parameter_is_refused(toy):
    with pytest.raises(ExperimentError, match="swept twice"):
        parse_grid(["actors.seller.power=1:2:2", "actors.seller.power=1:3:2"], toy)
    with pytest.raises(ExperimentError, match="at least one"):
        parse_grid([], toy)


def test_grid_points_cross_the_axes_last_fastest():
    points = grid_points({"a": [1, 2], "b": [10, 20, 30]})
    assert points[:4] == [
        {"a": 1, "b": 10},
        {"a": 1, "b": 20},
        {"a": 1, "b": 30},
        {"a": 2, "b": 10},
    ]
    assert len(points) == 6


def test_sweep_rows_follow_the_threshold_of_the_toy(toy):
    grid = parse_grid(["actors.seller.reservation=0.1:0.3:3"], toy)
    table = run_sweep(toy, grid, runs=15, seed=3)
    assert list(table["param:actors.seller.reservation"]) == [0.1, 0.2, 0.3]
    assert list(table["deal_rate"]) == [1.0, 1.0, 0.0]
    assert list(table["expected:units"]) == [10.0, 10.0, 0.0]
    assert (table["runs"] == 15).all()
    for column in ("deal_rate_low", "deal_rate_high", "mean_round", "government_collapse_rate"):
        assert column in table.columns


def test_every_point_uses_the_same_draws_of_the_unswept_parameters(toy):
    tables = {}
    points = [{"actors.seller.reservation": 0.1}, {"actors.seller.reservation": 0.9}]
    run_points(toy, points, 10, 4, lambda index, table: tables.update({index: table}))
    assert "param:actors.seller.reservation" not in tables[0].columns
    assert tables[0]["param:actors.buyer.power"].equals(tables[1]["param:actors.buyer.power"])
    assert tables[0]["seed"].equals(tables[1]["seed"])
    # the swept value replaces the declared uncertainty: the same as removing it by hand
    fixed = sim.with_parameters(toy, {"actors.seller.reservation": 0.1})
    fixed = fixed.model_copy(update={"uncertain": fixed.uncertain[1:]})
    assert run_ensemble(fixed, 10, 4).equals(tables[0])


def test_sweep_is_the_same_on_processes(toy):
    grid = parse_grid(["actors.seller.reservation=0:0.4:3", "actors.buyer.power=1:2:2"], toy)
    serial = run_sweep(toy, grid, runs=12, seed=9)
    parallel = run_sweep(toy, grid, runs=12, seed=9, executor="processes", workers=2)
    assert serial.equals(parallel)
