"""One seeded simulation of the baseline: wall-clock time per run.

Prints the median (and min/max) of many runs of ``sim.simulate`` on
scenarios/baseline.yaml, with seeds 0..n-1: once with the compile cache of
sim.preferences as an ensemble sees it (warm after the first run), once with
it cleared before every run (each run compiles every actor from scratch).

    .venv/bin/python benchmarks/bench_single_run.py [--runs 200]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from pathlib import Path

import numpy as np

import sim
import sim.game

ROOT = Path(__file__).resolve().parent.parent


def run_times(scenario: sim.Scenario, runs: int, cold: bool) -> list[float]:
    """Seconds of each run."""
    seconds = []
    for seed in range(runs):
        if cold:
            sim.game.clear_compiled()
        start = time.perf_counter()
        sim.simulate(scenario, seed=seed)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    scenario = sim.load_scenario(ROOT / "scenarios" / "baseline.yaml")
    outcome = sim.simulate(scenario, seed=0)
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    print(
        f"{scenario.name}: protocol {outcome.protocol}, seed 0: "
        f"{'deal' if outcome.deal else 'no deal'} in round {outcome.round}"
    )
    for label, cold in (("warm compile cache", False), ("cold compile cache", True)):
        seconds = run_times(scenario, runs, cold)
        print(
            f"  simulate, {label}: median {1000 * statistics.median(seconds):.2f} ms"
            f"   (min {1000 * min(seconds):.2f}, max {1000 * max(seconds):.2f}, n={runs})"
        )


if __name__ == "__main__":
    main()
