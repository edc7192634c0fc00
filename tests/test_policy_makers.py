"""Policies built from cached, checked settings are the policies ``policy`` builds."""

from __future__ import annotations

import pytest

import sim
from sim.policies import Policy, PolicyError, classes, policy, register
from sim.policies.registry import KINDS, policy_maker, unregister


@pytest.mark.parametrize("kind", KINDS)
def test_a_maker_builds_what_policy_builds_and_a_new_object_each_time(kind):
    for cls in classes(kind):
        parameters = {name: None for name in list(cls.parameters)[:1]}
        make = policy_maker(kind, cls.name, parameters)
        first, second = make(), make()
        assert first is not second and type(first) is cls
        built = policy(kind, cls.name, **parameters)
        assert first.settings() == built.settings() and vars(first).keys() == vars(built).keys()
        state = vars(first).items()  # what a policy learns in a run is its own
        mutable = [k for k, v in state if not isinstance(v, int | float | str | tuple | None)]
        assert all(vars(first)[k] is not vars(second)[k] for k in mutable)


def test_settings_are_checked_whether_cached_or_not():
    assert policy("concession", "linear", beta=2).beta == 2.0
    assert policy_maker("concession", "linear", {"beta": 2})().beta == 2.0
    for _ in range(2):
        with pytest.raises(PolicyError, match="must be a number"):
            policy("concession", "linear", beta=True)
        with pytest.raises(PolicyError, match="has no parameter"):
            policy_maker("concession", "linear", {"gamma": 1})
    assert str(policy("concession", "responsive", rate=0.0).rate) == "0.0"
    assert str(policy("concession", "responsive", rate=-0.0).rate) == "-0.0"


def test_a_policy_registered_anew_under_a_used_name_is_the_one_agents_get(baseline):
    runs = []
    for floor in (0.2, 0.3):

        @register("walkout")
        class Quits(Policy):
            """Walks out at once (a test policy)."""

            name = "quits_test"
            metadata = {}
            parameters = {"floor": floor}

            def walks_out(self, view):
                return True

        try:
            scenario = sim.with_parameters(
                baseline, {"actors.hamas.policies.walkout": {"name": "quits_test"}}
            )
            model = sim.NegotiationModel(scenario, seed=0)
            runs.append(
                (
                    type(model.actor_agents["hamas"].walkout),
                    model.actor_agents["hamas"].walkout.floor,
                )
            )
        finally:
            unregister("walkout", "quits_test")
    assert runs[0][0] is not runs[1][0] and [floor for _, floor in runs] == [0.2, 0.3]


def test_an_actor_s_choices_follow_its_tactic_and_policies_changed_in_place():
    """A script may change a scenario in place between runs: the next run plays the change."""
    from contracts import small_game

    from sim.scenario.schema import PolicySpec

    scenario = sim.Scenario.model_validate(small_game(noise=0.0))
    actor = scenario.actors[0]

    def agent():
        return sim.NegotiationModel(scenario, seed=0).actor_agents[actor.id]

    assert type(agent().walkout).__name__ == "DeadlineWalkout"
    actor.tactic.name, actor.tactic.beta = "boulware", 0.5
    assert agent().concession.beta == 0.5
    actor.tactic.beta = 0.25
    assert agent().concession.beta == 0.25
    actor.tactic.name, actor.tactic.beta, actor.tactic.params = "tit_for_tat", None, {"window": 2}
    assert agent().concession.settings()["window"] == 2.0
    actor.tactic.params["window"] = 3  # an int, where validation gave a float
    assert agent().concession.settings()["window"] == 3.0
    actor.policies.walkout = PolicySpec(name="never")
    assert type(agent().walkout).__name__ == "StayUntilTheEnd"
    actor.tactic.params["window"] = float("nan")  # no JSON number: still its own key
    with pytest.raises(PolicyError):
        agent()
