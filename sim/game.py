"""The game a scenario defines, as arrays: what the parties get and refuse, package by package.

This is what protocols and the exact analysis work on. It is rebuilt when an
event changes the scenario mid-run (the outcome space is reused).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from sim.memo import cached, content_key, make_room, read_only_cached
from sim.outcomes import OutcomeSpace
from sim.preferences import Preferences, actor_key, compile_preferences
from sim.ratification import (
    CoalitionArithmetic,
    arithmetic_key,
    coalitions,
    conditions_hold,
    effective_utility,
    with_government,
)
from sim.scenario.deal_checks import coherent_packages
from sim.scenario.schema import Scenario
from sim.side_payments import over_payments, space_for


@dataclass
class Game:
    """Per-package arrays of the consenting parties.

    Attributes:
        scenario: the scenario the arrays were built from.
        space: the enumerated outcome space.
        preferences: every actor's utility and hard refusals.
        coalitions: the arithmetic of every government.
        party_ids: consenting parties, in scenario order.
        power: ``[parties]`` bargaining power.
        utility: ``[parties, packages]`` utility U.
        effective: ``[parties, packages]`` U net of the domestic cost (leaders only).
        refuses: ``[parties, packages]`` True where an active hard red line is crossed.
        required: ``[parties, packages]`` True where the party's consent is needed.
        coherent: ``[packages]`` True where the package meets every linked-terms
            constraint (``constraints:``). An incoherent package is refused by, and
            needs the consent of, every party, so it is never feasible: protocols,
            exact analysis and the decision rules all leave it out.
    """

    scenario: Scenario
    space: OutcomeSpace
    preferences: Preferences
    coalitions: list[CoalitionArithmetic]
    party_ids: list[str]
    power: np.ndarray
    utility: np.ndarray
    effective: np.ndarray
    refuses: np.ndarray
    required: np.ndarray
    coherent: np.ndarray
    _columns: dict[int, tuple[list[bool], list[float], list[bool]]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _feasible: np.ndarray | None = field(default=None, repr=False, compare=False)
    _open: np.ndarray | None = field(default=None, repr=False, compare=False)
    _over_parties: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    _over_effective: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_scenario(cls, scenario: Scenario, space: OutcomeSpace | None = None) -> Game:
        """Compile a validated scenario.

        The arrays depend on the actors' values, saliences and red lines, the
        parties and the governments, not on power or reservations: runs of an
        ensemble that sample only those share one compiled copy (read-only).
        Runs that sample a government's survival weight share everything but
        its leader's effective utility, and runs that sample its seats share
        the arithmetic of each seat count seen (:func:`sim.ratification.coalitions`).
        """
        space = space or space_for(scenario)
        keys = [actor_key(actor, space) for actor in scenario.actors]
        government_keys = [arithmetic_key(g, scenario, space) for g in scenario.governments]
        key = None
        if all(k is not None for k in keys) and all(k is not None for k in government_keys):
            key = (
                tuple((actor.id, k) for actor, k in zip(scenario.actors, keys, strict=True)),
                content_key(scenario.parties),
                content_key(scenario.constraints),
                tuple(
                    (k, g.leader, content_key(g.survival_weight))
                    for g, k in zip(scenario.governments, government_keys, strict=True)
                ),
            )
        if key is not None and key not in _COMPILED and _first_sight(key):
            key = None  # a game seen once (a run's own survival weight) is not kept
        compiled = cached(
            _COMPILED,
            key,
            lambda: _compile(scenario, space, keys, government_keys),
            _COMPILED_ENTRIES,
        )
        actors = {actor.id: actor for actor in scenario.actors}
        return cls(
            scenario=scenario,
            space=space,
            preferences=compiled.preferences,
            coalitions=[
                with_government(c, g)
                for c, g in zip(compiled.coalitions, scenario.governments, strict=True)
            ],
            party_ids=list(compiled.party_ids),
            power=np.array([actors[p].power for p in compiled.party_ids], dtype=float),
            utility=compiled.utility,
            effective=compiled.effective,
            refuses=compiled.refuses,
            required=compiled.required,
            coherent=compiled.coherent,
            _columns=compiled.columns,
            _feasible=compiled.feasible,
            _open=compiled.open,
            _over_parties=compiled.over_parties,
            _over_effective=compiled.over_effective,
            _derived=compiled.derived,
        )

    def feasible(self) -> np.ndarray:
        """``[packages]`` those that cross no hard red line of a party whose consent they need.

        Read-only; computed once per compiled game.
        """
        if self._feasible is None:
            self._feasible = _feasible(self.refuses, self.required)
        return self._feasible

    def open_packages(self) -> np.ndarray:
        """The packages worth proposing while every party is at the table (read-only).

        The coherent and feasible ones; when none is, every coherent one.
        """
        if self._open is None:
            self._open = open_among(self.coherent, self.feasible())
        return self._open

    def columns_over(self, packages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``required`` and ``refuses`` over some packages (read-only views).

        No view can be made writeable, so they are handed to policies as they are.
        Over the open packages (every run's candidates while all parties are at
        the table) they are sliced once and shared by every run with the same parties.
        """
        shared = self._over_parties if packages is self._open else {}
        if "refuses" not in shared:
            shared["required"] = _handed_out(self.required[:, packages])
            shared["refuses"] = _handed_out(self.refuses[:, packages])
        return shared["required"], shared["refuses"]

    def effective_over(self, packages: np.ndarray) -> np.ndarray:
        """``effective`` over some packages (read-only; shared as :meth:`columns_over` is)."""
        shared = self._over_effective if packages is self._open else {}
        if "effective" not in shared:
            shared["effective"] = _handed_out(self.effective[:, packages])
        return shared["effective"]

    def derived_over_open(self) -> dict:
        """A table for what is worked out from the exact arrays over the open packages alone.

        Shared, as those arrays are (:meth:`columns_over`, :meth:`effective_over`),
        by every game with the same actors, parties and effective utilities: a key
        must hold whatever else its value depends on. Its users keep it bounded
        (:func:`sim.memo.make_room`).
        """
        return self._derived

    def column(self, package: int) -> tuple[list[bool], list[float], list[bool]]:
        """One package's ``required``, ``effective`` and ``refuses`` per party, as lists (cached).

        A round asks the parties about one package; plain lists answer that
        faster than array indexing.
        """
        column = self._columns.get(package)
        if column is None:
            column = (
                self.required[:, package].tolist(),
                self.effective[:, package].tolist(),
                self.refuses[:, package].tolist(),
            )
            self._columns[package] = column
        return column

    def party_row(self, actor_id: str) -> int:
        """Row of a consenting party in the party arrays."""
        return self.party_ids.index(actor_id)


class _Compiled(NamedTuple):
    """What a game's arrays are, shared by every run with the same actors, parties, governments."""

    preferences: Preferences
    coalitions: list[CoalitionArithmetic]
    party_ids: tuple[str, ...]
    utility: np.ndarray
    effective: np.ndarray
    refuses: np.ndarray
    required: np.ndarray
    coherent: np.ndarray
    columns: dict
    feasible: np.ndarray
    open: np.ndarray
    over_parties: dict[str, np.ndarray]
    """The parties' arrays over the open packages once sliced (:meth:`Game.columns_over`)."""
    over_effective: dict[str, np.ndarray]
    """The effective utility over the open packages once sliced (:meth:`Game.effective_over`)."""
    derived: dict
    """What is worked out from those arrays alone (:meth:`Game.derived_over_open`)."""


def _read_only(array: np.ndarray) -> np.ndarray:
    """The array, owning its memory, made read-only: no view of it can be made writeable again."""
    owned = array if array.base is None else array.copy()
    owned.flags.writeable = False
    return owned


def _handed_out(array: np.ndarray) -> np.ndarray:
    """A read-only view of the array, made read-only (:func:`_read_only`).

    Unlike its owner, the view cannot be made writeable again, so every run
    may hand the same view to its policies.
    """
    view = _read_only(array).view()
    view.flags.writeable = False
    return view


class _Parties(NamedTuple):
    """The parties' rows of a game: shared by every run with the same actors and parties."""

    party_ids: tuple[str, ...]
    utility: np.ndarray
    refuses: np.ndarray
    required: np.ndarray
    coherent: np.ndarray
    feasible: np.ndarray
    open: np.ndarray
    over: dict[str, np.ndarray]
    """Arrays over the open packages, sliced when first asked for (shared by compiled games)."""
    derived: dict
    """What is worked out from them alone, when they are a game's effective utility too."""


_COMPILED: dict[tuple, _Compiled] = {}
_SEEN_ONCE: dict[tuple, None] = {}
_PREFERENCES: dict[tuple, Preferences] = {}
_PARTIES: dict[tuple, _Parties] = {}
_COHERENT: dict[tuple, np.ndarray] = {}
_COMPILED_ENTRIES = 32


def clear_compiled() -> None:
    """Forget every compiled game and actor, and what runs shared (benchmarks of a cold start)."""
    from sim import audience, memo, preferences, ratification

    _COMPILED.clear()
    _SEEN_ONCE.clear()
    _PREFERENCES.clear()
    _PARTIES.clear()
    _COHERENT.clear()
    audience._DEPTHS.clear()
    preferences._actor_cache.clear()
    preferences._ARRAY_KEYS.clear()
    ratification.clear_arithmetic()
    memo.clear_content_keys()
    memo.clear_shared()


def _first_sight(key: tuple) -> bool:
    """Whether a compiled game's key is new (it is remembered, bounded, for next time).

    A game is kept once seen twice: a game each run compiles anew (its
    leader's survival weight sampled) would only push the kept ones out and
    hold its arrays after its run; what it shares is kept by the caches below.
    """
    if key in _SEEN_ONCE:
        del _SEEN_ONCE[key]
        return False
    make_room(_SEEN_ONCE, 4 * _COMPILED_ENTRIES)
    _SEEN_ONCE[key] = None
    return True


def _coherent(scenario: Scenario, space: OutcomeSpace) -> np.ndarray:
    """``[packages]`` where every linked-terms constraint holds (read-only; cached by content)."""
    key = (space.key, content_key(scenario.constraints))
    return read_only_cached(
        _COHERENT,
        key,
        lambda: over_payments(coherent_packages(scenario), space),
        _COMPILED_ENTRIES,
    )


def _compile(
    scenario: Scenario,
    space: OutcomeSpace,
    keys: list[tuple | None],
    government_keys: list[tuple | None],
) -> _Compiled:
    """The arrays of a game, read-only (see :meth:`Game.from_scenario`)."""
    preferences_key = (
        tuple((actor.id, key) for actor, key in zip(scenario.actors, keys, strict=True))
        if all(k is not None for k in keys)
        else None
    )
    preferences = cached(
        _PREFERENCES,
        preferences_key,
        lambda: compile_preferences(scenario, space, keys),
        _COMPILED_ENTRIES,
    )
    parties = cached(
        _PARTIES,
        None
        if preferences_key is None
        else (preferences_key, content_key(scenario.parties), content_key(scenario.constraints)),
        lambda: _party_arrays(scenario, space, preferences),
        _COMPILED_ENTRIES,
    )
    arithmetic = coalitions(scenario, space, preferences, government_keys)
    utility = parties.utility
    leaders = {c.government.leader for c in arithmetic}
    if leaders.intersection(parties.party_ids):
        effective = utility.copy()  # only a leader's row differs
        for k, party in enumerate(parties.party_ids):
            if party in leaders:
                effective_utility(utility[k], party, arithmetic, out=effective[k])
        effective.flags.writeable = False
    else:
        effective = utility  # nobody's government can fall: U is the effective utility
    return _Compiled(
        preferences,
        arithmetic,
        parties.party_ids,
        utility,
        effective,
        parties.refuses,
        parties.required,
        parties.coherent,
        {},
        parties.feasible,
        parties.open,
        parties.over,
        parties.over if effective is utility else {},
        parties.derived if effective is utility else {},
    )


def _party_arrays(scenario: Scenario, space: OutcomeSpace, preferences: Preferences) -> _Parties:
    """The parties' utility, refusals and consent, and the coherent packages (read-only)."""
    party_ids = tuple(party.actor for party in scenario.parties)
    rows = [preferences.row(p) for p in party_ids]
    utility = preferences.utility[rows]
    required = np.stack([conditions_hold(space, party.when) for party in scenario.parties])
    refuses = preferences.hard_crossed[rows]
    coherent = _coherent(scenario, space)
    if not coherent.all():
        refuses = refuses | ~coherent
        required = required | ~coherent
    for array in (preferences.utility, preferences.hard_crossed, utility, required, refuses):
        array.flags.writeable = False
    feasible = _feasible(refuses, required)
    return _Parties(
        party_ids,
        utility,
        refuses,
        required,
        coherent,
        feasible,
        open_among(coherent, feasible),
        {},
        {},
    )


def _feasible(refuses: np.ndarray, required: np.ndarray) -> np.ndarray:
    """``[packages]`` where no party whose consent is needed has a hard line crossed (read-only)."""
    feasible = ~np.any(refuses & required, axis=0)
    feasible.flags.writeable = False
    return feasible


def open_among(available: np.ndarray, feasible: np.ndarray) -> np.ndarray:
    """The ``available`` packages worth proposing: the feasible, or all if none is (read-only)."""
    good = available & feasible
    packages = np.flatnonzero(good if good.any() else available)
    packages.flags.writeable = False
    return packages
