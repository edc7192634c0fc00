"""Invariants of bargaining, on generated scenarios and on the baseline."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from property import scenarios

import sim
from sim.game import Game
from sim.model import NegotiationModel
from sim.scenario.references import find_problems

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(scenarios())
def test_generated_scenarios_are_valid(scenario):
    assert find_problems(scenario) == []


@FAST
@given(scenarios(), st.integers(0, 2**32 - 1))
def test_a_deal_never_crosses_a_needed_partys_hard_red_line(scenario, seed):
    model = NegotiationModel(scenario, seed=seed)
    outcome = model.run()
    if outcome.deal:
        game = model.game  # the game as it stood when the deal was made
        for row, party in enumerate(game.party_ids):
            if game.required[row, outcome.package]:
                assert not game.refuses[row, outcome.package], party
                assert party in outcome.accepted


@FAST
@given(scenarios(), st.integers(0, 2**32 - 1))
def test_utilities_and_thresholds_stay_in_range(scenario, seed):
    outcome = sim.simulate(scenario, seed=seed, trace=True)
    assert all(0.0 <= u <= 1.0 for u in outcome.utilities.values())
    trace = outcome.trace
    if not trace.empty:
        for column in ("threshold", "utility", "effective_utility"):
            assert trace[column].between(0.0, 1.0).all(), column
    game = Game.from_scenario(scenario)
    assert (game.utility >= 0).all() and (game.utility <= 1).all()
    assert (game.effective <= game.utility + 1e-12).all()


@FAST
@given(scenarios(), st.integers(0, 2**32 - 1))
def test_the_same_seed_gives_the_same_result(scenario, seed):
    first = sim.simulate(scenario, seed=seed, trace=True)
    second = sim.simulate(scenario, seed=seed, trace=True)
    assert json.dumps(first.to_dict()) == json.dumps(second.to_dict())
    assert first.trace.equals(second.trace)


@FAST
@given(scenarios(), st.data())
def test_switching_off_one_hard_red_line_changes_only_its_owners_refusals(scenario, data):
    lines = [(a.id, line) for a in scenario.actors for line in a.red_lines if line.hard]
    if not lines:
        return
    owner, line = data.draw(st.sampled_from(lines))
    relaxed = sim.with_red_line(scenario, line.id, active=False)
    before, after = Game.from_scenario(scenario), Game.from_scenario(relaxed)
    np.testing.assert_array_equal(before.preferences.utility, after.preferences.utility)
    for row, actor_id in enumerate(before.preferences.actor_ids):
        was, now = before.preferences.hard_crossed[row], after.preferences.hard_crossed[row]
        if actor_id != owner:
            np.testing.assert_array_equal(was, now)
        else:
            # only packages crossing that line can stop being refused; nothing new is refused
            assert not (now & ~was).any()
            assert not ((was & ~now) & ~before.preferences.crossings[line.id]).any()


@FAST
@given(scenarios(), st.integers(0, 2**32 - 1))
def test_a_party_that_walked_out_is_not_part_of_a_later_deal(scenario, seed):
    model = NegotiationModel(scenario, seed=seed)
    outcome = model.run()
    if outcome.deal and outcome.walkout:
        for party in model.walked_out:
            assert not model.game.required[model.game.party_row(party), outcome.package]


def test_baseline_same_seed_same_json_and_different_seeds_differ(baseline):
    runs = [json.dumps(sim.simulate(baseline, seed=s).to_dict()) for s in (1, 1, 2, 3, 4, 5)]
    assert runs[0] == runs[1]
    assert len(set(runs[1:])) > 1, "noise should make some seeds differ"


def test_baseline_deal_respects_every_party_and_reports_the_coalition(baseline):
    for seed in range(10):
        model = NegotiationModel(baseline, seed=seed)
        outcome = model.run()
        if not outcome.deal:
            continue
        assert set(outcome.required) <= set(outcome.accepted)
        record = outcome.governments["israel"]
        coalition = model.game.coalitions[0]
        assert record.seats == coalition.seats[outcome.package]
        assert record.survived == (record.seats >= record.majority)
        for partner in ("smotrich", "ben_gvir"):
            crossed = model.game.preferences.hard_crossed[
                model.game.preferences.row(partner), outcome.package
            ]
            assert (partner in outcome.exited) == bool(crossed)
