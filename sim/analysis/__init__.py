"""Exact analysis on the enumerated outcome space (no simulation).

The feasible set, the zone of possible agreement, the Pareto frontier, the
Nash bargaining solution, the Kalai–Smorodinsky point and, when the zone is
empty, the smallest sets of red lines that block it::

    import sim
    from sim.analysis import analyze

    result = analyze(sim.load_scenario("scenarios/baseline.yaml"))
    result.to_dict()["zopa"], result.terms(result.nash_package)

The lower-level functions take arrays (``[parties, packages]``, as in
:class:`sim.Game`), not a model.
"""

from sim.analysis.blocking import Blocking, RelaxedZone, blocking_analysis, relevant_red_lines
from sim.analysis.pareto import pareto_mask
from sim.analysis.report import Analysis, analyze, analyze_game
from sim.analysis.solutions import (
    gain_shares,
    ideal_utilities,
    kalai_smorodinsky_solution,
    nash_scores,
    nash_solution,
)
from sim.analysis.zone import (
    feasible_mask,
    rational_mask,
    reservation_values,
    shortfalls,
    zone_mask,
)

__all__ = [
    "Analysis",
    "Blocking",
    "RelaxedZone",
    "analyze",
    "analyze_game",
    "blocking_analysis",
    "feasible_mask",
    "gain_shares",
    "ideal_utilities",
    "kalai_smorodinsky_solution",
    "nash_scores",
    "nash_solution",
    "pareto_mask",
    "rational_mask",
    "relevant_red_lines",
    "reservation_values",
    "shortfalls",
    "zone_mask",
]
