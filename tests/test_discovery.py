"""Scenario discovery (CART boxes) and the chunked ensemble the dashboard plays."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from counting import Counting
from typer.testing import CliRunner

import sim
from sim.cli.app import app
from sim.experiments.discovery import discover, outcome_mask

BASELINE = ROOT / "scenarios" / "baseline.yaml"
runner = CliRunner()


def synthetic(runs: int = 400, seed: int = 1) -> pd.DataFrame:
    """A table whose deals fail exactly when 'a' > 0.7, whatever 'b' is."""
    rng = np.random.default_rng(seed)
    a, b = rng.uniform(0, 1, runs), rng.uniform(0, 1, runs)
    deal = a <= 0.7
    return pd.DataFrame(
        {
            "run": np.arange(runs),
            "param:a": a,
            "param:b": b,
            "deal": deal,
            "term:x": pd.Series(np.where(deal, np.where(b > 0.5, "high", "low"), None)),
            "government_survived": pd.array(np.where(deal, b > 0.2, None), dtype="boolean"),
        }
    )


def test_a_threshold_is_found_as_one_pure_box_with_full_coverage():
    found = discover(synthetic(), "no_deal")
    best = found.boxes[0]
    assert set(best.limits) == {"a"}
    low, high = best.limits["a"]
    assert high is None and low == pytest.approx(0.7, abs=0.02)
    assert best.density == 1.0 and best.coverage == 1.0
    assert found.importance["a"] == pytest.approx(1.0)
    assert found.importance["b"] == pytest.approx(0.0)


def test_boxes_are_disjoint_leaves_so_coverages_add_up_to_at_most_one():
    table = synthetic(600, seed=3)
    for outcome in ("no_deal", "collapse", "term:x=high"):
        found = discover(table, outcome, max_depth=3)
        assert found.boxes, outcome
        assert sum(box.coverage for box in found.boxes) <= 1 + 1e-9
        assert sum(box.cases for box in found.boxes) <= found.cases
        mask = outcome_mask(table, outcome)
        for box in found.boxes:  # each box's counts are those of the runs inside its limits
            inside = np.ones(len(table), dtype=bool)
            for path, (low, high) in box.limits.items():
                values = table["param:" + path].to_numpy()
                if low is not None:
                    inside &= values > low
                if high is not None:
                    inside &= values <= high
            assert inside.sum() == box.runs and mask[inside].sum() == box.cases
            assert box.density > found.base_rate


def test_outcomes_are_read_from_the_table():
    table = synthetic(50)
    assert (outcome_mask(table, "no_deal") == ~table["deal"].to_numpy()).all()
    collapse = outcome_mask(table, "collapse")
    assert collapse.sum() == int((table["deal"] & (table["param:b"] <= 0.2)).sum())
    assert not (collapse & ~table["deal"].to_numpy()).any()
    high = outcome_mask(table, "term:x=high")
    assert high.sum() == int((table["deal"] & (table["param:b"] > 0.5)).sum())


@pytest.mark.parametrize(
    ("outcome", "message"),
    [("peace", "unknown outcome"), ("term:nope=1", "no issue 'nope'")],
)
def test_unknown_outcomes_are_refused(outcome, message):
    with pytest.raises(sim.ExperimentError, match=message):
        discover(synthetic(20), outcome)


def test_an_outcome_no_run_has_gives_no_box_and_says_why():
    table = synthetic(40)
    table["deal"] = True
    found = discover(table, "no_deal")
    assert found.boxes == [] and found.cases == 0 and "no run" in found.note


def test_baseline_collapse_is_driven_by_the_government_parameters():
    scenario = sim.load_scenario(BASELINE)
    table = sim.run_ensemble(scenario, 300, 0)
    found = discover(table, "collapse", scenario)
    top = next(iter(found.importance))
    assert top.startswith("governments.israel.")
    assert found.boxes[0].density > 2 * found.base_rate


def test_cli_discover_json_and_a_bad_outcome():
    args = ["discover", str(BASELINE), "--runs", "200", "--outcome", "collapse", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["outcome"] == "collapse" and data["runs"] == 200
    assert data["boxes"] and {"box", "coverage", "density", "limits"} <= set(data["boxes"][0])
    bad = runner.invoke(app, ["discover", str(BASELINE), "--runs", "20", "--outcome", "term:x=1"])
    assert bad.exit_code == 2 and "no issue 'x'" in bad.output
    text = runner.invoke(app, ["discover", str(BASELINE), "--runs", "200", "--outcome", "collapse"])
    assert text.exit_code == 0 and "coverage" in text.output and "density" in text.output


def test_the_chunked_ensemble_ends_equal_to_run_ensemble_and_grows_run_by_run():
    scenario = sim.load_scenario(BASELINE)
    whole = sim.run_ensemble(scenario, 60, 4)
    sizes = []
    with sim.make_executor("serial") as executor:
        for table in sim.ensemble_in_chunks(scenario, 60, 4, executor, chunk_runs=25):
            sizes.append(len(table))
    assert sizes == [25, 50, 60]
    pd.testing.assert_frame_equal(table, whole)


def test_leaving_the_chunked_ensemble_early_cancels_the_chunks_not_started():
    scenario = sim.load_scenario(BASELINE)
    played: list[int] = []

    chunks = sim.ensemble_in_chunks(scenario, 100, 0, Counting(played), chunk_runs=10)
    first = next(chunks)
    chunks.close()
    assert len(first) == 10 and played == [0]
