"""The error experiments raise for input they cannot use."""

from __future__ import annotations


class ExperimentError(ValueError):
    """Bad experiment input: runs < 1, an unknown executor, a bad grid, an invalid sampled run."""
