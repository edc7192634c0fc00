"""Errors of predictions against outcomes: MAE, RMSE and a bootstrap interval of the MAE."""

from __future__ import annotations

import numpy as np

BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 0


def mae(errors: np.ndarray) -> float | None:
    """Mean absolute error (None for no issue)."""
    return float(np.mean(np.abs(errors))) if errors.size else None


def rmse(errors: np.ndarray) -> float | None:
    """Root mean squared error (None for no issue)."""
    return float(np.sqrt(np.mean(errors**2))) if errors.size else None


def mae_interval(
    errors: np.ndarray, resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED
) -> list[float] | None:
    """Percentile bootstrap 95% interval of the MAE, resampling issues with replacement."""
    if errors.size == 0:
        return None
    rng = np.random.default_rng(seed)
    absolute = np.abs(errors)
    draws = rng.integers(0, absolute.size, size=(resamples, absolute.size))
    means = absolute[draws].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return [float(low), float(high)]


def summary(errors: np.ndarray) -> dict[str, object]:
    """``n``, ``mae``, ``rmse`` and ``mae_ci`` of some errors."""
    return {
        "n": int(errors.size),
        "mae": mae(errors),
        "rmse": rmse(errors),
        "mae_ci": mae_interval(errors),
    }
