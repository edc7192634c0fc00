"""Cross-field checks of the deal mechanics: effects on governments, linked terms, time.

Called from :func:`sim.scenario.references.find_problems` with one line; every
problem is located (``events.0.effects.1.field``, ``constraints.2.then.in.0``).
:func:`coherent_packages` is the one place linked terms are turned into a mask
over the package space (the bottom layer: it needs nothing above the schema).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

import numpy as np

from sim.scenario.failed import attempt, guarded, items
from sim.scenario.government_effects import GOVERNMENT_FIELDS
from sim.scenario.problems import Problem
from sim.scenario.schema import (
    Action,
    Actor,
    Condition,
    Constraint,
    Effect,
    Event,
    Government,
    Issue,
    OptionRef,
    Scenario,
)

ConditionCheck = Callable[[Condition, dict[str, Issue], tuple], Iterator[Problem]]
"""Checks one condition's issue and options at a place (passed down by the references module)."""


def deal_problems(
    s: Scenario,
    condition_problems: ConditionCheck,
    event_fields: tuple[str, ...],
    policy_field: re.Pattern[str],
) -> Iterator[Problem]:
    """Every problem of the deal mechanics in a scenario.

    Args:
        s: the scenario.
        condition_problems: how a condition is checked (the same check as parties' ``when``).
        event_fields: the actor fields an effect may change.
        policy_field: the pattern of policy-parameter fields an effect may change.
    """
    yield from guarded(government_effect_problems, s)
    yield from guarded(constraint_problems, s, condition_problems)
    yield from guarded(action_problems, s, event_fields, policy_field)
    yield from guarded(idle_red_line_problems, s)


def idle_red_line_problems(s: Scenario) -> Iterator[Problem]:
    """Hard red lines that could change nothing: refused rather than silently ignored.

    A hard red line acts when its holder's consent is needed (a party), when it
    decides whether to leave a government (a coalition partner), or when one of
    the holder's actions is tied to it (``when_crossed``). Anyone else's hard
    line (a mediator's, an outside actor's) would be accepted and ignored.
    """
    parties = {p.actor for p in s.parties}
    partners = {p.actor for g in s.governments for p in g.partners}
    for ai, actor in items(s, "actors"):
        yield from guarded(_idle_lines, actor, ai, parties | partners)


def _idle_lines(actor: Actor, ai: int, members: set[str]) -> Iterator[Problem]:
    if actor.id not in members:
        tied = {action.when_crossed for action in actor.actions}
        for li, line in enumerate(actor.red_lines):
            if line.hard and line.id not in tied:
                yield Problem(
                    ("actors", ai, "red_lines", li),
                    f"'{actor.id}' is neither a party nor a coalition partner, so its hard red "
                    f"line '{line.id}' would change nothing: make '{actor.id}' a party or a "
                    "partner, tie one of its actions to the line (actions: when_crossed), make "
                    "the line soft (hard: false with a penalty), or remove it",
                )


def action_problems(
    s: Scenario, event_fields: tuple[str, ...], policy_field: re.Pattern[str]
) -> Iterator[Problem]:
    """Actions naming unknown actors, fields, red lines or governments, or impossible rounds."""
    actors = attempt(lambda: {a.id for a in s.actors})
    issues = attempt(lambda: {i.id for i in s.issues})
    lines = attempt(lambda: {line.id for a in s.actors for line in a.red_lines})
    known = _Known(actors, issues, lines, event_fields, policy_field)
    for ai, actor in items(s, "actors"):
        for ki, action in items(actor, "actions"):
            at = ("actors", ai, "actions", ki)
            yield from guarded(_action_problems, s, actor, action, at)
            for fi, effect in items(action, "effects"):
                yield from guarded(_action_effect_problems, effect, known, (*at, "effects", fi))


class _Known(NamedTuple):
    """The names an action's effects may use."""

    actors: set[str]
    issues: set[str]
    red_lines: set[str]
    event_fields: tuple[str, ...]
    policy_field: re.Pattern[str]


def _action_problems(s: Scenario, actor: Actor, action: Action, at: tuple) -> Iterator[Problem]:
    """An action's rounds, and the red line it is tied to."""
    if action.first_round >= s.protocol.rounds:
        yield Problem(
            (*at, "first_round"),
            f"round {action.first_round} is after the last round ({s.protocol.rounds - 1})",
        )
    if action.last_round is not None and action.last_round < action.first_round:
        yield Problem((*at, "last_round"), "the last round is before the first")
    if action.when_crossed is not None:
        own_hard = {line.id for line in actor.red_lines if line.hard}
        if action.when_crossed not in own_hard:
            yield Problem(
                (*at, "when_crossed"),
                f"'{action.when_crossed}' is not one of {actor.id}'s hard red lines "
                f"(its hard lines: {', '.join(sorted(own_hard)) or 'none'})",
            )


def _action_effect_problems(effect: Effect, known: _Known, where: tuple) -> Iterator[Problem]:
    """An effect of an action naming an unknown red line, actor or field."""
    if effect.red_line is not None:
        if effect.red_line not in known.red_lines:
            yield Problem((*where, "red_line"), f"unknown red line '{effect.red_line}'")
    elif effect.government is not None:
        return  # government_effect_problems
    elif effect.actor not in known.actors:
        yield Problem((*where, "actor"), f"unknown actor '{effect.actor}'")
    else:
        field = effect.field or ""
        if not (
            field in known.event_fields
            or known.policy_field.fullmatch(field)
            or (field.startswith("salience.") and field[9:] in known.issues)
        ):
            yield Problem(
                (*where, "field"),
                f"unknown field '{field}'; use one of {', '.join(known.event_fields)}, "
                "salience.<issue>, tactic.params.<name> or "
                "policies.<kind>.params.<name>",
            )


def constraint_problems(s: Scenario, condition_problems: ConditionCheck) -> Iterator[Problem]:
    """Linked terms naming unknown issues or options, or leaving no package at all."""
    issues = attempt(lambda: {issue.id: issue for issue in s.issues})
    found = False
    for ci, constraint in items(s, "constraints"):
        for part, field in (("if", "if_"), ("then", "then")):
            at = ("constraints", ci, part)
            for problem in guarded(_condition, constraint, field, issues, at, condition_problems):
                found = True
                yield problem
    if s.constraints and not found and not coherent_packages(s).any():
        yield Problem(
            ("constraints",),
            "the constraints leave no package: every combination of terms breaks one of them",
        )


def _condition(
    constraint: Constraint,
    field: str,
    issues: dict[str, Issue],
    at: tuple,
    condition_problems: ConditionCheck,
) -> Iterator[Problem]:
    yield from condition_problems(getattr(constraint, field), issues, at)


def coherent_packages(s: Scenario) -> np.ndarray:
    """``[packages]`` the packages that meet every linked-terms constraint (all, without any).

    Computed on the issues' option grid (one boolean per option an issue), so it
    costs a broadcast, not a loop over packages.
    """
    sizes = [issue.choices for issue in s.issues]
    index = {issue.id: k for k, issue in enumerate(s.issues)}
    issues = {issue.id: issue for issue in s.issues}
    coherent = np.ones([1] * len(sizes), dtype=bool)
    for constraint in s.constraints:
        masks = []
        for condition in (constraint.if_, constraint.then):
            issue = issues[condition.issue]
            per_option = _options_meeting(issue, condition)
            if issue.deferrable:  # a deferred issue meets no condition
                per_option = np.append(per_option, False)
            shape = [1] * len(sizes)
            shape[index[issue.id]] = issue.choices
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
    governments = attempt(lambda: {g.id: g for g in s.governments})
    owners: list[tuple[tuple, Action | Event]] = [
        (("events", ei), event) for ei, event in items(s, "events")
    ]
    for ai, actor in items(s, "actors"):
        actions = items(actor, "actions")
        owners += [(("actors", ai, "actions", ki), action) for ki, action in actions]
    for owner, acting in owners:
        for fi, effect in items(acting, "effects"):
            yield from guarded(_government_effect, effect, governments, (*owner, "effects", fi))


def _government_effect(
    effect: Effect, governments: dict[str, Government], at: tuple
) -> Iterator[Problem]:
    if effect.government is None:
        return
    government = governments.get(effect.government)
    if government is None:
        known = ", ".join(governments) or "none"
        yield Problem(
            (*at, "government"),
            f"unknown government '{effect.government}' (known: {known})",
        )
        return
    field = effect.field or ""
    partners = [p.actor for p in government.partners]
    nets = [n.actor for n in government.safety_nets]
    if field in GOVERNMENT_FIELDS:
        return
    if field.startswith("seats."):
        if field.removeprefix("seats.") not in partners:
            yield Problem(
                (*at, "field"),
                f"'{field}': no partner '{field.removeprefix('seats.')}' in government "
                f"'{government.id}' (partners: {', '.join(partners) or 'none'})",
            )
        return
    if field.startswith("safety_nets.") and field.endswith(".seats"):
        who = field.removeprefix("safety_nets.").removesuffix(".seats")
        if who not in nets:
            yield Problem(
                (*at, "field"),
                f"'{field}': no safety net of '{who}' for government '{government.id}' "
                f"(nets: {', '.join(nets) or 'none'})",
            )
        return
    yield Problem(
        (*at, "field"),
        f"unknown government field '{field}'; use one of {', '.join(GOVERNMENT_FIELDS)}, "
        "seats.<partner> or safety_nets.<actor>.seats",
    )
