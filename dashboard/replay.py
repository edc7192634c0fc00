"""One run of an ensemble played again, this time recording its per-round trace."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

import sim


@dataclass(frozen=True)
class Replay:
    """A replayed run: its seed, the parameters drawn for it, its outcome and trace."""

    run: int
    seed: int
    parameters: dict[str, float | int]
    outcome: dict
    trace: pd.DataFrame


def replay_with_trace(scenario: sim.Scenario, master_seed: int, run: int) -> Replay:
    """Run ``run`` of ``run_ensemble(scenario, runs, master_seed)``, with its trace.

    :func:`sim.replay_run` plays it from the run's own seed, so the
    outcome is the one in the ensemble table's row.
    """
    seed = sim.run_seed(master_seed, run)
    parameters, outcome = sim.replay_run(scenario, seed, trace=True)
    trace = outcome.trace if outcome.trace is not None else pd.DataFrame()
    return Replay(run, seed, dict(parameters), outcome.to_dict(), trace)
