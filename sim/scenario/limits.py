"""Limits on a scenario's size: packages, options, seats and weights that the engine can hold.

Counts are made without listing anything (a product of issue sizes), and
sums that could overflow an int64 or a float are made in floats and checked
against a ceiling, so a hostile file is refused in microseconds.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

from sim.scenario.failed import guarded, items
from sim.scenario.problems import Problem
from sim.scenario.schema import Actor, Government, Issue, Scenario

MAX_PACKAGES = 2_000_000
"""The most packages a scenario's issues may make: every package is enumerated."""
LARGEST_VALUE_TABLE = 1_000
"""Options an issue may have when an actor gives it a value table (else: an ideal point)."""
LARGEST_TOTAL = 1e15
"""The most a sum of seats, or of an actor's salience weights, may come to."""


def issue_size(issue: Issue) -> int:
    """An issue's number of options, counted without listing them."""
    if issue.kind == "decimal" and issue.min is not None and issue.max is not None:
        return issue.size  # exact decimal arithmetic, no list
    if issue.kind == "integer" and issue.min is not None and issue.max is not None:
        return max(int((issue.max - issue.min) // issue.step) + 1, 0)
    return len(issue.options or [])


def issue_choices(issue: Issue) -> int:
    """The choices a package makes on an issue: its options, and deferral if deferrable."""
    return issue_size(issue) + (1 if issue.deferrable else 0)


def package_count(issues: Sequence[Issue]) -> int:
    """The number of packages the issues make (a Python int: it does not overflow)."""
    return math.prod(issue_choices(issue) for issue in issues)


def size_problems(scenario: Scenario) -> Iterator[Problem]:
    """Issues too big to enumerate, value tables too long, sums too large to hold.

    Each issue, actor and government is checked on its own (a part that failed
    validation skips only its own check), so every valid issue's size is
    checked before anything enumerates its options.
    """
    sizes: list[int] = []
    for index, issue in items(scenario, "issues"):
        yield from guarded(_issue_size_problems, scenario, index, issue, sizes)
    if len(sizes) == len(items(scenario, "issues")) and math.prod(sizes) > MAX_PACKAGES:
        if all(s <= MAX_PACKAGES for s in sizes):
            yield Problem(
                ("issues",),
                f"the issues make {math.prod(sizes):,} packages; at most {MAX_PACKAGES:,} "
                f"can be enumerated",
            )
    for index, actor in items(scenario, "actors"):
        yield from guarded(_salience_total_problems, actor, index)
    for index, government in items(scenario, "governments"):
        yield from guarded(_seat_total_problems, government, index)


def _issue_size_problems(
    scenario: Scenario, index: int, issue: Issue, sizes: list[int]
) -> Iterator[Problem]:
    size = issue_size(issue)
    if issue.numeric and size > MAX_PACKAGES:
        yield Problem(
            ("issues", index, "max"),
            f"{issue.kind} values {issue.min} to {issue.max} in steps of {issue.step} make "
            f"{size:,} options; at most {MAX_PACKAGES:,} packages can be enumerated",
        )
    elif issue.numeric and size > LARGEST_VALUE_TABLE:
        yield from _tables_on(scenario, issue.id, size)
    sizes.append(issue_choices(issue))


def _salience_total_problems(actor: Actor, index: int) -> Iterator[Problem]:
    weights = [float(weight) for weight in actor.salience.values()]
    # compared one by one first: fsum itself overflows on sums past 1.8e308
    total = max(weights, default=0.0)
    if total <= LARGEST_TOTAL:
        total = math.fsum(weights)
    if not total <= LARGEST_TOTAL:
        yield Problem(
            ("actors", index, "salience"),
            f"the salience weights add up to more than {LARGEST_TOTAL:.0e}: "
            "weights are relative, so scale them down (e.g. to sum 1 or 100)",
        )


def _seat_total_problems(government: Government, index: int) -> Iterator[Problem]:
    seats = [government.leader_seats, government.other_seats, government.majority]
    seats += [partner.seats for partner in government.partners]
    seats += [net.seats for net in government.safety_nets]
    total = math.fsum(float(count) for count in seats)
    if total > LARGEST_TOTAL:
        yield Problem(
            ("governments", index),
            f"government '{government.id}' counts {total:.3g} seats in all, more than "
            f"{LARGEST_TOTAL:.0e}",
        )


def _tables_on(scenario: Scenario, issue_id: str, size: int) -> Iterator[Problem]:
    for index, actor in items(scenario, "actors"):
        yield from guarded(_table_on, actor, index, issue_id, size)


def _table_on(actor: Actor, index: int, issue_id: str, size: int) -> Iterator[Problem]:
    if isinstance(actor.values.get(issue_id), dict):
        yield Problem(
            ("actors", index, "values", issue_id),
            f"'{issue_id}' has {size:,} options: too many for a value table "
            f"(at most {LARGEST_VALUE_TABLE:,}); give an ideal point instead",
        )
