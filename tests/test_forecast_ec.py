"""The European Community car-emissions example (Bueno de Mesquita 1994, Table 1 of Scholz et al.).

The first round is checked against an independent, loop-based transcription
of the paper's equations written here (it shares no code with sim.forecast),
and the initial forecast against figures derived by hand from Table 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.forecast import read_forecast_csv, run_forecast

EC_CSV = Path(__file__).parent / "data" / "ec_emissions.csv"


# --- independent reference implementation -------------------------------------------------


def ref_utility(own: float, other: float, spread: float) -> float:
    """Risk-neutral utility of `other` to an actor at `own`: 1 - 2|own - other| / spread."""
    return 1.0 - 2.0 * abs(own - other) / spread


def ref_vote(actor: dict, a: float, b: float, spread: float) -> float:
    """v_actor^{ab} = c s (U(a) - U(b))."""
    return (
        actor["c"]
        * actor["s"]
        * (ref_utility(actor["x"], a, spread) - ref_utility(actor["x"], b, spread))
    )


def ref_median(actors: list[dict], spread: float) -> float:
    """The position (held by a voter) that no other position beats in pairwise votes."""
    candidates = sorted({a["x"] for a in actors if a["c"] * a["s"] > 0})
    winners = []
    for a in candidates:
        beaten = False
        for b in candidates:
            total = 0.0
            for voter in actors:
                total += ref_vote(voter, a, b, spread)
            if total < -1e-12:
                beaten = True
        if not beaten:
            winners.append(a)
    assert len(winners) == 1, winners
    return winners[0]


def ref_mean(actors: list[dict]) -> float:
    top = 0.0
    bottom = 0.0
    for a in actors:
        top += a["c"] * a["s"] * a["x"]
        bottom += a["c"] * a["s"]
    return top / bottom


def ref_probability(actors: list[dict], i: int, j: int, spread: float) -> float:
    """P_i(Delta_ij): positive votes for x_i over x_j divided by all votes cast."""
    positive = 0.0
    total = 0.0
    for voter in actors:
        vote = ref_vote(voter, actors[i]["x"], actors[j]["x"], spread)
        if vote > 0:
            positive += vote
        total += abs(vote)
    return positive / total


def ref_eu(actors: list[dict], i: int, j: int, r: float, spread: float) -> float:
    """EU_i(Delta_ij) with Q = 1: s_j(P U_s + (1-P) U_f) + (1 - s_j) U_s - U_sq."""
    if actors[i]["x"] == actors[j]["x"]:
        return 0.0
    d = abs(actors[i]["x"] - actors[j]["x"]) / spread
    u_s = 2 - 4 * (0.5 - 0.5 * d) ** r
    u_f = 2 - 4 * (0.5 + 0.5 * d) ** r
    u_sq = 2 - 4 * 0.5**r
    p = ref_probability(actors, i, j, spread)
    s_j = actors[j]["s"]
    return s_j * (p * u_s + (1 - p) * u_f) + (1 - s_j) * u_s - u_sq


def ref_risk_exponents(actors: list[dict], spread: float) -> list[float]:
    """r_i from the security levels S_i = sum_{j != i} EU_j(Delta_ji), all with r = 1."""
    n = len(actors)
    security = []
    for i in range(n):
        level = 0.0
        for j in range(n):
            if j != i:
                level += ref_eu(actors, j, i, 1.0, spread)
        security.append(level)
    high = max(security)
    low = min(security)
    exponents = []
    for level in security:
        big_r = (2 * level - high - low) / (high - low)
        exponents.append((1 - big_r / 3) / (1 + big_r / 3))
    return exponents


def ref_first_round(actors: list[dict]) -> tuple[list[float], list[float]]:
    """Risk exponents and the positions after one round."""
    spread = max(a["x"] for a in actors) - min(a["x"] for a in actors)
    r = ref_risk_exponents(actors, spread)
    n = len(actors)
    new_positions = []
    for j in range(n):  # j receives offers
        x_j = actors[j]["x"]
        best_move = None
        best_sender_eu = None
        best_position = x_j
        for i in range(n):  # i sends
            if i == j:
                continue
            sender_eu = ref_eu(actors, i, j, r[i], spread)
            if sender_eu <= 0:
                continue
            own_eu = ref_eu(actors, j, i, r[j], spread)
            x_i = actors[i]["x"]
            if own_eu > 0:
                target = x_i if sender_eu > own_eu else x_j  # confrontation
            elif abs(own_eu) < sender_eu:
                target = x_j + (x_i - x_j) * abs(own_eu) / sender_eu  # compromise
            else:
                target = x_i  # capitulation
            move = abs(target - x_j)
            if move == 0:
                continue
            better = best_move is None or move < best_move
            tie_better = move == best_move and sender_eu > best_sender_eu
            if better or tie_better:
                best_move, best_sender_eu, best_position = move, sender_eu, target
        new_positions.append(best_position)
    return r, new_positions


# --- data ----------------------------------------------------------------------------------


def ec_actors() -> list[dict]:
    data = read_forecast_csv(EC_CSV)
    return [
        {"name": name, "c": float(c), "x": float(x), "s": float(s)}
        for name, c, x, s in zip(
            data.actors, data.capability, data.position, data.salience, strict=True
        )
    ]


def test_fixture_holds_table_1_of_scholz_et_al():
    actors = {a["name"]: (a["c"], a["x"], a["s"]) for a in ec_actors()}
    assert actors == {
        "Netherlands": (0.08, 4.0, 0.8),
        "Belgium": (0.08, 7.0, 0.4),
        "Luxembourg": (0.03, 4.0, 0.2),
        "Germany": (0.16, 4.0, 0.8),
        "France": (0.16, 10.0, 0.6),
        "Italy": (0.16, 10.0, 0.6),
        "UK": (0.16, 10.0, 0.9),
        "Ireland": (0.05, 7.0, 0.1),
        "Denmark": (0.05, 4.0, 1.0),
        "Greece": (0.08, 7.0, 0.7),
    }


def test_initial_forecast_matches_hand_computed_figures():
    # From Table 1: sum(c s x) = 5.003 and sum(c s) = 0.677, so the mean is 7.390;
    # cumulative weight reaches half (0.3385) at position 7 (0.341), the median.
    result = run_forecast(read_forecast_csv(EC_CSV), rounds=0)
    assert result.rounds[0].mean == pytest.approx(5.003 / 0.677, abs=1e-9)
    assert result.rounds[0].mean == pytest.approx(7.39, abs=0.005)
    assert result.rounds[0].median == 7.0


def test_initial_forecast_matches_reference_implementation():
    actors = ec_actors()
    result = run_forecast(read_forecast_csv(EC_CSV), rounds=0)
    assert result.rounds[0].median == ref_median(actors, spread=6.0)
    assert result.rounds[0].mean == pytest.approx(ref_mean(actors), rel=1e-12)


def test_first_round_risk_exponents_match_reference_implementation():
    actors = ec_actors()
    expected, _ = ref_first_round(actors)
    result = run_forecast(read_forecast_csv(EC_CSV), rounds=1)
    got = result.risk_exponents
    for actor, exponent in zip(actors, expected, strict=True):
        assert got[actor["name"]] == pytest.approx(exponent, rel=1e-9), actor["name"]
    assert min(got.values()) == pytest.approx(0.5)
    assert max(got.values()) == pytest.approx(2.0)


def test_positions_after_first_round_match_reference_implementation():
    actors = ec_actors()
    _, expected = ref_first_round(actors)
    result = run_forecast(read_forecast_csv(EC_CSV), rounds=1)
    after = result.rounds[1].positions
    for actor, position in zip(actors, expected, strict=True):
        assert after[actor["name"]] == pytest.approx(position, abs=1e-9), actor["name"]
    assert any(after[a["name"]] != a["x"] for a in actors)


def test_result_dict_has_the_documented_keys():
    result = run_forecast(read_forecast_csv(EC_CSV), rounds=3).to_dict()
    assert {"rounds", "risk_exponents", "median", "mean", "forecast", "converged"} <= set(result)
    first = result["rounds"][0]
    assert set(first["positions"]) == {a["name"] for a in ec_actors()}
    assert first["forecast"] == 7.0
    assert {"mean", "risk_exponents", "offers", "chosen"} <= set(first)


def test_first_round_agrees_with_a_public_replication():
    # dmasad/BDM_DecisionModel_Replication (Testing.ipynb, same Table 1 data) prints a mean
    # of 7.389955686853767 and "UK loses confrontation to Luxembourg" in its first round;
    # its rule for choosing among offers differs, so only these two figures are compared.
    result = run_forecast(read_forecast_csv(EC_CSV), rounds=1)
    assert result.rounds[0].mean == pytest.approx(7.389955686853767, abs=1e-12)
    first = result.rounds[0]
    assert first.chosen["UK"] == "Luxembourg"
    (taken,) = [offer for offer in first.offers["UK"] if offer.sender == "Luxembourg"]
    assert taken.kind == "confrontation" and not taken.receiver_wins
    assert result.rounds[1].positions["UK"] == 4.0
