"""An executor that plays tasks in this process and records which it started."""

from __future__ import annotations

import sim


class Counting(sim.Executor):
    """Serial, appending each task's index to ``played`` as it starts it."""

    name = "counting"

    def __init__(self, played: list[int], workers: int = 1) -> None:
        super().__init__(workers)
        self.played = played

    def run(self, function, shared, tasks):  # noqa: D102
        for index, task in enumerate(tasks):
            self.played.append(index)
            yield index, function(shared, task)
