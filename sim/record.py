"""The record of one run: the outcome, and the per-round trace if asked for."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class GovernmentRecord:
    """What a deal did to one government.

    Attributes:
        survived: whether the seats behind it reach the majority after the deal.
        seats: the seats behind it after the deal (partners that stayed, safety nets).
        majority: the seats it needs.
        exited: partners that left over the deal.
        threatened: partners that threatened to leave before the deal (whether or not they did).
        stayed: partners that stayed (threatened and stayed: in both lists).
    """

    survived: bool
    seats: int
    majority: int
    exited: list[str]
    threatened: list[str] = field(default_factory=list)
    stayed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    """How one seeded run ended.

    Attributes:
        scenario: the scenario's name.
        seed: the seed of the run (None when run from a SeedSequence without one).
        protocol: the protocol's name.
        deal: whether every needed party accepted a package.
        round: the round of the deal (of phase one, in a phased deal), else the last round
            run (from 0).
        terms: issue to option of the deal, else None.
        package: the deal's package number, else None.
        last_proposal: the terms of the last package put on the table (the deal's, if
            any; None when nothing could be proposed).
        utilities: each actor's utility of the deal, discounted to round 0 by its
            ``discount`` (``discount ** round * U``; of no deal: its reservation).
        accepted: the parties that accepted the final proposal.
        required: the parties whose consent the deal needed.
        government_survived: whether every government survived the deal (None
            when there is no deal or no government).
        governments: per government, seats after the deal and who left.
        exited: coalition partners that left over the deal.
        walkout: the first party that walked out, else None.
        explanation: why it ended so: ``refused`` (party -> reason: ``{"red_line": id}``,
            ``{"shortfall": x}`` below its acceptance level, or ``{"walked_out": True}``)
            for the last round of a run without a deal; for a deal, ``binding`` (the
            accepting party closest to refusing, the last to come round) and its
            ``margin`` (utility less acceptance level).
        threatened: coalition partners that threatened to leave their government during the
            run (deal or not), in the order they first did.
        days: calendar days from the start to the end of the last round played
            (``(round + 1) * protocol.round_days``; None when the scenario gives no
            ``round_days``).
        actions: the actors' actions that happened (``actor/action@round``), in order.
        deferred: the issues the deal leaves open: deferred in a phase and not settled by
            a later one (empty without a deal).
        phase: the phase of the deal reached (1 unless a phase agreed a package that
            deferred issues; a later phase may fail, leaving the earlier deal in force).
        phases: per phase that ended in a multi-phase run: ``phase``, ``round`` (its last
            round, from 0), ``agreed``, ``settled`` (terms it settled), ``deferred``
            (issues its package left open) and ``days`` (from the start; None without
            ``round_days``). Empty when the deal took one phase.
        pressure: the pressure that applied (``actor/pressure@round``), in order; the
            explanation's ``pressured`` gives, per pressured party, what it felt.
        trace: the per-round trace, when asked for.
    """

    scenario: str
    seed: int | None
    protocol: str
    deal: bool
    round: int
    terms: dict[str, str | int | float] | None
    package: int | None
    last_proposal: dict[str, str | int | float] | None
    utilities: dict[str, float]
    accepted: list[str]
    required: list[str]
    government_survived: bool | None
    governments: dict[str, GovernmentRecord]
    exited: list[str]
    walkout: str | None
    explanation: dict[str, Any] = field(default_factory=dict)
    threatened: list[str] = field(default_factory=list)
    days: float | None = None
    actions: list[str] = field(default_factory=list)
    deferred: list[str] = field(default_factory=list)
    phase: int = 1
    phases: list[dict[str, Any]] = field(default_factory=list)
    pressure: list[str] = field(default_factory=list)
    trace: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @property
    def government_stands(self) -> bool:
        """A deal that leaves every government standing (or touches none)."""
        return self.deal and self.government_survived is not False

    @property
    def government_falls(self) -> bool:
        """A deal that brings a government down."""
        return self.deal and self.government_survived is False

    @property
    def mechanism(self) -> str:
        """What decided the run, in one word (the ensemble tabulates it).

        A deal: ``government_falls`` (a partner left and the seats fell short),
        ``threat_not_carried_out`` (a partner threatened and stayed, and the
        government stands), or ``ratified``. No deal: ``walkout``, ``red_line`` (a
        needed party refused over a hard red line in the last round), ``shortfall``
        (over utility), or ``no_proposal``. Prefixed ``action:`` when an actor's
        action happened during the run (``action:ratified``), and ``pressure:`` when
        pressure applied to a party the deal needed, or to one that refused in the last
        round of a run without a deal (``pressure:ratified``), and ``phased:`` when
        the deal took more than one phase or leaves issues open (``phased:ratified``).
        """
        if self.deal:
            stayed = any(
                p in record.stayed
                for record in self.governments.values()
                for p in record.threatened
            )
            word = (
                "government_falls"
                if self.government_survived is False
                else "threat_not_carried_out"
                if stayed
                else "ratified"
            )
        else:
            reasons = (self.explanation.get("refused") or {}).values()
            word = (
                "walkout"
                if self.walkout
                else "red_line"
                if any("red_line" in r for r in reasons)
                else "shortfall"
                if any("shortfall" in r for r in reasons)
                else "no_proposal"
            )
        if self.deal and (self.phase > 1 or self.deferred):
            word = f"phased:{word}"
        pressured = self.explanation.get("pressured") or {}
        decisive = self.required if self.deal else list(self.explanation.get("refused") or {})
        if any(party in pressured for party in decisive):
            word = f"pressure:{word}"
        return f"action:{word}" if self.actions else word

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON (without the trace)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "trace"}
        data["governments"] = {k: asdict(v) for k, v in self.governments.items()}
        data["utilities"] = {k: round(v, 6) for k, v in self.utilities.items()}
        data["mechanism"] = self.mechanism
        return data
