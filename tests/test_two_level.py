"""Partners who threaten but stay (Putnam 1988; Fearon 1994): the audience-cost exit policy."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from games import split_ten

import sim
from sim.audience import line_depth
from sim.scenario.loader import ScenarioError, load_scenario_text

ASSUMED = {"assumption": "test"}


def coalition_game(exit_policy: dict | None = None, events: list | None = None) -> dict:
    """A leader and a rival split 10; the leader's partner wants the leader to keep at least 7."""
    partner: dict = {
        "id": "c",
        "name": "C",
        "salience": {"share": 1},
        "values": {"share": {"ideal": 10}},
        "red_lines": [{"id": "c-min", "issue": "share", "min": 7, "evidence": ASSUMED}],
    }
    if exit_policy is not None:
        partner["policies"] = {"exit": exit_policy}
    data = split_ten("two-level", [partner], 20)
    data["governments"] = [
        {"id": "g", "leader": "a", "leader_seats": 50, "majority": 61,
         "partners": [{"actor": "c", "seats": 15}], "survival_weight": 0.0},
    ]  # fmt: skip
    data["events"] = events or []
    return data


def play(data: dict, seed: int = 0, trace: bool = False) -> sim.Outcome:
    return sim.simulate(sim.Scenario.model_validate(data), seed=seed, trace=trace)


def test_depth_grows_with_how_far_a_min_line_is_crossed():
    scenario = sim.Scenario.model_validate(coalition_game())
    issue, line = scenario.issues[0], scenario.actors[2].red_lines[0]
    depth = line_depth(issue, line)
    assert depth[7:].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert depth[0] == 1.0 and np.all(np.diff(depth[:8]) < 0)


def test_a_partner_whose_office_outweighs_its_audience_cost_threatens_and_stays():
    outcome = play(
        coalition_game({"name": "audience_cost", "params": {"office_value": 0.9}}), trace=True
    )
    assert outcome.deal
    crossed = outcome.terms["share"] < 7
    assert crossed, "the test needs a deal that crosses the partner's line"
    record = outcome.governments["g"]
    assert "c" in outcome.threatened and record.threatened == ["c"]
    assert record.stayed == ["c"] and record.exited == [] and outcome.exited == []
    assert record.survived and record.seats == 65
    assert outcome.government_stands and not outcome.government_falls
    assert outcome.mechanism == "threat_not_carried_out"
    assert outcome.to_dict()["mechanism"] == "threat_not_carried_out"


def test_a_partner_whose_audience_cost_outweighs_office_threatens_and_leaves():
    outcome = play(coalition_game({"name": "audience_cost", "params": {"office_value": 0.0}}))
    assert outcome.deal and outcome.terms["share"] < 7
    record = outcome.governments["g"]
    assert record.threatened == ["c"] and record.exited == ["c"] and record.stayed == []
    assert not record.survived and record.seats == 50
    assert outcome.government_falls and outcome.mechanism == "government_falls"


def test_the_default_partner_leaves_without_a_word():
    outcome = play(coalition_game())
    assert outcome.deal and outcome.exited == ["c"] and outcome.threatened == []


def test_the_leader_sees_the_threat_in_its_view():
    scenario = sim.Scenario.model_validate(
        coalition_game({"name": "audience_cost", "params": {"office_value": 0.9}})
    )
    model = sim.NegotiationModel(scenario, seed=0)
    model.step()
    view = model.actor_agents["a"].view
    if model.outcome is None or model.record[-1].package is not None:
        assert view.threats == {"c": 0}
        assert view.history[-1].threats == ("c",)
        assert view.crossing_depth() == 0.0  # the leader has no line of its own here
        assert model.actor_agents["c"].view.crossing_depth() > 0


def test_the_leader_counts_the_real_exits_not_the_threats():
    """With a high survival weight, the leader fears only a partner that would really leave."""
    staying = coalition_game({"name": "audience_cost", "params": {"office_value": 0.9}})
    leaving = coalition_game({"name": "audience_cost", "params": {"office_value": 0.0}})
    for data in (staying, leaving):
        data["governments"][0]["survival_weight"] = 1.0
    stays = play(staying)
    leaves = play(leaving)
    assert stays.deal and stays.terms["share"] < 7 and stays.government_stands
    assert leaves.deal and leaves.terms["share"] >= 7 and leaves.government_stands


def test_an_event_changes_a_governments_seats_majority_and_survival_weight():
    events = [{"id": "split", "round": 0, "effects": [
        {"government": "g", "field": "seats.c", "delta": -5},
        {"government": "g", "field": "leader_seats", "set": 52},
        {"government": "g", "field": "majority", "delta": -1},
        {"government": "g", "field": "survival_weight", "set": 2.0},
    ]}]  # fmt: skip
    model = sim.NegotiationModel(sim.Scenario.model_validate(coalition_game(events=events)), seed=0)
    government = model.scenario.governments[0]
    assert government.partners[0].seats == 10 and government.leader_seats == 52
    assert government.majority == 60 and government.survival_weight == 1.0


@pytest.mark.parametrize(
    ("effect", "where", "says"),
    [
        ({"government": "nope", "field": "majority", "set": 3}, "government", "unknown government"),
        ({"government": "g", "field": "seats.zz", "set": 3}, "field", "no partner 'zz'"),
        ({"government": "g", "field": "mood", "set": 3}, "field", "unknown government field"),
        ({"government": "g", "field": "safety_nets.x.seats", "set": 3}, "field", "no safety net"),
    ],
)
def test_a_bad_government_effect_is_refused_with_its_place(effect, where, says):
    import yaml

    data = coalition_game(events=[{"id": "e", "round": 1, "effects": [effect]}])
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(yaml.safe_dump(data, sort_keys=False), name="g.yaml")
    message = "\n".join(error.value.messages)
    assert f"events.e.effects[0].{where}" in message and says in message


def test_an_ensemble_separates_deals_that_keep_the_government_from_those_that_topple_it():
    from sim.experiments import run_ensemble, summarize

    data = coalition_game({"name": "audience_cost", "params": {"office_value": 0.5}})
    data["actors"][0]["noise"] = 0.1
    data["actors"][1]["noise"] = 0.1
    data["uncertain"] = [{"param": "actors.c.policies.exit.params.office_value",
                          "dist": "uniform", "low": 0.0, "high": 1.0}]  # fmt: skip
    scenario = sim.Scenario.model_validate(copy.deepcopy(data))
    table = run_ensemble(scenario, runs=200, seed=1)
    summary = summarize(table, scenario)
    assert summary.deals_government_stands + summary.deals_government_falls == pytest.approx(
        summary.deal_rate
    )
    assert summary.deals_government_stands > 0 and summary.deals_government_falls > 0
    assert summary.threats["c"] > 0
    assert summary.mechanisms["threat_not_carried_out"] > 0
    assert summary.mechanisms["government_falls"] == pytest.approx(summary.deals_government_falls)
