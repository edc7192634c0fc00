"""The ``forecast`` command: tables, JSON, and exit status 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sim.cli.forecast import forecast

EC_CSV = Path(__file__).parent / "data" / "ec_emissions.csv"


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer()
    application.command("forecast")(forecast)

    @application.command("noop")
    def noop() -> None:  # a second command keeps "forecast" a named subcommand
        """Do nothing."""

    return application


def invoke(app: typer.Typer, *args: str):
    return CliRunner().invoke(app, ["forecast", *args])


def test_csv_json_output(app: typer.Typer):
    result = invoke(app, str(EC_CSV), "--json", "--rounds", "2")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["rounds"][0]["forecast"] == 7.0
    assert payload["rounds"][0]["mean"] == pytest.approx(7.39, abs=0.005)
    assert set(payload["risk_exponents"]) == set(payload["rounds"][0]["positions"])
    assert len(payload["rounds"]) <= 3
    assert {"median", "mean"} <= set(payload)


def test_csv_table_output(app: typer.Typer):
    result = invoke(app, str(EC_CSV), "--rounds", "1")
    assert result.exit_code == 0, result.output
    assert "Netherlands" in result.stdout
    assert "r (round 0)" in result.stdout
    assert "median (forecast): 7.000" in result.stdout


def test_bad_csv_exits_2_with_located_messages(app: typer.Typer, tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text("actor,capability,position,salience\na,1,0,200\nb,z,1,0.5\n", encoding="utf-8")
    result = invoke(app, str(path))
    assert result.exit_code == 2
    assert f"{path}:2: salience: must lie in [0, 1] or [0, 100], got 200" in result.stderr
    assert f"{path}:3: capability: 'z' is not a number" in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_and_unknown_suffix_exit_2(app: typer.Typer, tmp_path: Path):
    assert invoke(app, str(tmp_path / "none.csv")).exit_code == 2
    other = tmp_path / "data.txt"
    other.write_text("x", encoding="utf-8")
    result = invoke(app, str(other))
    assert result.exit_code == 2
    assert "expected a .csv or a .yaml/.yml file" in result.stderr


def test_issue_option_is_refused_for_csv(app: typer.Typer):
    result = invoke(app, str(EC_CSV), "--issue", "x")
    assert result.exit_code == 2
    assert "--issue applies to scenario files" in result.stderr


def test_bad_scenario_yaml_exits_2(app: typer.Typer, tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nissues: []\nbogus: 1\n", encoding="utf-8")
    result = invoke(app, str(path))
    assert result.exit_code == 2
    assert result.stderr.strip()
    assert "Traceback" not in result.output
