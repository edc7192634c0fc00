"""Runs in a row reuse the memory the previous run freed instead of faulting fresh pages in.

Measured in a fresh interpreter with the environment Dask's nannies give their
workers (``MALLOC_TRIM_THRESHOLD_`` fixed), where without the setting every
utility array of a run is a new mapping of zero pages.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MEASURE = """
import json, resource, sys
import sim
from sim.experiments.allocator import keep_freed_memory

scenario = sim.load_scenario(sys.argv[1])

import sim.game, sim.preferences

def faults_per_run(runs):
    start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for seed in range(runs):
        # as when every run samples a salience: each compiles its arrays afresh
        sim.game.clear_compiled()
        sim.simulate(scenario, seed=seed)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_minflt - start) / runs

faults_per_run(20)
before = faults_per_run(50)
took_effect = keep_freed_memory()
faults_per_run(5)
after = faults_per_run(50)
print(json.dumps({"before": before, "after": after, "took_effect": took_effect}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_runs_after_keep_freed_memory_fault_far_fewer_pages_in():
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(ROOT / "scenarios" / "baseline.yaml")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"},
    )
    figures = json.loads(result.stdout)
    assert figures["took_effect"]
    assert figures["before"] > 100  # fresh pages faulted in every run
    assert figures["after"] < figures["before"] / 10
