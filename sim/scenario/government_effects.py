"""Events that change a government: its seats, majority, survival weight and safety nets.

An effect with ``government: <id>`` and ``field`` shifts (``delta``) or sets
(``set``) one number of that government:

- ``leader_seats``, ``other_seats``, ``majority``: seat counts (whole numbers, >= 0;
  the majority >= 1);
- ``survival_weight``: the utility its leader loses if it falls, in [0, 1];
- ``seats.<partner>``: the seats of one coalition partner;
- ``safety_nets.<actor>.seats``: the seats one opposition actor lends it.

A by-election, a defection or a party split changes seats; an opposition leader
who offers or withdraws a safety net changes a net's seats (Putnam 1988: the
win-set moves with the domestic coalition).
"""

from __future__ import annotations

from sim.scenario.schema import Effect, Government, Scenario

GOVERNMENT_FIELDS = ("leader_seats", "other_seats", "majority", "survival_weight")
"""Fields of a government an event may change, besides ``seats.<partner>`` and nets' seats."""


def apply_government_effects(scenario: Scenario, effects: list[Effect]) -> Scenario:
    """A copy with the effects on governments applied (others are left to the caller)."""
    touched = [e for e in effects if e.government is not None]
    if not touched:
        return scenario
    governments = {g.id: g for g in scenario.governments}
    for effect in touched:
        government = governments[effect.government]  # type: ignore[index]
        governments[government.id] = _changed(government, effect)
    return scenario.model_copy(
        update={"governments": [governments[g.id] for g in scenario.governments]}
    )


def _value(current: float, effect: Effect, low: float, high: float | None = None) -> float:
    value = effect.set if effect.set is not None else current + (effect.delta or 0.0)
    value = max(value, low)
    return min(value, high) if high is not None else value


def _changed(government: Government, effect: Effect) -> Government:
    field = effect.field or ""
    if field == "survival_weight":
        return government.model_copy(
            update={"survival_weight": _value(government.survival_weight, effect, 0.0, 1.0)}
        )
    if field in ("leader_seats", "other_seats", "majority"):
        low = 1.0 if field == "majority" else 0.0
        return government.model_copy(
            update={field: round(_value(getattr(government, field), effect, low))}
        )
    if field.startswith("seats."):
        who = field.removeprefix("seats.")
        partners = [
            p.model_copy(update={"seats": round(_value(p.seats, effect, 0.0))})
            if p.actor == who
            else p
            for p in government.partners
        ]
        return government.model_copy(update={"partners": partners})
    who = field.removeprefix("safety_nets.").removesuffix(".seats")
    nets = [
        n.model_copy(update={"seats": round(_value(n.seats, effect, 0.0))}) if n.actor == who else n
        for n in government.safety_nets
    ]
    return government.model_copy(update={"safety_nets": nets})
