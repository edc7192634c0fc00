"""Bounded work: every command's work is counted before it starts, and refused past a ceiling.

Work is counted in *units*: packages × actors × rounds × runs. One unit costs
18–29 ns of one core in the runs measured (7,776 to 2,000,000 packages, 2 to
150 actors, 20 to 2,000 rounds, nothing cached; ``benchmarks/bench_work.py``,
figures in benchmarks/RESULTS.md). Say 30 ns. The ceilings:

- :data:`RUN_CEILING` units in one run (a run uses one core): 2 × 10^9 units
  are about a minute;
- :data:`WORK_CEILING` units per command: 2 × 10^10 units are about 10 minutes
  of one core, 5 minutes on 2 cores (a 10,000-run baseline ensemble is
  1.4 × 10^10 units and takes 15–20 s: small spaces stay in the CPU's cache);
- :data:`CELL_CEILING` packages × actors, what one process holds in memory at
  once (about 100 bytes a cell measured: 16 × 10^6 cells are about 1.6 GB);
- :data:`POINTS_CEILING` grid or sample points for a sweep or a sensitivity
  analysis (each point is an ensemble and a row of the table).

``analyze`` does one pass over the packages per party (rounds and runs count
as 1) and its Pareto sweep has a budget of its own
(:data:`sim.analysis.pareto.COMPARISON_BUDGET`). The CLI, the API's callers
and the dashboard call :func:`check_work` before they start.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.experiments.errors import ExperimentError
from sim.scenario.levers import payment_amounts
from sim.scenario.limits import package_count
from sim.scenario.schema import Scenario

WORK_CEILING = 20_000_000_000
"""The most units (packages × actors × rounds × runs) one command may do."""
RUN_CEILING = 2_000_000_000
"""The most units (packages × actors × rounds) one run may do."""
CELL_CEILING = 16_000_000
"""The most packages × actors one process may hold (its utility arrays)."""
POINTS_CEILING = 100_000
"""The most grid points of a sweep, or sample points of a sensitivity analysis."""
COMMANDS = ("run", "analyze", "ensemble", "sweep", "sensitivity", "compare", "dashboard")


class WorkError(ExperimentError):
    """A command whose work is over a ceiling; the message says which and what to lower."""


@dataclass(frozen=True)
class Work:
    """The work of one command on one scenario.

    Attributes:
        packages: packages of the scenario's outcome space.
        actors: actors of the scenario.
        rounds: rounds each run plays (1 for ``analyze``).
        runs: runs in all (points × runs per point for sweeps and sensitivity).
    """

    packages: int
    actors: int
    rounds: int
    runs: int

    @property
    def cells(self) -> int:
        """Packages × actors: the size of the utility arrays one process holds."""
        return self.packages * self.actors

    @property
    def units(self) -> int:
        """Packages × actors × rounds × runs."""
        return self.cells * self.rounds * self.runs

    def describe(self) -> str:
        """The product spelled out, e.g. ``7,776 packages × 9 actors × 20 rounds × 1,000 runs``."""
        return (
            f"{self.packages:,} packages × {self.actors:,} actors × {self.rounds:,} rounds × "
            f"{self.runs:,} runs"
        )


def work_of(scenario: Scenario, command: str = "run", runs: int = 1, points: int = 1) -> Work:
    """The work of a command: ``runs`` per point, ``points`` points (1 but for sweeps)."""
    rounds = 1 if command == "analyze" else scenario.protocol.rounds
    total_runs = 1 if command == "analyze" else max(runs, 0) * max(points, 0)
    packages = package_count(scenario.issues)
    for payment in scenario.side_payments:
        packages *= payment_amounts(payment)  # each amount is one more term of the package
    return Work(packages, len(scenario.actors), rounds, total_runs)


def check_work(
    scenario: Scenario,
    runs: int = 1,
    command: str = "run",
    points: int = 1,
    source: str | None = None,
) -> Work:
    """Refuse a command whose work is over a ceiling.

    Args:
        scenario: the scenario the command works on.
        runs: runs (per point for a sweep or sensitivity analysis).
        command: the command's name (one of :data:`COMMANDS`), used in the message.
        points: grid or sample points (sweep, sensitivity); 1 otherwise.
        source: the scenario's file name, to start the message with (``file: ...``).

    Returns:
        The work counted.

    Raises:
        WorkError: over :data:`CELL_CEILING`, :data:`POINTS_CEILING`,
            :data:`RUN_CEILING` or :data:`WORK_CEILING`; the message names the
            numbers and the largest ``--runs`` that would pass.
    """
    work = work_of(scenario, command, runs, points)
    where = f"{source}: " if source else ""
    if work.cells > CELL_CEILING:
        raise WorkError(
            f"{where}issues, actors: {work.packages:,} packages × {work.actors:,} actors make "
            f"{work.cells:,} utilities to hold, over the ceiling of {CELL_CEILING:,} "
            f"(about {CELL_CEILING * 100 // 10**9} GB); use fewer options or actors"
        )
    if points > POINTS_CEILING:
        raise WorkError(
            f"{where}{command}: {points:,} points is over the ceiling of {POINTS_CEILING:,}"
        )
    one_run = work.cells * work.rounds
    if command != "analyze" and one_run > RUN_CEILING:
        raise WorkError(
            f"{where}protocol.rounds: one run would do {one_run:.3g} units of work "
            f"({work.packages:,} packages × {work.actors:,} actors × {work.rounds:,} rounds), "
            f"over the ceiling of {RUN_CEILING:.0e} for a run; use fewer options, actors "
            "or rounds"
        )
    if work.units > WORK_CEILING:
        per_run = work.cells * work.rounds * max(points, 1)
        most = WORK_CEILING // per_run if per_run else 0
        advice = (
            f"at most {most:,} runs{' per point' if points > 1 else ''} fit"
            if most >= 1
            else "even one run per point is over it: use fewer points"
        )
        raise WorkError(
            f"{where}--runs: {command} would do "
            f"{work.units:.3g} units of work ({work.describe()}), over the ceiling of "
            f"{WORK_CEILING:.0e}; {advice}"
        )
    return work
