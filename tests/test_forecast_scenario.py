"""Forecast inputs derived from a scenario, and the forecast option labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sim.cli.forecast import forecast
from sim.forecast import forecast_inputs, forecast_scenario, nearest_option, skipped_issues
from sim.scenario.schema import Issue, Scenario

SCENARIO = {
    "name": "forecast test",
    "issues": [
        {"id": "size", "kind": "integer", "min": 0, "max": 100, "step": 10},
        {"id": "phase", "kind": "ordinal", "options": ["none", "partial", "full"]},
        {"id": "venue", "kind": "categorical", "options": ["geneva", "cairo"]},
    ],
    "actors": [
        {
            "id": "alpha",
            "name": "Alpha",
            "power": 2,
            "salience": {"size": 3, "phase": 1},
            "values": {
                "size": {"ideal": 80},
                "phase": {"none": 0.1, "partial": 0.9, "full": 0.9},
            },
        },
        {
            "id": "beta",
            "name": "Beta",
            "power": 1,
            "salience": {"size": 1, "phase": 1},
            "values": {
                "size": {str(v): 1.0 if v == 30 else 0.2 for v in range(0, 101, 10)},
                "phase": {"ideal": "full"},
            },
        },
        {
            "id": "gamma",
            "name": "Gamma",
            "power": 1,
            "salience": {"phase": 2, "venue": 1},
            "values": {
                "phase": {"none": 1.0, "partial": 0.5, "full": 0.0},
                "venue": {"geneva": 1.0, "cairo": 0.0},
            },
        },
    ],
    "parties": [{"actor": "alpha"}, {"actor": "beta"}],
}

YAML = """\
name: forecast test
issues:
  - {id: size, kind: integer, min: 0, max: 100, step: 10}
  - {id: phase, kind: ordinal, options: [none, partial, full]}
actors:
  - id: alpha
    name: Alpha
    power: 2
    salience: {size: 3, phase: 1}
    values:
      size: {ideal: 80}
      phase: {ideal: partial}
  - id: beta
    name: Beta
    power: 1
    salience: {size: 1, phase: 1}
    values:
      size: {ideal: 20}
      phase: {ideal: full}
parties:
  - actor: alpha
"""


@pytest.fixture
def scenario() -> Scenario:
    return Scenario.model_validate(SCENARIO)


def test_inputs_per_ordered_issue(scenario: Scenario):
    inputs = forecast_inputs(scenario)
    assert set(inputs) == {"size", "phase"}
    size = inputs["size"]
    assert size.actors == ("alpha", "beta")  # gamma has no value spec for size
    assert size.position.tolist() == [80.0, 30.0]  # ideal point; value-table maximum
    assert size.capability.tolist() == [2.0, 1.0]
    assert size.salience.tolist() == pytest.approx([1.0, 1.0])  # each actor's top issue
    phase = inputs["phase"]
    assert phase.actors == ("alpha", "beta", "gamma")
    # alpha ties partial and full: the first in the issue's order; ranks 0..2
    assert phase.position.tolist() == [1.0, 2.0, 0.0]
    assert phase.salience.tolist() == pytest.approx([1 / 3, 1.0, 1.0])  # relative to top


def test_categorical_issue_is_skipped_with_a_reason(scenario: Scenario):
    assert skipped_issues(scenario) == {"venue": "categorical: its options have no order"}
    with pytest.raises(ValueError, match="categorical"):
        forecast_inputs(scenario, issue="venue")
    with pytest.raises(ValueError, match="no issue 'nope'"):
        forecast_inputs(scenario, issue="nope")


def test_forecast_scenario_runs_each_issue(scenario: Scenario):
    results = forecast_scenario(scenario, rounds=5)
    assert set(results) == {"size", "phase"}
    assert results["size"].rounds[0].median == 80.0
    only = forecast_scenario(scenario, issue="phase", rounds=5)
    assert set(only) == {"phase"}
    assert only["phase"].to_dict() == results["phase"].to_dict()


def test_nearest_option():
    integer = Issue(id="n", kind="integer", min=10, max=50, step=10)
    assert nearest_option(integer, 24.9) == 20
    assert nearest_option(integer, 25.0) == 30
    assert nearest_option(integer, -3.0) == 10
    assert nearest_option(integer, 99.0) == 50
    ordinal = Issue(id="o", kind="ordinal", options=["low", "mid", "high"])
    assert nearest_option(ordinal, 0.49) == "low"
    assert nearest_option(ordinal, 1.2) == "mid"
    assert nearest_option(ordinal, 7.0) == "high"


def make_app() -> typer.Typer:
    application = typer.Typer()
    application.command("forecast")(forecast)

    @application.command("noop")
    def noop() -> None:
        """Do nothing."""

    return application


def test_cli_scenario_json_has_one_result_per_issue(tmp_path: Path):
    path = tmp_path / "scenario.yaml"
    path.write_text(YAML, encoding="utf-8")
    result = CliRunner().invoke(make_app(), ["forecast", str(path), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == {"size", "phase"}
    assert payload["size"]["rounds"][0]["positions"] == {"alpha": 80.0, "beta": 20.0}
    assert payload["phase"]["option"] in {"none", "partial", "full"}
    assert payload["size"]["option"] in range(0, 101, 10)


def test_cli_unknown_issue_exits_2(tmp_path: Path):
    path = tmp_path / "scenario.yaml"
    path.write_text(YAML, encoding="utf-8")
    result = CliRunner().invoke(make_app(), ["forecast", str(path), "--issue", "nope"])
    assert result.exit_code == 2
    assert "no issue 'nope'" in result.stderr


def test_forecast_beside_bargaining_pairs_each_issue_with_the_most_common_deal(scenario):
    from sim.forecast import forecast_beside_bargaining, forecast_scenario

    terms = {"size": {"30": 0.2, "80": 0.8}, "phase": {"none": 0.0, "partial": 1.0, "full": 0.0}}
    beside = forecast_beside_bargaining(scenario, terms)
    assert beside["size"]["bargained_option"] == "80" and beside["size"]["bargained_share"] == 0.8
    assert beside["size"]["forecast_position"] == forecast_scenario(scenario)["size"].median
    assert beside["venue"]["forecast_position"] is None and beside["venue"]["note"]
