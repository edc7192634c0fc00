"""Policies chosen in YAML act in the baseline, and every run explains how it ended."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import sim
from sim.cli import app

runner = CliRunner()


def _with(baseline: sim.Scenario, actor: str, kind: str, name: str, **params) -> sim.Scenario:
    data = baseline.model_dump(by_alias=True)
    spec = next(a for a in data["actors"] if a["id"] == actor)
    if kind == "concession":
        spec["tactic"] = {"name": name, "params": params}
    else:
        spec["policies"][kind] = {"name": name, "params": params}
    return sim.Scenario.model_validate(data)


def _levels(scenario: sim.Scenario, party: str) -> list[float]:
    trace = sim.simulate(scenario, seed=1, trace=True).trace
    return trace.loc[trace["party"] == party, "threshold"].round(9).tolist()


def test_tit_for_tat_chosen_in_yaml_changes_hamas_levels_in_the_baseline(baseline):
    reactive = _with(baseline, "hamas", "concession", "tit_for_tat")
    written, mirrored = _levels(baseline, "hamas"), _levels(reactive, "hamas")
    assert written[:3] != mirrored[:3]
    # the others' levels follow their own tactics: they differ only through what happened
    assert _levels(reactive, "trump")[:1] == _levels(baseline, "trump")[:1]


def test_a_learning_mediator_chosen_in_yaml_puts_other_texts_on_the_table(baseline):
    learner = _with(baseline, "qatar", "proposal", "frequency_learner", prior_weight=0.0)
    model = sim.NegotiationModel(learner, seed=1, record_trace=True)
    outcome = model.run()
    plain = sim.simulate(baseline, seed=1, trace=True)
    texts = [r.package for r in model.record]
    assert texts != plain.trace.drop_duplicates("round")["package"].tolist()
    learned = model.actor_agents["qatar"].proposal
    assert any(learned.learned(p) is not None for p in model.party_tuple)
    assert outcome.round == len(model.record) - 1


def test_a_learning_proposer_under_alternating_offers_learns_the_others(baseline):
    data = baseline.model_dump(by_alias=True)
    data["protocol"]["name"] = "alternating"
    alternating = sim.Scenario.model_validate(data)
    learner = _with(alternating, "netanyahu", "proposal", "frequency_learner")
    model = sim.NegotiationModel(learner, seed=2)
    model.run()
    assert model.actor_agents["netanyahu"].proposal.learned("hamas") is not None


def test_run_json_explains_a_deal_by_its_binding_party(baseline):
    result = runner.invoke(app, ["run", "scenarios/baseline.yaml", "--json", "--seed", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    explanation = data["explanation"]
    assert set(explanation) == {"refused", "binding", "margin"}
    assert data["deal"] and explanation["binding"] in data["accepted"]
    assert explanation["margin"] >= -1e-9 and explanation["refused"] == {}


def test_run_explains_no_deal_by_who_refused_and_why():
    result = runner.invoke(app, ["run", "tests/data/analysis_blocked_pair.yaml", "--json"])
    data = json.loads(result.output)
    assert not data["deal"] and data["explanation"]["binding"] is None
    assert data["explanation"]["refused"] == {"a": {"red_line": "a-wants-x0"}}
    text = runner.invoke(app, ["run", "tests/data/analysis_blocked_pair.yaml"]).output
    assert "Refused in round" in text and "red line 'a-wants-x0'" in text


def test_run_names_the_binding_party_and_its_margin():
    text = runner.invoke(app, ["run", "scenarios/baseline.yaml", "--seed", "1"]).output
    assert "Binding party:" in text and "above its" in text


@pytest.mark.parametrize(
    "path", ["scenarios/examples/wage-round.yaml", "scenarios/examples/trade-deal.yaml"]
)
def test_the_examples_still_run_and_explain_themselves(path):
    outcome = sim.simulate(sim.load_scenario(path), seed=0)
    assert outcome.explanation["binding"] if outcome.deal else outcome.explanation["refused"]
