"""The parties' AgentSet calls each party as Mesa's own AgentSet would, in the same order."""

from __future__ import annotations

import pickle
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from mesa.agent import AgentSet

import sim
from sim.agents import ActorAgent, Parties

COUNTS: dict[str, int] = {}


def _model() -> sim.NegotiationModel:
    return sim.NegotiationModel(sim.load_scenario("scenarios/baseline.yaml"), seed=0)


def _reached(agent_set: AgentSet, calls: list[str]) -> list[str]:
    calls.clear()
    agent_set.do("touch")
    return list(calls)


def test_the_parties_are_a_mesa_agent_set_in_scenario_order():
    model = _model()
    assert isinstance(model.parties, AgentSet) and isinstance(model.parties, Parties)
    ids = [agent.actor_id for agent in model.parties]
    assert ids == list(model.game.party_ids)
    assert all(agent in model.agents for agent in model.parties)


def test_a_round_concedes_through_the_agent_set(monkeypatch):
    conceded: list[str] = []
    concede = ActorAgent.concede

    def counted(self):
        conceded.append(self.actor_id)
        return concede(self)

    monkeypatch.setattr(ActorAgent, "concede", counted)
    model = _model()
    model.step()
    assert conceded == list(model.game.party_ids)


@given(
    operations=st.lists(
        st.tuples(
            st.sampled_from(["remove", "discard", "add", "shuffle", "select", "pickle"]),
            st.integers(0, 20),
        ),
        max_size=8,
    )
)
@settings(max_examples=40, deadline=None)
def test_do_reaches_what_mesa_s_do_reaches_after_any_change(operations):
    model = _model()
    calls: list[str] = []
    ActorAgent.touch = lambda self: calls.append(self.actor_id)  # type: ignore[attr-defined]
    try:
        agents = list(model.parties)
        ours, mesa_s = Parties(agents, random=random.Random(0)), AgentSet(agents, random.Random(0))
        everyone = list(model.actor_agents.values())
        for operation, k in operations:
            agent = everyone[k % len(everyone)]
            if operation in ("remove", "discard"):
                if operation == "discard" or agent in mesa_s:
                    getattr(ours, operation)(agent)
                    getattr(mesa_s, operation)(agent)
            elif operation == "add":
                ours.add(agent)
                mesa_s.add(agent)
            elif operation == "shuffle":
                ours.shuffle(inplace=True)
                mesa_s.shuffle(inplace=True)
            elif operation == "select":
                ours.select(lambda a, k=k: len(a.actor_id) % 3 != k % 3, inplace=True)
                mesa_s.select(lambda a, k=k: len(a.actor_id) % 3 != k % 3, inplace=True)
            else:  # copies of the sets hold copies of the agents, kept alive here
                ours, kept = pickle.loads(pickle.dumps((ours, list(ours))))
                mesa_s, kept_too = pickle.loads(pickle.dumps((mesa_s, list(mesa_s))))
            assert _reached(ours, calls) == _reached(mesa_s, calls)
            # with arguments, or a function, it is Mesa's own do
            calls.clear()
            ours.do(lambda a: calls.append(a.actor_id))
            assert calls == _reached(mesa_s, calls)
        COUNTS["operations"] = COUNTS.get("operations", 0) + 1
    finally:
        del ActorAgent.touch  # type: ignore[attr-defined]


def test_the_property_test_reached_its_assertions():
    assert COUNTS.get("operations", 0) >= 30, COUNTS
