"""Proposal policies: which package goes on the table.

Every policy sees the packages worth considering (none needs a party that
walked out or crosses a needed party's hard red line) and the parties'
utilities as the proposer perceives them; none sees another party's
acceptance level, which is private.

- ``nash_mediator``: the single negotiating text of a mediator (Raiffa 1982): the
  package maximising the power-weighted Nash product of surpluses over the
  parties' reservations, among those it believes every needed party would take
  over no deal. It holds its text while refusals may be posturing (the first
  ``patience`` share of the horizon); after that a refusal tells it the refuser
  needs more, and it raises that party's floor just above what the text gave it.
  With patient parties the deal is the power-weighted Nash point.
- ``aspiration``: a party offers the power-weighted Nash split of the zone it
  believes open (its own level, and the others' needs read from what they have
  shown); while it believes the zone shut, the package that meets its own level
  and suits the others best. Who proposes when the zone opens does not decide
  the split.
- ``frequency_learner``: as ``aspiration``, with the others' utilities learned
  from the packages they put forward and accept (see :mod:`sim.policies.opponent`).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import ClassVar

import numpy as np

from sim.acceptance import TOLERANCE, meets
from sim.memo import cached, make_room, shared_table
from sim.policies.base import Policy
from sim.policies.opponent import FrequencyModel, predicted_need, stated_needs
from sim.policies.registry import register
from sim.policies.view import ActorView

_TINY = 1e-9
_RANKINGS: dict[tuple, tuple[list[float], list[int], list[list[float]]]] = shared_table({})
"""Proposers' rankings by the bytes of what they were computed from (see ``_shared_ranking``)."""
_RANKING_ENTRIES = 64
_SHARED_RANKING_CELLS = 50_000
"""Larger belief arrays are ranked anew by each run rather than kept as keys."""


def nash_scores(
    beliefs: np.ndarray,
    reference: np.ndarray,
    required: np.ndarray,
    power: np.ndarray,
    minimum: np.ndarray | None = None,
) -> np.ndarray:
    """Power-weighted geometric mean of surpluses over ``reference`` of the needed parties.

    -inf where a needed party is believed below its ``minimum`` (the reference
    if not given). The geometric mean (not the bare product) compares packages
    that need different parties fairly; for a fixed set of parties it ranks
    packages as the weighted Nash product does.
    """
    weights = required * power[:, None]
    total = weights.sum(axis=0)
    np.maximum(total, _TINY, out=total)
    floor = reference if minimum is None else np.maximum(minimum, reference)
    above = meets(beliefs, floor[:, None])
    above |= ~required
    # log of the surpluses over the reference, kept above 0: computed in place
    log_surplus = beliefs - reference[:, None]
    np.maximum(log_surplus, 0.0, out=log_surplus)
    log_surplus += _TINY
    np.log(log_surplus, out=log_surplus)
    log_surplus *= weights
    score = log_surplus.sum(axis=0)
    score /= total
    score[~above.all(axis=0)] = -np.inf
    return score


def smallest_worst_shortfall(beliefs: np.ndarray, floors: np.ndarray, required: np.ndarray) -> int:
    """The column whose largest shortfall of a needed party below its floor is smallest."""
    short = np.where(required, np.maximum(floors[:, None] - beliefs, 0.0), 0.0)
    return int(short.max(axis=0).argmin())


@register("proposal")
class NashMediator(Policy):
    """A mediator's single text: the power-weighted Nash package, revised only when it must be.

    The text maximises the power-weighted Nash product of surpluses over the
    parties' reservations among the packages the mediator believes every needed
    party would take over no deal. Parties that refuse say how far the text
    falls short of what they need now. The mediator reads each stated need as a
    point on a time-dependent concession curve (Faratin et al. 1998) ending at
    the party's reservation, and predicts the party's need in the last round.
    While that prediction is within what the text gives, it holds its text
    (concessions extracted by mere posturing would move it off the Nash point).
    From the ``patience`` share of the rounds on, a refuser predicted to be
    still short at the end gets a floor: the next text gives it at least its
    predicted final need (plus ``margin``), as close to the Nash point as that
    allows.
    """

    name: ClassVar[str] = "nash_mediator"
    metadata: ClassVar[dict] = {"reference": "Nash 1950; Raiffa 1982 (single negotiating text)"}
    parameters: ClassVar[dict[str, float]] = {"patience": 0.8, "margin": 0.0}
    bounds: ClassVar[dict[str, tuple[float | None, float | None]]] = {
        "patience": (0.0, 1.0),
        "margin": (0.0, 1.0),
    }
    patience: float
    margin: float
    _floors: dict[str, float]
    _text: tuple[object, int | None]

    def reset(self) -> None:  # noqa: D102
        self._floors = {}
        self._text = (None, None)

    def floors(self) -> dict[str, float]:
        """The least each party has been found to need (beyond its reservation)."""
        return dict(self._floors)

    def propose(self, view: ActorView) -> int | None:
        """The text for this round."""
        self._learn(view)
        if view.packages.size == 0:
            return None
        reservations = view.reservations.tolist()
        found = self._floors
        floors = (
            tuple(
                max(r, found.get(p, 0.0)) for p, r in zip(view.party_ids, reservations, strict=True)
            )
            if found
            else tuple(reservations)  # reservations are in [0, 1]: no floor raises them
        )
        key = (view.version, floors)
        if self._text[0] != key:
            self._text = (key, self._choose(view, np.array(floors)))
        return self._text[1]

    def _choose(self, view: ActorView, floors: np.ndarray) -> int:
        beliefs, required = view.beliefs, view.required
        score = nash_scores(beliefs, view.reservations, required, view.power, floors)
        best = int(score.argmax())
        if score[best] == -np.inf:
            best = smallest_worst_shortfall(beliefs, floors, required)
        return int(view.packages[best])

    def _learn(self, view: ActorView) -> None:
        last = view.last
        if last is None or last.package is None:
            return
        if last.round < self.patience * view.rounds:
            return
        reservations = dict(zip(view.party_ids, view.reservations, strict=True))
        for party, shortfall in last.shortfalls:
            if party in view.walked_out:
                continue
            offered = view.belief(party, last.package)
            need = offered + shortfall
            predicted = predicted_need(
                last.round, need, reservations[party], view.rounds, view.rounds - 1
            )
            if predicted > offered:
                wanted = min(predicted + self.margin, 1.0)
                self._floors[party] = max(self._floors.get(party, 0.0), wanted)


class _OwnLevelProposer(Policy):
    """Split the zone it believes open; failing that, concede all its own level allows.

    The proposer reads each other party's need from what it last showed (its
    own offers, its objections), brought forward to this round on a
    time-dependent concession curve (:func:`sim.policies.opponent.predicted_need`).
    Among the packages that meet its own level and those needs, it offers the
    power-weighted Nash split of the surpluses, so who happens to propose when
    the zone opens does not decide the split. While it believes no such package
    exists, it offers, among the packages that meet its own level, the one it
    believes best for the others (their power-weighted Nash product over
    reservations).
    """

    _order_key: tuple[int, object] | None
    _order_reservations: np.ndarray | None
    _order_reservation_values: list[float]
    """The reservations the ranking was made with, as floats (they equal the view's this round)."""
    _order: tuple[list[float], list[int], list[list[float]]]
    """Sorted by my own utility, best first: minus my utility, the package to offer when
    that many packages meet my level, and per other party the most it can get among them."""
    _ranking_holds: bool
    """``_beliefs_fixed``, copied to the instance."""
    _order_me: int | None
    _order_others: tuple[tuple[int, str], ...]
    """My row, and the other parties' rows and ids in party order (the slots of ``reach``),
    when ranked."""
    _beliefs_fixed: ClassVar[bool] = True
    """Whether :meth:`others_beliefs` is this class's: the view's beliefs, which change only
    with the view's version (a subclass that overrides it is asked every round)."""

    def __init_subclass__(cls, **kwargs: object) -> None:  # noqa: D105
        super().__init_subclass__(**kwargs)
        cls._beliefs_fixed = cls.others_beliefs is _OwnLevelProposer.others_beliefs

    def reset(self) -> None:  # noqa: D102
        self._order_key = None
        self._order_reservations = None
        # read every round: an instance's attribute (Python 3.11 specialises no class attribute
        # read through an instance)
        self._ranking_holds = type(self)._beliefs_fixed

    def others_beliefs(self, view: ActorView) -> tuple[np.ndarray, object]:
        """The others' utilities over the candidates, and a key that changes when they do."""
        return view.beliefs, None

    def propose(self, view: ActorView) -> int | None:
        """The offer for this round."""
        version = view.version
        reservations = view.reservations
        # the model keeps the same reservations array while no reservation changes
        held = self._order_reservations
        same_reservations = reservations is held or (
            held is not None and np.array_equal(reservations, held)
        )
        beliefs: np.ndarray | None = None
        order_key = self._order_key
        if not (
            same_reservations
            and self._ranking_holds
            and order_key is not None
            and order_key[0] == version
        ):
            # the ranking may be stale: the candidates, the beliefs or the reservations changed
            if view.packages.size == 0:
                return None
            beliefs, belief_key = self.others_beliefs(view)
            key = (version, belief_key)
            if order_key != key or not same_reservations:
                me = view.row
                self._order = self._shared_ranking(view, beliefs, belief_key, me)
                self._order_key = key
                self._order_reservations = reservations
                self._order_reservation_values = reservations.tolist()
                self._order_me = me
                me_id = view.actor_id
                self._order_others = tuple(
                    (k, p) for k, p in enumerate(view.party_ids) if p != me_id
                )
        me = self._order_me
        if me is None:  # not a party (a mediator): no level of its own to meet
            level = 0.0
        else:
            shown_level = view.level
            level = 1.0 if shown_level is None else shown_level
        own_desc, best_packages, reach = self._order
        if not best_packages:
            return None
        # columns are sorted by own utility, best first: those meeting the level are a prefix
        meeting = bisect_right(own_desc, -(level - TOLERANCE))
        if 1 > meeting:  # max(meeting, 1): a proposer offers its best even if nothing meets
            meeting = 1
        if self._might_be_open(view, reach, meeting - 1, self._order_reservation_values):
            if beliefs is None:
                beliefs = view.beliefs
            split = self._split(view, beliefs, me, level)
            if split is not None:
                return split
        return best_packages[meeting - 1]

    def _might_be_open(
        self, view: ActorView, reach: list[list[float]], at: int, reservations: list[float]
    ) -> bool:
        """Whether every other party could get what it showed it needs within my level.

        ``reach[slot][at]``: the most the other party in that slot can get among
        the ``at + 1`` packages I like best, which are those that meet my level
        (+inf where some need not its consent). Cheap: it spares the full search
        of the zone while the zone is plainly shut.
        """
        # every other party's shown need is read (in party order, as stated_needs does: reading
        # one may draw a perception error), and checked until one is out of reach
        rounds, now = view.rounds, view.round
        any_shown, reachable = False, True
        for slot, (k, party) in enumerate(self._order_others):
            shown = view.shown_need(party)  # a method call Python specialises (a bound one not)
            if shown is not None:
                any_shown = True
                if reachable:
                    need = predicted_need(shown[0], shown[1], reservations[k], rounds, now)
                    reachable = not reach[slot][at] < need - TOLERANCE
        return any_shown and reachable

    def _split(
        self, view: ActorView, beliefs: np.ndarray, me: int | None, level: float
    ) -> int | None:
        """The Nash split of the zone believed open this round, or None if it seems shut."""
        needs = stated_needs(view)
        others = [k for k, p in enumerate(view.party_ids) if k != me]
        if not any(view.party_ids[k] in needs for k in others):
            return None  # nobody has shown what it needs yet
        floors = np.array(view.reservations, dtype=float)
        for k in others:  # a party that has asked for nothing is taken at its reservation
            if view.party_ids[k] in needs:
                t, need = needs[view.party_ids[k]]
                floors[k] = predicted_need(t, need, floors[k], view.rounds, view.round)
        if me is not None:
            floors[me] = level
        # the zone believed open is split by the Nash product of surpluses over what each needs
        score = nash_scores(beliefs, floors, view.required, view.power + _TINY)
        if me is not None:
            score = np.where(view.refuses[me], -np.inf, score)
        best = int(score.argmax())
        return None if score[best] == -np.inf else int(view.packages[best])

    def _shared_ranking(
        self, view: ActorView, beliefs: np.ndarray, belief_key: object, me: int | None
    ) -> tuple[list[float], list[int], list[list[float]]]:
        """:meth:`_ranking`, shared by every run that shows the proposer the same arrays.

        Only exact beliefs (no perception noise, nothing learned) are shared.
        While the view shows the game's own arrays, the ranking is kept in the
        table that goes with them (``ActorView._shared_table``), keyed by the few
        numbers it reads besides them; otherwise, and on a miss there, it is found
        by the bytes of every array it reads, so equal inputs, and only those,
        give the ranking computed before. The lists are shared: read them, never
        change them.
        """
        if belief_key is not None or view.noise > 0 or beliefs.size > _SHARED_RANKING_CELLS:
            return self._ranking(view, beliefs, me)
        table = view._shared_table()  # noqa: SLF001 - dealsim's own policy
        if table is None or beliefs is not view.beliefs:
            return self._ranking_by_bytes(view, beliefs, me)
        # the game's own arrays: what else the ranking reads is a few numbers
        key = (
            type(self)._ranking,
            view.actor_id,
            me,
            view.reservations.tobytes(),
            view.power.tobytes(),
        )
        ranking = table.get(key)
        if ranking is None:
            make_room(table, _RANKING_ENTRIES)
            ranking = table[key] = self._ranking_by_bytes(view, beliefs, me)
        return ranking

    def _ranking_by_bytes(
        self, view: ActorView, beliefs: np.ndarray, me: int | None
    ) -> tuple[list[float], list[int], list[list[float]]]:
        """:meth:`_ranking`, found again by the bytes of every array it reads."""
        key = (
            type(self)._ranking,
            me,
            beliefs.shape,
            view.packages.tobytes(),
            beliefs.tobytes(),
            view.own.tobytes(),
            view.required.tobytes(),
            view.refuses.tobytes(),
            view.reservations.tobytes(),
            view.power.tobytes(),
        )
        return cached(_RANKINGS, key, lambda: self._ranking(view, beliefs, me), _RANKING_ENTRIES)

    def _ranking(self, view: ActorView, beliefs: np.ndarray, me: int | None):
        own = view.own
        keep = np.flatnonzero(~view.refuses[me]) if me is not None else np.arange(own.size)
        if not keep.size:
            keep = np.arange(own.size)
        order = keep[np.argsort(-own[keep], kind="stable")]
        others = np.ones(len(view.party_ids), dtype=bool)
        if me is not None:
            others[me] = False
        others_beliefs = beliefs[others][:, order]
        others_required = view.required[others][:, order]
        if others.any():
            score = nash_scores(
                others_beliefs,
                view.reservations[others],
                others_required,
                view.power[others] + _TINY,
            )
        else:
            score = np.zeros(order.size)
        # running best of the others' score along the own-utility order; ties keep my better one
        running = np.maximum.accumulate(score)
        first_best = np.searchsorted(running, running, side="left")
        # the most each other party can get among the first k packages of that order
        reach = np.where(others_required, others_beliefs, np.inf)
        reach = np.maximum.accumulate(reach, axis=1) if reach.size else reach
        # plain lists: a round reads one entry of each
        packages = view.packages[order[first_best]].tolist()
        return (-own[order]).tolist(), packages, reach.tolist()


@register("proposal")
class AspirationProposer(_OwnLevelProposer):
    """Offer what meets my own level and, of that, what I believe suits the others best."""

    name: ClassVar[str] = "aspiration"
    metadata: ClassVar[dict] = {"reference": "Faratin et al. 1998; Rubinstein 1982 (alternating)"}


@register("proposal")
class FrequencyLearner(_OwnLevelProposer):
    """As ``aspiration``, with the others' preferences learned from their offers and acceptances."""

    name: ClassVar[str] = "frequency_learner"
    metadata: ClassVar[dict] = {
        "reference": "Baarslag et al. 2013 (frequency opponent models); HardHeaded (ANAC 2011)"
    }
    parameters: ClassVar[dict[str, float]] = {"prior_weight": 3.0, "unchanged_bonus": 1.0}
    bounds: ClassVar[dict[str, tuple[float | None, float | None]]] = {
        "prior_weight": (0.0, None),
        "unchanged_bonus": (0.0, None),
    }
    prior_weight: float
    unchanged_bonus: float
    _models: dict[str, FrequencyModel]
    _seen: int

    def reset(self) -> None:  # noqa: D102
        super().reset()
        self._models = {}
        self._seen = 0

    def learned(self, party: str) -> FrequencyModel | None:
        """What it has learned of a party (None before any signal)."""
        return self._models.get(party)

    def others_beliefs(self, view: ActorView) -> tuple[np.ndarray, object]:
        """Prior beliefs blended with the frequency models, for the parties it has seen."""
        history = view.history
        space_options = view._model.game.space.options  # noqa: SLF001 - read-only options
        for record in history[self._seen :]:
            if record.package is None:
                continue
            signalled = {record.proposer, *record.accepted} - {view.actor_id}
            for party in sorted(signalled):
                if party not in view.party_ids:
                    continue
                model = self._models.get(party)
                if model is None:
                    model = self._models[party] = FrequencyModel(view.sizes, self.unchanged_bonus)
                model.observe(space_options[record.package])
        self._seen = len(history)
        if not self._models:
            return view.beliefs, None
        beliefs = np.array(view.beliefs)
        options = view.options
        for party, model in self._models.items():
            row = view.party_ids.index(party)
            share = model.observations / (model.observations + self.prior_weight)
            beliefs[row] = (1 - share) * beliefs[row] + share * model.utilities(options)
        return beliefs, tuple((p, m.observations) for p, m in sorted(self._models.items()))
