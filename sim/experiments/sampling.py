"""Draw a scenario's uncertain parameters, one value each per run.

Every parameter is drawn from the run's own ``numpy.random.Generator``, in
the order the scenario declares them, and kept inside the range the schema
allows for its field:

- ``uniform``: between ``low`` and ``high``; on an integer field every integer
  in ``[ceil(low), floor(high)]`` equally likely.
- ``normal``: ``mean`` and ``sd``, truncated to the field's range (drawn by
  inverting the normal CDF between the range's ends, so no value is rejected).
- ``triangular``: ``low``, ``mode``, ``high``.
- ``beta``: ``alpha``, ``beta`` on [0, 1], or scaled to [``low``, ``high``] when given.
- ``choice``: one of ``values``, equally likely.

Integer fields (seats, deadlines, rounds) get integers: continuous draws are
rounded to the nearest integer. The loader has already checked that every
declaration fits its field (see :func:`declaration_problems`).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np
from scipy.special import ndtr, ndtri

from sim.scenario.ranges import FieldRange, field_range
from sim.scenario.schema import Scenario, Uncertainty

NORMAL_BOUND_SDS = 3.0
"""Sensitivity analysis explores a normal parameter over mean ± this many sds."""

_USED_KEYS = {
    "uniform": ("low", "high"),
    "normal": ("mean", "sd"),
    "triangular": ("low", "mode", "high"),
    "beta": ("alpha", "beta", "low", "high"),
    "choice": ("values",),
}
_DISTRIBUTION_KEYS = ("low", "high", "mode", "mean", "sd", "alpha", "beta", "values")


class ParameterSampler:
    """Draws values for a list of uncertain parameters, each kept in its field's range."""

    def __init__(self, uncertain: Sequence[Uncertainty]) -> None:
        self.uncertain = list(uncertain)
        self.ranges = {u.param: field_range(u.param) for u in self.uncertain}

    @property
    def paths(self) -> list[str]:
        """The parameters' paths, in the order they are drawn."""
        return [u.param for u in self.uncertain]

    def draw(self, rng: np.random.Generator) -> dict[str, float | int]:
        """One value per parameter, drawn in declaration order from ``rng``."""
        return {u.param: draw_value(u, self.ranges[u.param], rng) for u in self.uncertain}


def sample_parameters(scenario: Scenario, rng: np.random.Generator) -> dict[str, float | int]:
    """Draw every uncertain parameter of a scenario once.

    Args:
        scenario: the scenario whose ``uncertain`` declarations to draw.
        rng: the stream to draw from (one per run; see :mod:`sim.experiments.runner`).

    Returns:
        Parameter path to value (an int on integer fields).
    """
    return ParameterSampler(scenario.uncertain).draw(rng)


def draw_value(uncertain: Uncertainty, field: FieldRange, rng: np.random.Generator) -> float | int:
    """One draw of one uncertain parameter, inside its field's range."""
    dist = uncertain.dist
    if dist == "choice":
        values = uncertain.values or []
        value = float(values[int(rng.integers(len(values)))])
    elif dist == "uniform" and field.integer:
        # the schema's validator makes every distribution carry the parameters it needs
        assert uncertain.low is not None and uncertain.high is not None
        first, last = _integer_span(uncertain.low, uncertain.high)
        return int(rng.integers(first, last, endpoint=True))
    elif dist == "uniform":
        assert uncertain.low is not None and uncertain.high is not None
        value = float(rng.uniform(uncertain.low, uncertain.high))
    elif dist == "normal":
        assert uncertain.mean is not None and uncertain.sd is not None
        value = _truncated_normal(uncertain.mean, uncertain.sd, field, rng)
    elif dist == "triangular":
        assert uncertain.low is not None and uncertain.mode is not None
        assert uncertain.high is not None
        value = float(rng.triangular(uncertain.low, uncertain.mode, uncertain.high))
    else:
        assert uncertain.alpha is not None and uncertain.beta is not None
        low, high = beta_support(uncertain)
        value = low + (high - low) * float(rng.beta(uncertain.alpha, uncertain.beta))
    return as_field_value(value, field)


def as_field_value(value: float, field: FieldRange) -> float | int:
    """A value made valid for its field: kept in range, rounded on integer fields."""
    if field.integer:
        low = math.ceil(field.low) if not math.isinf(field.low) else -math.inf
        high = math.floor(field.high) if not math.isinf(field.high) else math.inf
        return int(min(max(round(value), low), high))
    return float(field.clip(value))


def beta_support(uncertain: Uncertainty) -> tuple[float, float]:
    """The interval a beta distribution is scaled to: [low, high] if given, else [0, 1]."""
    if uncertain.low is not None and uncertain.high is not None:
        return uncertain.low, uncertain.high
    return 0.0, 1.0


def exploration_bounds(uncertain: Uncertainty, field: FieldRange) -> tuple[float, float]:
    """The interval a sensitivity analysis explores for a parameter.

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
        low, high = _integer_span(uncertain.low, uncertain.high)  # type: ignore[arg-type]
        if low > high:
            yield ("low",), f"no integer lies between low and high, and {where}"
    if dist == "choice":
        for index, value in enumerate(uncertain.values or []):
            if not field.contains(value):
                yield ("values", index), f"{value:g} is outside the field's range: {where}"
            elif field.integer and value != int(value):
                yield ("values", index), f"{value:g} is not an integer: {where}"


def _integer_span(low: float, high: float) -> tuple[int, int]:
    return math.ceil(low), math.floor(high)


def _truncated_normal(mean: float, sd: float, field: FieldRange, rng: np.random.Generator) -> float:
    if math.isinf(field.low) and math.isinf(field.high):
        return float(rng.normal(mean, sd))
    lower = float(ndtr((field.low - mean) / sd))
    upper = float(ndtr((field.high - mean) / sd))
    quantile = float(rng.uniform(lower, upper))
    return float(field.clip(mean + sd * float(ndtri(quantile))))
