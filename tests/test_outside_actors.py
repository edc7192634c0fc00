"""Outside actors act (a spoiler's attacks), and their idle red lines are refused at load."""

from __future__ import annotations

import pytest
import yaml
from games import split_ten

import sim
from sim.scenario.loader import ScenarioError, load_scenario_text

ASSUMED = {"assumption": "test"}


def game(spoiler: dict) -> dict:
    """Two parties split 10; a spoiler outside the table may act."""
    return split_ten("spoiler", [{"id": "s", "name": "Spoiler", "role": "outside", **spoiler}], 12)


def attack(probability: float, **more) -> dict:
    return {
        "id": "attack",
        "probability": probability,
        "effects": [{"actor": "b", "field": "reservation", "set": 0.99}],
        "evidence": ASSUMED,
        **more,
    }


def play(data: dict, seed: int = 0) -> sim.Outcome:
    return sim.simulate(sim.Scenario.model_validate(data), seed=seed)


def test_a_certain_attack_at_round_0_ends_the_talks_without_a_deal():
    outcome = play(game({"actions": [attack(1.0)]}))
    assert not outcome.deal and outcome.actions == ["s/attack@0"]
    assert outcome.mechanism.startswith("action:")
    assert play(game({"actions": [attack(0.0)]})).deal


def test_an_uncertain_attack_happens_in_some_runs_and_the_same_seed_repeats_it():
    data = game({"actions": [attack(0.1)]})
    outcomes = [play(data, seed) for seed in range(40)]
    attacked = [o for o in outcomes if o.actions]
    assert 0 < len(attacked) < len(outcomes)
    assert all(len(o.actions) == 1 for o in attacked)  # once, unless it repeats
    assert [o.actions for o in outcomes] == [play(data, s).actions for s in range(40)]


def test_an_action_tied_to_a_red_line_fires_only_while_the_table_crosses_it():
    line = {"id": "s-cap", "issue": "share", "max": 3, "evidence": ASSUMED}
    tied = game({"red_lines": [line], "actions": [attack(1.0, when_crossed="s-cap")]})
    outcome = play(tied)
    assert outcome.actions and outcome.actions[0] != "s/attack@0"  # nothing on the table yet
    untouched = dict(line, max=10)
    assert not play(
        game({"red_lines": [untouched], "actions": [attack(1.0, when_crossed="s-cap")]})
    ).actions


def load(data: dict) -> str:
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(yaml.safe_dump(data, sort_keys=False), name="s.yaml")
    return str(error.value)


def test_an_outside_actors_idle_hard_red_line_is_refused_with_its_place():
    line = {"id": "s-cap", "issue": "share", "max": 3, "evidence": ASSUMED}
    message = load(game({"red_lines": [line]}))
    assert "s.yaml:" in message and "actors.s.red_lines" in message
    assert "would change nothing" in message
    soft = dict(line, hard=False, penalty=0.2)
    load_scenario_text(yaml.safe_dump(game({"red_lines": [soft]})), name="s.yaml")


@pytest.mark.parametrize(
    ("action", "says"),
    [
        (attack(1.0, when_crossed="nope"), "is not one of s's hard red lines"),
        (attack(1.0, first_round=30), "after the last round"),
        ({**attack(1.0), "effects": [{"actor": "zz", "field": "power", "set": 1}]},
         "unknown actor 'zz'"),
        ({**attack(1.0), "effects": [{"actor": "b", "field": "mood", "set": 1}]},
         "unknown field 'mood'"),
    ],
)  # fmt: skip
def test_a_bad_action_is_refused_with_its_place(action, says):
    message = load(game({"actions": [action]}))
    assert "actors.s.actions" in message and says in message
