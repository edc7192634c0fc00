"""Pressure on a party, conditional on its refusals: it lowers the party's no-deal value.

Theory (Nash 1950; Schelling 1966): a party whose alternative to agreement gets
worse settles for less, so pressure on it moves the deal towards the others, or
opens a zone that was empty. Pressure conditional on refusals does nothing to a
party that never refuses.
"""

from __future__ import annotations

import pytest
import yaml
from games import split_ten

import sim
from sim.scenario.loader import ScenarioError, load_scenario_text

ASSUMED = {"assumption": "test"}


def game(pressure: list[dict] | None = None, b_reservation: float = 0.85, **b) -> dict:
    """A and B split 10; a patron outside the table may pressure B."""
    patron: dict = {"id": "patron", "name": "Patron", "role": "patron"}
    if pressure is not None:
        patron["pressure"] = pressure
    return split_ten("pressure", [patron], 30, b_reservation, **b)


def squeeze(**more) -> dict:
    return {"id": "squeeze", "on": "b", "evidence": ASSUMED, **more}


def play(data: dict, seed: int = 0, protocol: str | None = None, trace: bool = False):
    scenario = sim.Scenario.model_validate(data)
    return sim.simulate(scenario, seed=seed, protocol=protocol, trace=trace)


def applied_round(record: str) -> int:
    return int(record.rsplit("@", 1)[1])


@pytest.mark.parametrize("protocol", ["mediated", "alternating"])
def test_pressure_after_refusals_opens_a_zone_that_was_empty(protocol):
    # B needs share <= 1.5; A needs >= 2: no zone, until pressure lowers B's reservation
    assert len(sim.analyze(sim.Scenario.model_validate(game())).zone_packages) == 0
    assert not play(game(), protocol=protocol).deal
    outcome = play(game([squeeze(after_refusals=2, reservation=-0.4)]), protocol=protocol)
    assert outcome.deal and outcome.terms["share"] >= 2
    assert outcome.pressure == [f"patron/squeeze@{applied_round(outcome.pressure[0])}"]
    assert outcome.explanation["pressured"] == {"b": outcome.pressure}
    assert outcome.mechanism == "pressure:ratified"  # the deal needed B, which felt pressure


def test_pressure_applies_only_after_the_party_has_refused_that_many_times():
    outcome = play(game([squeeze(after_refusals=3, reservation=-0.4)]), trace=True)
    at = applied_round(outcome.pressure[0])
    rows = outcome.trace[(outcome.trace["party"] == "b") & outcome.trace["required"]]
    refusals_before = int((~rows[rows["round"] < at]["accepted"]).sum())
    refusals_a_round_earlier = int((~rows[rows["round"] < at - 1]["accepted"]).sum())
    assert refusals_before >= 3 > refusals_a_round_earlier


def test_refusals_before_from_round_do_not_count():
    outcome = play(game([squeeze(after_refusals=2, from_round=10, reservation=-0.4)]))
    assert applied_round(outcome.pressure[0]) >= 12


@pytest.mark.parametrize("protocol", ["mediated", "alternating"])
def test_pressure_moves_the_deal_towards_the_others(protocol):
    # a zone exists without pressure (B needs share <= 6); pressure lowers what B holds out for
    free = play(game(b_reservation=0.4), protocol=protocol)
    pressed = play(
        game([squeeze(after_refusals=1, cost_per_round=0.02)], b_reservation=0.4),
        protocol=protocol,
    )
    assert free.deal and pressed.deal and pressed.pressure
    assert pressed.terms["share"] > free.terms["share"]
    assert pressed.utilities["b"] < free.utilities["b"]


def test_pressure_does_nothing_to_a_party_that_never_refuses():
    # B is indifferent to the split, so it accepts from the first round
    flat = {"values": {"share": {str(k): 1.0 for k in range(11)}}}
    for press in (squeeze(after_refusals=1, reservation=-0.5), squeeze(cost_per_round=0.1)):
        pressed = play(game([press], **flat))
        free = play(game(**flat))
        assert pressed.pressure == [] and "pressured" not in pressed.explanation
        assert pressed.to_dict() == free.to_dict()


def test_a_repeating_pressure_applies_again_after_every_further_refusals():
    once = play(game([squeeze(after_refusals=2, reservation=-0.05)]))
    again = play(game([squeeze(after_refusals=2, reservation=-0.05, repeat=True)]))
    assert len(once.pressure) == 1
    rounds = [applied_round(r) for r in again.pressure]
    assert len(rounds) >= 2 and all(b - a >= 2 for a, b in zip(rounds, rounds[1:], strict=False))
    assert again.deal and not once.deal


def test_the_same_seed_applies_the_same_pressure():
    data = game([squeeze(after_refusals=1, reservation=-0.02, repeat=True)], noise=0.1)
    first, second = play(data, seed=3), play(data, seed=3)
    assert first.pressure and first.to_dict() == second.to_dict()


def load(data: dict) -> str:
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(yaml.safe_dump(data, sort_keys=False), name="s.yaml")
    return str(error.value)


@pytest.mark.parametrize(
    ("press", "field", "words"),
    [
        (squeeze(on="nobody", reservation=-0.1), "on", "unknown actor 'nobody'"),
        (squeeze(on="patron", reservation=-0.1), "on", "cannot pressure itself"),
        (squeeze(on="b", from_round=30, reservation=-0.1), "from_round", "after the last round"),
        (squeeze(on="b"), "pressure.squeeze:", "give 'reservation'"),
        (squeeze(on="b", reservation=0.1), "reservation", "less than 0"),
    ],
)
def test_bad_pressure_is_refused_at_its_line(press, field, words):
    message = load(game([press]))
    assert "actors.patron.pressure.squeeze" in message and field in message and words in message
    assert "s.yaml:" in message


def test_pressure_on_an_actor_that_is_not_a_party_is_refused():
    data = game([squeeze(on="a", reservation=-0.1)])
    data["actors"].append({"id": "c", "name": "C", "role": "outside"})
    data["actors"][2]["pressure"][0]["on"] = "c"
    message = load(data)
    assert "actors.patron.pressure.squeeze.on" in message
    assert "'c' is not a party" in message


def test_a_pressure_id_that_an_action_already_has_is_refused():
    data = game([squeeze(reservation=-0.1)])
    data["actors"][2]["actions"] = [
        {
            "id": "squeeze",
            "probability": 0.1,
            "effects": [{"actor": "b", "field": "power", "delta": 1}],
        }
    ]
    assert "already the id" in load(data)


def test_an_uncertain_pressure_is_checked_against_the_fields_range():
    data = game([squeeze(reservation=-0.1)])
    data["uncertain"] = [
        {"param": "actors.patron.pressure.squeeze.reservation", "dist": "uniform",
         "low": -0.2, "high": 0.1}
    ]  # fmt: skip
    message = load(data)
    assert (
        "uncertain[0].high: high 0.1 is outside the field's range" in message
        and "[-1, 0)" in message
    )
    data["uncertain"][0]["high"] = -0.05
    scenario = load_scenario_text(yaml.safe_dump(data, sort_keys=False), name="s.yaml")
    table = sim.run_ensemble(scenario, runs=4, seed=0)
    drawn = table["param:actors.patron.pressure.squeeze.reservation"]
    assert drawn.between(-0.2, -0.05).all() and drawn.nunique() == 4
