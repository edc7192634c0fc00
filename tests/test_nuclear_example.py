"""The nuclear-deal example: another negotiation that uses every field of a phased deal."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

import sim
from sim.cli.app import app
from sim.cli.experiment_tables import share_text

EXAMPLE = Path(__file__).resolve().parents[1] / "scenarios" / "examples" / "nuclear-deal.yaml"


def test_the_example_uses_every_field_of_the_deal_mechanics():
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    actors = data["actors"]
    lines = [line for actor in actors for line in actor.get("red_lines", [])]
    used = {
        "deferrable": any(i.get("deferrable") for i in data["issues"]),
        "decimal": any(i["kind"] == "decimal" for i in data["issues"]),
        "deferred": any("deferred" in a for a in actors),
        "deferral": any("deferral" in line for line in lines),
        "phases": "phases" in data["protocol"] and "phase_rounds" in data["protocol"],
        "round_days": "round_days" in data["protocol"],
        "phase events": any(e.get("phase", 1) > 1 and e.get("when") for e in data["events"]),
        "government effects": any("government" in f for e in data["events"] for f in e["effects"]),
        "constraints": bool(data.get("constraints")),
        "interactions": any("interactions" in a for a in actors),
        "side_payments": bool(data.get("side_payments")),
        "pressure": any("pressure" in a for a in actors),
        "discount": any("discount" in a for a in actors),
        "audience cost": any(
            a.get("policies", {}).get("exit", {}).get("name") == "audience_cost" for a in actors
        ),
        "actions": any("actions" in a for a in actors),
    }
    assert all(used.values()), [k for k, v in used.items() if not v]


def test_the_example_runs_to_a_phased_deal_and_says_so():
    result = CliRunner().invoke(app, ["run", str(EXAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["deal"] and data["phase"] == 2 and data["days"] is not None
    first = data["phases"][0]
    assert first["agreed"] and first["deferred"] == ["missiles"]
    assert data["terms"]["trade_credits"] <= 3  # a payment within the budget
    assert data["terms"]["enrichment"] <= 3.67  # the United States' cap holds


def test_an_ensemble_of_the_example_reports_settled_and_deferred_issues():
    scenario = sim.load_scenario(EXAMPLE)
    table = sim.run_ensemble(scenario, runs=30, seed=5)
    summary = sim.summarize(table, scenario)
    missiles = summary.issue_status["missiles"]
    assert abs(sum(missiles.values()) - 1.0) < 1e-9
    assert summary.issue_status["enrichment"]["deferred"] == 0.0  # not deferrable
    text = share_text(summary.terms["enrichment"])
    assert "of 201 options" in text and len(text) < 200  # a decimal issue's shares, short
