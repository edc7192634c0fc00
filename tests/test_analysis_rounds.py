"""Exact analysis at a round: the game faced then, events applied, reservations drifted."""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import ROOT
from typer.testing import CliRunner

import sim
from sim.analysis import analyze
from sim.cli.app import app
from sim.model import NegotiationModel

STRONG_PRESSURE = ROOT / "scenarios" / "strong-us-pressure.yaml"
runner = CliRunner()


def test_round_zero_analyses_the_game_a_simulation_starts_from(baseline):
    assert baseline.events and baseline.events[0].round == 0  # the momentum after the strike
    at_start = analyze(baseline, at_round=0)
    simulated = NegotiationModel(baseline, seed=0).game
    np.testing.assert_array_equal(at_start.game.effective, simulated.effective)
    np.testing.assert_array_equal(at_start.game.refuses, simulated.refuses)
    as_written = analyze(baseline)
    assert not np.array_equal(as_written.game.effective, simulated.effective)


def test_later_events_count_from_their_round_on():
    scenario = sim.load_scenario(STRONG_PRESSURE)
    written = scenario.actor("netanyahu").reservation
    reservations = {
        t: analyze(scenario, at_round=t).to_dict()["reservations"]["netanyahu"] for t in (1, 2, 6)
    }
    # by hand: -0.1 at round 2 (trump-pressure), -0.05 more at round 6 (trump-pressure-tightens)
    assert reservations[1] == pytest.approx(written)
    assert reservations[2] == pytest.approx(written - 0.1)
    assert reservations[6] == pytest.approx(written - 0.15)


def test_reservations_drift_to_the_round_analysed(baseline):
    drifting = sim.with_parameters(baseline, {"actors.hamas.reservation_drift": -0.01})
    start = drifting.actor("hamas").reservation
    hamas = analyze(drifting, at_round=10).to_dict()["reservations"]["hamas"]
    momentum = -0.05  # the round-0 event lowers Hamas's reservation
    assert hamas == pytest.approx(start + momentum - 0.1)


def test_a_round_outside_the_scenario_is_refused(baseline):
    with pytest.raises(ValueError, match="round 20 is not a round"):
        analyze(baseline, at_round=20)
    result = runner.invoke(
        app, ["analyze", str(ROOT / "scenarios" / "baseline.yaml"), "--round", "-1"]
    )
    assert result.exit_code == 2
    assert "--round: round -1 is not a round of the scenario (0 to 19)" in result.output


def test_cli_analyze_at_a_round_says_so_in_json_and_text():
    path = str(STRONG_PRESSURE)
    data = json.loads(runner.invoke(app, ["analyze", path, "--round", "6", "--json"]).stdout)
    assert data["at_round"] == 6 and data["events_applied"] is True
    text = runner.invoke(app, ["analyze", path, "--round", "6"]).stdout
    assert "at the start of round 6 (events up to it applied)" in text
