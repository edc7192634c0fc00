"""Experiments: ensembles, sweeps, sensitivity analysis and comparisons of scenarios.

Run ``i`` of every experiment draws all its randomness from
``numpy.random.SeedSequence(master_seed).spawn(runs)[i]``, so results do not
depend on the executor (serial, local processes, Dask) nor on the number of
workers. See docs/experiments.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "Comparison": "sim.experiments.compare",
    "compare_scenarios": "sim.experiments.compare",
    "run_ensemble": "sim.experiments.ensemble",
    "ExperimentError": "sim.experiments.errors",
    "Executor": "sim.experiments.executors",
    "make_executor": "sim.experiments.executors",
    "replay_run": "sim.experiments.runner",
    "run_seed": "sim.experiments.runner",
    "sample_parameters": "sim.experiments.sampling",
    "run_sensitivity": "sim.experiments.sensitivity",
    "read_parquet": "sim.experiments.storage",
    "write_parquet": "sim.experiments.storage",
    "Summary": "sim.experiments.summary",
    "summarize": "sim.experiments.summary",
    "wilson_interval": "sim.experiments.summary",
    "parse_grid": "sim.experiments.sweep",
    "run_sweep": "sim.experiments.sweep",
}
"""Public names and their modules, imported when first used (pandas, Dask and SALib load late)."""

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    """Import a public name's module when the name is first used (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'sim.experiments' has no attribute '{name}'")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


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
