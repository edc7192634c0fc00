"""Linked terms (``constraints:``): incoherent packages are never proposed, agreed or analysed."""

from __future__ import annotations

import pytest
import yaml

import sim
from sim.analysis import analyze
from sim.experiments import run_ensemble
from sim.scenario.deal_checks import coherent_packages
from sim.scenario.loader import ScenarioError, load_scenario_text

MILITARY_RULE_NEEDS_TROOPS = {
    "if": {"issue": "gaza_governance", "in": ["israeli_military"]},
    "then": {"issue": "idf_presence", "min": "inside_gaza"},
    "evidence": {"assumption": "military rule of a territory needs troops inside it"},
}


def incoherent(table) -> int:
    deals = table[table["deal"]]
    return int(
        (
            (deals["term:gaza_governance"] == "israeli_military")
            & (deals["term:idf_presence"] != "inside_gaza")
        ).sum()
    )


def linked(baseline: sim.Scenario, protocol: str) -> sim.Scenario:
    data = baseline.model_dump(by_alias=True, exclude_none=True)
    data["constraints"] = [MILITARY_RULE_NEEDS_TROOPS]
    data["protocol"]["name"] = protocol
    return sim.Scenario.model_validate(data)


def test_without_the_link_alternating_offers_agree_incoherent_packages(baseline):
    data = baseline.model_dump(by_alias=True, exclude_none=True)
    data["protocol"]["name"] = "alternating"
    data["constraints"] = []  # the baseline links these terms
    table = run_ensemble(sim.Scenario.model_validate(data), runs=300, seed=7)
    assert incoherent(table) > 0  # what the constraint is there to stop


def test_linked_terms_never_yield_an_incoherent_package_in_2000_runs(baseline):
    scenario = linked(baseline, "alternating")
    table = run_ensemble(scenario, runs=2000, seed=7)
    assert table["deal"].sum() > 500
    assert incoherent(table) == 0


def test_the_mediator_and_exact_analysis_honour_the_link(baseline):
    scenario = linked(baseline, "mediated")
    coherent = coherent_packages(scenario)
    assert 0 < coherent.sum() < coherent.size
    for seed in range(20):
        outcome = sim.simulate(scenario, seed=seed)
        if outcome.deal:
            assert coherent[outcome.package]
    report = analyze(scenario)
    assert coherent[report.feasible_packages].all() and coherent[report.zone_packages].all()
    for point in (report.nash_package, report.kalai_smorodinsky_package):
        assert point is None or coherent[point]
    assert coherent[report.pareto_packages].all()


TEN, ZERO = {"ideal": 10}, {"ideal": 0}


def scenario_text(constraints: list) -> str:
    data = {
        "name": "linked",
        "issues": [
            {"id": "rule", "kind": "categorical", "options": ["army", "civil"]},
            {"id": "troops", "kind": "integer", "min": 0, "max": 10, "step": 5},
        ],
        "actors": [
            {
                "id": "a",
                "name": "A",
                "salience": {"troops": 1},
                "values": {"troops": {"ideal": 10}},
            },
            {"id": "b", "name": "B", "salience": {"troops": 1}, "values": {"troops": ZERO}},
        ],
        "parties": [{"actor": "a"}, {"actor": "b"}],
        "constraints": constraints,
    }
    return yaml.safe_dump(data, sort_keys=False)


@pytest.mark.parametrize(
    ("constraint", "where", "says"),
    [
        ({"if": {"issue": "rules", "in": ["army"]}, "then": {"issue": "troops", "min": 5}},
         "constraints[0].if.issue", "unknown issue 'rules'"),
        ({"if": {"issue": "rule", "in": ["navy"]}, "then": {"issue": "troops", "min": 5}},
         "constraints[0].if.in", "navy"),
        ({"if": {"issue": "rule", "in": ["army"]}, "then": {"issue": "troops", "min": "lots"}},
         "constraints[0].then.min", "must be a number"),
        ({"if": {"issue": "rule", "min": "army"}, "then": {"issue": "troops", "min": 5}},
         "constraints[0].if.min", "categorical"),
    ],
)  # fmt: skip
def test_a_constraint_naming_what_does_not_exist_is_refused_with_its_place(constraint, where, says):
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(scenario_text([constraint]), name="linked.yaml")
    message = "\n".join(error.value.messages)
    assert where in message and says in message and "linked.yaml:" in message


def test_constraints_that_leave_no_package_are_an_error():
    both_ways = [
        {"if": {"issue": "rule", "in": ["army"]}, "then": {"issue": "troops", "min": 5}},
        {"if": {"issue": "rule", "in": ["army"]}, "then": {"issue": "troops", "max": 0}},
        {"if": {"issue": "rule", "in": ["civil"]}, "then": {"issue": "troops", "in": [5]}},
        {"if": {"issue": "rule", "in": ["civil"]}, "then": {"issue": "troops", "in": [10]}},
    ]
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(scenario_text(both_ways), name="linked.yaml")
    assert "the constraints leave no package" in str(error.value)
    scenario = load_scenario_text(scenario_text(both_ways[:1]), name="linked.yaml")
    assert coherent_packages(scenario).tolist() == [False, True, True, True, True, True]
