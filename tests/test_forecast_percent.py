"""The forecast reads salience on the published 0-100 scale as well as on 0-1."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from sim.cli.app import app
from sim.forecast import read_forecast_csv, run_forecast

EC_CSV = Path(__file__).parent / "data" / "ec_emissions.csv"


def percent_copy(tmp_path: Path) -> Path:
    rows = list(csv.DictReader(EC_CSV.open()))
    path = tmp_path / "ec_percent.csv"
    with path.open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "salience": f"{round(float(row['salience']) * 100)}"})
    return path


def test_ec_emissions_on_0_100_forecasts_as_on_0_1(tmp_path):
    percent = percent_copy(tmp_path)
    assert "80" in percent.read_text()  # the Netherlands' 0.8 written as 80
    notes: list[str] = []
    unit, scaled = read_forecast_csv(EC_CSV), read_forecast_csv(percent, notes=notes)
    assert notes == [f"{percent}: salience above 1, read on a 0-100 scale (divided by 100)"]
    assert scaled.salience.tolist() == unit.salience.tolist()
    first, second = run_forecast(unit, rounds=10), run_forecast(scaled, rounds=10)
    assert [r.positions for r in first.rounds] == [r.positions for r in second.rounds]
    assert first.median == second.median

    runner = CliRunner()
    one = runner.invoke(app, ["forecast", str(EC_CSV), "--json"])
    hundred = runner.invoke(app, ["forecast", str(percent), "--json"])
    assert one.exit_code == hundred.exit_code == 0
    payload = json.loads(hundred.stdout)
    reference = json.loads(one.stdout)
    payload.pop("issue"), reference.pop("issue")
    assert payload == reference
    assert "read on a 0-100 scale" in hundred.stderr and "0-100" not in one.stderr
