"""Cross-field checks of the deal mechanics: effects on governments, linked terms, time.

Called from :func:`sim.scenario.references.find_problems` with one line; every
problem is located (``events.0.effects.1.field``, ``constraints.2.then.in.0``).
:func:`coherent_packages` is the one place linked terms are turned into a mask
over the package space (the bottom layer: it needs nothing above the schema).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from sim.scenario.government_effects import GOVERNMENT_FIELDS
from sim.scenario.references import Problem, _condition_problems
from sim.scenario.schema import Condition, Issue, OptionRef, Scenario


def deal_problems(s: Scenario) -> Iterator[Problem]:
    """Every problem of the deal mechanics in a scenario."""
    yield from government_effect_problems(s)
    yield from constraint_problems(s)


def constraint_problems(s: Scenario) -> Iterator[Problem]:
    """Linked terms naming unknown issues or options, or leaving no package at all."""
    issues = {issue.id: issue for issue in s.issues}
    found = False
    for ci, constraint in enumerate(s.constraints):
        for part, condition in (("if", constraint.if_), ("then", constraint.then)):
            for problem in _condition_problems(condition, issues, ("constraints", ci, part)):
                found = True
                yield problem
    if s.constraints and not found and not coherent_packages(s).any():
        yield Problem(
            ("constraints",),
            "the constraints leave no package: every combination of terms breaks one of them",
        )


def coherent_packages(s: Scenario) -> np.ndarray:
    """``[packages]`` the packages that meet every linked-terms constraint (all, without any).

    Computed on the issues' option grid (one boolean per option an issue), so it
    costs a broadcast, not a loop over packages.
    """
    sizes = [issue.size for issue in s.issues]
    index = {issue.id: k for k, issue in enumerate(s.issues)}
    issues = {issue.id: issue for issue in s.issues}
    coherent = np.ones([1] * len(sizes), dtype=bool)
    for constraint in s.constraints:
        masks = []
        for condition in (constraint.if_, constraint.then):
            issue = issues[condition.issue]
            per_option = _options_meeting(issue, condition)
            shape = [1] * len(sizes)
            shape[index[issue.id]] = issue.size
            masks.append(per_option.reshape(shape))
        coherent = coherent & (~masks[0] | masks[1])
    return np.broadcast_to(coherent, sizes).reshape(-1)


def _options_meeting(issue: Issue, condition: Condition) -> np.ndarray:
    """``[options]`` where a condition holds on one issue (positions: rank, or value)."""
    if issue.numeric:
        positions = np.asarray(issue.numeric_values, dtype=float)
    else:
        positions = np.arange(issue.size, dtype=float)

    def position(ref: OptionRef) -> float:
        if issue.numeric:
            return float(ref)
        return float(issue.option_index(ref) or 0)

    mask = np.ones(issue.size, dtype=bool)
    if condition.in_ is not None:
        chosen = np.zeros(issue.size, dtype=bool)
        chosen[[int(issue.option_index(ref) or 0) for ref in condition.in_]] = True
        mask &= chosen
    if condition.min is not None:
        mask &= positions >= position(condition.min)
    if condition.max is not None:
        mask &= positions <= position(condition.max)
    return mask


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
