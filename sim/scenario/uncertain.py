"""Uncertain parameters as declared: what fits a field, and what can be drawn.

A declaration's *support* is the interval its draws can take:

- ``uniform`` and ``triangular``: ``[low, high]``;
- ``normal``: ``mean ± 3 sd`` (:data:`NORMAL_BOUND_SDS`), cut to the field's
  range: the sampler draws a normal truncated there, so the support is bounded
  and every rule can be checked at its ends;
- ``beta``: ``[0, 1]``, or ``[low, high]`` when given;
- ``choice``: from the smallest to the largest value.

The loader checks every rule of the file at the ends of each support (see
:mod:`sim.scenario.draws`); the sampler (:mod:`sim.experiments.sampling`) and
the sensitivity analysis draw inside it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from sim.scenario.ranges import FieldRange
from sim.scenario.schema import Uncertainty

NORMAL_BOUND_SDS = 3.0
"""A normal parameter is drawn within mean ± this many sds (and within its field's range)."""

_USED_KEYS = {
    "uniform": ("low", "high"),
    "normal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "beta": ("alpha", "beta", "low", "high"),
    "choice": ("values",),
}
_DISTRIBUTION_KEYS = ("low", "high", "mode", "mean", "sd", "alpha", "beta", "values")


def declaration_problems(
    uncertain: Uncertainty, field: FieldRange
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """What is wrong with one uncertain declaration for its field, as (location, message) pairs.

    The location is the part of the declaration at fault (``("low",)``,
    ``("values", 2)``, ...), so the loader can point at its line.
    """
    unused = [
        key
        for key in _DISTRIBUTION_KEYS
        if getattr(uncertain, key) is not None and key not in _USED_KEYS[uncertain.dist]
    ]
    for key in unused:
        used = ", ".join(_USED_KEYS[uncertain.dist])
        yield (key,), f"a {uncertain.dist} distribution does not use '{key}' (it takes {used})"
    where = f"'{uncertain.param}' takes {field.describe()}"
    dist = uncertain.dist
    if dist in ("uniform", "triangular") or (dist == "beta" and uncertain.low is not None):
        for key in ("low", "high", "mode"):
            value = getattr(uncertain, key)
            if key in _USED_KEYS[dist] and value is not None and not field.contains(value):
                yield (key,), f"{key} {value:g} is outside the field's range: {where}"
    if dist == "beta":
        if (uncertain.low is None) != (uncertain.high is None):
            yield (
                ("low",) if uncertain.low is not None else ("high",),
                ("a scaled beta distribution needs both low and high"),
            )
        elif uncertain.low is None and not (field.contains(0.0) and field.contains(1.0)):
            yield (
                ("dist",),
                (
                    f"a beta distribution draws on [0, 1], outside the field's range ({where}); "
                    f"give low and high to scale it"
                ),
            )
    if dist == "normal" and uncertain.mean is not None and not field.contains(uncertain.mean):
        yield ("mean",), f"mean {uncertain.mean:g} is outside the field's range: {where}"
    if dist == "uniform" and field.integer and uncertain.low is not None:
        low, high = integer_span(uncertain.low, uncertain.high)  # type: ignore[arg-type]
        if low > high:
            yield ("low",), f"no integer lies between low and high, and {where}"
    if dist == "choice":
        for index, value in enumerate(uncertain.values or []):
            if not field.contains(value):
                yield ("values", index), f"{value:g} is outside the field's range: {where}"
            elif field.integer and value != int(value):
                yield ("values", index), f"{value:g} is not an integer: {where}"


def beta_support(uncertain: Uncertainty) -> tuple[float, float]:
    """The interval a beta distribution is scaled to: [low, high] if given, else [0, 1]."""
    if uncertain.low is not None and uncertain.high is not None:
        return uncertain.low, uncertain.high
    return 0.0, 1.0


def support(uncertain: Uncertainty, field: FieldRange) -> tuple[float, float]:
    """The interval a parameter's draws take (a sensitivity analysis explores the same).

    uniform and triangular: [low, high]; normal: mean ± 3 sd clipped to the
    field's range; beta: [0, 1] or [low, high]; choice: the smallest and the
    largest value.
    """
    if uncertain.dist in ("uniform", "triangular"):
        return uncertain.low, uncertain.high  # type: ignore[return-value]
    if uncertain.dist == "beta":
        return beta_support(uncertain)
    if uncertain.dist == "choice":
        return min(uncertain.values or [0.0]), max(uncertain.values or [0.0])
    spread = NORMAL_BOUND_SDS * uncertain.sd  # type: ignore[operator]
    low = field.clip(uncertain.mean - spread)  # type: ignore[operator]
    high = field.clip(uncertain.mean + spread)  # type: ignore[operator]
    return low, high


exploration_bounds = support
"""The interval a sensitivity analysis explores: the support."""


def integer_span(low: float, high: float) -> tuple[int, int]:
    """The first and last integers in [low, high]."""
    return math.ceil(low), math.floor(high)
