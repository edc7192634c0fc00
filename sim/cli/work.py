"""The work ceiling on the command line: a command over it exits with status 2 before it starts."""

from __future__ import annotations

from pathlib import Path

from sim.cli.common import fail
from sim.experiments.work import WorkError, check_work
from sim.scenario import Scenario


def refuse_excess_work(
    scenario: Scenario, file: Path, command: str, runs: int = 1, points: int = 1
) -> None:
    """Exit with status 2 and the ceiling's message when the command's work is over it."""
    try:
        check_work(scenario, runs=runs, command=command, points=points, source=str(file))
    except WorkError as error:
        fail(str(error))
