"""Ensembles: the same master seed gives the same table everywhere, and the right statistics."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT

import sim
from sim.experiments import (
    ExperimentError,
    read_parquet,
    replay_run,
    run_ensemble,
    run_seed,
    summarize,
    wilson_interval,
    write_parquet,
)
from sim.experiments.ensemble import plan_chunks
from sim.experiments.executors import DaskExecutor, ProcessExecutor, start_method

TOY = ROOT / "tests" / "data" / "experiments_threshold.yaml"
RUNS = 40
SEED = 2024


@pytest.fixture(scope="module")
def toy() -> sim.Scenario:
    return sim.load_scenario(TOY)


@pytest.fixture(scope="module")
def serial_table(baseline) -> pd.DataFrame:
    return run_ensemble(baseline, RUNS, SEED)


def test_table_has_the_documented_columns_in_a_fixed_order(baseline, serial_table):
    columns = list(serial_table.columns)
    params = [f"param:{u.param}" for u in baseline.uncertain]
    terms = [f"term:{i.id}" for i in baseline.issues]
    utilities = [f"utility:{a.id}" for a in baseline.actors]
    assert columns == [
        "run",
        "seed",
        *params,
        "deal",
        "round",
        *terms,
        "deferred",
        "phase",
        "utility:" + baseline.actors[0].id,
        *utilities[1:],
        "government_survived",
        "exited",
        "walkout",
        "binding",
        "obstacles",
        "threatened",
        "mechanism",
    ]
    assert list(serial_table["run"]) == list(range(RUNS))
    assert serial_table["param:governments.israel.safety_nets.lapid.seats"].dtype == "int64"
    assert serial_table["term:hostages"].dtype == "Int64"


def test_processes_and_dask_give_the_serial_table_and_the_same_parquet(
    baseline, serial_table, tmp_path
):
    with ProcessExecutor(workers=2) as processes:
        by_processes = run_ensemble(baseline, RUNS, SEED, executor=processes)
    with DaskExecutor(workers=2) as dask:
        assert len(dask._client.scheduler_info()["workers"]) == 2
        by_dask = run_ensemble(baseline, RUNS, SEED, executor=dask)
        # a second experiment on the same cluster and scenario (its scattered copy is its own)
        again = run_ensemble(baseline, RUNS, SEED, executor=dask)
    pd.testing.assert_frame_equal(again, by_dask)
    pd.testing.assert_frame_equal(by_processes, serial_table)
    pd.testing.assert_frame_equal(by_dask, serial_table)
    files = []
    for name, table in (("serial", serial_table), ("processes", by_processes), ("dask", by_dask)):
        files.append(write_parquet(tmp_path / f"{name}.parquet", table, baseline, SEED, RUNS))
    contents = {path.read_bytes() for path in files}
    assert len(contents) == 1


def test_worker_count_and_chunking_do_not_change_the_table(baseline, serial_table):
    by_three = run_ensemble(baseline, RUNS, SEED, executor="processes", workers=3)
    pd.testing.assert_frame_equal(by_three, serial_table)
    assert plan_chunks([{}], RUNS, SEED, 1) != plan_chunks([{}], RUNS, SEED, 3)


def test_fewer_runs_are_a_prefix_of_more_runs(baseline, serial_table):
    pd.testing.assert_frame_equal(run_ensemble(baseline, 10, SEED), serial_table.iloc[:10])


def test_run_seed_comes_from_the_spawned_child_and_replays_the_row(baseline, serial_table):
    child = np.random.SeedSequence(SEED).spawn(RUNS)[7]
    expected = int(child.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1))
    assert run_seed(SEED, 7) == expected == serial_table.loc[7, "seed"]
    parameters, outcome = replay_run(baseline, int(serial_table.loc[7, "seed"]))
    row = serial_table.loc[7]
    assert all(row[f"param:{path}"] == value for path, value in parameters.items())
    assert outcome.deal == row["deal"] and outcome.round == row["round"]
    assert outcome.utilities["hamas"] == row["utility:hamas"]


def test_different_master_seeds_give_different_tables(baseline, serial_table):
    other = run_ensemble(baseline, RUNS, SEED + 1)
    assert not other["seed"].equals(serial_table["seed"])


def test_deal_rate_of_the_toy_matches_its_analytic_value(toy):
    table = run_ensemble(toy, 400, 7)
    reservation = table["param:actors.seller.reservation"]
    # the mechanism, run by run: a deal exactly when the seller's reservation is <= 0.2
    assert ((reservation <= 0.2) == table["deal"]).all()
    summary = summarize(table, toy)
    low, high = summary.deal_rate_ci
    assert low <= 0.2 <= high
    assert summary.deal_rate_ci == wilson_interval(summary.deals, 400)
    assert summary.terms["units"] == {"0": 0.0, "5": 0.0, "10": 1.0}
    figures = summary.integer_issues["units"]
    assert figures["among_deals"]["mean"] == 10.0
    assert figures["expected"]["mean"] == pytest.approx(10.0 * summary.deal_rate)
    assert summary.mean_round == 1.0
    assert summary.government_collapse_rate is None


def test_wilson_interval_matches_a_hand_computation():
    # 8 of 10 with z = 1.96: centre (0.8 + 0.19207) / 1.38415 = 0.71675,
    # half-width 1.96 * sqrt(0.016 + 0.0096037) / 1.38415 = 0.22658
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)
    assert wilson_interval(0, 20)[0] == 0.0
    assert wilson_interval(20, 20)[1] == 1.0


def test_bad_runs_seed_and_executor_are_refused(toy):
    for runs in (0, -3):
        with pytest.raises(ExperimentError, match="runs"):
            run_ensemble(toy, runs, 1)
    with pytest.raises(ExperimentError, match="seed"):
        run_ensemble(toy, 5, -1)
    with pytest.raises(ExperimentError, match="unknown executor"):
        run_ensemble(toy, 5, 1, executor="gpu")
    with pytest.raises(ExperimentError, match="scheduler"):
        run_ensemble(toy, 5, 1, executor="processes", scheduler="tcp://127.0.0.1:8786")


def test_parquet_metadata_round_trips(toy, tmp_path):
    table = run_ensemble(toy, 30, 5)
    text = TOY.read_text(encoding="utf-8")
    path = write_parquet(tmp_path / "toy.parquet", table, toy, 5, 30, scenario_yaml=text)
    back, metadata = read_parquet(path)
    pd.testing.assert_frame_equal(back, table)
    assert metadata["scenario_yaml"] == text
    assert metadata["master_seed"] == 5 and metadata["runs"] == 30
    assert metadata["scenario_name"] == toy.name
    assert set(metadata["versions"]) == {"dealsim", "mesa", "numpy", "pandas", "pyarrow"}
    assert metadata["versions"]["mesa"] == "3.3.1"
    assert sim.load_scenario_text(metadata["scenario_yaml"]) == toy


def test_parquet_without_yaml_text_stores_a_loadable_dump(toy, tmp_path):
    table = run_ensemble(toy, 5, 5)
    _, metadata = read_parquet(write_parquet(tmp_path / "t.parquet", table, toy, 5, 5))
    assert sim.load_scenario_text(metadata["scenario_yaml"]) == toy


def test_a_failed_write_leaves_no_file(toy, tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    table = run_ensemble(toy, 5, 5)
    target = tmp_path / "out.parquet"

    def broken_write(arrow_table, where, **kwargs):
        Path(where).write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", broken_write)
    with pytest.raises(OSError, match="disk full"):
        write_parquet(target, table, toy, 5, 5)
    assert list(tmp_path.iterdir()) == []


def test_each_run_names_its_binding_party_or_its_obstacles(baseline, serial_table):
    deals = serial_table[serial_table["deal"]]
    assert deals["binding"].notna().all() and (deals["obstacles"] == "").all()
    failed = serial_table[~serial_table["deal"]]
    assert failed["binding"].isna().all()
    parties = {p.actor for p in baseline.parties}
    for cell in failed["obstacles"]:
        assert cell and all(token.split("/")[0] in parties for token in cell.split(";"))
    summary = sim.summarize(serial_table, baseline)
    assert len(deals) and sum(summary.binding.values()) == pytest.approx(1.0)
    assert set(summary.binding) <= parties


def test_the_summary_names_the_red_line_that_blocks_every_run():
    scenario = sim.load_scenario(Path(__file__).parent / "data" / "analysis_blocked_pair.yaml")
    table = run_ensemble(scenario, 20, 1)
    assert not table["deal"].any()
    assert set(table["obstacles"]) == {"a/a-wants-x0"}
    assert sim.summarize(table, scenario).obstacles == {"a/a-wants-x0": 1.0}


def test_workers_are_spawned_beside_threads_and_give_the_serial_table(baseline, serial_table):
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method() == "spawn"  # forking could copy a lock the other thread holds
        with ProcessExecutor(workers=2) as processes:
            table = run_ensemble(baseline, RUNS, SEED, executor=processes)
            assert processes._pool._mp_context.get_start_method() == "spawn"
    finally:
        stop.set()
        other.join()
    pd.testing.assert_frame_equal(table, serial_table)


def test_workers_of_a_single_thread_give_the_serial_table(serial_table):
    script = f"""
import sim
from sim.experiments import run_ensemble
from sim.experiments.executors import ProcessExecutor
baseline = sim.load_scenario({str(ROOT / "scenarios" / "baseline.yaml")!r})
with ProcessExecutor(workers=2) as processes:
    table = run_ensemble(baseline, {RUNS}, {SEED}, executor=processes)
    print(processes._pool._mp_context.get_start_method())
print(table.to_csv(index=False), end="")
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=True
    )
    method, csv = done.stdout.split("\n", 1)
    assert method == ("fork" if sys.platform == "linux" else "spawn")
    assert csv == serial_table.to_csv(index=False)
