"""Ensembles: many seeded runs of one scenario, uncertain parameters drawn per run.

``run_ensemble`` plays ``runs`` runs and returns one table, a row a run (see
:mod:`sim.experiments.table`). Run ``i`` draws everything from the master
seed's ``i``-th child (see :mod:`sim.experiments.runner`), so the same master
seed gives the same table on any executor and any number of workers.

Sweeps and sensitivity analyses play many *points* (fixed values of some
parameters), each an ensemble with the same master seed; ``run_points`` does
that for them, handing each point's table over as soon as it is complete so
memory stays bounded by the chunks in flight.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from numbers import Integral

import pandas as pd

from sim.experiments.errors import ExperimentError
from sim.experiments.executors import Executor, make_executor
from sim.experiments.runner import Chunk, run_chunk
from sim.scenario.schema import Scenario

Progress = Callable[[int, int], None]
"""Called as ``progress(runs_done, runs_total)`` after every chunk."""

MAX_CHUNK_RUNS = 500
"""Most runs in one task: small enough for smooth progress and bounded memory."""
CHUNKS_PER_WORKER = 4


def run_ensemble(
    scenario: Scenario,
    runs: int,
    seed: int,
    executor: str | Executor = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Play a scenario ``runs`` times, drawing its uncertain parameters in every run.

    Args:
        scenario: the scenario (its ``uncertain`` list says what to draw).
        runs: number of runs, at least 1.
        seed: the master seed, a non-negative integer.
        executor: ``serial``, ``processes``, ``dask``, or a ready :class:`Executor`
            (which the caller starts and closes).
        workers: worker processes (default: the CPUs available).
        scheduler: a Dask scheduler address (with ``executor="dask"``).
        progress: called as ``progress(runs_done, runs)`` after every chunk.

    Returns:
        One row per run, sorted by ``run``, columns as in :mod:`sim.experiments.table`.

    Raises:
        ExperimentError: bad runs, seed, executor, or a draw the scenario refuses.
    """
    tables: list[pd.DataFrame] = []
    run_points(
        scenario,
        [{}],
        runs,
        seed,
        lambda _, table: tables.append(table),
        executor=executor,
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    return tables[0]


def run_points(
    scenario: Scenario,
    points: Sequence[Mapping[str, float | int]],
    runs: int,
    seed: int,
    on_point: Callable[[int, pd.DataFrame], None],
    *,
    executor: str | Executor = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
) -> None:
    """Play an ensemble at each point (fixed values of the same parameters).

    Every point uses the same master seed (common random numbers): run ``i``
    of every point has the same seed, so parameters that are not fixed get the
    same draws at every point.

    Args:
        scenario: the scenario.
        points: per point, parameter path to value; every point fixes the same paths.
        runs: runs per point, at least 1.
        seed: the master seed.
        on_point: called as ``on_point(point_index, table)`` once a point's runs are all in,
            in any order of points; the table is as ``run_ensemble`` returns it.
        executor: as for :func:`run_ensemble`.
        workers: as for :func:`run_ensemble`.
        scheduler: as for :func:`run_ensemble`.
        progress: called as ``progress(runs_done, runs * len(points))``.
    """
    check_runs_and_seed(runs, seed)
    runs, seed = int(runs), int(seed)
    if not points:
        raise ExperimentError("no points to run")
    paths = set(points[0])
    if any(set(point) != paths for point in points):
        raise ExperimentError("every point must fix the same parameters")
    total = runs * len(points)
    context: AbstractContextManager[Executor]
    if isinstance(executor, str):
        context = make_executor(executor, workers, scheduler)
    else:
        context = nullcontext(executor)  # the caller's: the caller starts and closes it
    collector = _PointCollector(runs, len(points), on_point)
    done = 0
    with context as active:
        active.start()
        chunks = plan_chunks(points, runs, seed, active.workers)
        for index, table in active.run(run_chunk, scenario, chunks):
            collector.add(chunks[index].start, table)
            done += chunks[index].stop - chunks[index].start
            if progress is not None:
                progress(done, total)


def check_runs_and_seed(runs: int, seed: int) -> None:
    """Refuse fewer than one run or a negative seed."""
    if isinstance(runs, bool) or not isinstance(runs, Integral) or runs < 1:
        raise ExperimentError(f"runs must be an integer of at least 1, not {runs!r}")
    if isinstance(seed, bool) or not isinstance(seed, Integral) or seed < 0:
        raise ExperimentError(f"the seed must be a non-negative integer, not {seed!r}")


def plan_chunks(
    points: Sequence[Mapping[str, float | int]], runs: int, seed: int, workers: int
) -> list[Chunk]:
    """Split all runs of all points into chunks: about four per worker, at most 500 runs each."""
    total = runs * len(points)
    size = max(1, min(MAX_CHUNK_RUNS, math.ceil(total / (CHUNKS_PER_WORKER * workers))))
    chunks = []
    for start in range(0, total, size):
        stop = min(start + size, total)
        touched = range(start // runs, (stop - 1) // runs + 1)
        chunks.append(Chunk(seed, runs, start, stop, {p: dict(points[p]) for p in touched}))
    return chunks


class _PointCollector:
    """Puts chunk tables back together by point, handing each point over when complete."""

    def __init__(self, runs: int, points: int, on_point: Callable[[int, pd.DataFrame], None]):
        self.runs = runs
        self.on_point = on_point
        self.parts: dict[int, list[tuple[int, pd.DataFrame]]] = {}
        self.counts = [0] * points

    def add(self, start: int, table: pd.DataFrame) -> None:
        for point, part in table.groupby("point", sort=True):
            point = int(point)  # type: ignore[call-overload]
            self.parts.setdefault(point, []).append((start, part))
            self.counts[point] += len(part)
            if self.counts[point] == self.runs:
                pieces = [piece for _, piece in sorted(self.parts.pop(point), key=_first)]
                whole = pieces[0] if len(pieces) == 1 else pd.concat(pieces)
                self.on_point(point, whole.drop(columns="point").reset_index(drop=True))


def _first(item: tuple[int, pd.DataFrame]) -> int:
    return item[0]
