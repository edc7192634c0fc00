"""Drawing uncertain parameters: ranges from the schema, distributions, located errors."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.experiments.sampling import ParameterSampler, draw_value, sample_parameters
from sim.scenario.ranges import FieldRange, field_range
from sim.scenario.schema import Uncertainty

TOY = ROOT / "tests" / "data" / "experiments_threshold.yaml"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("actors.hamas.reservation", FieldRange(0.0, 1.0)),
        ("actors.trump.power", FieldRange(0.0, math.inf)),
        ("actors.x.tactic.beta", FieldRange(0.0, math.inf, low_open=True)),
        ("governments.israel.safety_nets.lapid.seats", FieldRange(0.0, math.inf, integer=True)),
        ("actors.x.salience.hostages", FieldRange(0.0, math.inf)),
        ("actors.x.values.ceasefire.none", FieldRange(0.0, 1.0)),
        ("actors.x.values.hostages.worst", FieldRange(0.0, 1.0)),
        ("protocol.rounds", FieldRange(1.0, 10_000.0, integer=True)),
        ("actors.x.reservation_drift", FieldRange()),
    ],
)
def test_field_range_reads_the_schema_constraints_along_the_path(path, expected):
    assert field_range(path) == expected


def test_integer_fields_get_integers_and_every_draw_stays_in_range(baseline):
    rng = np.random.default_rng(3)
    sampler = ParameterSampler(baseline.uncertain)
    for _ in range(300):
        values = sampler.draw(rng)
        assert isinstance(values["governments.israel.safety_nets.lapid.seats"], int)
        assert values["governments.israel.safety_nets.lapid.seats"] in (0, 24)
        assert 0.1 <= values["actors.hamas.reservation"] <= 0.4
        assert 0.2 <= values["actors.netanyahu.reservation"] <= 0.5
        assert 0.0 <= values["actors.gulf_states.reservation"] <= 1.0
        assert values["actors.trump.power"] >= 0.0


def test_same_generator_seed_gives_the_same_draws(baseline):
    first = sample_parameters(baseline, np.random.default_rng(11))
    second = sample_parameters(baseline, np.random.default_rng(11))
    assert first == second
    assert list(first) == [u.param for u in baseline.uncertain]


@settings(max_examples=60, deadline=None)
@given(mean=st.floats(0.0, 1.0), sd=st.floats(0.01, 5.0), seed=st.integers(0, 2**32))
def test_normal_is_truncated_to_the_field_range(mean, sd, seed):
    uncertain = Uncertainty(param="actors.a.reservation", dist="normal", mean=mean, sd=sd)
    value = draw_value(uncertain, FieldRange(0.0, 1.0), np.random.default_rng(seed))
    assert 0.0 <= value <= 1.0


def test_truncated_normal_keeps_the_shape_inside_the_range():
    uncertain = Uncertainty(param="p", dist="normal", mean=0.5, sd=0.1)
    rng = np.random.default_rng(0)
    draws = np.array([draw_value(uncertain, FieldRange(0.0, 1.0), rng) for _ in range(4000)])
    assert abs(draws.mean() - 0.5) < 0.01
    assert abs(draws.std() - 0.1) < 0.01


def test_beta_is_scaled_to_low_and_high_when_given():
    uncertain = Uncertainty(param="p", dist="beta", alpha=2, beta=2, low=10, high=20)
    rng = np.random.default_rng(1)
    draws = [draw_value(uncertain, FieldRange(0.0, math.inf), rng) for _ in range(500)]
    assert 10 <= min(draws) and max(draws) <= 20
    assert abs(np.mean(draws) - 15) < 0.5


def test_uniform_on_an_integer_field_covers_every_integer_equally():
    uncertain = Uncertainty(param="p", dist="uniform", low=0.5, high=3.5)
    rng = np.random.default_rng(2)
    draws = [
        draw_value(uncertain, FieldRange(0.0, math.inf, integer=True), rng) for _ in range(3000)
    ]
    assert set(draws) == {1, 2, 3}
    assert all(isinstance(d, int) for d in draws)
    assert max(abs(draws.count(k) / 3000 - 1 / 3) for k in (1, 2, 3)) < 0.03


def test_fast_value_setting_matches_full_validation(baseline):
    rng = np.random.default_rng(5)
    for _ in range(20):
        values = sample_parameters(baseline, rng)
        fast = sim.with_parameters(baseline, values)
        assert fast == sim.Scenario.model_validate(fast.model_dump(by_alias=True))
        for path, value in values.items():
            assert sim.read_parameter(fast, path) == value


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("actors.hamas.reservation", 1.5),
        ("actors.trump.power", -1.0),
        ("governments.israel.safety_nets.lapid.seats", 2.5),
    ],
)
def test_fast_value_setting_refuses_values_out_of_range(baseline, path, value):
    with pytest.raises(sim.ParameterError, match="outside its range"):
        sim.with_parameters(baseline, {path: value})


BAD_DECLARATIONS = [
    ("{param: actors.seller.reservation, dist: uniform, low: 0.5, high: 1.5}", "uncertain[0].high"),
    ("{param: actors.buyer.noise, dist: normal, mean: 2, sd: 1}", "uncertain[0].mean"),
    ("{param: actors.buyer.power, dist: beta, alpha: 1, beta: 2, low: 1}", "uncertain[0].low"),
    ("{param: actors.seller.power, dist: uniform, low: 1, high: 2, mean: 3}", "uncertain[0].mean"),
    ("{param: protocol.rounds, dist: choice, values: [2, 2.5]}", "uncertain[0].values[1]"),
    ("{param: actors.buyer.tactic.beta, dist: uniform, low: 0, high: 1}", "uncertain[0].param"),
]


@pytest.mark.parametrize(("declaration", "where"), BAD_DECLARATIONS)
def test_a_declaration_that_does_not_fit_its_field_is_refused_at_its_line(declaration, where):
    text = TOY.read_text(encoding="utf-8")
    head = text[: text.index("uncertain:")]
    bad = f"{head}uncertain:\n  - {declaration}\n"
    with pytest.raises(sim.ScenarioError) as error:
        sim.load_scenario_text(bad, name="toy.yaml")
    line = bad.splitlines().index(f"  - {declaration}") + 1
    assert any(m.startswith(f"toy.yaml:{line}:") and where in m for m in error.value.messages), (
        error.value.messages
    )


def test_a_parameter_declared_twice_is_refused():
    text = TOY.read_text(encoding="utf-8")
    twice = text + "  - {param: actors.seller.reservation, dist: uniform, low: 0.1, high: 0.2}\n"
    with pytest.raises(sim.ScenarioError) as error:
        sim.load_scenario_text(twice, name="toy.yaml")
    assert any("more than once" in m for m in error.value.messages)
