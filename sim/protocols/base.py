"""The protocol interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

import numpy as np

if TYPE_CHECKING:
    from sim.model import NegotiationModel


class Protocol(ABC):
    """Decides, each round, which package is on the table and who put it there."""

    name: ClassVar[str]

    def __init__(self, model: NegotiationModel) -> None:
        self.model = model

    @abstractmethod
    def proposal(self, t: int, thresholds: np.ndarray, available: np.ndarray) -> tuple[int | None, str]:
        """The package on the table at round t (None if none can be made) and its proposer."""

    def perceived(self, observer_noise: float, rng: np.random.Generator) -> np.ndarray:
        """The parties' effective utilities as an observer with this much noise sees them."""
        game = self.model.game
        if observer_noise <= 0:
            return game.effective
        return game.effective + rng.normal(0.0, observer_noise, size=game.effective.shape)
