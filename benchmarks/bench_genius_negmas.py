"""dealsim's exact analysis of imported Genius domains against NegMAS, side by side.

For each Genius domain in ``../shared/data/genius/``: dealsim imports the XML
(``dealsim import --format genius``) and ``sim.analyze`` computes the Pareto
frontier and the Nash point; NegMAS 0.16.0 loads the same folder
(``Scenario.from_genius_folder``) and computes them with ``pareto_frontier``
and ``nash_points``. The script checks that both give the same frontier (as a
set of outcomes) and the same Nash product, and times both (median of
``--repeats``; NegMAS timed on its frontier and Nash computation, dealsim on
import + compile + analysis).

NegMAS 0.16.0 keeps Genius evaluations unnormalised (an item evaluated 40 is
worth 40), while Genius divides each evaluation by the largest on its issue;
the script rebuilds NegMAS's utility functions with each table divided by its
maximum, so both libraries score the Genius definition. Needs the ``bench``
extra (``pip install negmas==0.16.0``).

    .venv/bin/python benchmarks/bench_genius_negmas.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from pathlib import Path

from negmas.inout import Scenario as NegmasScenario
from negmas.preferences import LinearAdditiveUtilityFunction, nash_points, pareto_frontier
from negmas.preferences.value_fun import TableFun

from sim.analysis import analyze
from sim.importers import import_scenario

DATA = Path(__file__).parents[1] / ".." / "shared" / "data" / "genius"


def genius_ufuns(scenario: NegmasScenario) -> list[LinearAdditiveUtilityFunction]:
    """NegMAS's utility functions with each issue's table divided by its maximum (Genius)."""
    result = []
    for ufun in scenario.ufuns:
        values = []
        for table in ufun.values:
            top = max(table.mapping.values())
            values.append(TableFun({k: v / top for k, v in table.mapping.items()}))
        result.append(
            LinearAdditiveUtilityFunction(
                values=values,
                weights=ufun.weights,
                outcome_space=scenario.outcome_space,
                reserved_value=ufun.reserved_value,
            )
        )
    return result


def negmas_side(folder: Path) -> tuple[set[tuple], float, float]:
    """NegMAS's frontier (outcomes), the best Nash product, and seconds taken."""
    scenario = NegmasScenario.from_genius_folder(folder, ignore_discount=True)
    assert scenario is not None
    ufuns = genius_ufuns(scenario)
    outcomes = list(scenario.outcome_space.enumerate())
    start = time.perf_counter()
    utilities, indices = pareto_frontier(ufuns, outcomes=outcomes, sort_by_welfare=True)
    nash = nash_points(ufuns, utilities, outcome_space=scenario.outcome_space)
    seconds = time.perf_counter() - start
    reserved = [u.reserved_value for u in ufuns]
    best = max(math.prod(u - r for u, r in zip(point, reserved, strict=True)) for point, _ in nash)
    return {tuple(outcomes[i]) for i in indices}, best, seconds


def dealsim_side(folder: Path) -> tuple[set[tuple], float, float]:
    """dealsim's frontier (outcomes as option tuples), its Nash product, and seconds taken."""
    start = time.perf_counter()
    scenario = import_scenario(sorted(folder.glob("*.xml")), "genius")
    result = analyze(scenario)
    seconds = time.perf_counter() - start
    space = result.game.space
    frontier = {tuple(space.terms(int(k)).values()) for k in result.pareto_packages}
    nash = result.nash_package
    assert nash is not None
    surplus = result.game.effective[:, nash] - result.reservations
    return frontier, float(math.prod(surplus)), seconds


def main() -> None:
    """Compare and time every domain."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(
        "| domain | packages | frontier (dealsim / NegMAS) | same frontier | Nash product "
        "(dealsim / NegMAS) | dealsim s | NegMAS s |"
    )
    print("|---|---|---|---|---|---|---|")
    for folder in sorted(DATA.iterdir()):
        ours = [dealsim_side(folder) for _ in range(args.repeats)]
        theirs = [negmas_side(folder) for _ in range(args.repeats)]
        frontier, product, _ = ours[0]
        n_frontier, n_product, _ = theirs[0]
        same = frontier == n_frontier
        assert same, f"{folder.name}: frontiers differ"
        assert math.isclose(product, n_product, rel_tol=1e-9), f"{folder.name}: Nash differs"
        packages = analyze(import_scenario(sorted(folder.glob("*.xml")), "genius")).packages
        print(
            f"| {folder.name} | {packages} | {len(frontier)} / {len(n_frontier)} | {same} | "
            f"{product:.6f} / {n_product:.6f} | "
            f"{statistics.median(s for *_, s in ours):.3f} | "
            f"{statistics.median(s for *_, s in theirs):.3f} |"
        )


if __name__ == "__main__":
    main()
