"""``dealsim ensemble / sweep / sensitivity / compare`` as a user calls them."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import ROOT
from typer.testing import CliRunner

from sim.cli.app import app
from sim.experiments import read_parquet

BASELINE = str(ROOT / "scenarios" / "baseline.yaml")
TOY = str(ROOT / "tests" / "data" / "experiments_threshold.yaml")
runner = CliRunner()


def test_ensemble_json_and_parquet(tmp_path):
    out = tmp_path / "runs.parquet"
    args = ["ensemble", TOY, "--runs", "50", "--seed", "3", "--out", str(out), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in (
        "runs",
        "deal_rate",
        "deal_rate_ci",
        "terms",
        "mean_round",
        "government_collapse_rate",
    ):
        assert key in data
    assert data["runs"] == 50 and len(data["deal_rate_ci"]) == 2
    # the expected-utility forecast stands beside the bargained outcome of every issue
    assert set(data["forecast"]) == set(data["terms"])
    for issue, row in data["forecast"].items():
        shares = data["terms"][issue]
        if row["bargained_option"] is not None:
            assert row["bargained_share"] == max(shares.values())
    table, metadata = read_parquet(out)
    assert len(table) == 50 and metadata["master_seed"] == 3
    assert (
        metadata["scenario_yaml"]
        == (ROOT / "tests" / "data" / "experiments_threshold.yaml").read_text()
    )


def test_ensemble_prints_a_readable_summary_on_the_baseline():
    result = runner.invoke(app, ["ensemble", BASELINE, "--runs", "20", "--seed", "1"])
    assert result.exit_code == 0, result.output
    assert "Deal rate" in result.stdout and "Hostages released" in result.stdout


def test_sweep_writes_csv_and_prints_json(tmp_path):
    out = tmp_path / "sweep.csv"
    args = [
        "sweep",
        TOY,
        "--param",
        "actors.seller.reservation=0.1:0.3:3",
        "--runs",
        "5",
        "--out",
        str(out),
        "--json",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["deal_rate"] for p in data["points"]] == [1.0, 1.0, 0.0]
    assert list(pd.read_csv(out)["deal_rate"]) == [1.0, 1.0, 0.0]


def test_sensitivity_and_compare_run_from_the_shell():
    result = runner.invoke(
        app,
        ["sensitivity", TOY, "--method", "morris", "--n", "4", "--runs-per-point", "1", "--json"],
    )
    assert result.exit_code == 0, result.output
    indices = json.loads(result.stdout)["indices"]
    assert {row["parameter"] for row in indices} == {
        "actors.seller.reservation",
        "actors.buyer.power",
    }
    result = runner.invoke(app, ["compare", TOY, TOY, "--runs", "20", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "deal_rate" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ensemble", "no-such-file.yaml"], "no such file"),
        (["ensemble", TOY, "--runs", "0"], "runs"),
        (["ensemble", TOY, "--seed", "-1"], "seed"),
        (["ensemble", TOY, "--executor", "gpu"], "unknown executor"),
        (["ensemble", TOY, "--executor", "serial", "--scheduler", "tcp://h:1"], "--scheduler"),
        (["ensemble", TOY, "--workers", "0"], "--workers"),
        (["ensemble", TOY, "--out", "runs.txt"], ".parquet or .csv"),
        (["sweep", TOY, "--param", "actors.seller.reservation"], "PATH=LOW:HIGH:STEPS"),
        (["sweep", TOY, "--param", "actors.seller.reservation=0:5:3"], "outside its range"),
        (["sweep", TOY, "--param", "actors.nobody.power=0:1:3"], "no item 'nobody'"),
        (["sensitivity", TOY, "--method", "fast"], "unknown method"),
        (["sensitivity", TOY, "--n", "10"], "power of 2"),
        (["compare", TOY, "no-such-file.yaml"], "no such file"),
    ],
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(args, message):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_scenario_with_a_bad_uncertain_declaration_is_refused(tmp_path):
    text = (ROOT / "tests" / "data" / "experiments_threshold.yaml").read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("low: 0.0, high: 1.0", "low: 0.0, high: 3.0"))
    result = runner.invoke(app, ["ensemble", str(bad), "--runs", "5"])
    assert result.exit_code == 2
    assert "bad.yaml:" in result.stderr and "outside the field's range" in result.stderr
