"""An ensemble played chunk by chunk, its table handed over as it grows.

:func:`ensemble_in_chunks` plays the same runs as :func:`sim.run_ensemble`
(run ``i`` from the master seed's ``i``-th child, so the finished table is
equal to ``run_ensemble``'s) but yields after every chunk, so a caller can
show results as they come and stop early. Stopping (leaving the loop, or
closing the generator) cancels the chunks that have not started; the chunks
already running finish in their worker and are dropped. That bounds the work
left behind to one chunk per worker.

The executor is the caller's and stays open, so a process pool can be kept
alive across ensembles (the dashboard does) and its workers pay the import
of the package once. :func:`warm_up` is a task that does nothing but bring a
worker to that point.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pandas as pd

from sim.experiments.ensemble import check_runs_and_seed
from sim.experiments.executors import Executor
from sim.experiments.runner import Chunk, run_chunk
from sim.scenario.schema import Scenario

DEFAULT_CHUNK_RUNS = 50


def plan(runs: int, seed: int, chunk_runs: int = DEFAULT_CHUNK_RUNS) -> list[Chunk]:
    """The chunks of an ensemble of ``runs`` runs, at most ``chunk_runs`` runs each, in order."""
    size = max(1, int(chunk_runs))
    return [Chunk(seed, runs, start, min(start + size, runs)) for start in range(0, runs, size)]


def ensemble_in_chunks(
    scenario: Scenario,
    runs: int,
    seed: int,
    executor: Executor,
    chunk_runs: int = DEFAULT_CHUNK_RUNS,
) -> Iterator[pd.DataFrame]:
    """Play an ensemble and yield the table of the runs finished so far after every chunk.

    Args:
        scenario: the scenario.
        runs: number of runs, at least 1.
        seed: the master seed.
        executor: a started or startable executor; it is not closed here.
        chunk_runs: runs per chunk (the granularity of progress and of stopping).

    Yields:
        The finished runs, sorted by ``run``, columns as in
        :mod:`sim.experiments.table`; the last table holds every run and equals
        ``run_ensemble(scenario, runs, seed)``.

    Raises:
        ExperimentError: bad runs or seed, or a draw the scenario refuses.
    """
    check_runs_and_seed(runs, seed)
    chunks = plan(int(runs), int(seed), chunk_runs)
    pieces: dict[int, pd.DataFrame] = {}
    results = executor.run(run_chunk, scenario, chunks)
    try:
        for index, table in results:
            pieces[index] = table.drop(columns="point")
            ordered = [pieces[i] for i in sorted(pieces)]
            whole = ordered[0] if len(ordered) == 1 else pd.concat(ordered)
            yield whole.reset_index(drop=True)
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()  # the executor's generator cancels the chunks not yet started


def chunk_size(runs: int, workers: int, most: int = DEFAULT_CHUNK_RUNS) -> int:
    """Runs per chunk: at most ``most``, and at least two chunks per worker when runs allow."""
    return max(1, min(most, math.ceil(runs / (2 * max(1, workers)))))


def warm_up(shared: object, task: object) -> int:
    """A task that only makes a worker import the package (done by unpickling this function)."""
    return 0
