"""What a unit of work costs, and analysis at the package limit and with many parties.

A unit is one package × one actor × one round × one run (see
``sim.experiments.work``). The scenarios are generated: integer issues, actors
with random ideal points and saliences, every actor a party, no red lines.
Figures are CPU seconds of this process (``time.process_time``, so that a busy
shared machine does not inflate them) and wall seconds, medians of
``--repeats``; single runs are timed with the compile cache cleared.

Usage: ``.venv/bin/python benchmarks/bench_work.py [--repeats 3] [--quick]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import sim
from sim.analysis.pareto import pareto_frontier
from sim.experiments.work import work_of
from sim.game import Game
from sim.scenario.limits import package_count


def scenario(sizes: tuple[int, ...], actors: int, rounds: int = 20, seed: int = 0) -> sim.Scenario:
    """A generated scenario with these issue sizes and actors."""
    rnd = random.Random(seed)
    issues = [
        {"id": f"i{k}", "kind": "integer", "min": 0, "max": n - 1} for k, n in enumerate(sizes)
    ]
    actor_list = [
        {
            "id": f"a{a}",
            "name": f"A{a}",
            "salience": {i["id"]: rnd.uniform(0.1, 1) for i in issues},
            "values": {i["id"]: {"ideal": rnd.randint(0, i["max"])} for i in issues},
            "reservation": 0.1,
        }
        for a in range(actors)
    ]
    return sim.Scenario.model_validate(
        {
            "name": f"{package_count_of(sizes):,} packages x {actors} actors",
            "issues": issues,
            "actors": actor_list,
            "parties": [{"actor": f"a{a}"} for a in range(actors)],
            "protocol": {"rounds": rounds},
        }
    )


def package_count_of(sizes: tuple[int, ...]) -> int:
    """Packages of issues of these sizes."""
    count = 1
    for size in sizes:
        count *= size
    return count


def timed(work: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median CPU and wall seconds of ``work()``."""
    cpu, wall = [], []
    for _ in range(repeats):
        _clear_caches()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        work()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return statistics.median(cpu), statistics.median(wall)


def _clear_caches() -> None:
    from sim import outcomes, preferences

    outcomes._ENUMERATED.clear()
    preferences._actor_cache.clear()


def main() -> None:
    """Print the figures as Markdown table rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="skip the 2,000,000-package cases")
    args = parser.parse_args()

    print("| single run | units | median CPU | ns per unit | median wall |")
    print("|---|---|---|---|---|")
    cases = [((6, 6, 6, 6, 6), 9), ((50, 50, 80), 4), ((6, 6, 6, 6, 6), 150)]
    if not args.quick:
        cases += [((100, 100, 200), 2), ((100, 100, 200), 4)]
    for sizes, actors in cases:
        s = scenario(sizes, actors)
        units = work_of(s, "run").units
        cpu, wall = timed(lambda s=s: sim.simulate(s, seed=1), args.repeats)
        print(
            f"| {package_count(s.issues):,} packages × {actors} actors × 20 rounds | "
            f"{units:.3g} | {cpu:.2f} s | {cpu / units * 1e9:.0f} | {wall:.2f} s |"
        )

    print()
    print("| analyze | median CPU | median wall | Pareto frontier | complete |")
    print("|---|---|---|---|---|")
    cases = [((50, 50, 80), 4), ((6, 6, 6, 6, 6), 500)]
    if not args.quick:
        cases.append(((100, 100, 200), 4))
    for sizes, actors in cases:
        s = scenario(sizes, actors)
        result: list = []
        cpu, wall = timed(lambda s=s, r=result: r.append(sim.analyze(s)), args.repeats)
        last = result[-1]
        print(
            f"| {package_count(s.issues):,} packages × {actors} parties | {cpu:.2f} s | "
            f"{wall:.2f} s | {last.pareto_packages.size:,} | {last.pareto_complete} |"
        )

    print()
    print("| Pareto sweep, 200,000 packages × 4 parties | median CPU | frontier |")
    print("|---|---|---|")
    effective = Game.from_scenario(scenario((50, 50, 80), 4)).effective
    for label, budget in (("exact, no budget", None), ("with the default budget", 4 * 10**9)):
        found: list = []
        cpu, _ = timed(
            lambda b=budget, f=found: f.append(pareto_frontier(effective, b)), args.repeats
        )
        mask, complete = found[-1]
        print(f"| {label} | {cpu:.2f} s | {int(mask.sum()):,} (complete: {complete}) |")


if __name__ == "__main__":
    main()
