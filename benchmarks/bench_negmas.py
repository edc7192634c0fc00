"""The same bilateral negotiation in dealsim and in NegMAS, side by side.

A buyer and a seller bargain over price (10 levels), quantity (10 levels) and
delivery (3 options): 300 packages. Both have linear additive utilities (the
same value tables and weights in both libraries), the same reservation
values, and concede on the same time-based Boulware curve,
u(t) = r + (1 - r) * (1 - (t/T)^4): NegMAS's ``BoulwareTBNegotiator`` uses
the exponent 4, dealsim's ``boulware`` tactic is given beta = 1/4. The
protocol is alternating offers, at most 100 rounds (``n_steps=100``).

Each timed run includes setting the negotiation up (dealsim: compiling the
game from a validated scenario, and in the last row validating the scenario
too; NegMAS: building the mechanism, utility functions and negotiators) and
running it to the end. Needs the ``bench``
extra (``pip install negmas==0.16.0``).

    .venv/bin/python benchmarks/bench_negmas.py [--runs 20]
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import time
from collections.abc import Callable

import numpy as np

import sim
import sim.game

ROUNDS = 100
RESERVATION = {"buyer": 0.25, "seller": 0.3}
LEVELS = list(range(10))
DELIVERY = ["today", "tomorrow", "next_week"]
WEIGHTS = {
    "buyer": {"price": 0.5, "quantity": 0.3, "delivery": 0.2},
    "seller": {"price": 0.6, "quantity": 0.25, "delivery": 0.15},
}
VALUES = {
    "buyer": {
        "price": {v: 1.0 - v / 9 for v in LEVELS},
        "quantity": {v: v / 9 for v in LEVELS},
        "delivery": {"today": 1.0, "tomorrow": 0.6, "next_week": 0.0},
    },
    "seller": {
        "price": {v: v / 9 for v in LEVELS},
        "quantity": {v: 0.4 + 0.6 * (1 - abs(v - 6) / 6) for v in LEVELS},
        "delivery": {"today": 0.0, "tomorrow": 0.5, "next_week": 1.0},
    },
}


def dealsim_scenario() -> sim.Scenario:
    """The negotiation as a dealsim scenario (alternating offers, Boulware beta 1/4)."""
    issues = [
        {"id": "price", "kind": "integer", "min": 0, "max": 9},
        {"id": "quantity", "kind": "integer", "min": 0, "max": 9},
        {"id": "delivery", "kind": "categorical", "options": DELIVERY},
    ]
    actors = [
        {
            "id": party,
            "name": party.title(),
            "salience": WEIGHTS[party],
            "values": VALUES[party],
            "reservation": RESERVATION[party],
            "tactic": {"name": "boulware", "beta": 0.25},
        }
        for party in ("buyer", "seller")
    ]
    return sim.Scenario.model_validate(
        {
            "name": "bilateral benchmark",
            "issues": issues,
            "actors": actors,
            "parties": [{"actor": "buyer"}, {"actor": "seller"}],
            "protocol": {"name": "alternating", "rounds": ROUNDS},
        }
    )


def run_negmas():
    """Build and run the negotiation in NegMAS; return the final state."""
    from negmas import BoulwareTBNegotiator, SAOMechanism, make_issue
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    issues = [
        make_issue(name="price", values=LEVELS),
        make_issue(name="quantity", values=LEVELS),
        make_issue(name="delivery", values=DELIVERY),
    ]
    session = SAOMechanism(issues=issues, n_steps=ROUNDS, time_limit=None)
    for party in ("buyer", "seller"):
        ufun = LinearAdditiveUtilityFunction(
            values={issue: TableFun(table) for issue, table in VALUES[party].items()},
            weights=WEIGHTS[party],
            outcome_space=session.outcome_space,
            reserved_value=RESERVATION[party],
        )
        session.add(BoulwareTBNegotiator(name=party), ufun=ufun)
    return session.run()


def nothing() -> None:
    """Nothing to prepare before a timed run."""


def interleaved(
    works: dict[str, tuple[Callable[[], None], Callable[[], object]]], runs: int, block: int = 10
) -> dict[str, list[float]]:
    """Seconds of each run of every work, the works taking turns block by block.

    ``works`` maps a label to ``(before, work)``: ``before`` runs untimed before
    each timed ``work``. Taking turns spreads the shared machine's slow spells
    over all works alike; a block of runs in a row keeps each work's caches as
    they would be in a loop of its own (a run right after another library's is
    slower from cold caches alone). The garbage collector runs untimed before
    each block, so that no work pays for collecting another's garbage.
    """
    seconds: dict[str, list[float]] = {label: [] for label in works}
    while min(len(times) for times in seconds.values()) < runs:
        for label, (before, work) in works.items():
            gc.collect()
            for _ in range(min(block, runs - len(seconds[label]))):
                before()
                start = time.perf_counter()
                work()
                seconds[label].append(time.perf_counter() - start)
    return seconds


def line(label: str, seconds: list[float]) -> float:
    """Print one row of figures and return the median."""
    median = statistics.median(seconds)
    print(
        f"  {label:<34} median {1000 * median:8.2f} ms"
        f"   (min {1000 * min(seconds):.2f}, max {1000 * max(seconds):.2f}, n={len(seconds)})"
    )
    return median


def main() -> None:
    """Run both, print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    import negmas

    scenario = dealsim_scenario()
    outcome = sim.simulate(scenario, seed=0)
    state = run_negmas()
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, negmas {negmas.__version__}, "
        f"{platform.machine()}"
    )
    print(
        f"dealsim: {'deal ' + str(outcome.terms) if outcome.deal else 'no deal'} "
        f"in round {outcome.round}"
    )
    print(f"negmas:  agreement {state.agreement} at step {state.step}")
    clear = sim.game.clear_compiled
    seconds = interleaved(
        {
            "dealsim (compile cache warm)": (nothing, lambda: sim.simulate(scenario, seed=0)),
            "dealsim (compile cache cleared)": (clear, lambda: sim.simulate(scenario, seed=0)),
            "dealsim (scenario validated too)": (
                clear,
                lambda: sim.simulate(dealsim_scenario(), seed=0),
            ),
            "negmas SAOMechanism": (nothing, run_negmas),
        },
        runs,
    )
    warm, cold, scratch, reference = (line(label, times) for label, times in seconds.items())
    print(
        f"  negmas / dealsim: {reference / warm:.1f}x (warm), {reference / cold:.1f}x (cold), "
        f"{reference / scratch:.1f}x (from scratch)"
    )


if __name__ == "__main__":
    main()
