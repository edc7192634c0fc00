"""Checks of the levers actors pull: pressure on a party, side payments, interaction terms.

- **Pressure** (``actors[].pressure``) names a party other than the actor
  itself, from a round the talks reach; its id is not also one of the actor's
  action ids (both are recorded as ``actor/id@round``).
- **Side payments** (``side_payments``) name a payer and a receiver that exist
  and differ, a receiver whose consent counts (a party), and an id that is not an
  issue's (the amount is a term of the package, under that id); the amounts and
  the packages they multiply stay within the limits of enumeration.
- **Interactions** (``actors[].interactions``) name existing issues and options.

Each problem is reported at the YAML line of the value at fault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sim.scenario.limits import LARGEST_VALUE_TABLE, MAX_PACKAGES, package_count
from sim.scenario.problems import Problem
from sim.scenario.schema import Condition, Issue, Scenario, SidePayment

ConditionCheck = Callable[[Condition, dict[str, Issue], tuple], Iterator[Problem]]


def lever_problems(s: Scenario, condition_problems: ConditionCheck) -> Iterator[Problem]:
    """Every problem of the scenario's pressure, side payments and interaction terms."""
    yield from pressure_problems(s)
    yield from side_payment_problems(s)
    yield from interaction_problems(s, condition_problems)


def pressure_problems(s: Scenario) -> Iterator[Problem]:
    """Pressure on an unknown actor, a non-party or oneself; rounds past the end; clashing ids."""
    actors = {a.id for a in s.actors}
    parties = {p.actor for p in s.parties}
    for ai, actor in enumerate(s.actors):
        action_ids = {action.id for action in actor.actions}
        seen: set[str] = set()
        for pi, pressure in enumerate(actor.pressure):
            at = ("actors", ai, "pressure", pi)
            if pressure.id in action_ids or pressure.id in seen:
                yield Problem(
                    (*at, "id"),
                    f"'{pressure.id}' is already the id of one of {actor.id}'s actions or "
                    "pressures (the outcome names both as actor/id@round)",
                )
            seen.add(pressure.id)
            if pressure.on == actor.id:
                yield Problem(
                    (*at, "on"), f"'{actor.id}' cannot pressure itself; name another party"
                )
            elif pressure.on not in actors:
                yield Problem(
                    (*at, "on"),
                    f"unknown actor '{pressure.on}' (known: {', '.join(sorted(actors))})",
                )
            elif pressure.on not in parties:
                yield Problem(
                    (*at, "on"),
                    f"'{pressure.on}' is not a party: it is never asked, so it never refuses "
                    f"and its reservation changes nothing (parties: {', '.join(sorted(parties))})",
                )
            if pressure.from_round >= s.protocol.rounds:
                yield Problem(
                    (*at, "from_round"),
                    f"round {pressure.from_round} is after the last round "
                    f"({s.protocol.rounds - 1})",
                )


def side_payment_problems(s: Scenario) -> Iterator[Problem]:
    """Unknown or identical payer and receiver, a receiver who is no party, ids, sizes."""
    actors = {a.id for a in s.actors}
    parties = {p.actor for p in s.parties}
    issues = {i.id for i in s.issues}
    seen: set[str] = set()
    for pi, payment in enumerate(s.side_payments):
        at = ("side_payments", pi)
        if payment.id in issues or payment.id in seen:
            yield Problem(
                (*at, "id"),
                f"'{payment.id}' is already the id of an issue or side payment (the amount is "
                "a term of the package under this id)",
            )
        seen.add(payment.id)
        for role in ("payer", "receiver"):
            who = getattr(payment, role)
            if who not in actors:
                yield Problem(
                    (*at, role), f"unknown actor '{who}' (known: {', '.join(sorted(actors))})"
                )
        if payment.payer == payment.receiver:
            yield Problem((*at, "receiver"), "the payer cannot pay itself; name another actor")
        elif payment.receiver in actors and payment.receiver not in parties:
            yield Problem(
                (*at, "receiver"),
                f"'{payment.receiver}' is not a party: nobody asks its consent, so a payment "
                f"to it changes nothing (parties: {', '.join(sorted(parties))})",
            )
        amounts = payment_amounts(payment)
        if amounts > LARGEST_VALUE_TABLE:
            yield Problem(
                (*at, "step"),
                f"{payment.budget} in steps of {payment.step} makes {amounts:,} amounts; "
                f"at most {LARGEST_VALUE_TABLE:,} (take a larger step)",
            )
    if s.side_payments:
        total = package_count(s.issues)
        for payment in s.side_payments:
            total *= payment_amounts(payment)
        if total > MAX_PACKAGES:
            yield Problem(
                ("side_payments",),
                f"the issues and the side payments' amounts make {total:,} packages; at most "
                f"{MAX_PACKAGES:,} can be enumerated (take larger steps)",
            )


def payment_amounts(payment: SidePayment) -> int:
    """How many amounts a side payment offers: 0, step, ..., budget."""
    return payment_issue(payment).size


def payment_issue(payment: SidePayment) -> Issue:
    """A side payment as a numeric term of the package: 0 to its budget by its step.

    Integer when budget and step are whole numbers (outputs then show ``3``, not
    ``3.0``), else decimal (counted exactly in units of the step).
    """
    whole = float(payment.budget).is_integer() and float(payment.step).is_integer()
    return Issue(
        id=payment.id,
        label=payment.label,
        kind="integer" if whole else "decimal",
        min=0 if whole else 0.0,
        max=int(payment.budget) if whole else payment.budget,
        step=int(payment.step) if whole else payment.step,
    )


def interaction_problems(s: Scenario, condition_problems: ConditionCheck) -> Iterator[Problem]:
    """Interaction terms naming unknown issues or options."""
    issues = {issue.id: issue for issue in s.issues}
    for ai, actor in enumerate(s.actors):
        for ii, interaction in enumerate(actor.interactions):
            for part, condition in (("if", interaction.if_), ("and", interaction.and_)):
                yield from condition_problems(
                    condition, issues, ("actors", ai, "interactions", ii, part)
                )
