"""Decision rules: unanimity, weighted majorities, double majorities, vetoes, an agenda setter."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.analysis import analyze
from sim.decision import DecisionRule, rule_met, winning_packages
from sim.scenario import load_scenario_text
from sim.scenario.schema import Decision


def _rule(**decision) -> DecisionRule:
    return DecisionRule.compile(Decision(**decision), ["a", "b", "c", "d"])


def test_unanimity_needs_every_needed_party():
    rule = _rule()
    needed = np.array([True, True, True, False])
    assert rule_met(np.array([True, True, True, False]), needed, rule)
    assert not rule_met(np.array([True, False, True, True]), needed, rule)


def test_weighted_majority_counts_weight_of_needed_parties():
    rule = _rule(rule="weighted_majority", weights={"a": 3, "b": 2, "c": 1, "d": 1}, threshold=0.7)
    needed = np.ones(4, dtype=bool)
    assert rule_met(np.array([True, True, False, False]), needed, rule)  # 5/7 = 0.714
    assert not rule_met(np.array([False, True, True, True]), needed, rule)  # 3 heads, 4/7
    # a party whose consent is not needed leaves the count: d out, a + c = 4/6 < 0.7
    partial = np.array([True, True, True, False])
    assert not rule_met(np.array([True, False, True, False]), partial, rule)
    assert rule_met(np.array([True, True, False, False]), partial, rule)  # 5/6


def test_lisbon_double_majority_and_exact_thresholds():
    states = {f"s{k}": 1.0 for k in range(20)}
    population = {f"s{k}": float(k + 1) for k in range(20)}  # total 210
    decision = Decision(
        rule="weighted_majority",
        weights=states,
        threshold=0.55,
        second={"weights": population, "threshold": 0.65},
    )
    rule = DecisionRule.compile(decision, list(states))
    needed = np.ones(20, dtype=bool)
    big_eleven = np.arange(20) >= 9  # 11 states (55% exactly), population 165 of 210 = 78.6%
    assert rule_met(big_eleven, needed, rule)
    small_eleven = np.arange(20) < 11  # 11 states, population 66 = 31%
    assert not rule_met(small_eleven, needed, rule)
    big_ten = np.arange(20) >= 10  # 10 states only (50%), population 155
    assert not rule_met(big_ten, needed, rule)


def test_veto_and_agenda_setter():
    rule = _rule(
        rule="weighted_majority",
        weights={"a": 1, "b": 1, "c": 1},
        threshold=0.5,
        veto=["d"],
        agenda_setter="a",
    )
    needed = np.ones(4, dtype=bool)
    assert rule_met(np.array([True, True, False, True]), needed, rule)
    assert not rule_met(np.array([True, True, True, False]), needed, rule)  # veto player says no
    # the setter says no: only unanimity of the voters adopts
    assert not rule_met(np.array([False, True, True, True]), needed, rule)
    rule_no_setter = _rule(rule="weighted_majority", weights={"b": 1, "c": 1}, agenda_setter="a")
    assert rule_met(np.array([False, True, True, True]), needed, rule_no_setter)


@settings(max_examples=60, deadline=None)
@given(
    weights=st.lists(st.integers(0, 5), min_size=4, max_size=4),
    second=st.lists(st.integers(0, 9), min_size=4, max_size=4),
    threshold=st.sampled_from([0.5, 0.55, 0.65, 0.74, 1.0]),
    veto=st.lists(st.booleans(), min_size=4, max_size=4),
    setter=st.sampled_from([None, "a", "d"]),
    prefers=st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=1, max_size=12),
    needed=st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=12, max_size=12),
)
def test_zone_is_what_some_winning_coalition_prefers(
    weights, second, threshold, veto, setter, prefers, needed
):
    """Brute force over every coalition agrees with the vectorised rule (it is monotone)."""
    parties = ["a", "b", "c", "d"]
    decision = Decision(
        rule="weighted_majority",
        weights={p: float(w) for p, w in zip(parties, weights, strict=True)},
        threshold=threshold,
        second={
            "weights": {p: float(w) for p, w in zip(parties, second, strict=True)},
            "threshold": 0.6,
        },
        veto=[p for p, v in zip(parties, veto, strict=True) if v],
        agenda_setter=setter,
    )
    rule = DecisionRule.compile(decision, parties)
    prefer = np.array(prefers, dtype=bool).T
    need = np.array(needed[: prefer.shape[1]], dtype=bool).T
    zone = winning_packages(prefer, need, rule)
    for x in range(prefer.shape[1]):
        some = False
        for size in range(5):
            for coalition in itertools.combinations(range(4), size):
                members = np.zeros(4, dtype=bool)
                members[list(coalition)] = True
                if np.all(prefer[members, x]) and rule_met(members, need[:, x], rule):
                    some = True
        assert zone[x] == some


SCENARIO = """
name: three votes
issues:
  - {id: x, kind: integer, min: 0, max: 10}
actors:
  - {id: a, name: A, salience: {x: 1}, values: {x: {ideal: 0}}, reservation: 0.5}
  - {id: b, name: B, salience: {x: 1}, values: {x: {ideal: 2}}, reservation: 0.5}
  - {id: c, name: C, salience: {x: 1}, values: {x: {ideal: 10}}, reservation: 0.5}
parties: [{actor: a}, {actor: b}, {actor: c}]
protocol:
  rounds: 10
  decision: {rule: weighted_majority, weights: {a: 1, b: 1, c: 1}, threshold: 0.6}
"""


def test_analysis_and_simulation_follow_the_majority_rule():
    scenario = load_scenario_text(SCENARIO)
    result = analyze(scenario)
    # unanimity: a prefers x <= 5, c prefers x >= 5: only 5. A 2-of-3 majority: a and b
    # prefer 0..5, b and c prefer 5..6 (b's value at 6 is 1 - 4/8 = 0.5)
    assert sorted(result.zone_packages.tolist()) == [0, 1, 2, 3, 4, 5, 6]
    unanimous = sim.with_parameters(scenario, {"protocol.decision.rule": "unanimity"})
    assert analyze(unanimous).zone_packages.tolist() == [5]
    # the model adopts what two of three accept, and only under the majority rule
    for rule, adopted in ((scenario, True), (unanimous, False)):
        model = sim.NegotiationModel(rule, seed=0)
        model.round = 9
        model.parties.do("concede")  # every party sets its level for round 9
        accepted, refused, _, agreed = model._responses(9, 2, "mediator")
        assert accepted == ["a", "b"] and list(refused) == ["c"] and agreed is adopted


def test_decision_naming_an_unknown_party_is_located():
    text = SCENARIO.replace("weights: {a: 1, b: 1, c: 1}", "weights: {a: 1, b: 1, z: 1}, veto: [q]")
    try:
        load_scenario_text(text, name="votes.yaml")
    except sim.ScenarioError as error:
        joined = "\n".join(error.messages)
    else:
        raise AssertionError("accepted a decision naming unknown parties")
    assert "protocol.decision.weights.z: 'z' is not a party" in joined
    assert "protocol.decision.veto[0]: 'q' is not a party" in joined
