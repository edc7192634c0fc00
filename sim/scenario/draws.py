"""Check what an ensemble can draw: every rule of the file, at the ends of every support.

An uncertain parameter is valid alone when its declaration fits its field
(:func:`sim.scenario.uncertain.declaration_problems`). It must also keep the
whole scenario valid in every run: seats drawn so that a coalition starts under
its majority, a deadline drawn after the last round, rounds drawn below an
event's round, an actor's salience drawn to all zeros, an issue's ``max``
drawn past the package limit. Those rules are checked on scenarios built from
the supports' ends (:func:`sim.scenario.uncertain.support`):

- each parameter at its low end and at its high end, the others as written;
- every parameter at its low end; every one at its high end;
- every parameter at the end that makes the rules hardest to meet (seats and
  salience low, majorities, deadlines, event rounds and issue maxima high,
  rounds low), for rules that depend on several draws at once.

The rules are monotone in each of these numbers, so a scenario valid at those
points is valid for every draw in between. A problem is reported at the
uncertain item's line, naming the value drawn and the government or actor at
fault by its id. Sweep axes are checked the same way (:func:`assignment_problems`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping

from pydantic import ValidationError

from sim.scenario import paths
from sim.scenario.limits import size_problems
from sim.scenario.problems import Problem
from sim.scenario.ranges import FieldRange, field_range
from sim.scenario.schema import Scenario, Uncertainty
from sim.scenario.uncertain import declaration_problems, integer_span, support

Check = Callable[[Scenario], list[Problem]]
"""The scenario's own rules (without its uncertain parameters): the cross checks."""

_HIGH_IS_HARDER = ("majority", "deadline", "round", "max")
"""Fields whose larger values make rules harder to meet (else smaller values do)."""
_SINGLE_CORNERS_AT_MOST = 200
"""Parameters checked one at a time at most (beyond, only the combined corners)."""


def uncertain_problems(scenario: Scenario, check: Check) -> Iterator[Problem]:
    """Every problem with the scenario's uncertain parameters, at each one's line.

    Args:
        scenario: a scenario that passed its own checks.
        check: the scenario's cross checks (they are run on the drawn corners).
    """
    data = scenario.model_dump(by_alias=True)
    seen: dict[str, int] = {}
    bounds: dict[int, tuple[Uncertainty, float | int, float | int]] = {}
    for ui, uncertain in enumerate(scenario.uncertain):
        at = ("uncertain", ui, "param")
        try:
            spelled = paths.canonical(data, uncertain.param)
            current = paths.read(data, uncertain.param)
        except paths.ParameterError as error:
            yield Problem(at, str(error))
            continue
        if spelled in seen:
            first = scenario.uncertain[seen[spelled]].param
            also = f" (as '{first}')" if first != uncertain.param else ""
            yield Problem(
                at,
                f"'{uncertain.param}' is declared uncertain more than once: "
                f"uncertain item {seen[spelled]} names the same field{also}",
            )
            continue
        seen[spelled] = ui
        if not isinstance(current, int | float) or isinstance(current, bool):
            yield Problem(at, f"'{uncertain.param}' is not a number (it is {current!r})")
            continue
        field = field_range(uncertain.param)
        declared = list(declaration_problems(uncertain, field))
        for where, message in declared:
            yield Problem(("uncertain", ui, *where), message)
        if not declared:
            low, high = support(uncertain, field)
            if field.integer and uncertain.dist == "uniform":  # drawn from ceil(low)..floor(high)
                low, high = integer_span(low, high)
            bounds[ui] = (uncertain, _as_field(low, field), _as_field(high, field))
    yield from _corner_problems(scenario, data, bounds, check)


def assignment_problems(
    scenario: Scenario, values: Mapping[str, float | int], check: Check
) -> list[str]:
    """What is wrong with the scenario once the paths take these values (empty: nothing).

    Each message names the location at fault by its ids, e.g.
    ``governments.israel.majority: the coalition has 50 seats, ...``.
    """
    data = scenario.model_dump(by_alias=True)
    problems, changed = _at_point(data, values, check)
    return [f"{paths.named(changed, p.loc)}: {p.message}" for p in problems]


def _corner_problems(
    scenario: Scenario,
    data: dict,
    bounds: dict[int, tuple[Uncertainty, float | int, float | int]],
    check: Check,
) -> Iterator[Problem]:
    reported: set[tuple[int, str]] = set()
    singles = [ui for ui in bounds if not paths.is_self_contained(bounds[ui][0].param)]
    for ui in singles[:_SINGLE_CORNERS_AT_MOST]:
        uncertain, low, high = bounds[ui]
        for value in dict.fromkeys((low, high)):
            problems, changed = _at_point(data, {uncertain.param: value}, check)
            for problem in problems:
                message = (
                    f"when '{uncertain.param}' is drawn as {value:g}: "
                    f"{paths.named(changed, problem.loc)}: {problem.message}"
                )
                if (ui, message) not in reported:
                    reported.add((ui, message))
                    yield Problem(("uncertain", ui, "param"), message)
    if len(bounds) < 2:
        return
    corners = {
        "low ends": {u.param: low for u, low, _ in bounds.values()},
        "high ends": {u.param: high for u, _, high in bounds.values()},
        "ends hardest on the rules": {
            u.param: high if _high_is_harder(u.param) else low for u, low, high in bounds.values()
        },
    }
    single_messages = {message.split(": ", 1)[1] for _, message in reported}
    for label, point in corners.items():
        problems, changed = _at_point(data, point, check)
        for problem in problems:
            where = paths.named(changed, problem.loc)
            if f"{where}: {problem.message}" in single_messages:
                continue
            ui = _blamed(bounds, where)
            drawn_at = f"when every uncertain parameter is drawn at its {label}"
            message = f"{drawn_at}: {where}: {problem.message}"
            if (ui, message) not in reported:
                reported.add((ui, message))
                yield Problem(("uncertain", ui, "param"), message)


def _at_point(
    data: dict, values: Mapping[str, float | int], check: Check
) -> tuple[list[Problem], dict]:
    """The problems of the scenario with ``values`` put at their paths, and the data changed."""
    changed = copy.deepcopy(data)
    for path, value in values.items():
        container, key = paths.walk(changed, path)
        container[key] = value
    changed["uncertain"] = []
    try:
        drawn = Scenario.model_validate(changed)
    except ValidationError as error:
        return [
            Problem(tuple(item["loc"]), str(item["msg"]).removeprefix("Value error, "))
            for item in error.errors()
        ], changed
    too_large = list(size_problems(drawn))
    return (too_large or check(drawn)), changed


def _blamed(bounds: dict[int, tuple[Uncertainty, float | int, float | int]], where: str) -> int:
    """The uncertain item a combined-corner problem is reported at: one on the same object."""
    for ui, (uncertain, _, _) in bounds.items():
        owner = ".".join(uncertain.param.split(".")[:2])
        if where == owner or where.startswith(owner + "."):
            return ui
    return next(iter(bounds))


def _high_is_harder(path: str) -> bool:
    return path.split(".")[-1] in _HIGH_IS_HARDER


def _as_field(value: float, field: FieldRange) -> float | int:
    if field.integer:
        return int(round(field.clip(value)))
    return float(field.clip(value))
