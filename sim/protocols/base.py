"""The protocol interface, and the packages worth putting on the table."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from sim.policies import NegotiationView
from sim.policies.proposal import NO_PROPOSAL
from sim.policies.view import frozen

if TYPE_CHECKING:
    from sim.model import NegotiationModel


class Protocol(ABC):
    """Decides, each round, which package is on the table and who put it there."""

    name: ClassVar[str]

    def __init__(self, model: NegotiationModel) -> None:
        self.model = model
        self._candidates_version: int | None = None
        self._candidates = np.empty(0, dtype=np.int64)
        self._restricted: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._plans: dict[object, tuple[tuple, int, list[int]]] = {}

    @abstractmethod
    def proposal(self, t: int) -> tuple[int | None, str]:
        """The package on the table at round t (None if none can be made) and its proposer."""

    def perception_error(self, observer_noise: float) -> PerceptionError:
        """How an observer with this much noise misreads the parties' utilities."""
        return PerceptionError(observer_noise, self.model.rng, self.model.game.effective.shape)

    def candidates(self) -> np.ndarray:
        """Packages worth proposing: none needs a walked-out party or crosses a needed hard line.

        When no available package is that good, every available package.
        Cached until the game changes (an event) or a party walks out.
        """
        if self.model.version != self._candidates_version:
            game = self.model.game
            gone = [game.party_row(p) for p in self.model.walked_out]
            available = ~game.required[gone].any(axis=0)
            good = available & game.feasible()
            self._candidates = np.flatnonzero(good if good.any() else available)
            self._candidates_version = self.model.version
        return self._candidates

    def planned(self, t: int, planner: object, make_view, policy, every: int = 1) -> int | None:
        """The package a proposal policy puts forward at round t, from a plan of rounds.

        The view a policy sees changes only with an event or a walk-out, and the
        thresholds follow a schedule, so the policy plans the rounds ahead in
        one pass (rounds t, t + every, ... : the ones this planner proposes in);
        the plan is redone when the view or the schedule changes.

        Args:
            t: the round.
            planner: who plans (a key: one plan per proposer).
            make_view: builds the planner's view at round t.
            policy: the proposal policy (with a ``plan`` method).
            every: the planner proposes every this many rounds.
        """
        key = (self.model.version, every)
        cached = self._plans.get(planner)
        if cached is None or cached[0] != key:
            schedule = self.model.threshold_table[:, t::every].T
            cached = (key, t, policy.plan(make_view(), schedule).tolist())
            self._plans[planner] = cached
        _, start, plan = cached
        package = plan[(t - start) // every]
        return None if package == NO_PROPOSAL else package

    def view(self, t: int, error: PerceptionError) -> NegotiationView:
        """What a proposer sees at round t: the candidate packages, through its perception error."""
        game = self.model.game
        packages = self.candidates()
        key = (self.model.version, id(error))
        if key not in self._restricted:
            if len(self._restricted) > 16:
                self._restricted.clear()
            self._restricted[key] = (
                frozen(game.required[:, packages]),
                frozen(game.refuses[:, packages]),
                frozen(error.misread(game.effective[:, packages], packages)),
            )
        required, refuses, beliefs = self._restricted[key]
        return NegotiationView(
            round=t,
            rounds=self.model.rounds,
            party_ids=tuple(game.party_ids),
            power=game.power,
            thresholds=self.model.threshold_table[:, t],
            required=required,
            refuses=refuses,
            packages=packages,
            beliefs=beliefs,
        )


class PerceptionError:
    """An observer's fixed misreading of every party's utility of every package.

    Drawn once per package per run, and lazily: only for packages the observer
    is shown, in the order it is shown them, so a run with a seed misreads the
    same way every time while the thousands of packages it never considers
    cost nothing.
    """

    def __init__(self, noise: float, rng: np.random.Generator, shape: tuple[int, int]) -> None:
        self.noise = noise
        self.rng = rng
        self.error = np.zeros(shape if noise > 0 else (0, 0))  # nothing to hold without noise
        self.drawn = np.zeros(shape[1] if noise > 0 else 0, dtype=bool)

    def misread(self, utilities: np.ndarray, packages: np.ndarray) -> np.ndarray:
        """``utilities`` (``[parties, len(packages)]``, fresh) as the observer reads them."""
        if self.noise <= 0:
            return utilities
        new = packages[~self.drawn[packages]]
        if new.size:
            self.error[:, new] = self.rng.normal(0.0, self.noise, (self.error.shape[0], new.size))
            self.drawn[new] = True
        utilities += self.error[:, packages]
        return utilities
