"""The protocol interface: who proposes each round.

A protocol decides whose turn it is and asks that agent's proposal policy; it
never decides for an agent. Who must consent to a package and what counts as
agreement are the game's and the model's (see :mod:`sim.model`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from sim.model import NegotiationModel


class Protocol(ABC):
    """Decides, each round, who puts which package on the table.

    Subclasses set ``name`` and implement :meth:`proposal`; they are listed in
    :data:`sim.protocols.PROTOCOLS`.
    """

    name: ClassVar[str]
    metadata: ClassVar[dict] = {}

    def __init__(self, model: NegotiationModel) -> None:
        self.model = model

    @abstractmethod
    def proposal(self, t: int) -> tuple[int | None, str]:
        """The package on the table at round t (None if none can be made) and its proposer."""
