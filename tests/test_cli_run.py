"""``dealsim run`` and ``dealsim validate`` as a user calls them."""

from __future__ import annotations

import json

import pandas as pd
from conftest import ROOT
from typer.testing import CliRunner

from sim.cli.app import app

BASELINE = str(ROOT / "scenarios" / "baseline.yaml")
runner = CliRunner()


def test_run_json_has_the_documented_keys_and_is_reproducible():
    first = runner.invoke(app, ["run", BASELINE, "--seed", "7", "--json"])
    second = runner.invoke(app, ["run", BASELINE, "--seed", "7", "--json"])
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    for key in (
        "scenario",
        "seed",
        "deal",
        "round",
        "terms",
        "utilities",
        "government_survived",
        "exited",
        "walkout",
    ):
        assert key in data
    assert data["seed"] == 7 and isinstance(data["deal"], bool)
    assert first.stdout == second.stdout
    if data["deal"]:
        assert set(data["terms"]) == {
            "ceasefire",
            "hostages",
            "abraham_accords",
            "state_pathway",
            "hamas_fate",
            "gaza_governance",
            "idf_presence",
        }


def test_run_prints_a_readable_summary():
    result = runner.invoke(app, ["run", BASELINE])
    assert result.exit_code == 0, result.output
    assert "Baseline" in result.stdout
    assert ("Deal in round" in result.stdout) or ("No deal" in result.stdout)
    assert "Government israel" in result.stdout


def test_run_writes_the_trace(tmp_path):
    out = tmp_path / "trace.csv"
    result = runner.invoke(app, ["run", BASELINE, "--trace", str(out), "--json"])
    assert result.exit_code == 0, result.output
    trace = pd.read_csv(out)
    assert {"round", "party", "threshold", "utility", "accepted"} <= set(trace.columns)
    assert trace["round"].max() == json.loads(result.stdout)["round"]


def test_run_with_the_alternating_protocol():
    result = runner.invoke(app, ["run", BASELINE, "--protocol", "alternating", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["protocol"] == "alternating"


def test_unknown_protocol_is_a_usage_error():
    result = runner.invoke(app, ["run", BASELINE, "--protocol", "auction"])
    assert result.exit_code == 2
    assert "unknown protocol 'auction'" in result.stderr
    assert "Traceback" not in result.output


def test_validate_reports_each_file(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nissues: []\n")
    result = runner.invoke(app, ["validate", BASELINE, str(broken)])
    assert result.exit_code == 2
    assert "ok" in result.stdout and "7,776 packages" in result.stdout
    assert f"{broken}:2:" in result.stderr
