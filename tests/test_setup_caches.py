"""What runs of an ensemble share: content keys, and the caches keyed on them; equal content
shares, any difference does not, and what is shared gives the same numbers."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import sim
from sim.game import Game
from sim.memo import content_key, unchanged_objects
from sim.ratification import CoalitionArithmetic, effective_utility
from sim.scenario.edit import apply_effects
from sim.scenario.schema import Effect, Government

plain = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False),
    st.text(max_size=3),
)
nested = st.recursive(
    plain,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=2), inner, max_size=3)
    ),
    max_leaves=8,
)


def _same(a: object, b: object) -> bool:
    """Equal and of the same types all the way down (``0.0`` and ``-0.0`` differ)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        pairs = zip(a, b, strict=False)
        return len(a) == len(b) and all(_same(x, y) for x, y in pairs)
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float):
        return repr(a) == repr(b)
    return a == b


@given(nested, nested)
def test_content_keys_are_equal_exactly_when_the_content_is(a, b):
    assert (content_key(a) == content_key(b)) == _same(a, b)


def test_numbers_that_compare_equal_get_different_keys():
    values = [0, 0.0, -0.0, 1, 1.0, True, False, None, "0"]
    assert len({content_key([v]) for v in values}) == len(values)


def test_a_copy_with_one_number_changed_gets_another_key_and_the_original_keeps_its_own(
    baseline,
):
    government = baseline.governments[0]
    before = content_key(government)
    changed = sim.with_parameters(baseline, {f"governments.{government.id}.survival_weight": 0.9})
    assert content_key(changed.governments[0]) != before
    assert content_key(government) == before
    again = sim.with_parameters(baseline, {f"governments.{government.id}.survival_weight": 0.9})
    assert content_key(again.governments[0]) == content_key(changed.governments[0])


def test_runs_that_sample_a_survival_weight_share_the_arithmetic_not_the_effective_utility(
    baseline,
):
    government = baseline.governments[0]
    path = f"governments.{government.id}.survival_weight"
    low = Game.from_scenario(sim.with_parameters(baseline, {path: 0.2}))
    high = Game.from_scenario(sim.with_parameters(baseline, {path: 0.6}))
    assert low.utility is high.utility and low.required is high.required
    assert low.coalitions[0].falls is high.coalitions[0].falls
    assert low.coalitions[0].government.survival_weight == 0.2
    assert high.coalitions[0].government.survival_weight == 0.6
    leader = low.party_ids.index(government.leader)
    for game, weight in ((low, 0.2), (high, 0.6)):
        falls = game.coalitions[0].falls
        expected = np.clip(game.utility[leader] - weight * falls, 0.0, 1.0)
        np.testing.assert_array_equal(game.effective[leader], expected)


def test_a_seat_count_changes_the_arithmetic_it_is_keyed_on(baseline):
    government = baseline.governments[0]
    net = government.safety_nets[0]
    path = f"governments.{government.id}.safety_nets.{net.actor}.seats"
    none = Game.from_scenario(sim.with_parameters(baseline, {path: 0}))
    many = Game.from_scenario(sim.with_parameters(baseline, {path: 60}))
    assert not np.array_equal(none.coalitions[0].seats, many.coalitions[0].seats)
    assert none.coalitions[0].falls.sum() >= many.coalitions[0].falls.sum()


@given(
    st.lists(st.sampled_from([0.0, -0.0, 1e-17, 0.3, 0.5, 0.999, 1.0]), min_size=1, max_size=40),
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.lists(st.sampled_from([0.0, -0.0, 0.2, 0.35, 0.6, 1.0]), min_size=1, max_size=3),
)
def test_a_leaders_effective_utility_is_the_utility_less_its_weighted_falls(values, falls, weights):
    """Bit for bit ``clip(U - sum(w * falls))``, however it is computed."""
    utility = np.array(values)
    governments = [
        CoalitionArithmetic(
            Government(id=f"g{k}", leader="a", leader_seats=1, majority=1, survival_weight=w),
            {},
            np.zeros(len(values), dtype=np.int64),
            np.roll(np.array(falls[: len(values)]), k),
        )
        for k, w in enumerate(weights)
    ]
    expected = np.clip(
        utility - sum(w * c.falls for w, c in zip(weights, governments, strict=True)), 0.0, 1.0
    )
    into = np.full(len(values), np.nan)
    assert effective_utility(utility, "a", governments).tobytes() == expected.tobytes()
    assert effective_utility(utility, "a", governments, out=into).tobytes() == expected.tobytes()
    assert into.tobytes() == expected.tobytes()
    assert effective_utility(utility, "b", governments) is utility


def test_the_same_event_on_copies_of_an_actor_gives_one_saliences_object(baseline):
    issue = baseline.issues[0].id
    shift = Effect(actor="hamas", field=f"salience.{issue}", delta=0.1)
    other = Effect(actor="hamas", field=f"salience.{issue}", delta=0.2)
    with unchanged_objects():  # as within a chunk of an ensemble's runs
        runs = [sim.with_parameters(baseline, {"actors.hamas.reservation": r}) for r in (0.1, 0.2)]
        first, second = (apply_effects(s, [shift]).actor("hamas") for s in runs)
    assert first.salience is second.salience and first.reservation != second.reservation
    assert first.salience[issue] == baseline.actor("hamas").salience.get(issue, 0.0) + 0.1
    assert apply_effects(runs[0], [other]).actor("hamas").salience[issue] != first.salience[issue]
    assert baseline.actor("hamas").salience is not first.salience


def test_a_scenario_changed_in_place_between_runs_is_read_anew(baseline):
    """Identity stands for content only within a call: a script may change objects between."""
    scenario = baseline.model_copy(deep=True)
    sim.simulate(scenario, seed=0)  # caches filled from these very objects
    hamas = next(a for a in scenario.actors if a.id == "hamas")
    hamas.salience["ceasefire"] = 0.0  # in place, as a script might
    hamas.salience["hamas_fate"] = 0.9
    netanyahu = next(a for a in scenario.actors if a.id == "netanyahu")
    netanyahu.tactic.beta = 4.0  # a conceder now
    changed = sim.simulate(scenario, seed=0)
    fresh = sim.simulate(sim.Scenario.model_validate(scenario.model_dump(by_alias=True)), seed=0)
    assert changed.to_dict() == fresh.to_dict()
    assert changed.utilities["hamas"] != sim.simulate(baseline, seed=0).utilities["hamas"]
