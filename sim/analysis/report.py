"""The exact analysis of a scenario: zone, frontier, bargaining solutions, and what blocks a deal.

By default the analysis looks at the scenario as written, before any event
(even those of round 0, which a simulation applies before its first round).
Given a round, it looks at the game the parties face at the start of that
round: the events up to it applied, reservations after their drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.analysis.blocking import DEFAULT_MAX_SETS, DEFAULT_MAX_SIZE, Blocking, blocking_analysis
from sim.analysis.pareto import pareto_frontier
from sim.analysis.solutions import kalai_smorodinsky_solution, nash_solution
from sim.analysis.zone import backing, decided_zone_mask, feasible_mask, reservation_values
from sim.game import Game
from sim.scenario.edit import with_events_until
from sim.scenario.schema import Scenario

_DIGITS = 6


@dataclass(frozen=True)
class Analysis:
    """Exact results on the enumerated outcome space, as written or at the start of a round.

    Package sets are ascending arrays of package numbers, ready to index the
    game's ``[parties, packages]`` arrays (e.g. a scatter of two parties'
    ``game.effective[:, zone_packages]`` with the frontier and the Nash point).

    Attributes:
        game: the compiled game the analysis ran on.
        reservations: ``[parties]`` reservation values of the consenting parties.
        feasible_packages: packages crossing no hard red line of a party whose consent they need.
        zone_packages: feasible packages where every needed party is at or above its reservation.
        pareto_packages: the Pareto frontier of the basis set, over all parties' effective
            utilities (when it is too large to find within
            :data:`sim.analysis.pareto.COMPARISON_BUDGET`, the efficient packages
            found within it, those of highest utility sum first).
        pareto_basis: the set the frontier is taken over: ``zopa``, else ``feasible`` when
            the zone is empty, else ``none``.
        nash_package: the power-weighted Nash bargaining solution in the zone, or None.
        kalai_smorodinsky_package: the Kalai–Smorodinsky point in the zone, or None.
        blocking: when the zone is empty, what blocks it; else None.
        at_round: the round whose game was analysed (events up to it applied), or
            None for the scenario as written.
        pareto_complete: whether ``pareto_packages`` is the whole frontier.
    """

    game: Game = field(repr=False, compare=False)
    reservations: np.ndarray
    feasible_packages: np.ndarray
    zone_packages: np.ndarray
    pareto_packages: np.ndarray
    pareto_basis: str
    nash_package: int | None
    kalai_smorodinsky_package: int | None
    blocking: Blocking | None
    at_round: int | None = None
    pareto_complete: bool = True

    @property
    def party_ids(self) -> list[str]:
        """The consenting parties, in scenario order (the rows of the game's arrays)."""
        return self.game.party_ids

    @property
    def packages(self) -> int:
        """The number of packages in the outcome space."""
        return self.game.space.size

    def terms(self, package: int | None) -> dict[str, str | int | float] | None:
        """The options of a package, issue id to option (None for no package)."""
        return None if package is None else self.game.space.terms(package)

    def party_values(self, package: int | None) -> dict[str, dict[str, Any]] | None:
        """Per party at a package: utility, effective utility, reservation, whether it is needed."""
        if package is None:
            return None
        game = self.game
        return {
            party: {
                "utility": round(float(game.utility[k, package]), _DIGITS),
                "effective": round(float(game.effective[k, package]), _DIGITS),
                "reservation": round(float(self.reservations[k]), _DIGITS),
                "needed": bool(game.required[k, package]),
            }
            for k, party in enumerate(game.party_ids)
        }

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        blocking = self.blocking
        return {
            "scenario": self.game.scenario.name,
            "events_applied": self.at_round is not None,
            "at_round": self.at_round,
            "parties": list(self.party_ids),
            "packages": self.packages,
            "feasible": int(self.feasible_packages.size),
            "zopa": int(self.zone_packages.size),
            "pareto": int(self.pareto_packages.size),
            "pareto_basis": self.pareto_basis,
            "pareto_complete": self.pareto_complete,
            "reservations": {
                party: round(float(self.reservations[k]), _DIGITS)
                for k, party in enumerate(self.party_ids)
            },
            "nash_package": self.nash_package,
            "nash": self.terms(self.nash_package),
            "nash_utilities": self.party_values(self.nash_package),
            "kalai_smorodinsky_package": self.kalai_smorodinsky_package,
            "kalai_smorodinsky": self.terms(self.kalai_smorodinsky_package),
            "kalai_smorodinsky_utilities": self.party_values(self.kalai_smorodinsky_package),
            "blocking": blocking.red_line_sets if blocking else [],
            "reservations_block": bool(blocking and blocking.reservations_block),
            "blocking_search": _search_summary(blocking),
            "closest": _closest_summary(self, blocking),
        }


def _search_summary(blocking: Blocking | None) -> dict[str, Any] | None:
    if blocking is None:
        return None
    return {
        "candidates": blocking.candidates,
        "largest_size_searched": blocking.largest_size_searched,
        "complete": blocking.complete,
    }


def _closest_summary(analysis: Analysis, blocking: Blocking | None) -> dict[str, Any] | None:
    if blocking is None or blocking.closest_package is None:
        return None
    return {
        "package": blocking.closest_package,
        "terms": analysis.terms(blocking.closest_package),
        "shortfalls": {p: round(v, _DIGITS) for p, v in blocking.shortfalls.items()},
    }


def analyze_game(
    game: Game,
    *,
    max_blocking_size: int = DEFAULT_MAX_SIZE,
    max_blocking_sets: int = DEFAULT_MAX_SETS,
    at_round: int | None = None,
) -> Analysis:
    """Analyse a compiled game (see :func:`analyze`); ``at_round`` sets the reservations' drift."""
    reservations = reservation_values(game, at_round or 0)
    feasible = feasible_mask(game.refuses, game.required)
    zone = decided_zone_mask(game, reservations)
    feasible_packages, zone_packages = np.flatnonzero(feasible), np.flatnonzero(zone)
    if zone_packages.size:
        basis, basis_name = zone_packages, "zopa"
    elif feasible_packages.size:
        basis, basis_name = feasible_packages, "feasible"
    else:
        basis, basis_name = feasible_packages, "none"
    efficient, pareto_complete = pareto_frontier(game.effective[:, basis])
    pareto_packages = basis[efficient]
    counted = backing(game, reservations)  # in a unanimity zone: every needed party
    solution_arrays = (game.effective, reservations, counted, game.power, zone_packages)
    blocking = None
    if zone_packages.size == 0:
        blocking = blocking_analysis(
            game, reservations, max_size=max_blocking_size, max_sets=max_blocking_sets
        )
    return Analysis(
        game=game,
        reservations=reservations,
        feasible_packages=feasible_packages,
        zone_packages=zone_packages,
        pareto_packages=pareto_packages,
        pareto_basis=basis_name,
        nash_package=nash_solution(*solution_arrays),
        kalai_smorodinsky_package=kalai_smorodinsky_solution(*solution_arrays),
        blocking=blocking,
        at_round=at_round,
        pareto_complete=pareto_complete,
    )


def analyze(
    scenario: Scenario,
    *,
    max_blocking_size: int = DEFAULT_MAX_SIZE,
    max_blocking_sets: int = DEFAULT_MAX_SETS,
    at_round: int | None = None,
) -> Analysis:
    """Exact analysis of a scenario, without simulating.

    Args:
        scenario: a validated scenario.
        at_round: analyse the game at the start of this round (the events of
            rounds 0 to ``at_round`` applied, reservations after their drift);
            None (the default): the scenario as written, no event applied.
        max_blocking_size: when the zone is empty, the largest set of red lines to try relaxing.
        max_blocking_sets: when the zone is empty, the most sets of red lines to try.

    Returns:
        The feasible set, the zone, the Pareto frontier, the Nash and
        Kalai–Smorodinsky packages and, if the zone is empty, what blocks it.

    Raises:
        ValueError: ``at_round`` is not a round of the scenario.
    """
    if at_round is not None:
        last = scenario.protocol.rounds - 1
        if not 0 <= at_round <= last:
            raise ValueError(f"round {at_round} is not a round of the scenario (0 to {last})")
        scenario = with_events_until(scenario, at_round)
    return analyze_game(
        Game.from_scenario(scenario),
        max_blocking_size=max_blocking_size,
        max_blocking_sets=max_blocking_sets,
        at_round=at_round,
    )
