"""Exact analysis speed: the baseline, and a generated scenario of a million packages.

Prints the median (and min/max) of several runs of ``sim.analysis.analyze``
end to end (compiling the game included), and the same split into compiling
(``Game.from_scenario``) and analysing (``analyze_game``); then the Pareto mask
alone on a million points. The compile cache of
sim.preferences is cleared before every run, so each run compiles from scratch.

    .venv/bin/python benchmarks/bench_analysis.py [--runs 7]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

import sim
import sim.preferences
from sim.analysis import analyze, analyze_game, pareto_mask
from sim.game import Game

ROOT = Path(__file__).resolve().parent.parent


def million_package_scenario(seed: int = 7, blocked: bool = False) -> sim.Scenario:
    """6 issues x 10 options, 4 parties with random values, a few red lines, one coalition.

    With ``blocked``, two extra red lines (of parties 2 and 3) contradict each
    other, so the zone is empty and the blocking search runs.
    """
    rng = np.random.default_rng(seed)
    issues = [
        {"id": f"issue{i}", "kind": "ordinal", "options": [f"o{j}" for j in range(10)]}
        for i in range(6)
    ]
    evidence = {"assumption": "generated for a benchmark"}
    actors = []
    for p in range(4):
        salience = rng.random(6)
        actors.append(
            {
                "id": f"party{p}",
                "name": f"Party {p}",
                "power": float(0.5 + rng.random()),
                "salience": {f"issue{i}": float(salience[i]) for i in range(6)},
                "values": {
                    f"issue{i}": {f"o{j}": float(v) for j, v in enumerate(rng.random(10))}
                    for i in range(6)
                },
                "reservation": 0.45,
                "red_lines": [],
            }
        )
    actors[0]["red_lines"].append(
        {"id": "p0-not-o0-o1", "issue": "issue0", "forbid": ["o0", "o1"], "evidence": evidence}
    )
    actors[1]["red_lines"].append(
        {"id": "p1-at-least-o2", "issue": "issue1", "min": "o2", "evidence": evidence}
    )
    if blocked:
        actors[2]["red_lines"].append(
            {"id": "p2-at-most-o3", "issue": "issue3", "max": "o3", "evidence": evidence}
        )
        actors[3]["red_lines"].append(
            {"id": "p3-at-least-o6", "issue": "issue3", "min": "o6", "evidence": evidence}
        )
    actors.append(
        {
            "id": "partner",
            "name": "Coalition partner",
            "role": "partner",
            "salience": {"issue2": 1.0},
            "values": {"issue2": {"ideal": "o0"}},
            "red_lines": [
                {"id": "partner-at-most-o6", "issue": "issue2", "max": "o6", "evidence": evidence}
            ],
        }
    )
    return sim.Scenario.model_validate(
        {
            "name": "generated: a million packages" + (", blocked" if blocked else ""),
            "issues": issues,
            "actors": actors,
            "parties": [{"actor": f"party{p}"} for p in range(4)],
            "governments": [
                {
                    "id": "government",
                    "leader": "party0",
                    "leader_seats": 50,
                    "majority": 55,
                    "partners": [{"actor": "partner", "seats": 10}],
                    "survival_weight": 0.3,
                }
            ],
        }
    )


def timed(work: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock seconds of each run, compile cache cleared before each."""
    seconds = []
    for _ in range(runs):
        sim.preferences._actor_cache.clear()
        start = time.perf_counter()
        work()
        seconds.append(time.perf_counter() - start)
    return seconds


def report(label: str, seconds: list[float]) -> None:
    """Print median, min and max in milliseconds."""
    print(
        f"  {label:<22} median {1000 * statistics.median(seconds):8.1f} ms"
        f"   (min {1000 * min(seconds):.1f}, max {1000 * max(seconds):.1f}, n={len(seconds)})"
    )


def bench(scenario: sim.Scenario, runs: int) -> None:
    """Time one scenario end to end, then compile and analysis separately."""
    result = analyze(scenario)
    summary = result.to_dict()
    print(
        f"{scenario.name}: {summary['packages']:,} packages, {summary['feasible']:,} feasible, "
        f"{summary['zopa']:,} in the zone, {summary['pareto']:,} on the frontier, "
        f"blocking {summary['blocking']}"
    )
    report("analyze (end to end)", timed(lambda: analyze(scenario), runs))
    report("Game.from_scenario", timed(lambda: Game.from_scenario(scenario), runs))
    game = Game.from_scenario(scenario)
    report("analyze_game", timed(lambda: analyze_game(game), runs))


def bench_pareto(runs: int) -> None:
    """Time the Pareto mask alone on a million points: utility data, and uniform random."""
    game = Game.from_scenario(million_package_scenario())
    uniform = np.random.default_rng(0).random((5, 1_000_000))
    for label, points in (
        ("generated, all packages", game.effective),
        ("uniform random, 5 x 10^6", uniform),
    ):
        frontier = int(pareto_mask(points).sum())
        print(f"pareto_mask on {label}: {points.shape[1]:,} points, {frontier:,} efficient")
        report("pareto_mask", timed(lambda points=points: pareto_mask(points), runs))


def main() -> None:
    """Run the benchmarks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}")
    bench(sim.load_scenario(ROOT / "scenarios" / "baseline.yaml"), max(runs, 20))
    bench(million_package_scenario(), runs)
    bench(million_package_scenario(blocked=True), runs)
    bench_pareto(runs)


if __name__ == "__main__":
    main()
