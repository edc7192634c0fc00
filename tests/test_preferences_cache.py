"""The per-actor compile cache: reused where nothing the arrays depend on changed, never stale."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from property import scenarios

import sim
import sim.preferences
from sim.outcomes import OutcomeSpace
from sim.preferences import actor_arrays, compile_preferences


def _edits(scenario: sim.Scenario) -> st.SearchStrategy[dict]:
    actor = scenario.actors[0]
    paths = {
        f"actors.{actor.id}.reservation": st.floats(0, 1),
        f"actors.{actor.id}.power": st.floats(0, 3),
        f"actors.{actor.id}.noise": st.floats(0, 0.2),
        f"actors.{actor.id}.salience.{scenario.issues[0].id}": st.floats(0.05, 1),
    }
    for line in actor.red_lines:
        paths[f"actors.{actor.id}.red_lines.{line.id}.active"] = st.booleans()
        if not line.hard:
            paths[f"actors.{actor.id}.red_lines.{line.id}.penalty"] = st.floats(0.05, 0.9)
    return st.sets(st.sampled_from(sorted(paths)), min_size=1).flatmap(
        lambda chosen: st.fixed_dictionaries({path: paths[path] for path in chosen})
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.data())
def test_cached_arrays_equal_freshly_compiled_ones_after_any_edit(scenario, data):
    space = OutcomeSpace(scenario.issues)
    compile_preferences(scenario, space)  # warm the cache with the original
    edited = sim.with_parameters(scenario, data.draw(_edits(scenario)))
    cached = compile_preferences(edited, space)
    sim.preferences._actor_cache.clear()
    fresh = compile_preferences(edited, space)
    np.testing.assert_array_equal(cached.utility, fresh.utility)
    np.testing.assert_array_equal(cached.hard_crossed, fresh.hard_crossed)
    assert cached.crossings.keys() == fresh.crossings.keys()
    for line_id, mask in fresh.crossings.items():
        np.testing.assert_array_equal(cached.crossings[line_id], mask)


def test_settings_the_arrays_do_not_depend_on_reuse_them(baseline):
    space = OutcomeSpace(baseline.issues)
    before = actor_arrays(baseline.actor("hamas"), space)
    edited = sim.with_parameters(
        baseline,
        {"actors.hamas.reservation": 0.37, "actors.hamas.power": 1.7, "actors.hamas.noise": 0.05},
    )
    after = actor_arrays(edited.actor("hamas"), space)
    assert after[0] is before[0] and after[1] is before[1]


def test_a_salience_change_recompiles_that_actor(baseline):
    space = OutcomeSpace(baseline.issues)
    before = actor_arrays(baseline.actor("hamas"), space)
    edited = sim.with_parameters(baseline, {"actors.hamas.salience.hostages": 0.9})
    after = actor_arrays(edited.actor("hamas"), space)
    assert not np.array_equal(after[0], before[0])


def test_compiled_games_are_not_shared_between_actors_of_other_names():
    import sim
    from sim.game import Game

    def two(first: str, second: str) -> sim.Scenario:
        actor = {"salience": {"x": 1}, "values": {"x": {"ideal": 1}}}
        return sim.Scenario.model_validate(
            {
                "name": "names",
                "issues": [{"id": "x", "kind": "integer", "min": 0, "max": 1}],
                "actors": [
                    {"id": first, "name": first, **actor},
                    {"id": second, "name": second, **actor},
                ],
                "parties": [{"actor": first}, {"actor": second}],
            }
        )

    assert Game.from_scenario(two("a", "b")).party_ids == ["a", "b"]
    game = Game.from_scenario(two("c", "d"))  # same arrays, other names
    assert game.party_ids == ["c", "d"] and game.preferences.actor_ids == ["c", "d"]
    assert sim.simulate(two("c", "d"), seed=0).deal
