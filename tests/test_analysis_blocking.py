"""What blocks the deal: smallest sets of red lines, checked by switching them off for real."""

from __future__ import annotations

import itertools

import numpy as np
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from property import scenarios

import sim
from sim.analysis import RelaxedZone, analyze, relevant_red_lines, reservation_values, zone_mask
from sim.game import Game

DATA = ROOT / "tests" / "data"


def zone_without(scenario: sim.Scenario, red_lines) -> np.ndarray:
    """The zone after switching red lines off in the scenario and compiling it again."""
    for line in red_lines:
        scenario = sim.with_red_line(scenario, line, active=False)
    game = Game.from_scenario(scenario)
    return zone_mask(game.effective, reservation_values(game), game.required, game.refuses)


def test_exactly_one_pair_of_red_lines_blocks_the_zone():
    scenario = sim.load_scenario(DATA / "analysis_blocked_pair.yaml")

    result = analyze(scenario)

    assert result.zone_packages.size == 0
    assert result.blocking.red_line_sets == [["a-wants-x0", "a-wants-y0"]]
    assert not result.blocking.reservations_block
    relevant = relevant_red_lines(result.game)
    assert "mediator-not-x2" not in relevant
    assert not any(zone_without(scenario, [line]).any() for line in relevant)
    opening = [
        pair for pair in itertools.combinations(relevant, 2) if zone_without(scenario, pair).any()
    ]
    assert opening == [("a-wants-x0", "a-wants-y0")]


def test_a_coalition_partners_red_line_blocks_through_the_leaders_effective_utility():
    scenario = sim.load_scenario(DATA / "analysis_partner_blocks.yaml")

    result = analyze(scenario)

    assert result.zone_packages.size == 0 and result.feasible_packages.size > 0
    assert result.blocking.red_line_sets == [["hardliner-no-share"]]
    assert zone_without(scenario, ["hardliner-no-share"]).any()
    assert not zone_without(scenario, ["neighbour-needs-share"]).any()


def test_reservations_that_no_relaxation_can_meet_are_reported_as_the_blocker():
    scenario = sim.with_parameters(
        sim.load_scenario(DATA / "analysis_blocked_pair.yaml"),
        {"actors.a.reservation": 1.0, "actors.b.reservation": 1.0},
    )

    result = analyze(scenario)

    blocking = result.blocking
    assert blocking.reservations_block and blocking.red_line_sets == []
    assert not zone_without(scenario, relevant_red_lines(result.game)).any()
    assert blocking.closest_package is not None
    assert blocking.shortfalls and all(gap > 0 for gap in blocking.shortfalls.values())
    data = result.to_dict()
    assert data["reservations_block"] is True
    assert data["closest"]["shortfalls"] == {"a": 0.5, "b": 0.5}


def test_no_blocking_analysis_when_the_zone_is_open(baseline):
    result = analyze(baseline)
    assert result.zone_packages.size > 0
    assert result.blocking is None and result.to_dict()["blocking"] == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.data())
def test_relaxed_zone_matches_recompiling_the_scenario(scenario, data):
    game = Game.from_scenario(scenario)
    lines = relevant_red_lines(game)
    chosen = data.draw(st.lists(st.sampled_from(lines), unique=True) if lines else st.just([]))
    relaxed = RelaxedZone(game, reservation_values(game), lines)

    fast = relaxed.zone([lines.index(line) for line in chosen])

    assert np.array_equal(fast, zone_without(scenario, chosen))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_reported_blocking_sets_are_the_smallest_that_open_the_zone(scenario):
    result = analyze(scenario)
    assert result.zone_packages.size <= result.feasible_packages.size <= result.packages
    if result.zone_packages.size:
        assert result.nash_package in result.zone_packages
        return
    blocking = result.blocking
    relevant = relevant_red_lines(result.game)
    if blocking.reservations_block:
        assert not zone_without(scenario, relevant).any()
        return
    assert zone_without(scenario, relevant).any()
    for red_lines in blocking.red_line_sets:
        assert zone_without(scenario, red_lines).any()
    if blocking.red_line_sets:
        size = len(blocking.red_line_sets[0])
        smaller = itertools.combinations(relevant, size - 1)
        assert not any(zone_without(scenario, lines).any() for lines in smaller)
        same_size = {
            tuple(lines)
            for lines in itertools.combinations(relevant, size)
            if zone_without(scenario, lines).any()
        }
        assert same_size == {tuple(lines) for lines in blocking.red_line_sets}
