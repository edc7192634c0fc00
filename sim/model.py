"""The negotiation as a Mesa model: one step is one round.

Round t (DESIGN.md, Mechanics): apply the events of round t; parties at their
deadline walk out; every party's acceptance threshold is set by its tactic;
the protocol puts a package on the table; every party whose consent it needs
answers. All yes: a deal. Otherwise go on until the last round.
"""

from __future__ import annotations

import mesa
import numpy as np

from sim.agents import ActorAgent
from sim.decision import decision_met
from sim.game import Game
from sim.outcomes import OutcomeSpace
from sim.protocols import PROTOCOLS
from sim.record import GovernmentRecord, Outcome
from sim.scenario.edit import apply_effects
from sim.scenario.schema import Scenario


class NegotiationModel(mesa.Model):
    """One seeded run of a scenario.

    All randomness flows from the model's ``rng``, seeded by ``seed`` (an int)
    or by a ``numpy.random.SeedSequence``.
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
        # events of round 0 happen before anything else: apply them before compiling
        self.scenario = self._with_events(scenario, 0)
        self.rounds = scenario.protocol.rounds
        self._event_rounds = {event.round for event in scenario.events if event.round > 0}
        self.game = Game.from_scenario(self.scenario, space)
        self.actor_agents = {actor.id: ActorAgent(self, actor) for actor in scenario.actors}
        self.parties = [self.actor_agents[p] for p in self.game.party_ids]
        self._with_deadlines = [agent for agent in self.parties if agent.actor.deadline]
        self.walked_out: list[str] = []
        self.protocol = PROTOCOLS[protocol or scenario.protocol.name](self)
        self.record_trace = record_trace
        self.trace_rows: list[dict] = []
        self.outcome: Outcome | None = None
        self.last_proposal: int | None = None
        self._threshold_table: np.ndarray | None = None
        self._threshold_rows: list[list[float]] = []
        self.version = 0
        """Bumped when what the parties face changes (an event, a walk-out); caches key on it."""

    def step(self) -> None:
        """Play one round."""
        t = self.steps - 1
        if t in self._event_rounds:
            self._apply_events(t)
        for agent in self._with_deadlines:
            if agent.walkout.walks_out(t, agent.actor.deadline):
                if agent.actor_id not in self.walked_out:
                    self.walked_out.append(agent.actor_id)
                    self.version += 1
        package, proposer = self.protocol.proposal(t)
        if package is None:
            self._finish(t, None, [])
            return
        self.last_proposal = package
        accepted, agreed = self._responses(t, package, proposer)
        if agreed:
            self._finish(t, package, accepted)
        elif t >= self.rounds - 1:
            self._finish(t, None, accepted)

    @property
    def threshold_table(self) -> np.ndarray:
        """``[parties, rounds]`` acceptance thresholds of every round (rebuilt after events)."""
        if self._threshold_table is None:
            self._build_thresholds()
        assert self._threshold_table is not None  # set by _build_thresholds
        return self._threshold_table

    def thresholds(self, t: int) -> list[float]:
        """Every party's acceptance threshold at round t, in party order."""
        if self._threshold_table is None:
            self._build_thresholds()
        return self._threshold_rows[t]

    def _build_thresholds(self) -> None:
        self._threshold_table = np.stack([a.thresholds(self.rounds) for a in self.parties])
        self._threshold_rows = self._threshold_table.T.tolist()

    def run(self) -> Outcome:
        """Play rounds until a deal or the end; return the outcome."""
        while self.outcome is None:
            self.step()
        return self.outcome

    @staticmethod
    def _with_events(scenario: Scenario, t: int) -> Scenario:
        for event in scenario.events:
            if event.round == t:
                scenario = apply_effects(scenario, event.effects)
        return scenario

    def _apply_events(self, t: int) -> None:
        self.scenario = self._with_events(self.scenario, t)
        self.game = Game.from_scenario(self.scenario, self.game.space)
        for actor in self.scenario.actors:
            self.actor_agents[actor.id].update(actor)
        self._with_deadlines = [agent for agent in self.parties if agent.actor.deadline]
        self._threshold_table = None
        self.version += 1

    def _responses(self, t: int, package: int, proposer: str) -> tuple[list[str], bool]:
        """Who accepts the package on the table, and whether the decision rule is met."""
        game = self.game
        needed, utilities, refusals = game.column(package)
        levels = self.thresholds(t)
        walked_out = self.walked_out
        accepted = []
        answers = []
        for k, agent in enumerate(self.parties):
            asked = needed[k] and agent.actor_id not in walked_out
            says_yes = asked and agent.responds(utilities[k], levels[k], refusals[k])
            answers.append(says_yes)
            if says_yes:
                accepted.append(agent.actor_id)
            if self.record_trace:
                self._trace_row(t, proposer, package, k, agent.actor_id, asked, says_yes)
        return accepted, decision_met(self.scenario, answers, needed)

    def _trace_row(
        self, t: int, proposer: str, package: int, k: int, party: str, asked: bool, accepted: bool
    ) -> None:
        game = self.game
        _, utilities, refusals = game.column(package)
        self.trace_rows.append(
            {
                "round": t,
                "proposer": proposer,
                "package": package,
                "party": party,
                "required": asked,
                "threshold": self.thresholds(t)[k],
                "utility": float(game.utility[k, package]),
                "effective_utility": utilities[k],
                "crosses_red_line": refusals[k],
                "accepted": accepted,
                "walked_out": party in self.walked_out,
                **{f"term_{issue}": v for issue, v in game.space.terms(package).items()},
            }
        )

    def _finish(self, t: int, package: int | None, accepted: list[str]) -> None:
        self.running = False
        # Mesa 3.3 keys a class-level agent-id counter by model (mesa issue #3179), which
        # keeps every finished model alive; a finished run adds no agent, so drop it.
        getattr(mesa.Agent, "_ids", {}).pop(self, None)
        game = self.game
        governments: dict[str, GovernmentRecord] = {}
        exited: list[str] = []
        if package is not None:
            for coalition in game.coalitions:
                leaving = [
                    partner
                    for partner, leaves in coalition.leaving.items()
                    if self.actor_agents[partner].exit.exits(bool(leaves[package]))
                ]
                exited += leaving
                governments[coalition.government.id] = GovernmentRecord(
                    survived=not bool(coalition.falls[package]),
                    seats=int(coalition.seats[package]),
                    majority=coalition.government.majority,
                    exited=leaving,
                )
            utilities = {
                actor_id: float(game.preferences.utility[row, package])
                for row, actor_id in enumerate(game.preferences.actor_ids)
            }
            needed = [p for k, p in enumerate(game.party_ids) if game.required[k, package]]
        else:
            utilities = {a_id: agent.reservation(t) for a_id, agent in self.actor_agents.items()}
            needed = []
        self.outcome = Outcome(
            scenario=self.scenario.name,
            seed=self.seed,
            protocol=self.protocol.name,
            deal=package is not None,
            round=t,
            terms=game.space.terms(package) if package is not None else None,
            package=package,
            last_proposal=(
                game.space.terms(self.last_proposal) if self.last_proposal is not None else None
            ),
            utilities=utilities,
            accepted=accepted,
            required=needed,
            government_survived=(
                all(g.survived for g in governments.values()) if governments else None
            ),
            governments=governments,
            exited=exited,
            walkout=self.walked_out[0] if self.walked_out else None,
        )
