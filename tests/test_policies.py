"""Contract tests every registered policy passes, then each policy's own cases."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.policies import NegotiationView, ProposerView, classes, names, policy
from sim.policies.registry import KINDS, register

ALL = [(kind, cls) for kind in KINDS for cls in classes(kind)]


@pytest.mark.parametrize(("kind", "cls"), ALL, ids=[f"{k}:{c.name}" for k, c in ALL])
class TestPolicyContract:
    """What every policy class owes: a registered name, metadata, pickling, determinism."""

    def test_is_registered_under_its_name(self, kind, cls):
        assert cls.name in names(kind)
        assert type(policy(kind, cls.name)) is cls

    def test_has_metadata_and_a_docstring(self, kind, cls):
        assert isinstance(cls.metadata, dict)
        assert cls.__doc__ and cls.__doc__.strip()

    def test_survives_pickling(self, kind, cls):
        original = policy(kind, cls.name)
        clone = pickle.loads(pickle.dumps(original))
        assert type(clone) is cls and vars(clone) == vars(original)


def test_unknown_policy_names_are_refused_with_the_known_ones():
    with pytest.raises(KeyError, match="known: boulware, conceder, linear"):
        policy("concession", "stubborn")
    with pytest.raises(ValueError, match="unknown policy kind"):
        register("dance")


@given(
    name=st.sampled_from(names("concession")),
    reservation=st.floats(0, 1),
    horizon=st.integers(1, 100),
    beta=st.one_of(st.none(), st.floats(0.05, 20)),
)
def test_concession_falls_from_one_to_the_reservation_value(name, reservation, horizon, beta):
    tactic = policy("concession", name, beta=beta)
    thresholds = [tactic.threshold(t, horizon, reservation) for t in range(horizon + 3)]
    assert thresholds[0] == pytest.approx(1.0)
    assert thresholds[horizon] == pytest.approx(reservation)
    assert all(b <= a + 1e-12 for a, b in zip(thresholds, thresholds[1:], strict=False))
    assert all(reservation - 1e-12 <= x <= 1.0 + 1e-12 for x in thresholds)


@given(reservation=st.floats(0, 0.99), horizon=st.integers(2, 60), data=st.data())
def test_boulware_holds_firmer_than_linear_and_linear_than_conceder(reservation, horizon, data):
    t = data.draw(st.integers(1, horizon - 1))
    boulware, linear, conceder = (
        policy("concession", n).threshold(t, horizon, reservation)
        for n in ("boulware", "linear", "conceder")
    )
    assert boulware >= linear >= conceder
    assert linear == pytest.approx(reservation + (1 - reservation) * (1 - t / horizon))


def test_threshold_response_needs_both_the_threshold_and_no_red_line():
    response = policy("response", "threshold")
    assert response.accepts(0.7, 0.6, crosses_hard_line=False)
    assert not response.accepts(0.5, 0.6, crosses_hard_line=False)
    assert not response.accepts(0.9, 0.6, crosses_hard_line=True)


def test_walkout_happens_at_the_deadline_and_never_without_one():
    walkout = policy("walkout", "deadline")
    assert [walkout.walks_out(t, 3) for t in range(5)] == [False, False, False, True, True]
    assert not walkout.walks_out(1000, None)


def _view(beliefs, thresholds, required=None, refuses=None, power=None):
    beliefs = np.asarray(beliefs, dtype=float)
    parties, packages = beliefs.shape
    return NegotiationView(
        round=0,
        rounds=10,
        party_ids=tuple(f"p{k}" for k in range(parties)),
        power=np.ones(parties) if power is None else np.asarray(power, dtype=float),
        thresholds=np.asarray(thresholds, dtype=float),
        required=np.ones_like(beliefs, dtype=bool) if required is None else np.asarray(required),
        refuses=np.zeros_like(beliefs, dtype=bool) if refuses is None else np.asarray(refuses),
        packages=np.arange(100, 100 + packages),
        beliefs=beliefs,
    )


def test_nash_mediator_maximises_the_product_of_surpluses_over_acceptable_packages():
    # surpluses over 0.5: package 0 -> (0.4, 0.05), 1 -> (0.2, 0.2), 2 -> (0.45, -0.1)
    view = _view([[0.9, 0.7, 0.95], [0.55, 0.7, 0.4]], [0.5, 0.5])
    assert policy("proposal", "nash_mediator").propose(view) == 101


def test_nash_mediator_weighs_surpluses_by_power():
    view = _view([[0.9, 0.7], [0.55, 0.7]], [0.5, 0.5], power=[10.0, 0.1])
    assert policy("proposal", "nash_mediator").propose(view) == 100


def test_nash_mediator_falls_back_to_the_smallest_worst_shortfall():
    # nothing meets both thresholds; package 1's worst shortfall (0.1) is the smallest
    view = _view([[0.2, 0.8, 0.95], [0.9, 0.8, 0.3]], [0.9, 0.9])
    assert policy("proposal", "nash_mediator").propose(view) == 101


def test_nash_mediator_ignores_parties_whose_consent_a_package_does_not_need():
    required = [[True, True], [False, True]]
    view = _view([[0.9, 0.8], [0.0, 0.9]], [0.5, 0.5], required=required)
    assert policy("proposal", "nash_mediator").propose(view) == 100


def _proposer_view(beliefs, thresholds, proposer=0, refuses=None, required=None):
    """A ProposerView as the alternating protocol builds one: the proposer's best first."""
    base = _view(beliefs, thresholds, refuses=refuses, required=required)
    own = base.beliefs[proposer]
    keep = np.flatnonzero(~base.refuses[proposer])
    order = keep[np.argsort(-own[keep], kind="stable")]
    return ProposerView(
        round=0,
        rounds=10,
        party_ids=base.party_ids,
        power=base.power,
        thresholds=base.thresholds,
        required=base.required[:, order],
        refuses=base.refuses[:, order],
        packages=base.packages[order],
        beliefs=base.beliefs[:, order],
        proposer=proposer,
        own_utility=own[order],
    )


def test_self_interested_proposer_takes_its_best_package_that_others_accept():
    view = _proposer_view([[1.0, 0.8, 0.6], [0.1, 0.6, 0.9]], [0.5, 0.5])
    assert policy("proposal", "self_interested").propose(view) == 101


def test_self_interested_proposer_offers_its_own_best_while_nothing_meets_its_threshold():
    view = _proposer_view([[0.4, 0.3], [0.1, 0.9]], [0.9, 0.5])
    assert policy("proposal", "self_interested").propose(view) == 100


def test_self_interested_proposer_offers_the_closest_to_acceptance_when_none_is_accepted():
    # both 100 and 102 meet the proposer's 0.5; the other needs 0.9: 102 falls 0.1 short
    view = _proposer_view([[0.9, 0.2, 0.6], [0.1, 0.95, 0.8]], [0.5, 0.9])
    assert policy("proposal", "self_interested").propose(view) == 102


def test_self_interested_proposer_never_offers_what_it_refuses():
    refuses = [[True, False], [False, False]]
    view = _proposer_view([[1.0, 0.5], [1.0, 0.5]], [0.9, 0.1], refuses=refuses)
    assert policy("proposal", "self_interested").propose(view) == 101


@given(
    beliefs=st.lists(st.lists(st.floats(0, 1), min_size=6, max_size=6), min_size=2, max_size=4),
    data=st.data(),
)
def test_self_interested_proposer_matches_a_plain_search(beliefs, data):
    # two parties take the bilateral path, more the general one: both must agree with this
    parties = len(beliefs)
    thresholds = data.draw(st.lists(st.floats(0, 1), min_size=parties, max_size=parties))
    flags = st.lists(st.lists(st.booleans(), min_size=6, max_size=6), min_size=parties)
    required = data.draw(flags.map(lambda rows: rows[:parties]))
    refuses = data.draw(flags.map(lambda rows: rows[:parties]))
    refuses[0] = [False] * 6  # the proposer's own refusals are dropped before it plans
    view = _proposer_view(beliefs, thresholds, refuses=refuses, required=required)
    chosen = policy("proposal", "self_interested").propose(view) - 100
    own, others = beliefs[0], range(1, parties)

    def shortfall(p, k):
        if not required[p][k]:
            return 0.0
        return np.inf if refuses[p][k] else max(thresholds[p] - 1e-9 - beliefs[p][k], 0.0)

    def worst(k):
        return max(shortfall(p, k) for p in others)

    meeting = [k for k in range(6) if own[k] >= thresholds[0] - 1e-9]
    accepted = [k for k in meeting if worst(k) == 0.0]
    if not meeting:
        assert own[chosen] == max(own)
    elif accepted:
        assert chosen in accepted
        assert own[chosen] == max(own[k] for k in accepted)
    else:
        assert chosen in meeting
        assert worst(chosen) <= min(worst(k) for k in meeting) + 1e-12


@given(
    beliefs=st.lists(st.lists(st.floats(0, 1), min_size=5, max_size=5), min_size=2, max_size=4),
    data=st.data(),
)
def test_nash_mediator_matches_a_plain_search(beliefs, data):
    parties = len(beliefs)
    thresholds = data.draw(st.lists(st.floats(0, 1), min_size=parties, max_size=parties))
    power = data.draw(st.lists(st.floats(0.1, 3), min_size=parties, max_size=parties))
    view = _view(beliefs, thresholds, power=power)
    chosen = policy("proposal", "nash_mediator").propose(view) - 100

    def gaps(k):
        return [beliefs[p][k] - thresholds[p] for p in range(parties)]

    acceptable = [k for k in range(5) if all(g >= -1e-9 for g in gaps(k))]
    if acceptable:

        def score(k):
            logs = [
                w * np.log(max(g + 1e-9, 0.0) + 1e-9) for w, g in zip(power, gaps(k), strict=True)
            ]
            return sum(logs) / sum(power)

        assert chosen in acceptable
        assert score(chosen) >= max(score(k) for k in acceptable) - 1e-9
    else:

        def worst(k):
            return max(max(-g, 0.0) for g in gaps(k))

        assert worst(chosen) <= min(worst(k) for k in range(5)) + 1e-12


@pytest.mark.parametrize("parties", [2, 3])
@pytest.mark.parametrize("name", ["nash_mediator", "self_interested"])
def test_a_plan_over_rounds_equals_proposing_round_by_round(name, parties):
    rng = np.random.default_rng(5)
    beliefs = rng.random((parties, 40))
    scale = np.array([1.0, 0.9, 1.1])[:parties]
    schedule = np.linspace(1.0, 0.2, 12)[:, None] * scale[None, :]
    proposer = policy("proposal", name)
    make = _view if name == "nash_mediator" else _proposer_view
    plan = proposer.plan(make(beliefs, schedule[0]), schedule)
    one_by_one = [proposer.propose(make(beliefs, row)) for row in schedule]
    assert plan.tolist() == one_by_one
