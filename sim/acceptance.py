"""When a utility meets an acceptance level: the one test every part of dealsim uses.

A party accepts a package when the package crosses none of its hard red lines
and its utility of it is at or above its current acceptance level; the exact
analysis counts a package in the zone of agreement when every needed party's
utility is at or above its reservation. Both use :func:`meets`, so the
simulation and the analysis can never disagree on a package by rounding.
"""

from __future__ import annotations

import numpy as np

TOLERANCE = 1e-9
"""Utilities this close below a level meet it (rounding in sums of weighted values)."""


def meets(utility, level):
    """Whether ``utility`` is at or above ``level`` (floats or arrays, broadcast)."""
    return np.greater_equal(utility, np.subtract(level, TOLERANCE))


def meets_scalar(utility: float, level: float) -> bool:
    """:func:`meets` for two plain floats, without numpy's overhead (a round asks often)."""
    return utility >= level - TOLERANCE
