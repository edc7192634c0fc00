"""Protocols: who proposes, who must consent, when it ends."""

from __future__ import annotations

from sim.protocols.alternating import AlternatingOffers
from sim.protocols.base import Protocol
from sim.protocols.forecast import ForecastText
from sim.protocols.mediated import MediatedText

PROTOCOLS: dict[str, type[Protocol]] = {
    MediatedText.name: MediatedText,
    AlternatingOffers.name: AlternatingOffers,
    ForecastText.name: ForecastText,
}


def protocol_names() -> list[str]:
    """Names a scenario's ``protocol.name`` may take."""
    return sorted(PROTOCOLS)


__all__ = [
    "PROTOCOLS",
    "AlternatingOffers",
    "ForecastText",
    "MediatedText",
    "Protocol",
    "protocol_names",
]
