"""Draw a scenario's uncertain parameters, one value each per run.

Every parameter is drawn from the run's own ``numpy.random.Generator``, in
the order the scenario declares them, and kept inside the range the schema
allows for its field:

- ``uniform``: between ``low`` and ``high``; on an integer field every integer
  in ``[ceil(low), floor(high)]`` equally likely.
- ``normal``: ``mean`` and ``sd``, truncated to mean ± 3 sd and to the field's
  range (drawn by inverting the normal CDF between the ends, so no value is
  rejected; the loader checks the scenario's rules at those ends).
- ``triangular``: ``low``, ``mode``, ``high``.
- ``beta``: ``alpha``, ``beta`` on [0, 1], or scaled to [``low``, ``high``] when given.
- ``choice``: one of ``values``, equally likely.

Integer fields (seats, deadlines, rounds) get integers: continuous draws are
rounded to the nearest integer. The loader has already checked that every
declaration fits its field (see :func:`declaration_problems`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.special import ndtr, ndtri

from sim.scenario.ranges import FieldRange, field_range
from sim.scenario.schema import Scenario, Uncertainty
from sim.scenario.uncertain import (
    NORMAL_BOUND_SDS,
    beta_support,
    declaration_problems,
    exploration_bounds,
    integer_span,
)

__all__ = [
    "NORMAL_BOUND_SDS",
    "ParameterSampler",
    "as_field_value",
    "beta_support",
    "declaration_problems",
    "draw_value",
    "exploration_bounds",
    "sample_parameters",
]


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
        first, last = integer_span(uncertain.low, uncertain.high)
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


def _truncated_normal(mean: float, sd: float, field: FieldRange, rng: np.random.Generator) -> float:
    spread = NORMAL_BOUND_SDS * sd
    low, high = max(field.low, mean - spread), min(field.high, mean + spread)
    lower = float(ndtr((low - mean) / sd))
    upper = float(ndtr((high - mean) / sd))
    quantile = float(rng.uniform(lower, upper))
    return float(field.clip(min(max(mean + sd * float(ndtri(quantile)), low), high)))
