"""What a round reads without asking again changes nothing.

A proposer whose beliefs are the view's reuses its ranking while the view's
version and the reservations stand, and finds it again in the table kept with
the game's arrays when another run shows it the same; views read the reservations the model keeps
while none drifts; a time-dependent tactic reads the share of its horizon used
up; an outcome space works a package's terms out once. Each is checked against
the long way round.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from property import scenarios

import sim
import sim.agents
import sim.model
import sim.policies.view
from sim.agents import ActorAgent
from sim.policies.concession import TimeDependentConcession, time_dependent_level
from sim.policies.decisions import DeadlineWalkout, StayUntilTheEnd
from sim.policies.proposal import (
    AspirationProposer,
    FrequencyLearner,
    NashMediator,
    _OwnLevelProposer,
)
from sim.policies.registry import KINDS
from sim.policies.view import ActorView
from sim.scenario.schema import Actor

COUNTS: dict[str, int] = {}


def _played(outcome: sim.Outcome) -> tuple:
    return outcome.to_dict(), outcome.trace


def _bilateral(rounds: int = 30, deadline: int | None = None, drift: float = 0.0) -> sim.Scenario:
    """A buyer and a seller over price and delivery, alternating offers."""
    values = {
        "buyer": {"price": {"ideal": 0}, "delivery": {"today": 1.0, "later": 0.2}},
        "seller": {"price": {"ideal": 9}, "delivery": {"today": 0.0, "later": 1.0}},
    }
    return sim.Scenario.model_validate(
        {
            "name": "bilateral",
            "issues": [
                {"id": "price", "kind": "integer", "min": 0, "max": 9},
                {"id": "delivery", "kind": "categorical", "options": ["today", "later"]},
            ],
            "actors": [
                {
                    "id": party,
                    "name": party.title(),
                    "salience": {"price": 0.7, "delivery": 0.3},
                    "values": values[party],
                    "reservation": 0.25 if party == "buyer" else 0.3,
                    "reservation_drift": drift if party == "seller" else 0.0,
                    "deadline": deadline if party == "buyer" else None,
                    "tactic": {"name": "boulware", "beta": 0.25},
                }
                for party in ("buyer", "seller")
            ],
            "parties": [{"actor": "buyer"}, {"actor": "seller"}],
            "protocol": {"name": "alternating", "rounds": rounds},
            "events": [
                {
                    "id": "shift",
                    "round": rounds // 2,
                    "effects": [{"actor": "seller", "field": "reservation", "delta": -0.1}],
                }
            ],
        }
    )


def _fresh_ranking(self, view, beliefs, belief_key, me):
    return self._ranking(view, beliefs, me)


_TRUTH = {
    "deadline": lambda view: view._agent.actor.deadline,
    "noise": lambda view: view._agent.actor.noise,
    "reservation": lambda view: view._agent.reservation(view._model.round),
    "rounds": lambda view: view._model.rounds,
    "version": lambda view: view._model.version,
}
"""Where each number a view publishes comes from, read afresh."""


def _the_long_way(monkeypatch: pytest.MonkeyPatch) -> None:
    """The long way round of every shortcut of a round.

    Every proposer ranks its beliefs anew every round; views ask the model for
    the reservations, and read their published numbers from the agent and the
    model at every read; every walkout policy is asked every round.
    """
    monkeypatch.setattr(AspirationProposer, "_beliefs_fixed", False)
    monkeypatch.setattr(_OwnLevelProposer, "_shared_ranking", _fresh_ranking)
    monkeypatch.setattr(
        ActorView, "reservations", property(lambda view: view._model.reservations_now())
    )
    for module in (sim.policies.view, sim.agents, sim.model):
        for writer in ("publish_own", "publish_reservation", "publish_clock"):
            if hasattr(module, writer):
                monkeypatch.setattr(module, writer, lambda view, *values: None)
    for name, truth in _TRUTH.items():
        monkeypatch.setattr(ActorView, name, property(truth))
    for walkout in (DeadlineWalkout, StayUntilTheEnd):
        monkeypatch.delattr(walkout, "earliest_walkout")


def _both_ways(scenario: sim.Scenario, seed: int, protocol: str | None = None) -> None:
    short = _played(sim.simulate(scenario, seed=seed, protocol=protocol, trace=True))
    with pytest.MonkeyPatch.context() as monkeypatch:
        _the_long_way(monkeypatch)
        long = _played(sim.simulate(scenario, seed=seed, protocol=protocol, trace=True))
    assert short[0] == long[0]
    assert short[1].equals(long[1])


@given(
    scenario=scenarios(protocols=("alternating", "mediated")),
    drift=st.sampled_from([0.0, 0.0, -0.02, 0.01]),
    shift=st.one_of(st.none(), st.floats(-0.8, 0.8)),
    deadline=st.one_of(st.none(), st.tuples(st.integers(0, 6), st.integers(1, 8))),
    seed=st.integers(0, 3),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_shortcuts_play_as_the_long_way_round(scenario, drift, shift, deadline, seed):
    if drift:
        scenario = sim.with_parameters(scenario, {"actors.p0.reservation_drift": drift})
    if deadline is not None:  # an event sets a party's deadline mid-run
        at, value = deadline
        data = scenario.model_dump()
        effects = [{"actor": "p0", "field": "deadline", "set": value}]
        at = min(at, data["protocol"]["rounds"] - 1)
        data["events"].append({"id": "deadline", "round": at, "effects": effects})
        scenario = sim.Scenario.model_validate(data)
    if shift is not None:  # a mid-run event that changes what the parties get, not what they keep
        data = scenario.model_dump()
        issue = data["issues"][0]["id"]
        effects = [{"actor": p, "field": f"salience.{issue}", "delta": shift} for p in ("p0", "p1")]
        turn = min(2, data["protocol"]["rounds"] - 1)  # early, while the parties still bargain
        data["events"].append({"id": "turn", "round": turn, "effects": effects})
        scenario = sim.Scenario.model_validate(data)
    _both_ways(scenario, seed)
    COUNTS["shortcuts"] = COUNTS.get("shortcuts", 0) + 1


@pytest.mark.parametrize(
    "path",
    ["scenarios/baseline.yaml", *sorted(str(p) for p in Path("scenarios").glob("*.yaml"))[:6]],
)
def test_the_shortcuts_play_as_the_long_way_round_in_the_scenarios(path):
    scenario = sim.load_scenario(path)
    for seed in (0, 1):
        _both_ways(scenario, seed, protocol="alternating")


def test_the_long_way_round_is_another_path(monkeypatch):
    """The comparison above is not vacuous: the long way asks for beliefs at every turn."""
    asked: list[int] = []
    others_beliefs = AspirationProposer.others_beliefs

    def counted(self, view):
        asked.append(view.round)
        return others_beliefs(self, view)

    monkeypatch.setattr(AspirationProposer, "others_beliefs", counted)
    monkeypatch.setattr(AspirationProposer, "_beliefs_fixed", True)  # as the class has it
    outcome = sim.simulate(_bilateral(), seed=0)
    short = list(asked)
    asked.clear()
    _the_long_way(monkeypatch)
    assert sim.simulate(_bilateral(), seed=0).to_dict() == outcome.to_dict()
    # the short way: each party once at its first turn and once after the event of round 15
    assert short == [0, 1, 15, 16]
    assert asked == list(range(outcome.round + 1))


def test_a_walkout_policy_is_asked_again_when_its_word_runs_out(monkeypatch):
    """The deadline policy gives its deadline as its word: asked then, and after a change."""
    asked: list[tuple[str, int]] = []
    walks_out = DeadlineWalkout.walks_out

    def counted(self, view):
        asked.append((view.actor_id, view.round))
        return walks_out(self, view)

    monkeypatch.setattr(DeadlineWalkout, "walks_out", counted)
    # the buyer's deadline is round 20; the event of round 15 (a reservation) changes the game
    outcome = sim.simulate(_bilateral(deadline=20), seed=0)
    assert outcome.round == 20 and outcome.walkout == "buyer"
    # asked at round 0, after the event, at the deadline, and (the seller) after the walk-out
    assert asked == [("buyer", 0), ("seller", 0), ("buyer", 15), ("seller", 15)] + [
        ("buyer", 20),
        ("seller", 20),
    ]
    asked.clear()
    _the_long_way(monkeypatch)
    assert sim.simulate(_bilateral(deadline=20), seed=0).to_dict() == outcome.to_dict()
    assert asked == [(party, t) for t in range(21) for party in ("buyer", "seller")]


def test_a_walkout_policy_without_a_word_is_asked_every_round():
    class Restless:
        """Walks out at its deadline, as the deadline policy does, but says nothing ahead."""

        def __init__(self) -> None:
            self.asked: list[int] = []

        def walks_out(self, view) -> bool:
            self.asked.append(view.round)
            return view.deadline is not None and view.round >= view.deadline

    model = sim.NegotiationModel(_bilateral(deadline=20), seed=0)
    buyer, seller = model.actor_agents["buyer"], model.actor_agents["seller"]
    buyer.walkout = restless = Restless()
    outcome = model.run()
    assert outcome.walkout == "buyer" and restless.asked == list(range(21))
    assert buyer.stays_until == 0.0  # it never gave its word
    # the seller's deadline policy gave its word (it has no deadline): it stays to the end
    assert seller.stays_until == float("inf")


@given(
    scenario=scenarios(protocols=("alternating", "mediated")),
    drift=st.sampled_from([0.0, -0.02, 0.01]),
    seed=st.integers(0, 3),
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_views_publish_what_the_agent_and_the_model_hold(scenario, drift, seed):
    """After every round (events, walk-outs and phases included) a view's numbers are current."""
    if drift:
        scenario = sim.with_parameters(scenario, {"actors.p0.reservation_drift": drift})
    model = sim.NegotiationModel(scenario, seed=seed)
    while model.outcome is None:
        model.step()
        for agent in model.actor_agents.values():
            view = agent.view
            assert {name: getattr(view, name) for name in _TRUTH} == {
                name: truth(view) for name, truth in _TRUTH.items()
            }
    COUNTS["published"] = COUNTS.get("published", 0) + 1


def test_a_proposer_that_learns_is_asked_for_its_beliefs_every_round():
    assert AspirationProposer._beliefs_fixed
    assert not FrequencyLearner._beliefs_fixed  # it overrides others_beliefs

    class Watching(AspirationProposer):
        name = "watching"
        seen: list[int]

        def others_beliefs(self, view):
            self.seen.append(view.round)
            return super().others_beliefs(view)

    assert not Watching._beliefs_fixed
    model = sim.NegotiationModel(_bilateral(), seed=0)
    buyer = model.actor_agents["buyer"]
    watching = Watching()
    watching.seen = []
    buyer.__dict__["proposal"] = watching
    model.run()
    buyer_turns = [r.round for r in model.record if r.proposer == "buyer"]
    assert watching.seen == buyer_turns


@given(
    rounds=st.integers(1, 60),
    deadline=st.one_of(st.none(), st.integers(1, 80)),
    t=st.integers(0, 90),
    beta=st.floats(0.05, 20),
)
@settings(max_examples=60, deadline=None)
def test_a_time_dependent_level_reads_the_share_of_the_horizon_used(rounds, deadline, t, beta):
    model = sim.NegotiationModel(_bilateral(rounds=rounds, deadline=deadline), seed=0)
    model.round = t
    view = model.actor_agents["buyer"].view
    horizon = view.horizon
    assert view.elapsed == min(t / horizon, 1.0)
    policy = TimeDependentConcession()
    policy.set_parameters(beta=beta)
    assert policy.level(view) == time_dependent_level(t, horizon, view.reservation, beta)
    COUNTS["elapsed"] = COUNTS.get("elapsed", 0) + 1


def test_views_read_the_reservations_of_this_round():
    steady = sim.NegotiationModel(_bilateral(), seed=0)
    seen = []
    while steady.outcome is None:
        steady.step()  # Mesa's step: counts the step, then plays the round
        seen.append(steady.actor_agents["buyer"].view.reservations)
    # without drift one array until the event of the middle round, then another one
    middle = 15
    assert all(array is seen[0] for array in seen[:middle])
    assert seen[middle] is not seen[0]
    assert np.allclose(seen[0], [0.25, 0.3]) and np.allclose(seen[middle], [0.25, 0.2])

    drifting = sim.NegotiationModel(_bilateral(drift=0.01), seed=0)
    while drifting.outcome is None:
        drifting.step()
        seller = drifting.actor_agents["seller"]
        reservations = drifting.actor_agents["buyer"].view.reservations
        assert reservations[1] == seller.reservation(drifting.round)
    assert drifting.steady_reservations is None


def test_a_package_s_terms_are_handed_out_as_copies():
    scenario = sim.Scenario.model_validate(
        {
            **_bilateral().model_dump(exclude={"issues", "events"}),
            "issues": [
                {"id": "price", "kind": "integer", "min": 0, "max": 9, "deferrable": True},
                {"id": "delivery", "kind": "categorical", "options": ["today", "later"]},
            ],
            "protocol": {"name": "alternating", "rounds": 30, "phases": 2},
        }
    )
    space = sim.Game.from_scenario(scenario).space
    package = space.size - 1
    terms, deferred = space.terms(package), space.deferred(package)
    assert deferred == ["price"] and terms["price"] == sim.outcomes.DEFERRED
    terms["price"] = 3
    deferred.clear()
    assert space.terms(package)["price"] == sim.outcomes.DEFERRED
    assert space.deferred(package) == ["price"]
    first = space.terms(0)
    assert first == {"price": 0, "delivery": "today"} and first is not space.terms(0)


def test_a_ranking_kept_with_the_game_is_found_again_only_for_the_same_numbers(monkeypatch):
    """The game's table keys a ranking by what it reads besides the game's arrays."""
    ranked: list[str] = []
    ranking = _OwnLevelProposer._ranking

    def counted(self, view, beliefs, me):
        ranked.append(view.actor_id)
        return ranking(self, view, beliefs, me)

    monkeypatch.setattr(_OwnLevelProposer, "_ranking", counted)
    sim.game.clear_compiled()
    base = _bilateral(rounds=40).model_copy(update={"events": []})
    variants = [
        {"actors.buyer.power": power, "actors.seller.reservation": reservation}
        for power in (1.0, 3.0)
        for reservation in (0.3, 0.5)
    ]
    played = []
    for variant in variants:
        scenario = sim.with_parameters(base, variant)
        outcome = sim.simulate(scenario, seed=0, trace=True)
        assert sorted(ranked) == ["buyer", "seller"], variant  # each new set of numbers: ranked
        ranked.clear()
        again = sim.simulate(scenario, seed=0, trace=True)
        assert ranked == []  # the same numbers, another run: found in the game's table
        assert _played(again)[0] == _played(outcome)[0]
        played.append(_played(outcome))
    with pytest.MonkeyPatch.context() as long_way:
        _the_long_way(long_way)
        for variant, (short, trace) in zip(variants, played, strict=True):
            fresh = _played(sim.simulate(sim.with_parameters(base, variant), seed=0, trace=True))
            assert fresh[0] == short and fresh[1].equals(trace), variant
    assert len({str(outcome["terms"]) for outcome, _ in played}) > 1  # the numbers matter


def test_an_agent_holds_its_policies_from_the_start():
    """Plain attributes: a class attribute of a policy's name would slow every read of it."""
    model = sim.NegotiationModel(_bilateral(), seed=0)
    for agent in model.actor_agents.values():
        assert set(KINDS) <= set(vars(agent)), agent.actor_id
    assert not set(KINDS) & set(vars(ActorAgent))
    seller = model.actor_agents["seller"]
    before = seller.concession

    def with_tactic(tactic: dict) -> Actor:
        return Actor.model_validate({**seller.actor.model_dump(), "tactic": tactic})

    seller.update(with_tactic({"name": "conceder"}))
    made = seller.concession
    assert made is not before and made.name == "conceder"
    seller.update(with_tactic({"name": "conceder", "beta": 3.0}))
    assert seller.concession is made and made.beta == 3.0  # parameters shifted in place


def test_the_property_tests_reached_their_assertions():
    assert COUNTS.get("shortcuts", 0) >= 20, COUNTS
    assert COUNTS.get("elapsed", 0) >= 30, COUNTS
    assert COUNTS.get("published", 0) >= 20, COUNTS


def test_the_mediator_keeps_its_own_text():
    """The mediator is no own-level proposer: the shortcut is the aspiration family's only."""
    assert not hasattr(NashMediator, "_beliefs_fixed")
