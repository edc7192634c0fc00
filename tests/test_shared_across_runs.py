"""What runs share across calls changes no result: a proposer's ranking over exact beliefs,
the parties' arrays over the open packages, the makers of a new agent's policies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from property import scenarios

import sim
from sim.game import Game, clear_compiled
from sim.policies import proposal
from sim.policies.base import Policy
from sim.policies.registry import policy_class, register, registry_changes, unregister

COUNTS: dict[str, int] = {}


def _played(outcome: sim.Outcome) -> tuple:
    """What a run gives: its record and its per-round trace."""
    return outcome.to_dict(), outcome.trace


def _same(a: tuple, b: tuple) -> bool:
    """Equal records, and equal traces (both present and equal, or both absent)."""
    if (a[1] is None) != (b[1] is None):
        return False
    return a[0] == b[0] and (a[1] is None or a[1].equals(b[1]))


def _bilateral(
    seller_reservation: float = 0.3, noise: float = 0.0, broker_power: float | None = None
) -> sim.Scenario:
    """A buyer and a seller over price and delivery, alternating offers (and a broker)."""
    issues = [
        {"id": "price", "kind": "integer", "min": 0, "max": 9},
        {"id": "delivery", "kind": "categorical", "options": ["today", "later"]},
    ]
    values = {
        "buyer": {"price": {"ideal": 0}, "delivery": {"today": 1.0, "later": 0.2}},
        "seller": {"price": {"ideal": 9}, "delivery": {"today": 0.0, "later": 1.0}},
        "broker": {"price": {"ideal": 5}, "delivery": {"today": 0.5, "later": 0.6}},
    }
    parties = ["buyer", "seller"] if broker_power is None else ["buyer", "seller", "broker"]
    return sim.Scenario.model_validate(
        {
            "name": "bilateral",
            "issues": issues,
            "actors": [
                {
                    "id": party,
                    "name": party.title(),
                    "salience": {"price": 0.7, "delivery": 0.3},
                    "values": values[party],
                    "reservation": 0.25 if party == "buyer" else seller_reservation,
                    "noise": noise,
                    "tactic": {"name": "boulware", "beta": 0.25},
                    "power": broker_power if party == "broker" else 1.0,
                }
                for party in parties
            ],
            "parties": [{"actor": party} for party in parties],
            "protocol": {"name": "alternating", "rounds": 30},
        }
    )


@given(
    first=scenarios(protocols=("alternating",)),
    second=scenarios(protocols=("alternating", "mediated")),
    seed=st.integers(0, 3),
)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_run_after_other_runs_equals_a_run_from_cold_caches(first, second, seed):
    clear_compiled()
    cold = _played(sim.simulate(second, seed=seed, trace=True))
    sim.simulate(first, seed=seed)  # another game's rankings and arrays are now kept
    sim.simulate(second, seed=seed)
    warm = _played(sim.simulate(second, seed=seed, trace=True))
    assert _same(warm, cold)
    COUNTS["cold-warm"] = COUNTS.get("cold-warm", 0) + 1


def test_a_ranking_is_shared_only_by_runs_shown_the_same_arrays():
    clear_compiled()
    assert not proposal._RANKINGS
    plain = sim.simulate(_bilateral(), seed=0)
    assert len(proposal._RANKINGS) == 2  # one per party
    assert _same(_played(sim.simulate(_bilateral(), seed=0)), _played(plain))
    assert len(proposal._RANKINGS) == 2  # the second run found both

    # another reservation is another ranking: not the one kept
    changed = sim.simulate(_bilateral(seller_reservation=0.6), seed=0)
    assert len(proposal._RANKINGS) > 2
    clear_compiled()
    assert _same(
        _played(sim.simulate(_bilateral(seller_reservation=0.6), seed=0)), _played(changed)
    )

    # with three parties the others' powers weigh in the ranking: another power, another one
    clear_compiled()
    sim.simulate(_bilateral(broker_power=1.0), seed=0)
    kept = len(proposal._RANKINGS)
    weighty = _played(sim.simulate(_bilateral(broker_power=5.0), seed=0, trace=True))
    assert len(proposal._RANKINGS) > kept
    clear_compiled()
    assert _same(_played(sim.simulate(_bilateral(broker_power=5.0), seed=0, trace=True)), weighty)

    # a party that misreads the others ranks its own beliefs, which no other run shares
    clear_compiled()
    sim.simulate(_bilateral(noise=0.05), seed=0)
    assert not proposal._RANKINGS


def test_the_parties_arrays_over_the_open_packages_are_sliced_once_and_read_only():
    clear_compiled()
    scenario = sim.load_scenario("scenarios/baseline.yaml")
    light = sim.with_parameters(scenario, {"governments.israel.survival_weight": 0.2})
    heavy = sim.with_parameters(scenario, {"governments.israel.survival_weight": 0.6})
    games = [Game.from_scenario(s) for s in (light, light, heavy, heavy)]
    open_packages = games[0].open_packages()
    over = [g.columns_over(g.open_packages()) for g in games]
    for required, refuses in over[1:]:  # one slice for every game with these parties
        assert required is over[0][0] and refuses is over[0][1]
    assert not over[0][0].flags.writeable and not over[0][1].flags.writeable
    assert np.array_equal(over[0][0], games[0].required[:, open_packages])
    assert np.array_equal(over[0][1], games[0].refuses[:, open_packages])
    effective = [g.effective_over(g.open_packages()) for g in games]
    for game, sliced in zip(games, effective, strict=True):
        assert np.array_equal(sliced, game.effective[:, open_packages])
        assert not sliced.flags.writeable
    # the leader's survival weight changes its effective row: not shared across weights
    assert not np.array_equal(effective[0], effective[2])
    # other packages (after a walk-out, say) are sliced anew
    some = open_packages[:5]
    assert np.array_equal(games[0].columns_over(some)[0], games[0].required[:, some])


def test_a_policy_registered_between_runs_is_the_one_new_agents_get():
    scenario = _bilateral()
    sim.simulate(scenario, seed=0)  # the makers of these choices are now kept

    class Stubborn(Policy):
        """Refuses everything."""

        name = "threshold"
        metadata: dict = {}

        def accepts(self, view, utility, crosses_hard_line):  # noqa: D102
            return False

    original = policy_class("response", "threshold")
    before = registry_changes()
    try:
        register("response")(Stubborn)
        assert registry_changes() > before
        outcome = sim.simulate(scenario, seed=0)
        assert not outcome.deal  # the new class answered
    finally:
        unregister("response", "threshold")
        register("response")(original)
    assert sim.simulate(scenario, seed=0).deal


def test_the_property_tests_reached_their_assertions():
    assert COUNTS.get("cold-warm", 0) >= 10, COUNTS


def test_traces_compare_as_frames():
    """The helper above compares traces as frames: a changed cell is a difference."""
    a = _played(sim.simulate(_bilateral(), seed=0, trace=True))
    frame = a[1].copy()
    frame.iloc[0, 0] = "changed" if isinstance(frame.iloc[0, 0], str) else -1
    assert not _same(a, (a[0], frame))
    assert not _same(a, (a[0], None))  # a missing trace is a difference too


def test_a_policy_cannot_make_the_shared_arrays_writeable_through_its_view():
    clear_compiled()
    scenario = _bilateral()
    model = sim.NegotiationModel(scenario, seed=0)
    for agent in model.actor_agents.values():
        for array in (
            agent.view.beliefs,
            agent.view.required,
            agent.view.refuses,
            agent.view.own,
        ):
            assert not array.flags.writeable
            with pytest.raises(ValueError, match="WRITEABLE"):
                array.flags.writeable = True
    required, refuses = model.game.columns_over(model.game.open_packages())
    assert not required.flags.writeable and not refuses.flags.writeable
