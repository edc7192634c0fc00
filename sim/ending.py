"""How a run ends: the outcome of the last round, ratified at home and explained.

The model calls :func:`outcome_of` when the talks end: a deal (a phase that
left nothing for a next one, or a later phase that failed, leaving the deal
agreed before in force) or no deal. Coalition partners decide whether to
leave, the binding party is found, and utilities are discounted by the rounds
of every phase.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.outcomes import DEFERRED, OutcomeSpace
from sim.ratification import ratify
from sim.record import GovernmentRecord, Outcome
from sim.scenario.schema import Scenario

if TYPE_CHECKING:
    from sim.model import NegotiationModel


def outcome_of(
    model: NegotiationModel,
    t: int,
    package: int | None,
    accepted: list[str],
    refused: dict[str, dict[str, Any]],
) -> Outcome:
    """The outcome of a run that ends in round t of its phase.

    Args:
        model: the model, as the last round left it.
        t: the round (of the current phase).
        package: the package agreed in this round, None without agreement.
        accepted: who accepted the last package put to the parties.
        refused: why the others refused it.
    """
    game = model.game
    scenario = model.scenario
    governments: dict[str, GovernmentRecord] = {}
    exited: list[str] = []
    binding: str | None = None
    margin: float | None = None
    if package is None and model.standing is not None:
        package = model.standing  # a later phase failed: the deal agreed before stands
        accepted, binding, margin = model.standing_agreement
    elapsed = model.steps - 1
    if package is not None:
        agents = model.actor_agents
        governments, exited = ratify(
            game,
            package,
            lambda partner, crosses: agents[partner].leaves_coalition(crosses),
            model.threats,
        )
        discounts = {a.id: a.discount for a in scenario.actors}
        utilities = {
            actor_id: float(game.preferences.utility[row, package])
            * discounts.get(actor_id, 1.0) ** elapsed
            for row, actor_id in enumerate(game.preferences.actor_ids)
        }
        needed = [
            p for p, need in zip(game.party_ids, game.column(package)[0], strict=True) if need
        ]
        if binding is None:
            binding, margin = binding_party(model, package, accepted)
    else:
        utilities = {a.id: model.actor_agents[a.id].reservation(t) for a in scenario.actors}
        needed = []
    space = game.space
    terms = space.terms(package) if package is not None else None
    return Outcome(
        scenario=scenario.name,
        seed=model.seed,
        protocol=model.protocol.name,
        deal=package is not None,
        round=model.phase_log[0]["round"] if model.phase_log else t,
        terms=terms,
        package=package,
        last_proposal=(
            dict(terms)
            if terms is not None and model.last_proposal == package
            else space.terms(model.last_proposal)
            if model.last_proposal is not None
            else None
        ),
        utilities=utilities,
        accepted=accepted,
        required=needed,
        government_survived=(
            all(g.survived for g in governments.values()) if governments else None
        ),
        governments=governments,
        exited=exited,
        walkout=model.walked_out[0] if model.walked_out else None,
        explanation={"refused": refused, "binding": binding, "margin": margin}
        | ({"pressured": model.pressure.targets} if model.pressure.targets else {}),
        threatened=list(model.threats),
        days=days_of(scenario, elapsed),
        actions=list(model.actions_taken),
        pressure=list(model.pressure.applied),
        deferred=space.deferred(package) if package is not None else [],
        phase=model.phase,
        phases=list(model.phase_log),
    )


def binding_party(
    model: NegotiationModel, package: int, accepted: list[str]
) -> tuple[str | None, float | None]:
    """The party closest to refusing a deal (the last to come round) and its margin."""
    best: tuple[float, str] | None = None
    utilities = model.game.column(package)[1]  # the parties' own (effective) utilities
    for party in accepted:
        agent = model.actor_agents[party]
        level = agent.level if agent.level is not None else 1.0
        margin = utilities[model.party_rows[party]] - level
        if best is None or margin < best[0]:
            best = (margin, party)
    if best is None:
        return None, None
    return best[1], round(best[0], 6)


def settled_terms(space: OutcomeSpace, package: int | None, standing: int | None) -> dict:
    """The terms a phase settled: those of its package not deferred, nor agreed before."""
    if package is None:
        return {}
    before = space.terms(standing) if standing is not None else {}
    return {
        issue: term
        for issue, term in space.terms(package).items()
        if term != DEFERRED and before.get(issue) != term
    }


def days_of(scenario: Scenario, t: int) -> float | None:
    """Calendar days from the start to the end of round t (None without ``protocol.round_days``)."""
    round_days = scenario.protocol.round_days
    return None if round_days is None else round((t + 1) * round_days, 6)
