"""What blocks the deal: the smallest sets of hard red lines whose relaxation opens the zone.

Relaxing a red line means switching it off (``active: false``), as
:func:`sim.with_red_line` does. Which red lines can matter:

* the active hard red lines of the consenting parties: off, they no longer
  make a package infeasible for the party that holds them;
* the active hard red lines of coalition partners in a government led by a
  consenting party: off, the partner no longer leaves over them, the
  government may survive, and the leader's effective utility rises.

Red lines of anyone else (mediators, the opposition, partners of a government
whose leader is not a party), soft red lines and inactive red lines change
nothing in the zone and are never reported.

Relaxing more red lines never shrinks the zone (refusals only disappear,
partners only stay), so the search goes by increasing size and stops at the
first size at which some set opens the zone; every set of that size that does
is minimal. If the zone stays empty with every relevant red line off, the
reservation values are what block the deal; then the package whose worst
shortfall below a reservation is smallest is reported with the shortfalls.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from sim.analysis.zone import feasible_mask, rational_mask, shortfalls
from sim.game import Game
from sim.ratification import CoalitionArithmetic, effective_utility

DEFAULT_MAX_SIZE = 3
DEFAULT_MAX_SETS = 50_000


@dataclass(frozen=True)
class Blocking:
    """Why the zone is empty.

    Attributes:
        red_line_sets: the smallest sets of red-line ids whose relaxation opens the zone
            (all of them, each sorted in scenario order); empty if none was found.
        candidates: the red lines the search could relax (those that matter somewhere).
        largest_size_searched: the largest set size tried.
        complete: every set up to that size was tried (False if the budget ran out).
        reservations_block: the zone stays empty even with every relevant red line off.
        closest_package: when reservations block, the package with the smallest worst
            shortfall below a needed party's reservation (every relevant red line off).
        shortfalls: at that package, how far each needed party is below its reservation.
    """

    red_line_sets: list[list[str]]
    candidates: list[str]
    largest_size_searched: int
    complete: bool
    reservations_block: bool
    closest_package: int | None = None
    shortfalls: dict[str, float] = field(default_factory=dict)


def relevant_red_lines(game: Game) -> list[str]:
    """Active hard red lines of the parties and of partners in governments led by a party."""
    parties = set(game.party_ids)
    partners = {
        partner.actor
        for coalition in game.coalitions
        if coalition.government.leader in parties
        for partner in coalition.government.partners
    }
    return [
        line.id
        for actor in game.scenario.actors
        if actor.id in parties or actor.id in partners
        for line in actor.red_lines
        if line.hard and line.active
    ]


class RelaxedZone:
    """The zone over a set of packages when some of a list of red lines are switched off.

    Built once per list of red lines; each call to :meth:`zone` recomputes only
    the refusals, partner exits, seat counts and leaders' effective utilities.

    Args:
        game: the compiled game.
        reservations: ``[parties]`` reservation values.
        lines: the red lines that may be switched off (others stay as they are).
        packages: the package numbers to work on; None for the whole space.
    """

    def __init__(
        self,
        game: Game,
        reservations: np.ndarray,
        lines: Sequence[str],
        packages: np.ndarray | None = None,
    ) -> None:
        self.lines = list(lines)
        self.reservations = reservations
        select: slice | np.ndarray
        if packages is None:
            select, count = slice(None), game.space.size
        else:
            select = np.asarray(packages, dtype=np.int64)
            count = len(select)
        crossings, owners = game.preferences.crossings, game.preferences.owners
        self.crossed = np.zeros((len(self.lines), count), dtype=bool)
        for k, line_id in enumerate(self.lines):
            self.crossed[k] = crossings[line_id][select]
        self.required = game.required[:, select]
        self.coherent = game.coherent[select]  # linked terms: never relaxed
        self.effective = game.effective[:, select]
        self.utility = game.utility[:, select]
        self.owned = {
            actor: [k for k, line_id in enumerate(self.lines) if owners[line_id] == actor]
            for actor in set(owners.values())
        }
        self.fixed = {
            actor.id: _fixed_refusals(game, actor.id, self.lines, select, count)
            for actor in game.scenario.actors
        }
        self.party_ids = game.party_ids
        self.coalitions = [
            (coalition, _seats_if_all_stay(coalition, select))
            for coalition in game.coalitions
            if coalition.government.leader in game.party_ids
        ]

    def refuses(self, actor_id: str, off: np.ndarray) -> np.ndarray:
        """Packages crossing an active hard red line of the actor that is still on."""
        kept = [k for k in self.owned.get(actor_id, []) if not off[k]]
        return self.fixed[actor_id] | self.crossed[kept].any(axis=0)

    def switched_off(self, relaxed: Iterable[int]) -> np.ndarray:
        """A mask over the red lines: True at the given positions."""
        off = np.zeros(len(self.lines), dtype=bool)
        off[list(relaxed)] = True
        return off

    def feasible_and_effective(self, off: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The feasible packages and the parties' effective utilities with these red lines off.

        Args:
            off: bool over the red lines, True for those switched off.
        """
        refuses = np.stack([self.refuses(p, off) for p in self.party_ids])
        effective = self.effective
        if self.coalitions:
            effective = effective.copy()
            arithmetic = [self._arithmetic(c, seats, off) for c, seats in self.coalitions]
            for row, party in enumerate(self.party_ids):
                if any(a.government.leader == party for a in arithmetic):
                    effective[row] = effective_utility(self.utility[row], party, arithmetic)
        return feasible_mask(refuses, self.required) & self.coherent, effective

    def zone(self, relaxed: Iterable[int]) -> np.ndarray:
        """A mask over the packages: the zone with the red lines at these positions switched off."""
        feasible, effective = self.feasible_and_effective(self.switched_off(relaxed))
        return feasible & rational_mask(effective, self.reservations, self.required)

    def _arithmetic(
        self, coalition: CoalitionArithmetic, seats_if_all_stay: np.ndarray, off: np.ndarray
    ) -> CoalitionArithmetic:
        government = coalition.government
        leaving = {p.actor: self.refuses(p.actor, off) for p in government.partners}
        seats = seats_if_all_stay.copy()
        for partner in government.partners:
            seats -= np.where(leaving[partner.actor], partner.seats, 0)
        return CoalitionArithmetic(government, leaving, seats, seats < government.majority)


def _fixed_refusals(
    game: Game, actor_id: str, lines: list[str], select: slice | np.ndarray, count: int
) -> np.ndarray:
    """Packages crossing an active hard red line of the actor that is not up for relaxation."""
    refused = np.zeros(count, dtype=bool)
    for line in game.scenario.actor(actor_id).red_lines:
        if line.hard and line.active and line.id not in lines:
            refused |= game.preferences.crossings[line.id][select]
    return refused


def _seats_if_all_stay(coalition: CoalitionArithmetic, select: slice | np.ndarray) -> np.ndarray:
    """Seats behind the government under each package if no partner left."""
    seats = coalition.seats[select].astype(np.int64)
    for partner in coalition.government.partners:
        seats += np.where(coalition.leaving[partner.actor][select], partner.seats, 0)
    return seats


def _mattering(game: Game, relaxed: RelaxedZone, packages: np.ndarray) -> list[str]:
    """Of the relaxed zone's red lines, those crossed where their holder's say counts."""
    needed = {p: game.required[k, packages] for k, p in enumerate(game.party_ids)}
    leaders_of: dict[str, list[str]] = {}
    for coalition in game.coalitions:
        for partner in coalition.government.partners:
            leaders_of.setdefault(partner.actor, []).append(coalition.government.leader)
    kept = []
    for k, line_id in enumerate(relaxed.lines):
        owner = game.preferences.owners[line_id]
        says = needed.get(owner, np.zeros(len(packages), dtype=bool))
        for leader in leaders_of.get(owner, []):
            if leader in needed:
                says = says | needed[leader]
        if (relaxed.crossed[k] & says).any():
            kept.append(line_id)
    return kept


def blocking_analysis(
    game: Game,
    reservations: np.ndarray,
    max_size: int = DEFAULT_MAX_SIZE,
    max_sets: int = DEFAULT_MAX_SETS,
) -> Blocking:
    """Find the smallest sets of red lines whose relaxation opens an empty zone.

    Args:
        game: the compiled game (its zone is assumed empty).
        reservations: ``[parties]`` reservation values.
        max_size: the largest set of red lines to try.
        max_sets: the most sets to try in all (a budget for scenarios with many red lines).
    """
    lines = relevant_red_lines(game)
    all_off = RelaxedZone(game, reservations, lines)
    opened = all_off.zone(range(len(lines)))
    if not opened.any():
        return _reservations_block(game, reservations, all_off)
    packages = np.flatnonzero(opened)
    candidates = _mattering(game, RelaxedZone(game, reservations, lines, packages), packages)
    relaxed = RelaxedZone(game, reservations, candidates, packages)
    found: list[list[str]] = []
    tried, size, complete = 0, 0, True
    for size in range(1, min(max_size, len(candidates)) + 1):
        for combination in itertools.combinations(range(len(candidates)), size):
            if tried >= max_sets:
                complete = False
                break
            tried += 1
            if relaxed.zone(combination).any():
                found.append([candidates[k] for k in combination])
        if found or not complete:
            break
    return Blocking(
        red_line_sets=found,
        candidates=candidates,
        largest_size_searched=size,
        complete=complete,
        reservations_block=False,
    )


def _reservations_block(game: Game, reservations: np.ndarray, all_off: RelaxedZone) -> Blocking:
    """The answer when no relaxation of red lines opens the zone: the closest package."""
    feasible, effective = all_off.feasible_and_effective(np.ones(len(all_off.lines), dtype=bool))
    gaps = shortfalls(effective, reservations, game.required)
    worst = np.where(feasible, gaps.max(axis=0, initial=0.0), np.inf)
    closest = int(np.argmin(worst)) if np.isfinite(worst).any() else None
    below = {}
    if closest is not None:
        below = {
            party: float(gaps[k, closest])
            for k, party in enumerate(game.party_ids)
            if game.required[k, closest] and gaps[k, closest] > 0
        }
    return Blocking(
        red_line_sets=[],
        candidates=all_off.lines,
        largest_size_searched=0,
        complete=True,
        reservations_block=True,
        closest_package=closest,
        shortfalls=below,
    )
