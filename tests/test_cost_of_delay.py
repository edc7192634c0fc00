"""Time and the cost of delay: round_days, discounts, subgame-perfect play (Rubinstein 1982)."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.policies.subgame import backward_induction


def pie(d1: float, d2: float, rounds: int = 200, protocol: str = "alternating") -> sim.Scenario:
    """Two parties split 1000 in steps of 1; patience is the only asymmetry."""

    def party(actor_id: str, ideal: int, discount: float) -> dict:
        return {
            "id": actor_id,
            "name": actor_id.upper(),
            "salience": {"share": 1},
            "values": {"share": {"ideal": ideal}},
            "discount": discount,
            "tactic": {"name": "subgame_perfect"},
            "policies": {"proposal": {"name": "subgame_perfect"}, "walkout": {"name": "never"}},
        }

    return sim.Scenario.model_validate(
        {
            "name": "pie",
            "issues": [{"id": "share", "kind": "integer", "min": 0, "max": 1000}],
            "actors": [party("a", 1000, d1), party("b", 0, d2)],
            "parties": [{"actor": "a"}, {"actor": "b"}],
            "protocol": {"name": protocol, "rounds": rounds, "proposers": ["a", "b"],
                         "round_days": 7},
        }
    )  # fmt: skip


@pytest.mark.parametrize(("d1", "d2"), [(0.9, 0.8), (0.8, 0.9), (0.95, 0.95), (0.6, 0.9)])
def test_the_first_proposer_gets_rubinsteins_share_at_once(d1, d2):
    outcome = sim.simulate(pie(d1, d2), seed=0)
    share = outcome.terms["share"] / 1000
    assert abs(share - (1 - d2) / (1 - d1 * d2)) <= 0.02
    assert outcome.deal and outcome.round <= 1


def test_the_more_patient_party_gets_more():
    patient_a = sim.simulate(pie(0.95, 0.7), seed=0).terms["share"]
    patient_b = sim.simulate(pie(0.7, 0.95), seed=0).terms["share"]
    assert patient_a > 500 > patient_b


def test_a_later_deal_is_worth_less_and_days_are_reported():
    scenario = pie(0.9, 0.8)
    outcome = sim.simulate(scenario, seed=0)
    assert outcome.days == (outcome.round + 1) * 7
    data = scenario.model_dump(by_alias=True, exclude_none=True)
    data["actors"][0]["tactic"] = {"name": "boulware"}
    data["actors"][1]["tactic"] = {"name": "boulware"}
    for actor in data["actors"]:
        actor["policies"]["proposal"] = {"name": "aspiration"}
    late = sim.simulate(sim.Scenario.model_validate(data), seed=0)
    assert late.deal and late.round > 1
    share = late.terms["share"] / 1000
    assert late.utilities["a"] == pytest.approx(share * 0.9**late.round)
    assert late.utilities["b"] == pytest.approx((1 - share) * 0.8**late.round)


def test_backward_induction_on_a_two_round_ultimatum():
    """Round 1 is an ultimatum by b; in round 0 a offers b exactly what waiting gives b."""
    utilities = np.array([[0.0, 0.25, 0.5, 0.75, 1.0], [1.0, 0.75, 0.5, 0.25, 0.0]])
    no = np.zeros_like(utilities, dtype=bool)
    offers, values = backward_induction(
        utilities, ~no, no, np.zeros(2), np.array([1.0, 0.5]), [0, 1]
    )
    assert offers.tolist() == [2, 0]  # b would take everything at round 1, worth 0.5 now
    assert values[0].tolist() == [0.5, 0.5] and values[1].tolist() == [0.0, 1.0]
