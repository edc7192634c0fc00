"""Pressure: an actor's leverage on a party, applied when that party keeps refusing.

An actor's ``pressure`` (``actors[].pressure`` in YAML; a patron's, in fact any
actor's) names a party ``on`` which it bears. Refusals of that party are counted
from ``from_round`` on (a round in which it refused a package while at the table);
once it has refused ``after_refusals`` times the pressure applies, at the start of
the next round, and with ``repeat`` again after every further ``after_refusals``
refusals. When it applies, the party's reservation (the utility of no deal) falls
by ``reservation``, and, with ``cost_per_round``, goes on falling by that much
every round from then on: no deal has become worse for it (coercion as the power
to hurt, Schelling 1966; a worse alternative to agreement moves the bargain
towards the others, Nash 1950). A party that never refuses is never pressured.

The changes apply as an event's effects do (:func:`sim.scenario.edit.apply_effects`),
so agents update in place and keep what they learned. The outcome lists every
application as ``actor/pressure@round`` (``Outcome.pressure``), and the
explanation, per pressured party, the applications it felt (``pressured``).
Nothing here draws a random number: pressure follows from the record alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from sim.policies.view import RoundRecord
from sim.scenario.schema import Effect, Pressure, Scenario

__all__ = ["PressureBook"]


class PressureBook:
    """Every declared pressure of a run, the refusals it has counted, and when it applied.

    Attributes:
        applied: every application, as ``actor/pressure@round``, in order.
        targets: per pressured party, the applications it felt, in order.
    """

    def __init__(self, scenario: Scenario) -> None:
        """The pressures the scenario's actors declare, none applied yet."""
        self._pressures: list[tuple[str, Pressure]] = [
            (actor.id, pressure) for actor in scenario.actors for pressure in actor.pressure
        ]
        self._refusals = [0] * len(self._pressures)
        self._times = [0] * len(self._pressures)
        self._costs: dict[str, float] = {}
        self._seen = 0
        self.applied: list[str] = []
        self.targets: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        """Whether any actor declares pressure."""
        return bool(self._pressures)

    def due(self, record: Sequence[RoundRecord], t: int) -> list[Effect]:
        """The effects of the pressure at the start of round t, given the record so far."""
        if not self._pressures:
            return []
        for past in record[self._seen :]:
            refused = set(past.refused) - set(past.walked_out)
            for k, (_, pressure) in enumerate(self._pressures):
                if past.round >= pressure.from_round and pressure.on in refused:
                    self._refusals[k] += 1
        self._seen = len(record)
        effects: list[Effect] = []
        for k, (actor_id, pressure) in enumerate(self._pressures):
            times = self._times[k]
            if times and not pressure.repeat:
                continue
            if self._refusals[k] < pressure.after_refusals * (times + 1):
                continue
            self._times[k] += 1
            applied = f"{actor_id}/{pressure.id}@{t}"
            self.applied.append(applied)
            self.targets.setdefault(pressure.on, []).append(applied)
            if pressure.reservation is not None:
                effects.append(_drop(pressure.on, pressure.reservation))
            if pressure.cost_per_round is not None:
                self._costs[pressure.on] = self._costs.get(pressure.on, 0.0) + (
                    pressure.cost_per_round
                )
        effects.extend(_drop(party, -cost) for party, cost in self._costs.items())
        return effects


def _drop(party: str, delta: float) -> Effect:
    return Effect(actor=party, field="reservation", delta=delta)
