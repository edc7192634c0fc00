"""Experiments: ensembles, sweeps, sensitivity analysis and comparisons of scenarios.

Run ``i`` of every experiment draws all its randomness from
``numpy.random.SeedSequence(master_seed).spawn(runs)[i]``, so results do not
depend on the executor (serial, local processes, Dask) nor on the number of
workers. See docs/experiments.md.
"""

from sim.experiments.compare import Comparison, compare_scenarios
from sim.experiments.ensemble import run_ensemble
from sim.experiments.errors import ExperimentError
from sim.experiments.executors import Executor, make_executor
from sim.experiments.runner import replay_run, run_seed
from sim.experiments.sampling import sample_parameters
from sim.experiments.sensitivity import run_sensitivity
from sim.experiments.storage import read_parquet, write_parquet
from sim.experiments.summary import Summary, summarize, wilson_interval
from sim.experiments.sweep import parse_grid, run_sweep

__all__ = [
    "Comparison",
    "Executor",
    "ExperimentError",
    "Summary",
    "compare_scenarios",
    "make_executor",
    "parse_grid",
    "read_parquet",
    "replay_run",
    "run_ensemble",
    "run_seed",
    "run_sensitivity",
    "run_sweep",
    "sample_parameters",
    "summarize",
    "wilson_interval",
    "write_parquet",
]
