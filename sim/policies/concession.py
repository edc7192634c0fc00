"""Concession tactics: how an actor sets its acceptance level each round.

Time-dependent tactics (Faratin, Sierra & Jennings 1998) follow the clock:
``tau(t) = r + (1 - r) * (1 - (t / T) ** (1 / beta))``, with r the reservation
value and T the actor's horizon (its deadline, else the number of rounds).
beta < 1 holds firm until late (Boulware), beta = 1 concedes linearly, beta > 1
concedes early (Conceder).

Behaviour-dependent tactics react to the others. What an actor reads as the
others' concession is how much better for it, in its own utility, the packages
they last put forward or accepted have become (before any signal a party's
"position" is the package the observer believes best for it). Tit-for-tat
(Faratin et al. 1998, relative and absolute) gives back in proportion or in
amount what the others gave over a window of rounds; the responsive tactic
concedes a share of the distance still to close, more after refusals. Every
tactic keeps its level within [reservation, 1] and never raises it.
"""

from __future__ import annotations

from collections import deque
from typing import ClassVar

from sim.policies.base import Policy
from sim.policies.registry import register
from sim.policies.view import ActorView


def time_dependent_level(t: float, horizon: int, reservation: float, beta: float) -> float:
    """Faratin's time-dependent acceptance level at round t (1 at round 0, r at the horizon)."""
    elapsed = (t / horizon if t < horizon else 1.0) if horizon > 0 else 1.0
    return reservation + (1.0 - reservation) * (1.0 - elapsed ** (1.0 / beta))


class TimeDependentConcession(Policy):
    """Acceptance level falling from 1 to the reservation value over the horizon."""

    kind = "concession"
    name: ClassVar[str] = "time_dependent"
    metadata: ClassVar[dict] = {"family": "time-dependent", "reference": "Faratin et al. 1998"}
    parameters: ClassVar[dict[str, float]] = {"beta": 1.0}
    bounds: ClassVar[dict[str, tuple[float | None, float | None]]] = {"beta": (1e-3, 1e3)}
    beta: float

    def level(self, view: ActorView) -> float:
        """The time-dependent level of this round."""
        reservation = view.reservation
        # time_dependent_level(view.round, view.horizon, reservation, self.beta), from the share
        # of the horizon the view has worked out: every party reads it every round
        return reservation + (1.0 - reservation) * (1.0 - view.elapsed ** (1.0 / self.beta))


@register("concession")
class Boulware(TimeDependentConcession):
    """Holds near its best until the deadline approaches."""

    name = "boulware"
    parameters = {"beta": 0.2}


@register("concession")
class Linear(TimeDependentConcession):
    """Concedes the same amount every round."""

    name = "linear"
    parameters = {"beta": 1.0}


@register("concession")
class Conceder(TimeDependentConcession):
    """Concedes most of the way early."""

    name = "conceder"
    parameters = {"beta": 5.0}


class _Reactive(Policy):
    """Shared bookkeeping of the behaviour-dependent tactics: the others' positions over time."""

    kind = "concession"
    _positions: deque[float]
    _level: float

    def reset(self) -> None:  # noqa: D102
        self._positions = deque(maxlen=int(getattr(self, "window", 1)) + 1)
        self._level = 1.0

    def others_position(self, view: ActorView) -> float:
        """My utility of where the others stand: the mean over them of their last signal."""
        others = [p for p in view.party_ids if p != view.actor_id and p not in view.walked_out]
        if not others:
            return view.reservation
        values = []
        for party in others:
            package = view.signal(party)
            if package is None:
                package = view.ideal(party)
            if package is not None:
                values.append(view.utility(package))
        return float(sum(values) / len(values)) if values else view.reservation

    def observe(self, view: ActorView) -> tuple[float, float]:
        """The others' position now and ``window`` rounds ago (in my utility)."""
        now = self.others_position(view)
        self._positions.append(now)
        return now, self._positions[0]

    def settle(self, view: ActorView, level: float) -> float:
        """Keep a level within [reservation, previous level]: tactics never raise it."""
        level = min(max(level, view.reservation), self._level, 1.0)
        self._level = level
        return level


class _TitForTat(_Reactive):
    """Mirror the others' concession over a window; ``time_weight`` mixes in the clock."""

    metadata: ClassVar[dict] = {"family": "behaviour-dependent", "reference": "Faratin et al. 1998"}
    parameters: ClassVar[dict[str, float]] = {"window": 1.0, "time_weight": 0.2}
    bounds: ClassVar[dict[str, tuple[float | None, float | None]]] = {
        "window": (1, 50),
        "time_weight": (0.0, 1.0),
    }
    window: float
    time_weight: float

    def mirrored(self, now: float, before: float) -> float:
        """My level after giving back what the others gave (``now``/``before``: their position)."""
        raise NotImplementedError

    def level(self, view: ActorView) -> float:
        """My level after mirroring the others, mixed with the linear clock."""
        now, before = self.observe(view)
        clock = time_dependent_level(view.round, view.horizon, view.reservation, 1.0)
        mixed = (1.0 - self.time_weight) * self.mirrored(now, before) + self.time_weight * min(
            clock, self._level
        )
        return self.settle(view, mixed)


@register("concession")
class RelativeTitForTat(_TitForTat):
    """Gives back in proportion what the others gave (relative tit-for-tat).

    If the others' position, in my utility, rose by a factor f over the last
    ``window`` rounds, my level falls by the same factor. A share ``time_weight``
    of the level follows the linear clock, so two tit-for-tat players still meet
    before the deadline (Faratin et al. 1998 combine tactics by weights).
    """

    name: ClassVar[str] = "tit_for_tat"

    def mirrored(self, now: float, before: float) -> float:  # noqa: D102
        return self._level * (before / now if now > 0 and before > 0 else 1.0)


@register("concession")
class AbsoluteTitForTat(_TitForTat):
    """Gives back the amount the others gave (absolute tit-for-tat), in utility.

    My level falls by exactly the rise, in my utility, of the others' position
    over the last ``window`` rounds; ``time_weight`` mixes in the linear clock.
    """

    name: ClassVar[str] = "tit_for_tat_absolute"

    def mirrored(self, now: float, before: float) -> float:  # noqa: D102
        return self._level - max(now - before, 0.0)


@register("concession")
class Responsive(_Reactive):
    """Concedes a share of the distance still to close, faster after refusals and as time runs out.

    Each round the level moves ``rate`` of the way from where it is towards
    the others' position (never below the reservation), and the share grows by
    ``refusal_boost`` for every refusal in the last round of a package the actor
    accepted or proposed (the deal it wanted failed) and with the share of the
    horizon used up.
    """

    name: ClassVar[str] = "responsive"
    metadata: ClassVar[dict] = {
        "family": "behaviour-dependent",
        "reference": "Faratin et al. 1998 (resource and behaviour dependent)",
    }
    parameters: ClassVar[dict[str, float]] = {"rate": 0.1, "refusal_boost": 0.5}
    bounds: ClassVar[dict[str, tuple[float | None, float | None]]] = {
        "rate": (0.0, 1.0),
        "refusal_boost": (0.0, 10.0),
    }
    rate: float
    refusal_boost: float

    def level(self, view: ActorView) -> float:
        """My level after closing part of the gap to the others."""
        target = max(self.others_position(view), view.reservation)
        last = view.last
        failed = 0
        if last is not None and (view.actor_id in last.accepted or last.proposer == view.actor_id):
            failed = len(last.refused)
        elapsed = view.elapsed
        share = min(self.rate * (1.0 + self.refusal_boost * failed) * (1.0 + elapsed), 1.0)
        return self.settle(view, self._level - share * max(self._level - target, 0.0))
