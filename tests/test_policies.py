"""Every registered policy passes the contract (tests/contracts.py), then its own cases."""

from __future__ import annotations

import json

import numpy as np
import pytest
from contracts import COUNTS, PolicyContract, WalkoutWordContract, choose, small_game
from hypothesis import given
from hypothesis import strategies as st

import sim
from sim.policies import Policy, PolicyError, classes, names, policy, register
from sim.policies.concession import time_dependent_level
from sim.policies.registry import KINDS, unregister
from sim.scenario.registries import REGISTRIES


class TestBoulware(PolicyContract):
    kind, name = "concession", "boulware"


class TestLinear(PolicyContract):
    kind, name = "concession", "linear"


class TestConceder(PolicyContract):
    kind, name = "concession", "conceder"


class TestTitForTat(PolicyContract):
    kind, name = "concession", "tit_for_tat"


class TestAbsoluteTitForTat(PolicyContract):
    kind, name = "concession", "tit_for_tat_absolute"


class TestResponsive(PolicyContract):
    kind, name = "concession", "responsive"


class TestThresholdResponse(PolicyContract):
    kind, name = "response", "threshold"


class TestDeadlineWalkout(PolicyContract, WalkoutWordContract):
    kind, name = "walkout", "deadline"


class TestNeverWalkout(PolicyContract, WalkoutWordContract):
    kind, name = "walkout", "never"


class TestRedLineExit(PolicyContract):
    kind, name = "exit", "red_line"


class TestNashMediator(PolicyContract):
    kind, name = "proposal", "nash_mediator"


class TestAspiration(PolicyContract):
    kind, name = "proposal", "aspiration"


class TestFrequencyLearner(PolicyContract):
    kind, name = "proposal", "frequency_learner"


def test_every_registered_policy_has_a_contract_test():
    tested = {(c.kind, c.name) for c in PolicyContract.__subclasses__()}
    registered = {(kind, cls.name) for kind in KINDS for cls in classes(kind)}
    assert registered <= tested, f"policies without a contract test: {registered - tested}"


def test_every_walkout_policy_that_gives_its_word_is_held_to_it():
    held = {c.name for c in WalkoutWordContract.__subclasses__()}
    giving = {cls.name for cls in classes("walkout") if hasattr(cls, "earliest_walkout")}
    assert giving <= held, f"walkout policies whose word is not tested: {giving - held}"


def test_unknown_names_and_parameters_are_refused_with_what_is_known():
    with pytest.raises(KeyError, match="known: boulware, conceder, linear, responsive"):
        policy("concession", "stubborn")
    with pytest.raises(ValueError, match="unknown policy kind"):
        register("dance")
    with pytest.raises(PolicyError, match="has no parameter 'gamma' .*: beta"):
        policy("concession", "linear", gamma=2)
    with pytest.raises(PolicyError, match="outside"):
        policy("proposal", "nash_mediator", patience=2)
    problems = REGISTRIES.check("concession", "tit_for_tat", {"window": 0}, ("tactic",))
    assert [(p.loc, p.message) for p in problems] == [
        (("tactic", "params", "window"), "window = 0 is outside [1, 50]")
    ]
    assert REGISTRIES.check("concession", "linear", {"beta": 2}, parameters_key=None) == []
    problems = REGISTRIES.check("concession", "tit_for_tat", {"window": float("nan")}, ("tactic",))
    assert [(p.loc, p.message) for p in problems] == [
        (("tactic", "params", "window"), "window must be a number, not NaN")
    ]
    with pytest.raises(PolicyError, match="must be a number"):
        policy("concession", "linear", beta=float("nan"))


@given(
    reservation=st.floats(0, 1),
    horizon=st.integers(1, 100),
    beta=st.floats(0.05, 20),
)
def test_time_dependent_levels_fall_from_one_to_the_reservation(reservation, horizon, beta):
    levels = [time_dependent_level(t, horizon, reservation, beta) for t in range(horizon + 3)]
    assert levels[0] == pytest.approx(1.0)
    assert levels[horizon] == pytest.approx(reservation)
    assert all(b <= a + 1e-12 for a, b in zip(levels, levels[1:], strict=False))
    COUNTS["time-dependent"] = COUNTS.get("time-dependent", 0) + 1


def _levels(scenario: sim.Scenario, actor: str, seed: int = 0) -> list[float]:
    trace = sim.simulate(scenario, seed=seed, trace=True).trace
    return trace.loc[trace["party"] == actor, "threshold"].tolist()


def _game(changes: dict) -> dict:
    data = small_game(noise=0.0, protocol="alternating", rounds=30)
    for (actor, kind), (name, params) in changes.items():
        choose(data, "abc".index(actor), kind, name, params)
    return data


def test_tit_for_tat_concedes_more_against_an_opponent_who_concedes_more():
    against_conceder = _game({("a", "concession"): ("tit_for_tat", {"time_weight": 0.0}),
                                ("b", "concession"): ("conceder", {})})  # fmt: skip
    against_boulware = _game({("a", "concession"): ("tit_for_tat", {"time_weight": 0.0}),
                                ("b", "concession"): ("boulware", {})})  # fmt: skip
    fast = _levels(sim.Scenario.model_validate(against_conceder), "a")
    slow = _levels(sim.Scenario.model_validate(against_boulware), "a")
    rounds = min(len(fast), len(slow))
    assert rounds >= 3
    assert fast[rounds - 1] < slow[rounds - 1]
    # and it only ever reacts: with time_weight 0 it stays put until the other moves
    assert fast[0] == pytest.approx(1.0)


def test_absolute_tit_for_tat_gives_back_the_amount_the_other_gave():
    data = _game({("a", "concession"): ("tit_for_tat_absolute", {"time_weight": 0.0}),
                    ("b", "concession"): ("linear", {})})  # fmt: skip
    model = sim.NegotiationModel(sim.Scenario.model_validate(data), seed=0)
    a = model.actor_agents["a"]
    previous_position = a.concession.others_position(a.view)
    model.step()
    for _ in range(5):
        level_before = a.level
        model.step()
        if model.outcome is not None:
            break
        position = a.concession._positions[-1]
        gained = max(position - a.concession._positions[0], 0.0)
        assert a.level == pytest.approx(max(level_before - gained, a.reservation(model.round)))
        previous_position = position
    assert previous_position > 0


def test_the_responsive_tactic_concedes_faster_after_refusals():
    calm = policy("concession", "responsive", refusal_boost=0.0)
    pressed = policy("concession", "responsive", refusal_boost=2.0)
    data = _game({("b", "concession"): ("boulware", {})})
    results = []
    for tactic in (calm, pressed):
        model = sim.NegotiationModel(sim.Scenario.model_validate(data), seed=0)
        model.actor_agents["a"].concession = tactic
        tactic.reset()
        for _ in range(6):
            model.step()
        results.append(model.actor_agents["a"].level)
    assert results[1] < results[0]


def test_the_frequency_learner_learns_which_options_the_other_keeps_offering():
    data = _game({("a", "proposal"): ("frequency_learner", {"prior_weight": 0.0})})
    model = sim.NegotiationModel(sim.Scenario.model_validate(data), seed=0)
    for _ in range(8):
        model.step()
        if model.outcome is not None:
            break
    learned = model.actor_agents["a"].proposal.learned("b")
    assert learned is not None and learned.observations >= 3
    form = model.game.space.issues[1]
    offered = [model.game.space.terms(r.package)["form"] for r in model.record if r.proposer == "b"]
    favourite = max(set(offered), key=offered.count)
    values = learned.counts[1]
    assert int(np.argmax(values)) == form.options.index(favourite)


def test_a_new_tactic_written_as_the_api_docs_say_works_with_events_shifting_its_parameter():
    @register("concession")
    class Stubborn(Policy):
        """Holds at ``floor`` until the last round (a test tactic)."""

        name = "stubborn_test"
        metadata = {}
        parameters = {"floor": 0.9}
        bounds = {"floor": (0.0, 1.0)}

        def level(self, view):
            return self.floor if view.round < view.rounds - 1 else view.reservation

    try:
        data = small_game(noise=0.0, rounds=10)
        data["actors"][0]["tactic"] = {"name": "stubborn_test", "params": {"floor": 0.95}}
        data["events"] = [
            {"id": "soften", "round": 3,
             "effects": [{"actor": "a", "field": "tactic.params.floor", "set": 0.5}]},
        ]  # fmt: skip
        scenario = sim.load_scenario_text(json.dumps(data))
        levels = _levels(scenario, "a")
        assert levels[:3] == [pytest.approx(0.95)] * 3
        assert levels[3] == pytest.approx(0.5)
    finally:
        unregister("concession", "stubborn_test")


def test_policy_names_of_each_kind_are_listed():
    assert names("walkout") == ["deadline", "never"]
    assert "frequency_learner" in names("proposal")


class TestAudienceCostExit(PolicyContract):
    kind, name = "exit", "audience_cost"


class TestSubgamePerfectConcession(PolicyContract):
    kind, name = "concession", "subgame_perfect"


class TestSubgamePerfectProposal(PolicyContract):
    kind, name = "proposal", "subgame_perfect"


def test_every_contract_property_reached_its_assertions():
    # runs after the contract classes above (pytest keeps file order)
    for kind in KINDS:
        for cls in classes(kind):
            reached = COUNTS.get(f"red-line:{kind}:{cls.name}", 0)
            assert reached >= 5, f"{kind}:{cls.name} reached its assertion {reached} times"
    for cls in classes("walkout"):
        if hasattr(cls, "earliest_walkout"):
            reached = COUNTS.get(f"word:{cls.name}", 0)
            assert reached >= 5, f"walkout:{cls.name} kept its word in {reached} checked runs"
