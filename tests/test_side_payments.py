"""Side payments: transferable utility attached to a package, within a budget.

Theory (Raiffa 1982; Sebenius 1983): a transfer worth more to the receiver than
it costs the payer, or paid by a patron outside the table, opens a zone of
agreement that was empty when the receiver is short by less than the payer can
afford. The exact analysis and the simulation must agree on it.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from games import split_ten
from hypothesis import given, settings
from hypothesis import strategies as st
from property import scenarios
from typer.testing import CliRunner

import sim
from sim.cli.app import app
from sim.scenario.edit import with_parameters
from sim.scenario.loader import ScenarioError, load_scenario_text
from sim.side_payments import PaymentSpace, space_for

ASSUMED = {"assumption": "test"}


def game(payments: list[dict] | None = None, rounds: int = 30) -> dict:
    """A needs share >= 2, B needs share <= 1.5: no zone without a transfer to B."""
    patron = {"id": "patron", "name": "Patron", "role": "patron", "salience": {"share": 1},
              "values": {"share": {"ideal": 5}}}  # fmt: skip
    data = split_ten("side payments", [patron], rounds, b_reservation=0.85)
    data["side_payments"] = payments or []
    return data


def aid(**more) -> dict:
    return {"id": "aid", "payer": "patron", "receiver": "b", "budget": 10, "worth": 0.05,
            "cost": 0.05, "evidence": ASSUMED, **more}  # fmt: skip


CHEAP_FOR_A = aid(payer="a", budget=5, worth=0.1, cost=0.02)
"""A pays B: worth 0.1 a unit to B, costing A 0.02 (a zone needs 1 unit at least)."""


def scenario(payments: list[dict] | None = None) -> sim.Scenario:
    return sim.Scenario.model_validate(game(payments))


@pytest.mark.parametrize("payment", [aid(), CHEAP_FOR_A, aid(payer="a", budget=2.5, step=0.5,
                                                            worth=0.1, cost=0.02)])  # fmt: skip
@pytest.mark.parametrize("protocol", ["mediated", "alternating"])
def test_a_side_payment_opens_an_empty_zone_and_analysis_and_simulation_agree(payment, protocol):
    assert len(sim.analyze(scenario()).zone_packages) == 0
    assert not sim.simulate(scenario(), seed=0, protocol=protocol).deal
    paid = scenario([payment])
    analysis = sim.analyze(paid)
    zone = {json.dumps(analysis.terms(int(p)), sort_keys=True) for p in analysis.zone_packages}
    assert zone and all(json.loads(t)["aid"] > 0 for t in zone)  # only a payment opens it
    outcome = sim.simulate(paid, seed=0, protocol=protocol)
    assert outcome.deal and json.dumps(outcome.terms, sort_keys=True) in zone
    assert 0 < outcome.terms["aid"] <= payment["budget"]


def test_the_transfer_is_worth_times_amount_to_the_receiver_and_cost_times_amount_to_the_payer():
    plain = sim.analyze(scenario()).game
    paid = sim.analyze(scenario([CHEAP_FOR_A])).game
    space = paid.space
    assert isinstance(space, PaymentSpace) and space.size == 11 * 6
    amounts = np.array([space.terms(p)["aid"] for p in range(space.size)], dtype=float)
    shares = [space.terms(p)["share"] for p in range(space.size)]
    base = {
        actor: plain.preferences.utility[plain.preferences.row(actor)][shares]
        for actor in ("a", "b", "patron")
    }
    utility = paid.preferences.utility
    expected_b = np.clip(base["b"] + 0.1 * amounts, 0, 1)
    expected_a = np.clip(base["a"] - 0.02 * amounts, 0, 1)
    assert np.allclose(utility[paid.preferences.row("b")], expected_b)
    assert np.allclose(utility[paid.preferences.row("a")], expected_a)
    assert np.array_equal(utility[paid.preferences.row("patron")], base["patron"])
    assert (expected_b > base["b"]).any() and (expected_a < base["a"]).any()


def test_a_payment_is_never_above_its_budget():
    data = game([aid(budget=1.5, step=0.25, worth=0.2)])
    data["actors"][1]["noise"] = 0.1
    paid = sim.Scenario.model_validate(data)
    outcomes = [sim.simulate(paid, seed=seed, trace=True) for seed in range(12)]
    on_the_table = np.concatenate([o.trace["term_aid"].to_numpy(float) for o in outcomes])
    assert on_the_table.size and on_the_table.min() >= 0 and on_the_table.max() <= 1.5
    deals = [o.terms["aid"] for o in outcomes if o.terms]
    assert deals and max(deals) == 1.5  # a free transfer is used to the full


def test_runs_of_an_ensemble_share_one_space():
    paid = scenario([aid()])
    shifted = with_parameters(paid, {"actors.a.reservation": 0.25})
    assert space_for(shifted) is space_for(paid)
    assert space_for(scenario()) is not space_for(paid)


def test_run_shows_the_amount_in_its_terms_and_json(tmp_path):
    path = tmp_path / "paid.yaml"
    path.write_text(yaml.safe_dump(game([aid(label="Patron aid")]), sort_keys=False))
    runner = CliRunner()
    shown = runner.invoke(app, ["run", str(path), "--seed", "0"])
    assert shown.exit_code == 0, shown.output
    assert "Patron aid (patron pays b)" in shown.output
    data = json.loads(runner.invoke(app, ["run", str(path), "--seed", "0", "--json"]).output)
    assert data["terms"]["aid"] == 10


def test_an_ensemble_with_a_side_payment_runs_and_keeps_to_the_budget():
    table = sim.run_ensemble(scenario([aid(budget=4)]), runs=6, seed=1)
    assert len(table) == 6 and table["deal"].all()


def load(data: dict) -> str:
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(yaml.safe_dump(data, sort_keys=False), name="s.yaml")
    return str(error.value)


@pytest.mark.parametrize(
    ("payment", "field", "words"),
    [
        (aid(payer="nobody"), "payer", "unknown actor 'nobody'"),
        (aid(receiver="patron"), "receiver", "cannot pay itself"),
        (aid(receiver="nobody"), "receiver", "unknown actor 'nobody'"),
        (aid(id="share"), "id", "already the id of an issue"),
        (aid(budget=5, step=0.001), "step", "at most 1,000"),
        (aid(budget=1, step=0.3), "side_payments.aid", "not a whole number of steps"),
        (aid(worth=2), "worth", "less than or equal to 1"),
    ],
)
def test_bad_side_payments_are_refused_at_their_line(payment, field, words):
    message = load(game([payment]))
    assert "s.yaml:" in message and field in message and words in message


def test_a_payment_to_an_actor_whose_consent_nobody_asks_is_refused():
    message = load(game([aid(payer="a", receiver="patron")]))
    assert "side_payments.aid.receiver" in message and "'patron' is not a party" in message


def test_linked_terms_hold_for_every_amount_of_a_payment():
    data = game([aid(budget=3)])
    data["issues"].append({"id": "oversight", "kind": "ordinal", "options": ["none", "strict"]})
    data["constraints"] = [
        {"if": {"issue": "share", "min": 8}, "then": {"issue": "oversight", "in": ["strict"]}}
    ]
    game_ = sim.analyze(sim.Scenario.model_validate(data)).game
    space = game_.space
    terms = [space.terms(p) for p in range(space.size)]
    expected = [t["share"] < 8 or t["oversight"] == "strict" for t in terms]
    assert space.size == 11 * 2 * 4 and game_.coherent.tolist() == expected


@settings(max_examples=30, deadline=None)
@given(scenario=scenarios(), data=st.data())
def test_in_any_scenario_a_payment_moves_worth_and_cost_times_the_amount(scenario, data):
    budget = data.draw(st.sampled_from([1, 2, 3]))
    worth, cost = data.draw(st.floats(0, 0.3)), data.draw(st.floats(0, 0.3))
    payment = {"id": "pay", "payer": "p0", "receiver": "p1", "budget": budget,
               "worth": worth, "cost": cost}  # fmt: skip
    paid = sim.Scenario.model_validate(scenario.model_dump(by_alias=True) | {
        "side_payments": [payment]})  # fmt: skip
    plain = sim.analyze(scenario).game.preferences
    game_ = sim.analyze(paid).game
    space = game_.space
    issues_only = np.arange(space.size) // (budget + 1)  # payments are the last dimension
    amounts = np.arange(space.size) % (budget + 1)
    for actor, rate in (("p1", worth), ("p0", -cost)):
        before = plain.utility[plain.row(actor)][issues_only]
        after = game_.preferences.utility[game_.preferences.row(actor)]
        above = before > 0  # a soft penalty below 0 was clipped before the transfer
        assert np.allclose(after[above], np.clip(before + rate * amounts, 0, 1)[above])
    others = [a.id for a in scenario.actors if a.id not in ("p0", "p1")]
    for actor in others:
        assert np.array_equal(
            game_.preferences.utility[game_.preferences.row(actor)],
            plain.utility[plain.row(actor)][issues_only],
        )
    outcome = sim.simulate(paid, seed=0)
    assert outcome.terms is None or 0 <= outcome.terms["pay"] <= budget
