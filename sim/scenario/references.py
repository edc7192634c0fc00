"""Checks that span objects: ids that must exist, options that must belong to an issue.

Each problem carries the location (a path into the YAML tree) of the value at
fault, so the loader can report it at its line. Names of policies and
protocols are checked against a :class:`sim.scenario.registries.Registries`
(the one ``import sim`` fills, unless another is given): this layer imports
nothing above it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import cast

from sim.scenario.deal_checks import deal_problems
from sim.scenario.draws import uncertain_problems
from sim.scenario.failed import Failed, attempt, guarded, items
from sim.scenario.levers import lever_problems
from sim.scenario.limits import MAX_PACKAGES, package_count
from sim.scenario.phase_checks import phase_problems
from sim.scenario.problems import Problem
from sim.scenario.registries import POLICY_KINDS, PROTOCOL, REGISTRIES, Registries
from sim.scenario.roles import confusable_problems, consent_problems, role_problems
from sim.scenario.schema import (
    Actor,
    Condition,
    Effect,
    Event,
    Government,
    IdealPoint,
    Issue,
    OptionRef,
    Party,
    RedLine,
    Scenario,
)

__all__ = ["EVENT_FIELDS", "Problem", "find_problems"]

EVENT_FIELDS = ("reservation", "reservation_drift", "power", "noise", "deadline", "tactic.beta")
POLICY_PARAMETER_FIELD = re.compile(
    r"(tactic|policies\.(proposal|response|walkout|exit))\.params\.[A-Za-z][A-Za-z0-9_\-]*"
)
"""Event fields that shift a parameter of one of an actor's policies."""


def find_problems(
    scenario: Scenario, check_uncertain: bool = True, registries: Registries | None = None
) -> list[Problem]:
    """All cross-reference problems of a scenario that pydantic accepted field by field.

    Args:
        scenario: the scenario.
        check_uncertain: also check the uncertain parameters: their paths, and
            every rule at the ends of what they can draw (skipped when only
            values changed, as in every run of an ensemble).
        registries: the policy and protocol names to accept; by default those
            registered when ``sim`` was imported.
    """
    names = registries if registries is not None else REGISTRIES
    problems = list(_problems(scenario, names))
    if check_uncertain and scenario.uncertain and not problems:
        problems += uncertain_problems(scenario, lambda drawn: list(_problems(drawn, names)))
    return problems


def _problems(s: Scenario, registries: Registries) -> Iterator[Problem]:
    """Every rule, each run apart (:func:`guarded`), so a part with errors skips only its own."""
    issues = attempt(lambda: {i.id: i for i in s.issues})
    actors = attempt(lambda: {a.id for a in s.actors})
    party_ids = attempt(lambda: {p.actor for p in s.parties})
    yield from guarded(_duplicates, attempt(lambda: [i.id for i in s.issues]), ("issues",), "issue")
    yield from guarded(_duplicates, attempt(lambda: [a.id for a in s.actors]), ("actors",), "actor")
    yield from guarded(_duplicates, attempt(lambda: [e.id for e in s.events]), ("events",), "event")
    yield from guarded(
        _duplicates, attempt(lambda: [p.actor for p in s.parties]), ("parties",), "party", "actor"
    )
    yield from guarded(_red_line_id_problems, s)

    packages = attempt(lambda: package_count(s.issues))
    yield from guarded(_package_problems, packages)
    for ai, actor in items(s, "actors"):
        at: tuple[str | int, ...] = ("actors", ai)
        yield from guarded(_salience_problems, actor, issues, at)
        yield from guarded(_values_problems, actor, issues, at)
        for li, line in items(actor, "red_lines"):
            yield from guarded(_red_line_problems, line, issues, (*at, "red_lines", li))
        yield from guarded(_policy_problems, actor, registries, at)
        yield from guarded(_deadline_problems, actor, s, at)
    for pi, party in items(s, "parties"):
        yield from guarded(_party_problems, party, actors, issues, ("parties", pi))
    for pi, party in items(s, "parties"):
        yield from guarded(_party_salience_problems, s, party, actors, ("parties", pi))
    for gi, gov in items(s, "governments"):
        at = ("governments", gi)
        yield from guarded(_government_problems, gov, actors, party_ids, issues, at)
    red_line_ids = attempt(lambda: {line.id for a in s.actors for line in a.red_lines})
    for ei, event in items(s, "events"):
        yield from guarded(_event_round_problems, s, event, ("events", ei))
        for fi, effect in items(event, "effects"):
            at = ("events", ei, "effects", fi)
            yield from guarded(
                _event_effect_problems, s, effect, actors, issues, red_line_ids, registries, at
            )
    yield from guarded(_protocol_problems, s, registries, actors, party_ids)
    from sim.scenario.decision_check import decision_problems  # it imports Problem from here

    yield from guarded(decision_problems, s)
    yield from deal_problems(s, _condition_problems, EVENT_FIELDS, POLICY_PARAMETER_FIELD)
    yield from guarded(lever_problems, s, _condition_problems)
    yield from guarded(phase_problems, s, _condition_problems)

    yield from role_problems(s)
    yield from confusable_problems(s)
    if not isinstance(packages, Failed) and packages <= MAX_PACKAGES:
        yield from guarded(consent_problems, s)


def _red_line_id_problems(s: Scenario) -> Iterator[Problem]:
    red_line_locs = [
        (line.id, ("actors", ai, "red_lines", li))
        for ai, actor in enumerate(s.actors)
        for li, line in enumerate(actor.red_lines)
    ]
    counts = Counter(name for name, _ in red_line_locs)
    for name, loc in red_line_locs:
        if counts[name] > 1:
            yield Problem((*loc, "id"), f"red line id '{name}' is used more than once")


def _package_problems(packages: int) -> Iterator[Problem]:
    if packages > MAX_PACKAGES:
        yield Problem(
            ("issues",),
            f"the issues make {packages:,} packages; at most {MAX_PACKAGES:,} can be enumerated",
        )


def _salience_problems(actor: Actor, issues: dict[str, Issue], at: tuple) -> Iterator[Problem]:
    for issue_id in actor.salience:
        if issue_id not in issues:
            yield Problem((*at, "salience", issue_id), f"unknown issue '{issue_id}'")
    if actor.salience and sum(actor.salience.values()) <= 0:
        yield Problem((*at, "salience"), "salience weights must not all be zero")
    for issue_id, weight in actor.salience.items():
        if weight > 0 and issue_id in issues and issue_id not in actor.values:
            yield Problem(
                (*at, "salience", issue_id),
                f"issue '{issue_id}' has a weight but no entry in values",
            )


def _values_problems(actor: Actor, issues: dict[str, Issue], at: tuple) -> Iterator[Problem]:
    for issue_id, spec in actor.values.items():
        yield from guarded(_value_problems, issue_id, spec, issues, (*at, "values", issue_id))


def _value_problems(
    issue_id: str, spec: IdealPoint | dict, issues: dict[str, Issue], where: tuple
) -> Iterator[Problem]:
    if issue_id not in issues:
        yield Problem(where, f"unknown issue '{issue_id}'")
        return
    issue = issues[issue_id]
    if isinstance(spec, dict):
        yield from _value_table_problems(issue, spec, where)
    elif issue.kind == "categorical":
        yield Problem(where, "an ideal point needs an ordinal or integer issue")
    elif issue.option_index(spec.ideal) is None:
        yield Problem((*where, "ideal"), _not_an_option(issue, spec.ideal))


def _deadline_problems(actor: Actor, s: Scenario, at: tuple) -> Iterator[Problem]:
    if actor.deadline is not None and actor.deadline > s.protocol.rounds:
        yield Problem(
            (*at, "deadline"),
            f"deadline {actor.deadline} is after the last round ({s.protocol.rounds})",
        )


def _party_problems(
    party: Party, actors: set[str], issues: dict[str, Issue], at: tuple
) -> Iterator[Problem]:
    if party.actor not in actors:
        yield Problem((*at, "actor"), f"unknown actor '{party.actor}'")
    for ci, condition in items(party, "when"):
        yield from guarded(_condition_problems, condition, issues, (*at, "when", ci))


def _party_salience_problems(
    s: Scenario, party: Party, actors: set[str], at: tuple
) -> Iterator[Problem]:
    if party.actor in actors and not s.actor(party.actor).salience:
        yield Problem(
            (*at, "actor"),
            f"party '{party.actor}' has no salience: it would value every deal at 0",
        )


def _government_problems(
    gov: Government, actors: set[str], party_ids: set[str], issues: dict[str, Issue], at: tuple
) -> Iterator[Problem]:
    yield from guarded(_leader_problems, gov, actors, party_ids, at)
    for ki, partner in items(gov, "partners"):
        yield from guarded(_actor_reference, partner.actor, actors, (*at, "partners", ki, "actor"))
    for ki, net in items(gov, "safety_nets"):
        yield from guarded(_actor_reference, net.actor, actors, (*at, "safety_nets", ki, "actor"))
        for ci, condition in items(net, "when"):
            yield from guarded(
                _condition_problems, condition, issues, (*at, "safety_nets", ki, "when", ci)
            )
    yield from guarded(_majority_problems, gov, at)


def _leader_problems(
    gov: Government, actors: set[str], party_ids: set[str], at: tuple
) -> Iterator[Problem]:
    if gov.leader not in actors:
        yield Problem((*at, "leader"), f"unknown actor '{gov.leader}'")
    elif gov.leader not in party_ids:
        yield Problem((*at, "leader"), f"leader '{gov.leader}' is not a consenting party")


def _majority_problems(gov: Government, at: tuple) -> Iterator[Problem]:
    # in floats: seat counts up to 1e15 each must not overflow the arrays they end up in
    total = float(gov.leader_seats) + float(gov.other_seats)
    total += sum(float(p.seats) for p in gov.partners)
    if total < gov.majority:
        yield Problem(
            (*at, "majority"),
            f"the coalition of '{gov.id}' has {total:,.0f} seats, under the "
            f"majority of {gov.majority:,}, before any deal",
        )


def _actor_reference(actor: str, actors: set[str], at: tuple) -> Iterator[Problem]:
    if actor not in actors:
        yield Problem(at, f"unknown actor '{actor}'")


def _event_round_problems(s: Scenario, event: Event, at: tuple) -> Iterator[Problem]:
    if event.phase == 1 and event.round >= s.protocol.rounds:
        yield Problem(
            (*at, "round"),
            f"round {event.round} is after the last round ({s.protocol.rounds - 1})",
        )


def _event_effect_problems(
    s: Scenario,
    effect: Effect,
    actors: set[str],
    issues: dict[str, Issue],
    red_line_ids: set[str],
    registries: Registries,
    at: tuple,
) -> Iterator[Problem]:
    if effect.red_line is not None:
        if effect.red_line not in red_line_ids:
            yield Problem((*at, "red_line"), f"unknown red line '{effect.red_line}'")
        return
    if effect.government is not None:
        return  # checked by sim.scenario.deal_checks
    if effect.actor not in actors:
        yield Problem((*at, "actor"), f"unknown actor '{effect.actor}'")
    field = effect.field or ""
    if field.startswith("salience."):
        if field.removeprefix("salience.") not in issues:
            yield Problem((*at, "field"), f"unknown issue in '{field}'")
    elif POLICY_PARAMETER_FIELD.fullmatch(field) and effect.actor in actors:
        yield from _shifted_parameter_problems(
            s.actor(effect.actor), field, registries, (*at, "field")
        )
    elif field not in EVENT_FIELDS and not POLICY_PARAMETER_FIELD.fullmatch(field):
        yield Problem(
            (*at, "field"),
            f"unknown field '{field}'; use one of "
            f"{', '.join(EVENT_FIELDS)}, salience.<issue>, tactic.params.<name> "
            f"or policies.<kind>.params.<name>",
        )


def _protocol_problems(
    s: Scenario, registries: Registries, actors: set[str], party_ids: set[str]
) -> Iterator[Problem]:
    protocol = s.protocol
    yield from registries.check(PROTOCOL, protocol.name, at=("protocol",))
    if protocol.mediator is not None and protocol.mediator not in actors:
        yield Problem(("protocol", "mediator"), f"unknown actor '{protocol.mediator}'")
    for ki, proposer in enumerate(protocol.proposers):
        if proposer not in party_ids:
            yield Problem(("protocol", "proposers", ki), f"'{proposer}' is not a party")


def _duplicates(names: list[str], at: tuple, what: str, key: str = "id") -> Iterator[Problem]:
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            yield Problem((*at, index, key), f"{what} '{name}' is declared more than once")
        seen.add(name)


def _not_an_option(issue: Issue, ref: OptionRef) -> str:
    if issue.numeric:
        return (
            f"{ref!r} is not an option of '{issue.id}' "
            f"({'integers' if issue.kind == 'integer' else 'numbers'} {issue.min} to {issue.max} "
            f"in steps of {issue.step})"
        )
    return f"{ref!r} is not an option of '{issue.id}' ({', '.join(issue.option_names)})"


def _value_table_problems(issue: Issue, table: dict, where: tuple) -> Iterator[Problem]:
    for ref in table:
        if issue.option_index(ref) is None:
            yield Problem((*where, ref), _not_an_option(issue, ref))
    given = {issue.option_index(ref) for ref in table}
    missing = [issue.option_label(i) for i in range(issue.size) if i not in given]
    if missing:
        yield Problem(where, f"no value for option(s) {', '.join(map(str, missing))}")


def _red_line_problems(line: RedLine, issues: dict[str, Issue], at: tuple) -> Iterator[Problem]:
    if line.issue not in issues:
        yield Problem((*at, "issue"), f"unknown issue '{line.issue}'")
        return
    yield from _predicate_problems(
        issues[line.issue], at, forbid=line.forbid, require=line.require, min=line.min, max=line.max
    )


def _condition_problems(
    condition: Condition, issues: dict[str, Issue], at: tuple
) -> Iterator[Problem]:
    if condition.issue not in issues:
        yield Problem((*at, "issue"), f"unknown issue '{condition.issue}'")
        return
    yield from _predicate_problems(
        issues[condition.issue], at, **{"in": condition.in_}, min=condition.min, max=condition.max
    )


def _predicate_problems(
    issue: Issue, at: tuple, **given: OptionRef | list[OptionRef] | None
) -> Iterator[Problem]:
    for key, refs in given.items():
        if refs is None:
            continue
        if key in ("min", "max"):
            bound = cast(OptionRef, refs)  # the schema makes min and max single options
            if issue.kind == "categorical":
                yield Problem(
                    (*at, key),
                    f"'{key}' needs an ordinal or integer issue; '{issue.id}' is categorical",
                )
            elif issue.numeric:
                if isinstance(bound, bool) or not isinstance(bound, int | float):
                    yield Problem(
                        (*at, key),
                        f"'{key}' on {issue.kind} issue '{issue.id}' must be a number, "
                        f"not {bound!r}",
                    )
            elif issue.option_index(bound) is None:
                yield Problem((*at, key), _not_an_option(issue, bound))
        else:
            # the schema makes the other predicates (in, forbid, require) lists of options
            for ri, ref in enumerate(cast(list[OptionRef], refs)):
                if issue.option_index(ref) is None:
                    yield Problem((*at, key, ri), _not_an_option(issue, ref))


def _policy_problems(actor, registries: Registries, at: tuple) -> Iterator[Problem]:
    """An actor's tactic and policies: registered names, known parameters in range."""
    tactic = actor.tactic
    problems = registries.check("concession", tactic.name, tactic.params, (*at, "tactic"))
    yield from problems
    if tactic.beta is not None and not problems:
        yield from registries.check(
            "concession", tactic.name, {"beta": tactic.beta}, (*at, "tactic"), parameters_key=None
        )
    for kind in POLICY_KINDS[1:]:
        spec = getattr(actor.policies, kind)
        if spec is not None:
            yield from registries.check(kind, spec.name, spec.params, (*at, "policies", kind))


def _shifted_parameter_problems(
    actor, field: str, registries: Registries, at: tuple
) -> Iterator[Problem]:
    """An event shifting a policy parameter the actor's policy of that kind does not take."""
    owner, key = field.rsplit(".params.", 1)
    kind = "concession" if owner == "tactic" else owner.removeprefix("policies.")
    spec = actor.tactic if owner == "tactic" else getattr(actor.policies, kind)
    if spec is None:
        yield Problem(at, f"actor '{actor.id}' names no {kind} policy whose '{key}' could change")
        return
    if spec.name in registries.names(kind):
        parameters = registries.entry(kind, spec.name).parameters
        if key not in parameters:
            takes = ", ".join(sorted(parameters)) or "no parameters"
            yield Problem(at, f"{kind} '{spec.name}' of '{actor.id}' takes no '{key}' ({takes})")
