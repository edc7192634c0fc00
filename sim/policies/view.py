"""What an actor sees of the negotiation: a read-only view, never the model itself.

A policy decides from an :class:`ActorView`: the round, its own acceptance level
and reservation, the public record of every round so far (who proposed what, who
accepted, who refused, who walked out), and the packages worth considering with
every party's utility as this actor perceives it (its own exactly, the others'
through its perception noise). Arrays are read-only and the record is a tuple of
frozen rows, so a policy cannot change the negotiation through its view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from sim.agents import ActorAgent
    from sim.model import NegotiationModel


def frozen(array: np.ndarray) -> np.ndarray:
    """A read-only view of an array."""
    view = array.view()
    view.flags.writeable = False
    return view


class RoundRecord(NamedTuple):
    """The public record of one round (immutable; a named tuple, built every round).

    Attributes:
        round: the round, from 0.
        proposer: who put the package on the table.
        package: the package on the table (None when nothing could be proposed).
        accepted: parties that said yes.
        refused: parties whose consent was needed and who said no.
        walked_out: parties that had left the table by this round.
        shortfalls: the objection of each party that refused for want of utility: how far
            the package fell short of its acceptance level (parties say what they need,
            as in a single-text mediation).
        red_lines: each party that refused a package over one of its hard red lines, and
            the line.
        threats: coalition partners that announced, this round, that they would leave
            their government over the package on the table (Putnam 1988; Fearon 1994).
        phase: the phase of the deal the round belongs to (1 unless an earlier phase
            agreed a package that deferred issues).
    """

    round: int
    proposer: str
    package: int | None
    accepted: tuple[str, ...]
    refused: tuple[str, ...]
    walked_out: tuple[str, ...]
    shortfalls: tuple[tuple[str, float], ...] = ()
    red_lines: tuple[tuple[str, str], ...] = ()
    threats: tuple[str, ...] = ()
    phase: int = 1


_PUBLISHED = ("deadline", "noise", "reservation", "rounds", "version")
"""The view's attributes that the model and the agent write when they change
(:func:`publish_own`, :func:`publish_reservation`, :func:`publish_clock`)."""


class ActorView:
    """One actor's read-only window on the negotiation (one per agent, for a whole run).

    Most attributes are read through properties that copy nothing big: arrays
    are read-only views, the record a tuple. The few numbers a policy reads
    every round and that change only now and then are plain attributes, which
    the model and the agent write when they change (the ``publish_`` functions): a
    property is a function call on every read.

    Attributes:
        deadline: the round at which the actor walks out, if it has one.
        noise: the sd of the actor's perception noise.
        reservation: the actor's utility of no deal this round (after its drift), in [0, 1].
        rounds: how many rounds the current phase has.
        version: bumped whenever what the parties face changes (an event, a walk-out, a
            phase): a cache key.
    """

    __slots__ = ("_agent", "_model", "_beliefs", "_beliefs_key", "_ideals", *_PUBLISHED)

    _model: NegotiationModel
    _agent: ActorAgent
    _beliefs: tuple[np.ndarray, ...]
    _beliefs_key: object
    _ideals: dict[tuple[int, str], int]
    deadline: int | None
    noise: float
    reservation: float
    rounds: int
    version: int

    def __init__(self, model: NegotiationModel, agent: ActorAgent) -> None:
        # set once, here (``__setattr__`` refuses everything else); every agent has a view
        initial = object.__setattr__
        initial(self, "_model", model)
        initial(self, "_agent", agent)
        initial(self, "_beliefs", ())
        initial(self, "_beliefs_key", None)
        initial(self, "_ideals", {})
        # the agent publishes its own numbers when it takes its spec
        publish_clock(self, model.rounds, model.version)

    # -- time and self -------------------------------------------------------------
    @property
    def actor_id(self) -> str:
        """The observer's actor id."""
        return self._agent.actor_id

    @property
    def round(self) -> int:
        """The current round of the current phase, from 0."""
        return self._model.round

    @property
    def phase(self) -> int:
        """The phase of the deal, from 1 (later phases negotiate what earlier ones deferred)."""
        return self._model.phase

    @property
    def standing(self) -> int | None:
        """The package agreed in earlier phases: it stands if this one fails (None in phase 1)."""
        return self._model.standing

    @property
    def horizon(self) -> int:
        """The round by which the actor must settle: its deadline, else the last round + 1."""
        deadline, rounds = self.deadline, self.rounds
        return deadline if deadline and deadline < rounds else rounds

    @property
    def elapsed(self) -> float:
        """The share of its horizon the actor has used by this round: round / horizon, at most 1.

        1 when the horizon is 0.
        """
        deadline, rounds = self.deadline, self.rounds
        horizon = deadline if deadline and deadline < rounds else rounds  # self.horizon
        t = self._model.round
        return (t / horizon if t < horizon else 1.0) if horizon > 0 else 1.0

    @property
    def level(self) -> float | None:
        """The actor's acceptance level: this round's once set, else the last (None before any)."""
        return self._agent.level

    # -- the table -------------------------------------------------------------------
    @property
    def party_ids(self) -> tuple[str, ...]:
        """The consenting parties, in scenario order (the rows of per-party arrays)."""
        return self._model.party_tuple

    @property
    def row(self) -> int | None:
        """The observer's row among the parties (None if it is not a party)."""
        return self._model.party_rows.get(self._agent.actor_id)

    @property
    def proposers(self) -> tuple[str, ...]:
        """The proposing order of alternating offers (``protocol.proposers``, else the parties)."""
        return self._model.proposer_order

    @property
    def discounts(self) -> np.ndarray:
        """``[parties]`` per-round discount factors in (0, 1] (read-only; 1: patient)."""
        return self._model.discounts()

    @property
    def power(self) -> np.ndarray:
        """``[parties]`` bargaining power (read-only)."""
        return self._model.frozen_power

    @property
    def reservations(self) -> np.ndarray:
        """``[parties]`` every party's utility of no deal this round (read-only)."""
        model = self._model
        steady = model.steady_reservations
        return steady if steady is not None else model.reservations_now()

    @property
    def history(self) -> tuple[RoundRecord, ...]:
        """The record of every round before this one."""
        return tuple(self._model.record)

    @property
    def last(self) -> RoundRecord | None:
        """The record of the previous round (None in round 0)."""
        record = self._model.record
        return record[-1] if record else None

    @property
    def walked_out(self) -> tuple[str, ...]:
        """Parties that have left the table."""
        return tuple(self._model.walked_out)

    def shown_need(self, party: str) -> tuple[int, float] | None:
        """The latest need a party showed, as (round, utility) in the observer's reading.

        A party shows its need when it proposes (it keeps what it needs) and when
        it refuses for want of utility (its objection says by how much).
        """
        shown = self._model.shown.get(party)
        if shown is None:
            return None
        t, package, shortfall = shown
        agent = self._agent
        if party == agent.actor_id:  # self.belief(party, package), written out: a round asks this
            return t, self.utility(package) + shortfall
        return t, agent.perceived(self._model.party_rows[party], package) + shortfall

    @property
    def on_table(self) -> int | None:
        """The package on the table this round (after a deal: the deal), None before any."""
        return self._model.last_proposal

    @property
    def threats(self) -> dict[str, int]:
        """Partners that threatened to leave their government, with their first threat's round."""
        return dict(self._model.threats)

    def crossing_depth(self, package: int | None = None) -> float:
        """How far a package (default: the one on the table) crosses the observer's hard lines.

        In [0, 1] (:mod:`sim.audience`); 0 when it crosses none, or the observer is
        no coalition partner, or nothing is on the table.
        """
        package = self._model.last_proposal if package is None else package
        depth = self._model.partner_depth.get(self._agent.actor_id)
        if package is None or depth is None:
            return 0.0
        return float(depth[package])

    def signal(self, party: str) -> int | None:
        """The package a party last put forward or accepted (None if it has done neither)."""
        return self._model.signals.get(party)

    # -- packages ------------------------------------------------------------------------
    @property
    def packages(self) -> np.ndarray:
        """The packages worth considering (the columns of the per-package arrays)."""
        return self._model.candidates()

    def _shared_table(self) -> dict | None:
        """A table shared by every run that shows this view the same arrays (None if none does).

        For dealsim's own policies, not part of the view a policy reads: it is
        writable, and what is kept there is read by other runs. While the
        observer reads the game's exact arrays over the open packages (no
        perception noise, nobody walked out, one phase), what it works out from
        ``packages``, ``beliefs``, ``own``, ``required`` and ``refuses`` alone
        may be kept here. Its key must hold everything else it depends on (the
        observer's id and row, ``reservations``, ``power``, the policy's class),
        and its user keeps it bounded (:func:`sim.memo.make_room`).
        """
        model = self._model
        game = model.game
        if self._agent.perception.noise > 0 or model.candidates() is not game.open_packages():
            return None
        return game.derived_over_open()

    @property
    def required(self) -> np.ndarray:
        """``[parties, packages]`` where each party's consent is needed (read-only)."""
        return self._columns()[0]

    @property
    def refuses(self) -> np.ndarray:
        """``[parties, packages]`` where a party's hard red lines are crossed (read-only)."""
        return self._columns()[1]

    @property
    def beliefs(self) -> np.ndarray:
        """``[parties, packages]`` every party's utility as the observer perceives it.

        The observer's own row (if it is a party) is exact.
        """
        return self._columns()[2]

    @property
    def own(self) -> np.ndarray:
        """``[packages]`` the observer's own (effective, exact) utility of each package."""
        return self._columns()[3]

    @property
    def options(self) -> np.ndarray:
        """``[packages, issues]`` the option index of every issue in each package (read-only)."""
        return self._model.game.space.options[self.packages]

    @property
    def sizes(self) -> tuple[int, ...]:
        """The number of options of each issue."""
        return tuple(self._model.game.space.sizes)

    def utility(self, package: int) -> float:
        """The observer's own (effective) utility of one package."""
        return self._model.own_utility(self._agent.actor_id, package)

    def belief(self, party: str, package: int) -> float:
        """A party's utility of a package as the observer perceives it."""
        if party == self._agent.actor_id:
            return self.utility(package)
        return self._agent.perceived(self._model.party_rows[party], package)

    def ideal(self, party: str) -> int | None:
        """The package the observer believes best for a party (None if none is worth a look)."""
        if not self.packages.size:
            return None
        key = (self._model.version, party)
        if key not in self._ideals:
            if len(self._ideals) > 64:
                self._ideals.clear()
            row = self._model.party_rows[party]
            self._ideals[key] = int(self.packages[int(np.argmax(self.beliefs[row]))])
        return self._ideals[key]

    def _columns(self) -> tuple[np.ndarray, ...]:
        """The per-package arrays over the current candidates, cached until they change."""
        model = self._model
        key = model.version
        if self._beliefs_key != key:
            self._beliefs = self._agent.perceived_columns(model.candidates())
            self._beliefs_key = key
        return self._beliefs

    def __setattr__(self, name: str, value: object) -> None:
        if name in ActorView.__slots__ and not hasattr(self, name):
            object.__setattr__(self, name, value)  # set once (in __init__, or by unpickling)
        elif name in ("_beliefs", "_beliefs_key", "_ideals"):
            object.__setattr__(self, name, value)  # the view's own caches
        else:
            raise AttributeError(f"the negotiation view is read-only ('{name}')")


_write = object.__setattr__


def publish_own(view: ActorView, deadline: int | None, noise: float, reservation: float) -> None:
    """Write the actor's own published numbers (the agent does, when it takes its spec)."""
    _write(view, "deadline", deadline)
    _write(view, "noise", noise)
    _write(view, "reservation", reservation)


def publish_reservation(view: ActorView, reservation: float) -> None:
    """Write this round's reservation (the model has a drifting one written each round)."""
    _write(view, "reservation", reservation)


def publish_clock(view: ActorView, rounds: int, version: int) -> None:
    """Write the phase's rounds and the version (the model does, whenever either changes)."""
    _write(view, "rounds", rounds)
    _write(view, "version", version)
