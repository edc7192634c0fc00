"""The analysis of the baseline, its JSON, and ``dealsim analyze`` as a user calls it."""

from __future__ import annotations

import json

import numpy as np
from conftest import ROOT
from typer.testing import CliRunner

from sim.analysis import analyze, pareto_mask
from sim.cli.app import app

BASELINE = str(ROOT / "scenarios" / "baseline.yaml")
BLOCKED = str(ROOT / "tests" / "data" / "analysis_blocked_pair.yaml")
runner = CliRunner()


def test_baseline_sets_are_nested_and_the_solutions_lie_in_the_zone(baseline):
    result = analyze(baseline)
    game = result.game

    assert 0 < result.zone_packages.size <= result.feasible_packages.size < result.packages
    assert set(result.zone_packages) <= set(result.feasible_packages)
    assert set(result.pareto_packages) <= set(result.zone_packages)
    assert result.nash_package in result.zone_packages
    assert result.kalai_smorodinsky_package in result.zone_packages
    for package in (result.nash_package, result.kalai_smorodinsky_package):
        needed = game.required[:, package]
        assert not (game.refuses[needed, package]).any()
        assert (game.effective[needed, package] >= result.reservations[needed]).all()


def test_baseline_frontier_is_the_efficient_part_of_the_zone(baseline):
    result = analyze(baseline)
    zone_points = result.game.effective[:, result.zone_packages]
    expected = result.zone_packages[pareto_mask(zone_points)]
    assert np.array_equal(result.pareto_packages, expected)
    # nothing in the zone beats a frontier package for every party
    for package in result.pareto_packages:
        point = result.game.effective[:, package][:, None]
        beats = (zone_points >= point).all(axis=0) & (zone_points > point).any(axis=0)
        assert not beats.any()


def test_analysis_json_has_the_documented_keys(baseline):
    data = json.loads(json.dumps(analyze(baseline).to_dict()))
    for key in (
        "packages",
        "feasible",
        "zopa",
        "pareto",
        "nash",
        "kalai_smorodinsky",
        "blocking",
        "nash_utilities",
        "events_applied",
    ):
        assert key in data
    assert data["events_applied"] is False
    assert set(data["nash"]) == {issue.id for issue in baseline.issues}
    assert set(data["nash_utilities"]) == {party.actor for party in baseline.parties}


def test_cli_analyze_json_prints_one_object():
    result = runner.invoke(app, ["analyze", BASELINE, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["packages"] == 7776 and data["zopa"] <= data["feasible"] <= data["packages"]


def test_cli_analyze_prints_tables_and_the_blocking_red_lines():
    baseline = runner.invoke(app, ["analyze", BASELINE])
    blocked = runner.invoke(app, ["analyze", BLOCKED])
    assert baseline.exit_code == 0 and "Nash" in baseline.stdout
    assert "events not applied" in baseline.stdout
    assert blocked.exit_code == 0
    assert "a-wants-x0" in blocked.stdout and "a-wants-y0" in blocked.stdout


def test_cli_analyze_refuses_a_bad_file_with_status_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nissues: []\nactors: []\nparties: []\nsurprise: 1\n")
    result = runner.invoke(app, ["analyze", str(bad)])
    assert result.exit_code == 2
    assert "surprise" in result.stderr and "Traceback" not in result.output
