"""How an observer misreads the parties' utilities: a fixed error per package, drawn lazily."""

from __future__ import annotations

import numpy as np

_NO_ERROR = np.zeros((0, 0))
_NONE_DRAWN = np.zeros(0, dtype=bool)
_NO_ERROR.flags.writeable = False  # empty, and replaced (never written) once errors are drawn
_NONE_DRAWN.flags.writeable = False


class PerceptionError:
    """An observer's fixed misreading of every party's utility of every package.

    Drawn once per package per run, and lazily: only for packages the observer
    is shown, in the order it is shown them, so a run with a seed misreads the
    same way every time while the thousands of packages it never considers
    cost nothing.
    """

    def __init__(self, noise: float, rng: np.random.Generator, shape: tuple[int, int]) -> None:
        self.noise = noise
        self.rng = rng
        self.shape = shape
        self.error = _NO_ERROR  # allocated when first needed (never without noise)
        self.drawn = _NONE_DRAWN

    def misread(self, utilities: np.ndarray, packages: np.ndarray) -> np.ndarray:
        """``utilities`` (``[parties, len(packages)]``, fresh) as the observer reads them."""
        if self.noise <= 0:
            return utilities
        if not self.drawn.size:
            self.error = np.empty(self.shape)  # only drawn entries are ever read
            self.drawn = np.zeros(self.shape[1], dtype=bool)
        new = packages[~self.drawn[packages]]
        if new.size:
            self.error[:, new] = self.rng.normal(0.0, self.noise, (self.error.shape[0], new.size))
            self.drawn[new] = True
        utilities += self.error[:, packages]
        return utilities

    def of(self, row: int, package: int) -> float:
        """The error on one party's utility of one package (drawing it if new)."""
        if self.noise <= 0:
            return 0.0
        self.misread(np.zeros((self.error.shape[0], 1)), np.array([package]))
        return float(self.error[row, package])
