"""Playing runs: how each run's seed is derived, and one chunk of runs as a worker plays it.

Reproducibility rule: run ``i`` of an ensemble with master seed ``S`` uses the
child ``numpy.random.SeedSequence(S).spawn(runs)[i]`` (which is
``SeedSequence(S, spawn_key=(i,))``, so it does not depend on ``runs`` nor on
which worker plays it). From that child comes one 63-bit integer, the run's
``seed`` (the table's ``seed`` column); everything random in the run follows
from that integer alone::

    parameter_stream, simulation_stream = SeedSequence(seed).spawn(2)

The uncertain parameters are drawn from ``default_rng(parameter_stream)``, in
declaration order, and the simulation is seeded with ``simulation_stream``.
So a run can be replayed from its row: ``replay_run(scenario, row.seed)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.experiments.allocator import keep_freed_memory
from sim.experiments.errors import ExperimentError
from sim.experiments.sampling import ParameterSampler
from sim.experiments.table import RowCollector, TableLayout
from sim.memo import unchanged_objects
from sim.outcomes import OutcomeSpace
from sim.record import Outcome
from sim.scenario.edit import ParameterError, with_parameters
from sim.scenario.schema import Scenario
from sim.side_payments import space_for
from sim.simulation import simulate

_SEED_BITS_DROPPED = np.uint64(1)


@dataclass(frozen=True)
class Chunk:
    """A contiguous stretch of runs for one worker task.

    Runs of all points are numbered ``k = point * runs + run``; a chunk plays
    ``start <= k < stop``.

    Attributes:
        seed: the master seed.
        runs: runs per point.
        start: first run number (inclusive).
        stop: last run number (exclusive).
        points: the fixed parameter values of each point the chunk touches.
    """

    seed: int
    runs: int
    start: int
    stop: int
    points: Mapping[int, Mapping[str, float | int]] = field(default_factory=dict)


def run_seed(master_seed: int, run: int) -> int:
    """The seed of run ``run`` of an ensemble: a 63-bit int (fits Parquet's int64)."""
    child = np.random.SeedSequence(master_seed, spawn_key=(run,))
    return int(child.generate_state(1, dtype=np.uint64)[0] >> _SEED_BITS_DROPPED)


def run_streams(seed: int) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    """The parameter stream and the simulation stream of a run with this seed."""
    parameters, simulation = np.random.SeedSequence(seed).spawn(2)
    return parameters, simulation


def sampled_parameters(scenario: Scenario, fixed: Mapping[str, object]) -> ParameterSampler:
    """A sampler of the scenario's uncertain parameters that are not fixed."""
    return ParameterSampler([u for u in scenario.uncertain if u.param not in fixed])


def with_fixed_parameters(scenario: Scenario, values: Mapping[str, object]) -> Scenario:
    """The scenario with these values set and no longer drawn (their ``uncertain`` entries dropped).

    The one edit path for a person's changes: an ensemble draws uncertain
    parameters afresh in every run, which would silently undo a value set
    by hand, so a set value is fixed in every run, as a sweep point is.

    Raises:
        ParameterError: a path that does not exist or a value the scenario refuses.
    """
    if not values:
        return scenario
    changed = with_parameters(scenario, values)
    kept = [u for u in changed.uncertain if u.param not in values]
    if len(kept) == len(changed.uncertain):
        return changed
    return changed.model_copy(update={"uncertain": kept})


def replay_run(
    scenario: Scenario,
    seed: int,
    fixed: Mapping[str, float | int] | None = None,
    trace: bool = False,
) -> tuple[dict[str, float | int], Outcome]:
    """Play one ensemble run again from the ``seed`` column of its row.

    Args:
        scenario: the ensemble's scenario.
        seed: the run's seed (not the master seed).
        fixed: parameters a sweep or sensitivity point fixed, if any.
        trace: also record the run's per-round trace (``outcome.trace``).

    Returns:
        The sampled parameters and the outcome, as in the run's row.
    """
    fixed = dict(fixed or {})
    base = with_parameters(scenario, fixed) if fixed else scenario
    return _play(base, seed, sampled_parameters(scenario, fixed), space=None, trace=trace)


def run_chunk(scenario: Scenario, chunk: Chunk) -> pd.DataFrame:
    """Play a chunk of runs; the worker task of every executor.

    The scenario is received once per chunk and one outcome space serves all
    its runs; the memory one run frees is kept for the next (see
    :mod:`sim.experiments.allocator`).

    Returns:
        The chunk's rows (see :mod:`sim.experiments.table`) with a leading
        ``point`` column.

    Raises:
        ExperimentError: a sampled or fixed value makes the scenario invalid.
    """
    keep_freed_memory()
    with unchanged_objects():  # the chunk's runs share what they compute from the scenario
        return _run_chunk(scenario, chunk)


def _run_chunk(scenario: Scenario, chunk: Chunk) -> pd.DataFrame:
    fixed_paths = next(iter(chunk.points.values()), {})
    sampler = sampled_parameters(scenario, fixed_paths)
    layout = TableLayout.of(scenario, [(p, sampler.ranges[p].integer) for p in sampler.paths])
    touches_issues = any(
        p.startswith(("issues.", "side_payments.")) for p in [*fixed_paths, *sampler.paths]
    )
    space = None if touches_issues else space_for(scenario)
    rows = RowCollector(layout)
    bases: dict[int, Scenario] = {}
    for k in range(chunk.start, chunk.stop):
        point, run = divmod(k, chunk.runs)
        if point not in bases:
            bases[point] = _point_scenario(scenario, chunk.points.get(point, {}), point)
        seed = run_seed(chunk.seed, run)
        try:
            parameters, outcome = _play(bases[point], seed, sampler, space)
        except ParameterError as error:
            raise ExperimentError(f"run {run} (seed {seed}): {error}") from None
        rows.add(point, run, seed, parameters, outcome)
    return rows.frame()


def _point_scenario(scenario: Scenario, fixed: Mapping[str, float | int], point: int) -> Scenario:
    if not fixed:
        return scenario
    try:
        return with_parameters(scenario, fixed)
    except ParameterError as error:
        raise ExperimentError(f"point {point}: {error}") from None


def _play(
    scenario: Scenario,
    seed: int,
    sampler: ParameterSampler,
    space: OutcomeSpace | None,
    trace: bool = False,
) -> tuple[dict[str, float | int], Outcome]:
    parameter_stream, simulation_stream = run_streams(seed)
    parameters = sampler.draw(np.random.default_rng(parameter_stream))
    run_scenario = with_parameters(scenario, parameters) if parameters else scenario
    outcome = simulate(run_scenario, simulation_stream, space=space, trace=trace)
    return parameters, outcome
