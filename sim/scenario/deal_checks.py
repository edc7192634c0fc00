"""Cross-field checks of the deal mechanics: effects on governments, linked terms, time.

Called from :func:`sim.scenario.references.find_problems` with one line; every
problem is located (``events.0.effects.1.field``, ``constraints.2.then.in.0``).
"""

from __future__ import annotations

from collections.abc import Iterator

from sim.scenario.government_effects import GOVERNMENT_FIELDS
from sim.scenario.references import Problem
from sim.scenario.schema import Scenario


def deal_problems(s: Scenario) -> Iterator[Problem]:
    """Every problem of the deal mechanics in a scenario."""
    yield from government_effect_problems(s)


def government_effect_problems(s: Scenario) -> Iterator[Problem]:
    """Effects on governments that name an unknown government, field, partner or net."""
    governments = {g.id: g for g in s.governments}
    for ei, event in enumerate(s.events):
        for fi, effect in enumerate(event.effects):
            if effect.government is None:
                continue
            at = ("events", ei, "effects", fi)
            government = governments.get(effect.government)
            if government is None:
                known = ", ".join(governments) or "none"
                yield Problem(
                    (*at, "government"),
                    f"unknown government '{effect.government}' (known: {known})",
                )
                continue
            field = effect.field or ""
            partners = [p.actor for p in government.partners]
            nets = [n.actor for n in government.safety_nets]
            if field in GOVERNMENT_FIELDS:
                continue
            if field.startswith("seats."):
                if field.removeprefix("seats.") not in partners:
                    yield Problem(
                        (*at, "field"),
                        f"'{field}': no partner '{field.removeprefix('seats.')}' in government "
                        f"'{government.id}' (partners: {', '.join(partners) or 'none'})",
                    )
                continue
            if field.startswith("safety_nets.") and field.endswith(".seats"):
                who = field.removeprefix("safety_nets.").removesuffix(".seats")
                if who not in nets:
                    yield Problem(
                        (*at, "field"),
                        f"'{field}': no safety net of '{who}' for government '{government.id}' "
                        f"(nets: {', '.join(nets) or 'none'})",
                    )
                continue
            yield Problem(
                (*at, "field"),
                f"unknown government field '{field}'; use one of {', '.join(GOVERNMENT_FIELDS)}, "
                "seats.<partner> or safety_nets.<actor>.seats",
            )
