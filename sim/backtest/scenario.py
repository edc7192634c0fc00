"""A DEU proposal as a dealsim scenario: its issues, actors, reference point and decision rule.

- Issues: one integer issue per contested issue, 0-100 in steps of
  :func:`issue_step` (10 where the package space stays small, coarser for
  proposals with many issues: dealsim enumerates every package).
- Actors: the Commission, the Parliament and every member state with a
  position and a positive salience on some issue of the proposal; ideal point
  at its position (rounded to the step), value falling with the square of
  the distance, ``1 - ((x - ideal) / 100) ** 2`` (a value table; a linear
  loss was tried on the development half and did worse); salience as given
  (normalised per actor by dealsim).
- Capability: a state's share of the Council's voting power in the regime of
  the decision date (:mod:`sim.backtest.council`); the Commission
  :data:`COMMISSION_CAPABILITY`, the Parliament :data:`PARLIAMENT_CAPABILITY`
  under codecision and 0 under consultation. An actor's bargaining power is
  its capability times its mean salience (0-1) over the proposal's issues.
- No deal is the reference point: each actor's reservation is its utility of
  the reference package (on an issue without a reference point, no deal is
  worth 0 there: any deal beats none).
- Parties and rule: the states (Council rule from ``counvte``), the
  Parliament under codecision (a veto player) and the Commission (the agenda
  setter).
"""

from __future__ import annotations

import re

from sim.backtest.council import capabilities, council_decision
from sim.backtest.deu import STATES, DeuIssue, Proposal
from sim.scenario.schema import Scenario

COMMISSION_CAPABILITY = 0.5
"""The Commission's capability, the Council's total being 1 (chosen on the development half)."""
PARLIAMENT_CAPABILITY = 0.5
"""The Parliament's capability under codecision (chosen on the development half)."""
PACKAGE_BUDGET = 50_000
"""Most packages a proposal's scenario may have; the step coarsens beyond it."""
STEPS = (10, 20, 25, 50)
ROUNDS = 10
TACTIC = "linear"
MEDIATOR_NOISE = 0.05
"""The Commission drafts the text and misreads the parties by this much (the ensemble's spread)."""


def issue_step(issue_count: int) -> int | None:
    """The finest of 10, 20, 25, 50 that keeps the package space within the budget.

    None when even a step of 50 does not (more than nine issues; DEU has at most six).
    """
    for step in STEPS:
        if (100 // step + 1) ** issue_count <= PACKAGE_BUDGET:
            return step
    return None


def snap(value: float, step: int) -> int:
    """The nearest multiple of ``step`` in 0-100 (halves round up)."""
    return int(min(100, max(0, step * int(value / step + 0.5))))


def issue_id(issue: DeuIssue) -> str:
    """An identifier for a DEU issue (its code, made safe)."""
    cleaned = re.sub(r"[^A-Za-z0-9_\-]", "_", issue.name)
    return cleaned if cleaned[:1].isalpha() else f"i{issue.number}"


def actor_capabilities(issue: DeuIssue) -> dict[str, float]:
    """Capability of every actor with a position on an issue (as the weighted mean uses it)."""
    states = [a for a in issue.positions if a in STATES]
    result = dict(capabilities(states, issue.decided))
    if "com" in issue.positions:
        result["com"] = COMMISSION_CAPABILITY
    if "ep" in issue.positions:
        result["ep"] = PARLIAMENT_CAPABILITY if issue.procedure == "COD" else 0.0
    return result


def proposal_scenario(proposal: Proposal) -> Scenario:
    """The scenario of a proposal (validated by pydantic; it is built, not read from a file).

    Raises:
        ValueError: the proposal has too many issues for the package budget.
    """
    issues = proposal.issues
    step = issue_step(len(issues))
    if step is None:
        raise ValueError(
            f"proposal {proposal.number}: {len(issues)} issues are too many to bargain"
        )
    first = issues[0]
    ids = [issue_id(i) for i in issues]
    if len(set(ids)) < len(ids):
        ids = [f"i{i.number}" for i in issues]
    capability: dict[str, float] = {}
    for issue in issues:
        for actor, value in actor_capabilities(issue).items():
            capability[actor] = max(capability.get(actor, 0.0), value)
    actors, party_ids = [], []
    for actor in ("com", "ep", *STATES):
        weights = {
            ids[k]: i.saliences[actor]
            for k, i in enumerate(issues)
            if actor in i.positions and i.saliences[actor] > 0
        }
        if not weights:
            continue
        ideals = {
            ids[k]: snap(i.positions[actor], step)
            for k, i in enumerate(issues)
            if actor in i.positions
        }
        total = sum(weights.values())
        reservation = 0.0
        for k, issue in enumerate(issues):
            if ids[k] in weights and issue.reference is not None:
                distance = abs(snap(issue.reference, step) - ideals[ids[k]])
                reservation += weights[ids[k]] / total * loss_value(distance)
        mean_salience = sum(weights.values()) / len(issues) / 100
        actors.append(
            {
                "id": actor,
                "name": actor.upper(),
                "power": capability.get(actor, 0.0) * mean_salience,
                "salience": weights,
                "values": {issue: _values(ideals[issue], step) for issue in weights},
                "reservation": min(max(reservation, 0.0), 1.0),
                "noise": MEDIATOR_NOISE if actor == "com" else 0.0,
                "tactic": {"name": TACTIC},
            }
        )
        if actor in STATES or actor == "com" or first.procedure == "COD":
            party_ids.append(actor)
    states = [a for a in party_ids if a in STATES]
    decision = council_decision(
        states,
        first.council_vote,
        first.decided,
        "ep" if "ep" in party_ids else None,
    )
    if "com" not in party_ids:
        decision.pop("agenda_setter", None)
    has_com = "com" in party_ids
    return Scenario.model_validate(
        {
            "name": f"DEU proposal {proposal.number} ({proposal.code})",
            "description": "Built from DEU III (Arregui & Perarnaud 2021) by dealsim backtest.",
            "issues": [
                {"id": ids[k], "kind": "integer", "min": 0, "max": 100, "step": step}
                for k in range(len(issues))
            ],
            "actors": actors,
            "parties": [{"actor": a} for a in party_ids],
            "protocol": {
                "name": "mediated",
                "rounds": ROUNDS,
                **({"mediator": "com"} if has_com else {}),
                "decision": decision,
            },
        }
    )


def loss_value(distance: float) -> float:
    """An actor's value of an outcome at this distance from its ideal: ``1 - (d / 100) ** 2``."""
    return 1 - (distance / 100) ** 2


def _values(ideal: int, step: int) -> dict[int, float]:
    return {x: loss_value(abs(x - ideal)) for x in range(0, 101, step)}
