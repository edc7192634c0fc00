"""The negotiation as a Mesa model: one step is one round, every decision an agent's.

Round t (DESIGN.md, Mechanics): apply the events of round t (round 0's before
anyone decides); each party decides whether to walk out; each sets its
acceptance level through its concession tactic; the protocol asks whoever
proposes this round for a package; every party whose consent it needs answers.
All yes: a deal. Otherwise the round goes on the public record and the next
begins, until the last round. A deal that defers issues starts the next phase
(:mod:`sim.phases`), which negotiates only those. The model only keeps time
and the record.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from sim.actions import actions_due
from sim.agents import ActorAgent, Parties
from sim.decision import decision_met
from sim.ending import binding_party, days_of, outcome_of, settled_terms
from sim.game import Game, open_among
from sim.outcomes import OutcomeSpace
from sim.phases import events_of, next_phase_scenario, phase_packages, phase_rounds
from sim.policies.registry import MEDIATOR_DEFAULT
from sim.policies.view import RoundRecord, frozen, publish_clock
from sim.preferences import active_hard_lines
from sim.pressure import PressureBook
from sim.protocols import PROTOCOLS
from sim.record import Outcome
from sim.scenario.edit import apply_effects
from sim.scenario.schema import Actor, Event, Scenario
from sim.trace import trace_row

Objections = tuple[tuple[tuple[str, float], ...], tuple[tuple[str, str], ...]]
"""A round's refusals as its record keeps them: (party, shortfall) and (party, red line) pairs."""

DEFAULT_MEDIATOR = "mediator"
"""The id of the mediator a mediated scenario gets when it names none of its actors."""


_new_record = tuple.__new__
"""Builds a round's record from all its fields in C (a named tuple's own ``__new__`` is
Python code, called once a round)."""


class NegotiationModel(mesa.Model):
    """One seeded run of a scenario.

    All randomness flows from the model's ``rng``, seeded by ``seed`` (an int)
    or by a ``numpy.random.SeedSequence``.

    Attributes:
        round: the current round of the current phase, from 0.
        phase: the current phase of the deal, from 1.
        standing: the package agreed in earlier phases (None in phase 1).
        phase_log: per finished phase: its round, whether it agreed, what it deferred.
        standing_agreement: who accepted the standing deal, its binding party and margin.
        record: the public record of every finished round (of every phase).
        walked_out: parties that left the table, in the order they left.
        signals: per party, the package it last put forward or accepted.
        actor_agents: every actor's agent (and the default mediator's), by id.
        parties: the consenting parties' agents, in scenario order (a Mesa ``AgentSet``,
            :class:`sim.agents.Parties`).
    """

    def __init__(
        self,
        scenario: Scenario,
        seed: int | np.random.SeedSequence | None = 0,
        protocol: str | None = None,
        record_trace: bool = False,
        space: OutcomeSpace | None = None,
    ) -> None:
        if isinstance(seed, np.random.SeedSequence):
            super().__init__(rng=seed)
            self.seed = None
        else:
            super().__init__(seed=seed)
            self.seed = seed
        self.phase = 1
        self.standing: int | None = None
        self.phase_log: list[dict[str, Any]] = []
        self._phase_start = 0
        self._phase_mask: np.ndarray | None = None
        self.standing_agreement: tuple[list[str], str | None, float | None] = ([], None, None)
        # events of round 0 happen before anyone decides: agents are built from their result
        self.scenario = self._with_events(scenario, 0)
        self.rounds = phase_rounds(scenario, 1)
        self.round = 0
        self._event_rounds = {(e.phase, e.round) for e in scenario.events if e.round > 0}
        self._phase_events: set[int] = {r for phase, r in self._event_rounds if phase == 1}
        """The rounds of the current phase (after round 0) at which events happen."""
        self.version = 0
        """Bumped when what the parties face changes (an event, a walk-out); caches key on it."""
        self.record: list[RoundRecord] = []
        self.walked_out: list[str] = []
        self.signals: dict[str, int] = {}
        self.shown: dict[str, tuple[int, int, float]] = {}
        """Per party, the latest need it showed: (round, package, shortfall below its level)."""
        self.record_trace = record_trace
        self.trace_rows: list[dict] = []
        self.outcome: Outcome | None = None
        self.last_proposal: int | None = None
        self.threats: dict[str, int] = {}
        """Coalition partners that threatened to leave, with the round of their first threat."""
        self.actions_taken: list[str] = []
        """Actors' actions that happened, as ``actor/action@round``, in order."""
        self.actions = [(a.id, action) for a in scenario.actors for action in a.actions]
        """Every actor's possible actions, as (actor id, action)."""
        self.pressure = PressureBook(scenario)
        """Actors' pressure on parties, and when it applied (:mod:`sim.pressure`)."""
        self._acting = bool(self.actions) or bool(self.pressure)
        self._set_game(Game.from_scenario(self.scenario, space))
        protocol_name = protocol or scenario.protocol.name
        mediator = self.scenario.protocol.mediator if protocol_name == "mediated" else None
        if protocol_name == "mediated" and mediator is None:
            mediator = DEFAULT_MEDIATOR
        self.mediator_id = mediator
        self.actor_agents: dict[str, ActorAgent] = {}
        for actor in self.scenario.actors:
            default = MEDIATOR_DEFAULT if actor.id == mediator else "aspiration"
            self.actor_agents[actor.id] = ActorAgent(self, actor, default)
        if mediator is not None and mediator not in self.actor_agents:
            stand_in = Actor(id=mediator, name="Mediator", role="mediator")
            self.actor_agents[mediator] = ActorAgent(self, stand_in, MEDIATOR_DEFAULT)
        party_agents = [self.actor_agents[p] for p in self.game.party_ids]
        self.parties = Parties(party_agents, random=self.random)
        # the AgentSet's order (a weak dict's, slow to iterate), kept as a plain list
        self._party_list: list[ActorAgent] = list(dict.fromkeys(party_agents))
        self._partners = [
            self.actor_agents[partner.actor]
            for government in self.scenario.governments
            for partner in government.partners
        ]
        self.protocol = PROTOCOLS[protocol_name](self)
        self._drifters = self._drifting_agents()
        self._walkouts_due: float = 0.0
        """No party need be asked whether it walks out before this round..."""
        self._walkouts_version = -1
        """...while the version is this one (see :meth:`_walkouts`)."""

    # -- what views read ------------------------------------------------------------------
    def _set_game(self, game: Game) -> None:
        self.game = game
        self.party_tuple = tuple(game.party_ids)
        self.party_rows = {p: k for k, p in enumerate(game.party_ids)}
        self.frozen_power = frozen(game.power)
        self._discounts: np.ndarray | None = None
        self.proposer_order = tuple(self.scenario.protocol.proposers) or self.party_tuple
        self._own: dict[str, np.ndarray] = {}
        self._candidates_version: int | None = None
        self._reservations_round: int | None = None
        self.steady_reservations: np.ndarray | None = None
        """What :meth:`reservations_now` gives in every round while no reservation drifts
        (None until first asked, and when some drift): views read it without a call."""
        self.partner_depth = {
            partner: depth for c in game.coalitions for partner, depth in c.depth.items()
        }
        self._unanimity = self.scenario.protocol.decision.rule == "unanimity"
        self._hard_lines: dict[str, list[str]] | None = None
        """Per actor, its active hard red lines' ids (worked out when a refusal first asks)."""

    def discounts(self) -> np.ndarray:
        """``[parties]`` the parties' per-round discount factors (read-only; cached per game)."""
        if self._discounts is None:
            actors = {actor.id: actor for actor in self.scenario.actors}
            self._discounts = frozen(
                np.array([actors[p].discount for p in self.game.party_ids], dtype=float)
            )
        return self._discounts

    def candidates(self) -> np.ndarray:
        """Packages worth proposing: none needs a walked-out party or crosses a needed hard line.

        When no available package is that good, every available package.
        Cached until the game changes (an event) or a party walks out.
        """
        if self.version != self._candidates_version:
            game = self.game
            if not self.walked_out and self._phase_mask is None:
                self._candidates = game.open_packages()
                self._candidates_version = self.version
                return self._candidates
            available = game.coherent
            if self.walked_out:
                gone = [self.party_rows[p] for p in self.walked_out]
                available = available & ~game.required[gone].any(axis=0)
            if self._phase_mask is not None:
                available = available & self._phase_mask
            self._candidates = open_among(available, game.feasible())
            self._candidates_version = self.version
        return self._candidates

    _reservation_values: list[float]
    _drifting: bool
    _reservations: np.ndarray

    def reservations_now(self) -> np.ndarray:
        """``[parties]`` each party's reservation this round (read-only; cached per round).

        Without drift they change only when the game does (an event, pressure, a
        phase), which resets the cache.
        """
        if self._reservations_round is None:
            self._drifting = any(
                agent.reservation(0) != agent.reservation(1) for agent in self._party_list
            )
        elif not self._drifting:
            return self._reservations
        if self._reservations_round != self.round:
            values: list[float] = [agent.reservation(self.round) for agent in self._party_list]
            # unchanged values (no drift) keep the same array: a proposer's cache key stays cheap
            if self._reservations_round is None or values != self._reservation_values:
                self._reservations = frozen(np.array(values))
                self._reservation_values = values
            self._reservations_round = self.round
            if not self._drifting:
                self.steady_reservations = self._reservations
        return self._reservations

    def own_utilities(self, actor_id: str) -> np.ndarray:
        """``[packages]`` an actor's own utility: effective for a party, plain otherwise."""
        if actor_id not in self._own:
            game = self.game
            if actor_id in self.party_rows:
                values = game.effective[self.party_rows[actor_id]]
            elif actor_id in game.preferences.actor_ids:
                values = game.preferences.utility[game.preferences.row(actor_id)]
            else:
                values = np.zeros(game.space.size)
            self._own[actor_id] = frozen(values)
        return self._own[actor_id]

    def own_utility(self, actor_id: str, package: int) -> float:
        """An actor's own utility of one package."""
        return float(self.own_utilities(actor_id)[package])

    # -- a round ----------------------------------------------------------------------------
    def step(self) -> None:
        """Play one round."""
        t = self.round = self.steps - 1 - self._phase_start
        if t in self._phase_events:
            self._apply_events(t)
        if self._acting:
            self._act(t)
        if self._drifters:
            for agent in self._drifters:
                agent.publish_reservation()
        if t >= self._walkouts_due or self._walkouts_version != self.version:
            self._walkouts(t)
        self.parties.do("concede")
        package, proposer = self.protocol.proposal(t)
        if package is None:
            self._close_round(t, proposer, None, [], {})
            self._finish(t, None, [], {})
            return
        self.last_proposal = package
        threats: tuple[str, ...] = ()
        if self._partners:
            threats = tuple(a.actor_id for a in self._partners if a.exit.threatens(a.view))
            for partner in threats:
                self.threats.setdefault(partner, t)
        accepted, refused, objections, agreed = self._responses(t, package, proposer)
        self._close_round(t, proposer, package, accepted, refused, objections, threats)
        if agreed and self._defers(package):
            self._next_phase(t, package, accepted)
        elif agreed:
            self._finish(t, package, accepted, {})
        elif t >= self.rounds - 1:
            self._finish(t, None, accepted, refused)

    def _walkouts(self, t: int) -> None:
        """Each party still at the table decides whether to walk out, unless it gave its word.

        A walkout policy may have said it stays until some round while nothing
        changes (an earlier party's walk-out this round is a change). The round at
        which the first word runs out is kept: no round before it asks anyone.
        """
        walked_out = self.walked_out
        for agent in self._party_list:
            if agent.actor_id in walked_out:
                continue
            if agent.stays_until > t and agent.stays_version == self.version:
                continue
            if agent.decide_walkout():
                walked_out.append(agent.actor_id)
                self._changed()
        due = float("inf")
        for agent in self._party_list:
            if agent.actor_id in walked_out:
                continue
            if agent.stays_version != self.version:  # no word, or one given before a change
                due = t + 1
                break
            if agent.stays_until < due:
                due = agent.stays_until
        self._walkouts_due = due
        self._walkouts_version = self.version

    def run(self) -> Outcome:
        """Play rounds until a deal or the end; return the outcome.

        Each round is what ``model.step()`` plays. Mesa's wrapper of ``step`` only
        counts the step (and formats a log line every time, even unlogged), so the
        loop counts it here and calls the round itself.
        """
        play = type(self).step
        while self.outcome is None:
            self.steps += 1
            play(self)
        return self.outcome

    def _with_events(self, scenario: Scenario, t: int) -> Scenario:
        space = self.game.space if self.standing is not None else None
        due: list[Event] = events_of(scenario, space, self.phase, t, self.standing)
        for event in due:
            scenario = apply_effects(scenario, event.effects)
        return scenario

    # -- phases -----------------------------------------------------------------------------
    def _defers(self, package: int) -> bool:
        """Whether an agreed package leaves issues to a next phase the protocol allows."""
        space = self.game.space
        return (
            bool(space.deferrable)
            and self.phase < self.scenario.protocol.phases
            and bool(space.deferred(package))
        )

    def _next_phase(self, t: int, package: int, accepted: list[str]) -> None:
        """End a phase that deferred issues: the next negotiates only those."""
        space = self.game.space
        binding, margin = binding_party(self, package, accepted)
        self._log_phase(t, package)
        self.standing = package
        self.standing_agreement = (list(accepted), binding, margin)
        scenario = next_phase_scenario(self.scenario, lambda a: self.own_utility(a, package))
        self.phase += 1
        self._phase_start = self.steps
        self._phase_events = {r for phase, r in self._event_rounds if phase == self.phase}
        self.rounds = phase_rounds(scenario, self.phase)
        self._phase_mask = phase_packages(
            space, package, last=self.phase == scenario.protocol.phases
        )
        self.shown = {}
        self.signals = {}
        self.last_proposal = None
        self._rebuild(self._with_events(scenario, 0))

    def _log_phase(self, t: int, package: int | None) -> None:
        space = self.game.space
        self.phase_log.append(
            {
                "phase": self.phase,
                "round": t,
                "agreed": package is not None,
                "settled": settled_terms(space, package, self.standing),
                "deferred": space.deferred(package) if package is not None else [],
                "days": days_of(self.scenario, self.steps - 1),
            }
        )

    def _act(self, t: int) -> None:
        """Actors' actions of round t (:func:`sim.actions.actions_due`), applied as an event."""
        effects = actions_due(self, t) + self.pressure.due(self.record, t)
        if effects:
            self._rebuild(apply_effects(self.scenario, effects))

    def _apply_events(self, t: int) -> None:
        self._rebuild(self._with_events(self.scenario, t))

    def _rebuild(self, scenario: Scenario) -> None:
        """Take a changed scenario: recompile the game, update every agent."""
        self.scenario = scenario
        self._set_game(Game.from_scenario(self.scenario, self.game.space))
        for actor in self.scenario.actors:
            self.actor_agents[actor.id].update(actor)
        self._drifters = self._drifting_agents()
        self._changed()

    def _changed(self) -> None:
        """What the parties face changed: a new version, shown with the phase's rounds to all."""
        self.version += 1
        for agent in self.actor_agents.values():
            publish_clock(agent.view, self.rounds, self.version)

    def _drifting_agents(self) -> list[ActorAgent]:
        """The agents whose reservation drifts: they show their views a new one each round."""
        return [a for a in self.actor_agents.values() if a.actor.reservation_drift]

    def _responses(
        self, t: int, package: int, proposer: str
    ) -> tuple[list[str], dict[str, dict[str, Any]], Objections, bool]:
        """Who accepts the package, why the others refuse, and whether the rule is met.

        The objections are the refusals' reasons as the round's record keeps them:
        (party, shortfall) for want of utility, (party, line) over a hard red line.
        """
        needed, utilities, refusals = self.game.column(package)
        walked_out = self.walked_out
        accepted: list[str] = []
        refused: dict[str, dict[str, Any]] = {}
        shortfalls: list[tuple[str, float]] = []
        red_lines: list[tuple[str, str]] = []
        trace = self.record_trace
        # the column's lists are per party, in the party list's order (events never change who
        # the parties are: they touch actors and governments only); a keyword to zip would cost
        # the parsing of its arguments every round
        columns = zip(self._party_list, needed, utilities, refusals)  # noqa: B905 - equal lengths
        for agent, need, utility, crosses in columns:
            if need:
                party = agent.actor_id
                if walked_out and party in walked_out:
                    refused[party] = {"walked_out": True}
                else:
                    says_yes, perceived = agent.respond(utility, crosses)
                    if says_yes:
                        accepted.append(party)
                    else:
                        line = self._line_crossed(party, package) if crosses else None
                        if line is None:
                            level = agent.level
                            if level is None:
                                level = 1.0
                            shortfall = level - perceived
                            if 0.0 > shortfall:  # max(shortfall, 0.0), written out
                                shortfall = 0.0
                            refused[party] = {"shortfall": shortfall}
                            shortfalls.append((party, shortfall))
                        else:
                            refused[party] = {"red_line": line}
                            red_lines.append((party, line))
            if trace:
                k = self.party_rows[agent.actor_id]
                says_yes = need and agent.actor_id in accepted
                self.trace_rows.append(
                    trace_row(self, t, proposer, package, k, need, says_yes, refused)
                )
        objections = (tuple(shortfalls), tuple(red_lines))
        if self._unanimity:
            # every needed party that did not accept is in ``refused``: the rule is met without one
            return accepted, refused, objections, not refused
        answers = [agent.actor_id in accepted for agent in self._party_list]
        return accepted, refused, objections, decision_met(self.scenario, answers, needed)

    def _line_crossed(self, party: str, package: int) -> str | None:
        """The first of a party's active hard red lines the package crosses (None if none)."""
        crossings = self.game.preferences.crossings
        if self._hard_lines is None:
            self._hard_lines = {a.id: active_hard_lines(a) for a in self.scenario.actors}
        for line_id in self._hard_lines.get(party, []):
            if crossings[line_id][package]:
                return line_id
        return None

    def _close_round(
        self,
        t: int,
        proposer: str,
        package: int | None,
        accepted: list[str],
        refused: dict[str, dict[str, Any]],
        objections: Objections = ((), ()),
        threats: tuple[str, ...] = (),
    ) -> None:
        shortfalls, red_lines = objections
        self.record.append(
            _new_record(
                RoundRecord,
                (
                    t,
                    proposer,
                    package,
                    tuple(accepted),
                    tuple(refused),
                    tuple(self.walked_out) if self.walked_out else (),
                    shortfalls,
                    red_lines,
                    threats,
                    self.phase,
                ),
            )
        )
        if package is not None:
            signals, shown = self.signals, self.shown
            if proposer in self.party_rows:
                signals[proposer] = package
                shown[proposer] = (t, package, 0.0)
            for party in accepted:
                signals[party] = package
            for party, shortfall in shortfalls:
                shown[party] = (t, package, shortfall)

    # -- the end ----------------------------------------------------------------------------
    def _finish(
        self, t: int, package: int | None, accepted: list[str], refused: dict[str, dict[str, Any]]
    ) -> None:
        self.running = False
        # Mesa 3.3 keys a class-level agent-id counter by model (mesa issue #3179), which
        # keeps every finished model alive; a finished run adds no agent, so drop it.
        getattr(mesa.Agent, "_ids", {}).pop(self, None)
        if self.standing is not None:
            self._log_phase(t, package)
        self.outcome = outcome_of(self, t, package, accepted, refused)
