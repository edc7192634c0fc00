"""How an observer misreads the parties' utilities: a fixed error per package, drawn lazily."""

from __future__ import annotations

import numpy as np


class PerceptionError:
    """An observer's fixed misreading of every party's utility of every package.

    Drawn once per package per run, and lazily: only for packages the observer
    is shown, in the order it is shown them, so a run with a seed misreads the
    same way every time while the thousands of packages it never considers
    cost nothing. The errors drawn so far are kept side by side in the order
    they were drawn (a package's slot says where), not in an array over the
    whole outcome space: a run that shows an observer a few hundred of thousands
    of packages allocates and touches only what it drew.
    """

    def __init__(self, noise: float, rng: np.random.Generator, shape: tuple[int, int]) -> None:
        self.noise = noise
        self.rng = rng
        self.shape = shape
        self._slot: np.ndarray | None = None
        """``[packages]`` where each package's errors are in ``_errors`` (-1: not drawn yet)."""
        self._errors: np.ndarray | None = None
        """``[parties, drawn]`` the errors drawn so far, in the order drawn (None before any)."""

    def misread(self, utilities: np.ndarray, packages: np.ndarray) -> np.ndarray:
        """``utilities`` (``[parties, len(packages)]``, fresh) as the observer reads them."""
        if self.noise <= 0:
            return utilities
        if self._slot is None:
            self._slot = np.full(self.shape[1], -1, dtype=np.intp)
        slots = self._slot[packages]
        new = packages[slots < 0]
        if new.size:
            errors = self._errors
            drawn = 0 if errors is None else errors.shape[1]
            draws = self.rng.normal(0.0, self.noise, (self.shape[0], new.size))
            self._errors = draws if errors is None else np.concatenate((errors, draws), axis=1)
            self._slot[new] = np.arange(drawn, drawn + new.size)
            slots = self._slot[packages]
        if self._errors is None:  # no package shown yet
            return utilities
        utilities += self._errors[:, slots]
        return utilities

    def of(self, row: int, package: int) -> float:
        """The error on one party's utility of one package (drawing it if new)."""
        if self.noise <= 0:
            return 0.0
        self.misread(np.zeros((self.shape[0], 1)), np.array([package]))
        assert self._slot is not None and self._errors is not None  # drawn just above
        return float(self._errors[row, self._slot[package]])
