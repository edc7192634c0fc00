"""Bounded work: each command counts packages x actors x rounds x runs, refused past a ceiling."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from typer.testing import CliRunner

from sim.cli.app import app
from sim.experiments.errors import ExperimentError
from sim.experiments.sweep import parse_axis, run_sweep
from sim.experiments.work import (
    CELL_CEILING,
    RUN_CEILING,
    WORK_CEILING,
    WorkError,
    check_work,
    work_of,
)
from sim.scenario import Scenario

runner = CliRunner()


def big(packages_per_issue: list[int], actors: int, rounds: int = 20) -> dict:
    """Plain data of a scenario of this size (integer issues, ideal points)."""
    issues = [
        {"id": f"i{k}", "kind": "integer", "min": 0, "max": n - 1}
        for k, n in enumerate(packages_per_issue)
    ]
    return {
        "name": "big",
        "issues": issues,
        "actors": [
            {
                "id": f"a{a}",
                "name": f"A{a}",
                "salience": {i["id"]: 1.0 for i in issues},
                "values": {i["id"]: {"ideal": 0 if a % 2 else i["max"]} for i in issues},
            }
            for a in range(actors)
        ],
        "parties": [{"actor": f"a{a}"} for a in range(actors)],
        "protocol": {"rounds": rounds},
    }


def test_work_is_the_product_of_packages_actors_rounds_and_runs(baseline):
    work = work_of(baseline, "ensemble", runs=1_000)
    assert work.units == 7_776 * len(baseline.actors) * baseline.protocol.rounds * 1_000
    assert work_of(baseline, "analyze", runs=1_000).units == 7_776 * len(baseline.actors)
    assert work_of(baseline, "sweep", runs=10, points=7).runs == 70


def test_work_under_the_ceilings_passes(baseline):
    assert check_work(baseline, runs=10_000, command="ensemble").runs == 10_000


def test_too_many_runs_are_refused_with_the_largest_count_that_fits(baseline):
    per_run = work_of(baseline, "ensemble").units
    fits = WORK_CEILING // per_run
    check_work(baseline, runs=fits, command="ensemble")
    with pytest.raises(WorkError, match=f"at most {fits:,} runs fit") as error:
        check_work(baseline, runs=fits + 1, command="ensemble", source="baseline.yaml")
    assert str(error.value).startswith("baseline.yaml: --runs: ensemble would do")


def test_utilities_too_large_to_hold_are_refused():
    scenario = Scenario.model_validate(big([100, 100, 200], 9))  # 2,000,000 x 9 = 18e6 cells
    assert work_of(scenario).cells > CELL_CEILING
    for command in ("run", "analyze"):
        with pytest.raises(WorkError, match="utilities to hold, over the ceiling"):
            check_work(scenario, command=command)


def test_one_run_over_the_ceiling_says_to_shrink_the_scenario():
    scenario = Scenario.model_validate(big([100, 100, 200], 4, rounds=1_000))
    assert work_of(scenario).units > RUN_CEILING
    with pytest.raises(WorkError, match="protocol.rounds: one run would do 8e"):
        check_work(scenario, command="run")
    check_work(scenario, command="analyze")  # rounds do not count in an analysis


def test_a_sweep_with_too_many_steps_is_refused_before_anything_is_allocated(baseline):
    with pytest.raises(ExperimentError, match="at most 1,000 STEPS"):
        parse_axis("actors.hamas.reservation=0:1:1000000000", baseline)


def test_the_api_refuses_a_sweep_over_the_ceiling(baseline):
    per_point = work_of(baseline, "sweep").units
    runs = WORK_CEILING // (per_point * 2) + 1
    with pytest.raises(WorkError):
        run_sweep(baseline, {"actors.hamas.reservation": [0.1, 0.2]}, runs=runs, seed=0)


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["analyze"],
        ["ensemble", "--runs", "10"],
        ["sweep", "--param", "actors.a0.reservation=0:0.5:3", "--runs", "2"],
        ["sensitivity", "--n", "4"],
        ["compare", "{path}", "--runs", "2"],
    ],
)
def test_every_command_refuses_excess_work_with_status_2_before_starting(tmp_path: Path, args):
    path = tmp_path / "big.yaml"
    path.write_text(yaml.safe_dump(big([100, 100, 200], 9)), encoding="utf-8")
    rest = [str(path) if arg == "{path}" else arg for arg in args[1:]]
    result = runner.invoke(app, [args[0], str(path), *rest])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(f"{path}: issues, actors: 2,000,000 packages × 9 actors")


def test_the_cli_refuses_too_many_runs_and_says_how_many_fit():
    baseline = str(ROOT / "scenarios" / "baseline.yaml")
    result = runner.invoke(app, ["ensemble", baseline, "--runs", "100000000"])
    assert result.exit_code == 2
    assert "--runs: ensemble would do" in result.stderr and "runs fit" in result.stderr
