"""Actors as Mesa agents: an actor's spec, the policies it decides with, and its decisions.

Each round an agent decides through the policies it holds, reading its own
read-only :class:`sim.policies.view.ActorView`: whether to walk out, its
acceptance level, a proposal when it is its turn, its answer to the package on
the table, and (after a deal) whether it leaves its coalition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from random import Random
from typing import TYPE_CHECKING, Any

import mesa
import numpy as np
from mesa.agent import AgentSet
from pydantic_core import PydanticSerializationError, to_json

from sim.memo import content_key, make_room
from sim.perception import PerceptionError
from sim.policies.registry import DEFAULTS, policy_class, policy_maker, registry_changes
from sim.policies.view import ActorView, frozen, publish_own, publish_reservation
from sim.scenario.schema import Actor

if TYPE_CHECKING:
    from sim.model import NegotiationModel

KINDS_IN_POLICIES = ("proposal", "response", "walkout", "exit")


def policy_choices(actor: Actor, proposal_default: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """Per kind, the policy name and parameters an actor's spec chooses (defaults filled in).

    Shared by every actor spec whose tactic and policies have the same content:
    read it, never change it.
    """
    return _chosen(actor, proposal_default)[0]


_CHOSEN: dict[tuple, tuple[dict[str, tuple[str, dict[str, Any]]], dict]] = {}
"""Per (tactic, policies, proposal default), by content: the choices, and per kind the
policy class and its maker once made (under the key None: every kind's maker, and the
registry's count of changes they were found at)."""


def _chosen(
    actor: Actor, proposal_default: str
) -> tuple[dict[str, tuple[str, dict[str, Any]]], dict[Any, Any]]:
    seen = _CHOSEN.get(key := _choices_key(actor, proposal_default))
    if seen is None:
        tactic_parameters: dict[str, Any] = dict(actor.tactic.params)
        if actor.tactic.beta is not None:
            tactic_parameters["beta"] = actor.tactic.beta
        choices = {"concession": (actor.tactic.name, tactic_parameters)}
        for kind in KINDS_IN_POLICIES:
            spec = getattr(actor.policies, kind)
            default = proposal_default if kind == "proposal" else DEFAULTS[kind]
            choices[kind] = (spec.name, dict(spec.params)) if spec else (default, {})
        make_room(_CHOSEN, 256)
        seen = _CHOSEN[key] = (choices, {})
    return seen


def _choices_key(actor: Actor, proposal_default: str) -> tuple:
    """The content of an actor's tactic and policies (and the default proposal) as a key.

    Two small models of plain values: their JSON, serialised at once in C
    (types stay apart: 1, 1.0, true; 0.0, -0.0; NaN). A value no JSON can hold
    (put in place after validation) is keyed by :func:`sim.memo.content_key`.
    """
    try:
        return (
            to_json(actor.tactic, inf_nan_mode="constants"),
            to_json(actor.policies, inf_nan_mode="constants"),
            proposal_default,
        )
    except PydanticSerializationError:
        return (content_key(actor.tactic), content_key(actor.policies), proposal_default)


def _makers(
    choices: dict[str, tuple[str, dict[str, Any]]], makers: dict[Any, Any]
) -> dict[str, Callable[[], Any]]:
    """Per kind, the maker of the chosen policy, as the registry gives it now."""
    changes = registry_changes()
    held = makers.get(None)
    if held is not None and held[0] == changes:
        return held[1]
    every = {kind: _maker(makers, kind, *choice) for kind, choice in choices.items()}
    makers[None] = (changes, every)
    return every


def _maker(
    makers: dict[Any, Any], kind: str, name: str, parameters: dict[str, Any]
) -> Callable[[], Any]:
    """The maker of one kind's chosen policy, made again if the registry changed its class."""
    cls = policy_class(kind, name)
    made = makers.get(kind)
    if made is None or made[0] is not cls:
        made = makers[kind] = (cls, policy_maker(kind, name, parameters))
    return made[1]


class ActorAgent(mesa.Agent):
    """One political actor at the table, in a coalition, or in opposition.

    Attributes:
        actor: the actor's current spec (events may replace it).
        actor_id: the actor's id in the scenario.
        noise: the current spec's noise (read every round; its view shows it, with the deadline).
        view: its read-only view of the negotiation.
        level: its acceptance level this round (None before its first).
        concession, response, proposal, walkout, exit: the policies it decides with, made
            with the agent (a few are never used: an outside actor never concedes). Plain
            attributes, read several times a round: a class attribute of the same name
            (a descriptor making them when first read) would keep every such read on
            Python's slow, unspecialised path.
    """

    concession: Any
    response: Any
    proposal: Any
    walkout: Any
    exit: Any

    def __init__(self, model: NegotiationModel, actor: Actor, proposal_default: str) -> None:
        super().__init__(model)
        self.model: NegotiationModel = model
        self.proposal_default = proposal_default
        self.level: float | None = None
        self.view = ActorView(model, self)
        self.perception = PerceptionError(actor.noise, model.rng, model.game.effective.shape)
        self.actor = actor
        self.actor_id = actor.id  # read several times a round: an attribute, not a property
        self.stays_until: float = 0.0
        """It stays at the table in every round before this one while ``stays_version`` is
        the negotiation's version (what its walkout policy said when last asked)."""
        self.stays_version = -1
        self._choices: dict[str, tuple[str, dict[str, Any]]] = {}
        self.update(actor)

    def update(self, actor: Actor) -> None:
        """Take a new spec (after an event): parameters shift in place, learned state is kept.

        A policy whose name changed is replaced by a fresh one.
        """
        self.actor = actor
        # read every round: a plain attribute (a pydantic model's own attribute reads are slower)
        self.noise: float = actor.noise
        self._fixed_reservation = (
            None if actor.reservation_drift else min(max(actor.reservation, 0.0), 1.0)
        )
        publish_own(self.view, actor.deadline, actor.noise, self.reservation(self.model.round))
        choices, makers = _chosen(actor, self.proposal_default)
        if not self._choices:  # a new agent: every policy is made now
            for kind, make in _makers(choices, makers).items():
                setattr(self, kind, make())
            self._choices = choices
            return
        for kind, (name, parameters) in choices.items():
            previous = self._choices.get(kind)
            if previous is not None and previous[0] == name:
                if previous[1] != parameters:
                    getattr(self, kind).set_parameters(**parameters)
                continue
            setattr(self, kind, _maker(makers, kind, name, parameters)())  # a fresh policy
        self._choices = choices

    # -- what the view reads ----------------------------------------------------------
    def reservation(self, t: int) -> float:
        """Utility of no deal at round t, after its drift, kept in [0, 1]."""
        if self._fixed_reservation is not None:
            return self._fixed_reservation
        return min(max(self.actor.reservation + self.actor.reservation_drift * t, 0.0), 1.0)

    def publish_reservation(self) -> None:
        """Show its view this round's reservation (the model asks, each round, if it drifts)."""
        publish_reservation(self.view, self.reservation(self.model.round))

    def perceived_columns(self, packages: np.ndarray) -> tuple[np.ndarray, ...]:
        """Read-only ``required``, ``refuses``, beliefs and own utility over some packages."""
        model = self.model
        game = model.game
        # shared by runs: views whose flags a policy cannot turn writeable, handed out as they are
        required, refuses = game.columns_over(packages)
        row = model.party_rows.get(self.actor_id)
        if self.perception.noise <= 0:  # exact: a party's own row is its effective utility
            beliefs = game.effective_over(packages)
            if row is not None:
                return required, refuses, beliefs, beliefs[row]
            return required, refuses, beliefs, frozen(model.own_utilities(self.actor_id)[packages])
        beliefs = self.perception.misread(game.effective[:, packages], packages)
        own = model.own_utilities(self.actor_id)[packages]
        if row is not None:
            beliefs[row] = own
        return required, refuses, frozen(beliefs), frozen(own)

    def perceived(self, row: int, package: int) -> float:
        """One party's utility of one package as this actor perceives it."""
        value = self.model.game.column(package)[1][row]
        perception = self.perception
        return value + perception.of(row, package) if perception.noise > 0.0 else value

    # -- decisions ----------------------------------------------------------------------
    def decide_walkout(self) -> bool:
        """Whether it leaves the table this round.

        When it stays, a walkout policy with ``earliest_walkout`` says the first round
        at which it could leave; until then, while the view's version holds, the
        model does not ask again (``stays_until``, ``stays_version``).
        """
        walkout, view = self.walkout, self.view
        if walkout.walks_out(view):
            return True
        earliest = getattr(walkout, "earliest_walkout", None)
        if earliest is not None:
            self.stays_until = earliest(view)
            self.stays_version = view.version
        return False

    def concede(self) -> float:
        """Set this round's acceptance level, kept in [reservation, 1]."""
        level = self.concession.level(self.view)
        if type(level) is not float:  # float(level), without the call when it is one already
            level = float(level)
        reservation = self._fixed_reservation
        if reservation is None:
            reservation = self.reservation(self.model.round)
        # min(max(level, reservation), 1.0), written out: every party, every round
        if level < reservation:
            level = reservation
        if level > 1.0:
            level = 1.0
        self.level = level
        return level

    def propose(self) -> int | None:
        """The package it puts on the table when it is its turn."""
        return self.proposal.propose(self.view)

    def respond(self, utility: float, crosses_hard_line: bool) -> tuple[bool, float]:
        """Its answer to a package worth ``utility`` to it, and the utility as it perceived it."""
        noise = self.noise
        if noise > 0.0:
            # the same draw as rng.normal(0.0, noise), without checking its arguments each time
            utility += 0.0 + noise * float(self.model.rng.standard_normal())
        says_yes = self.response.accepts(self.view, utility, crosses_hard_line)
        if type(says_yes) is not bool:  # bool(says_yes), without the call when it is one already
            says_yes = bool(says_yes)
        return says_yes, utility

    def leaves_coalition(self, crosses_hard_line: bool) -> bool:
        """Whether, as a coalition partner, it leaves the government over the deal."""
        return bool(self.exit.exits(self.view, crosses_hard_line))


class Parties(AgentSet):
    """The consenting parties' agents: a Mesa ``AgentSet``, in scenario order.

    Mesa's ``do`` reaches each agent through a weak reference and passes it the
    arguments it was given by unpacking them, which takes longer than a
    concession it asks for. This one calls a method by name, without arguments
    (what every round asks: ``parties.do("concede")``), on each agent in turn;
    any other call of ``do`` is Mesa's. It keeps that order while nothing changes
    the set (Mesa's ``add``, ``discard``, ``remove``, ``shuffle``, ``select`` and
    ``sort`` in place, and unpickling, all do), and holds its agents, as their
    model does.
    """

    def __init__(self, agents: Iterable[ActorAgent], random: Random) -> None:
        agents = list(agents)
        super().__init__(agents, random=random)
        # Mesa's order: the agents as given, each once (read from its weak dictionary, slowly)
        self._in_order: list[ActorAgent] | None = list(dict.fromkeys(agents))

    def do(self, method: str | Callable, *args: Any, **kwargs: Any) -> AgentSet:
        """Call a method (by name) or a function on each agent, in order (Mesa's ``do``)."""
        if args or kwargs or type(method) is not str:
            return super().do(method, *args, **kwargs)
        in_order = self._in_order
        if in_order is None:
            in_order = self._in_order = list(self._agents.keys())
        for agent in in_order:
            getattr(agent, method)()
        return self

    def add(self, agent: mesa.Agent) -> None:  # noqa: D102 - Mesa's
        super().add(agent)
        self._in_order = None

    def discard(self, agent: mesa.Agent) -> None:  # noqa: D102 - Mesa's
        super().discard(agent)
        self._in_order = None

    def remove(self, agent: mesa.Agent) -> None:  # noqa: D102 - Mesa's
        super().remove(agent)
        self._in_order = None

    def shuffle(self, inplace: bool = False) -> AgentSet:  # noqa: D102 - Mesa's
        if inplace:
            self._in_order = None
        return super().shuffle(inplace=inplace)

    def _update(self, agents: Iterable[mesa.Agent]) -> AgentSet:
        self._in_order = None
        return super()._update(agents)
