"""Hand-computed cases and properties of the expected-utility forecast."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.forecast import (
    ForecastInput,
    OfferKind,
    risk_exponents,
    run_forecast,
    weighted_median,
)
from sim.forecast.offers import Offer, best_offer, classify_offer


def make_input(rows: list[tuple[str, float, float, float]]) -> ForecastInput:
    return ForecastInput.from_rows(rows)


def test_dominant_actor_sets_the_forecast():
    data = make_input([("big", 10.0, 0.0, 1.0), ("small", 1.0, 10.0, 1.0)])
    result = run_forecast(data)
    assert result.rounds[0].median == 0.0
    assert result.median == 0.0
    # the weak actor gives way; the dominant one never moves
    assert all(record.positions["big"] == 0.0 for record in result.rounds)
    assert result.final_positions["small"] < 10.0


def test_dominant_actor_first_round_by_hand():
    # Range 10, d = 1. Votes on 0 vs 10: big +20, small -2, so P_big = 20/22, P_small = 2/22.
    # Security: S_big = EU_small(vs big), S_small = EU_big(vs small); with r = 1:
    # EU_big = 1*(10/11*2 + 1/11*(-2)) + 0 - 0 = 18/11 > 0 and
    # EU_small = 1*(1/11*2 + 10/11*(-2)) - 0 = -18/11, so R_big = -1 and R_small = 1.
    data = make_input([("big", 10.0, 0.0, 1.0), ("small", 1.0, 10.0, 1.0)])
    result = run_forecast(data, rounds=1)
    assert result.risk_exponents == pytest.approx({"big": 2.0, "small": 0.5})
    offers = result.rounds[0].offers
    assert offers["big"] == ()
    (offer,) = offers["small"]
    # with r_big = 2: U_s = 2, U_f = -2, U_sq = 1 -> EU_big = 18/11 - 1 = 7/11
    # with r_small = 0.5: U_s = 2, U_f = -2, U_sq = 2 - 4 sqrt(0.5) -> EU_small < 0
    assert offer.sender == "big"
    assert offer.sender_utility == pytest.approx(7 / 11)
    expected_own = 1 / 11 * 2 + 10 / 11 * (-2) - (2 - 4 * np.sqrt(0.5))
    assert offer.receiver_utility == pytest.approx(expected_own)
    assert abs(expected_own) > 7 / 11
    assert offer.kind is OfferKind.CAPITULATION
    assert result.rounds[1].positions == {"big": 0.0, "small": 0.0}


def test_everyone_at_one_position_nothing_moves():
    data = make_input([("a", 1.0, 5.0, 0.5), ("b", 2.0, 5.0, 1.0), ("c", 0.5, 5.0, 0.2)])
    result = run_forecast(data, rounds=10)
    assert result.converged
    assert len(result.rounds) == 1
    assert result.median == 5.0
    assert result.mean == 5.0
    assert all(offers == () for offers in result.rounds[0].offers.values())
    assert result.risk_exponents == {"a": 1.0, "b": 1.0, "c": 1.0}


def test_actor_without_capability_has_no_vote():
    base = [("a", 3.0, 0.0, 1.0), ("b", 2.0, 6.0, 1.0), ("c", 2.0, 10.0, 0.5)]
    with_zero = [*base, ("nobody", 0.0, 2.0, 1.0)]
    plain = run_forecast(make_input(base), rounds=0)
    extended = run_forecast(make_input(with_zero), rounds=0)
    assert extended.rounds[0].median == plain.rounds[0].median == 6.0
    assert extended.rounds[0].mean == pytest.approx(plain.rounds[0].mean)


def test_zero_capability_actor_cannot_be_the_median_even_on_a_tie():
    # a and b tie on total distance everywhere in [0, 10]; the voteless actor at 5
    # must not be chosen as the median.
    data = make_input([("a", 1.0, 0.0, 1.0), ("b", 1.0, 10.0, 1.0), ("z", 0.0, 5.0, 1.0)])
    assert run_forecast(data, rounds=0).median in (0.0, 10.0)


def test_weighted_median_is_the_pairwise_vote_winner():
    position = np.array([1.0, 2.0, 3.0, 9.0])
    weight = np.array([1.0, 1.0, 1.0, 2.5])
    # cumulative weight 1, 2, 3, 5.5; half is 2.75 -> position 3
    assert weighted_median(position, weight) == 3.0


def test_risk_exponents_span_half_to_two():
    r = risk_exponents(np.array([-1.0, 0.0, 3.0]))
    assert r[0] == pytest.approx(2.0)
    assert r[2] == pytest.approx(0.5)
    # R = (2 * 0 - 3 - (-1)) / (3 - (-1)) = -0.5, so r = (1 + 1/6) / (1 - 1/6) = 1.4
    assert r[1] == pytest.approx(1.4)


def test_offer_classification_octants():
    confront_lost = classify_offer("s", 10.0, 0.0, sender_utility=2.0, receiver_utility=1.0)
    assert confront_lost.kind is OfferKind.CONFRONTATION and confront_lost.position == 10.0
    confront_won = classify_offer("s", 10.0, 0.0, sender_utility=1.0, receiver_utility=2.0)
    assert confront_won.receiver_wins and confront_won.position == 0.0
    compromise = classify_offer("s", 10.0, 0.0, sender_utility=2.0, receiver_utility=-0.5)
    assert compromise.kind is OfferKind.COMPROMISE
    assert compromise.position == pytest.approx(2.5)
    capitulation = classify_offer("s", 10.0, 0.0, sender_utility=0.5, receiver_utility=-2.0)
    assert capitulation.kind is OfferKind.CAPITULATION and capitulation.position == 10.0


def test_actor_takes_the_offer_that_moves_it_least():
    offers = (
        Offer("far", OfferKind.CAPITULATION, 9.0, 3.0, -4.0),
        Offer("near", OfferKind.COMPROMISE, 2.0, 1.0, -0.2),
        Offer("won", OfferKind.CONFRONTATION, 0.0, 1.0, 2.0, receiver_wins=True),
    )
    assert best_offer(0.0, offers).sender == "near"
    assert best_offer(0.0, offers[2:]) is None


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="salience"):
        make_input([("a", 1.0, 0.0, 1.5), ("b", 1.0, 1.0, 0.5)])
    with pytest.raises(ValueError, match="capability"):
        make_input([("a", -1.0, 0.0, 1.0), ("b", 1.0, 1.0, 0.5)])
    with pytest.raises(ValueError, match="unique"):
        make_input([("a", 1.0, 0.0, 1.0), ("a", 1.0, 1.0, 0.5)])
    with pytest.raises(ValueError, match="at least one actor"):
        make_input([("a", 0.0, 0.0, 1.0), ("b", 1.0, 1.0, 0.0)])


# --- properties ----------------------------------------------------------------------------


@st.composite
def forecast_inputs(draw: st.DrawFn) -> ForecastInput:
    n = draw(st.integers(min_value=2, max_value=7))
    positions = draw(
        st.lists(st.integers(min_value=0, max_value=10).map(float), min_size=n, max_size=n)
    )
    capabilities = draw(st.lists(st.floats(min_value=0.0, max_value=10.0), min_size=n, max_size=n))
    saliences = draw(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=n, max_size=n))
    capabilities[0] = max(capabilities[0], 0.1)
    saliences[0] = max(saliences[0], 0.1)
    rows = [(f"actor{k}", capabilities[k], positions[k], saliences[k]) for k in range(n)]
    return ForecastInput.from_rows(rows)


@settings(max_examples=60, deadline=None)
@given(forecast_inputs())
def test_forecast_stays_within_the_initial_range(data: ForecastInput):
    low, high = float(data.position.min()), float(data.position.max())
    result = run_forecast(data, rounds=6)
    for record in result.rounds:
        positions = np.array(list(record.positions.values()))
        assert np.all(positions >= low - 1e-9) and np.all(positions <= high + 1e-9)
        assert low <= record.median <= high
        assert low - 1e-9 <= record.mean <= high + 1e-9
        assert all(0.5 - 1e-9 <= r <= 2.0 + 1e-9 for r in record.risk_exponents.values())


@settings(max_examples=30, deadline=None)
@given(forecast_inputs())
def test_same_input_gives_the_same_result(data: ForecastInput):
    first = run_forecast(data, rounds=4).to_dict()
    second = run_forecast(data, rounds=4).to_dict()
    assert first == second
