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

Like for like: NegMAS's Boulware negotiator knows nothing of its opponent and
offers on its own curve, while dealsim's parties play richer rules. So the
script also runs NegMAS negotiators that play dealsim's own rules (those of
an alternating-offers party by default: the ``aspiration`` proposer, the
``threshold`` response, the ``boulware`` concession), one offer a step, and a
plain numpy loop of the same rules with nothing around it (the floor). All
three must reach the same agreement in the same round; the script checks it.

    .venv/bin/python benchmarks/bench_negmas.py [--runs 20]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import math
import platform
import statistics
import time
from bisect import bisect_right
from collections.abc import Callable

import numpy as np

import sim
import sim.game

ROUNDS = 100
BETA = 0.25
TOLERANCE = 1e-9  # sim.acceptance.TOLERANCE
TINY = 1e-9  # sim.policies.proposal._TINY
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


# -- dealsim's rules, written out (sim/policies: concession.py, proposal.py, decisions.py) --


def boulware_level(t: int, reservation: float) -> float:
    """A party's acceptance level at round t: the ``boulware`` tactic, kept in [reservation, 1]."""
    elapsed = min(t / ROUNDS, 1.0)
    level = reservation + (1.0 - reservation) * (1.0 - elapsed ** (1.0 / BETA))
    return min(max(level, reservation), 1.0)


def predicted_need(t: int, need: float, reservation: float, rounds: int, at: int) -> float:
    """The other's need at round ``at`` from the need it showed at round t (as dealsim reads it)."""
    if t <= 0 or reservation >= 1.0 or at <= t:
        return need
    share = min(max((need - reservation) / (1.0 - reservation), 1e-12), 1.0 - 1e-12)
    exponent = math.log(1.0 - share) / math.log(t / rounds)
    return float(reservation + (1.0 - reservation) * (1.0 - (min(at, rounds) / rounds) ** exponent))


def log_surplus_score(beliefs: np.ndarray, floors: np.ndarray) -> np.ndarray:
    """Power-weighted mean log surplus over the floors (equal powers), -inf below a floor."""
    weights = np.full((beliefs.shape[0], 1), 1.0 + TINY)
    total = weights.sum(axis=0)
    above = np.greater_equal(beliefs, floors[:, None] - TOLERANCE).all(axis=0)
    log_surplus = np.log(np.maximum(beliefs - floors[:, None], 0.0) + TINY)
    return np.where(above, (weights * log_surplus).sum(axis=0) / total, -np.inf)


class AspirationRules:
    """The ``aspiration`` proposer and ``threshold`` response of one party, over package arrays.

    ``utilities``: ``[2, packages]`` both parties' utilities in party order; ``me``: my row.
    """

    def __init__(self, utilities: np.ndarray, me: int, reservations: tuple[float, float]) -> None:
        self.utilities, self.me, self.other = utilities, me, 1 - me
        self.reservations = reservations
        own, other = utilities[me], utilities[self.other]
        order = np.argsort(-own, kind="stable")
        score = log_surplus_score(other[order][None, :], np.array([reservations[self.other]]))
        running = np.maximum.accumulate(score)
        self.own_desc = (-own[order]).tolist()
        self.best = order[np.searchsorted(running, running, side="left")].tolist()
        self.reach = np.maximum.accumulate(other[order]).tolist()

    def level(self, t: int) -> float:
        """My acceptance level at round t."""
        return boulware_level(t, self.reservations[self.me])

    def propose(self, t: int, shown: tuple[int, int] | None) -> int:
        """My offer at round t, given the other's last offer (its round and package), if any."""
        level = self.level(t)
        meeting = max(bisect_right(self.own_desc, -(level - TOLERANCE)), 1)
        if shown is not None:
            need = float(self.utilities[self.other, shown[1]])
            other_reservation = self.reservations[self.other]
            need = predicted_need(shown[0], need, other_reservation, ROUNDS, t)
            if not self.reach[meeting - 1] < need - TOLERANCE:  # the zone may be open: split it
                floors = np.empty(2)
                floors[self.me], floors[self.other] = level, need
                score = log_surplus_score(self.utilities, floors)
                best = int(score.argmax())
                if score[best] != -np.inf:
                    return best
        return self.best[meeting - 1]

    def accepts(self, t: int, package: int) -> bool:
        """Whether I accept the package offered at round t."""
        return bool(self.utilities[self.me, package] >= self.level(t) - TOLERANCE)


def utility_tables() -> np.ndarray:
    """``[2, packages]`` both parties' utilities, packages in dealsim's (and NegMAS's) order."""
    rows = []
    for party in ("buyer", "seller"):
        grids = np.meshgrid(
            *[
                np.array([VALUES[party][issue][v] for v in options]) * WEIGHTS[party][issue]
                for issue, options in (
                    ("price", LEVELS),
                    ("quantity", LEVELS),
                    ("delivery", DELIVERY),
                )
            ],
            indexing="ij",
        )
        rows.append(sum(grid.ravel() for grid in grids))
    return np.stack(rows)


def run_numpy() -> tuple[int | None, int]:
    """The whole negotiation as a plain loop over the rules: the agreed package and its round."""
    utilities = utility_tables()
    reservations = (RESERVATION["buyer"], RESERVATION["seller"])
    parties = [AspirationRules(utilities, me, reservations) for me in (0, 1)]
    shown: tuple[int, int] | None = None
    for t in range(ROUNDS):
        proposer, responder = parties[t % 2], parties[1 - t % 2]
        package = proposer.propose(t, shown)
        if responder.accepts(t, package) and proposer.accepts(t, package):
            return package, t
        shown = (t, package)
    return None, ROUNDS - 1


def run_negmas_rules():
    """NegMAS playing dealsim's rules, one offer a step; returns the final state and the round."""
    from negmas import SAOMechanism, make_issue
    from negmas.gb.common import ResponseType
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun
    from negmas.sao import SAONegotiator

    class DealsimRules(SAONegotiator):
        """An alternating-offers party of dealsim: aspiration proposer, threshold response."""

        def __init__(self, row: int, other_ufun, **kwargs) -> None:
            super().__init__(**kwargs)
            self.row, self.other_ufun = row, other_ufun
            self.agreed_round: int | None = None

        def on_negotiation_start(self, state) -> None:
            self.outcomes = list(self.nmi.outcome_space.enumerate())
            self.index = {outcome: k for k, outcome in enumerate(self.outcomes)}
            own = [float(self.ufun(o)) for o in self.outcomes]
            other = [float(self.other_ufun(o)) for o in self.outcomes]
            utilities = np.array([own, other] if self.row == 0 else [other, own])
            reserved = (self.ufun.reserved_value, self.other_ufun.reserved_value)
            self.rules = AspirationRules(
                utilities, self.row, reserved if self.row == 0 else reserved[::-1]
            )

        def propose(self, state, dest=None):
            offer = state.current_offer  # the other's offer of the step before
            shown = None if offer is None else (state.step - 1, self.index[offer])
            return self.outcomes[self.rules.propose(state.step, shown)]

        def respond(self, state, source=None):
            t = state.step - 1  # the offer was made in the step before
            if self.rules.accepts(t, self.index[state.current_offer]):
                self.agreed_round = t
                return ResponseType.ACCEPT_OFFER
            return ResponseType.REJECT_OFFER

    issues = [
        make_issue(name="price", values=LEVELS),
        make_issue(name="quantity", values=LEVELS),
        make_issue(name="delivery", values=DELIVERY),
    ]
    # one more step than dealsim's rounds: the offer of the last round is answered in the next
    session = SAOMechanism(
        issues=issues, n_steps=ROUNDS + 1, time_limit=None, one_offer_per_step=True
    )
    ufuns = {
        party: LinearAdditiveUtilityFunction(
            values={issue: TableFun(table) for issue, table in VALUES[party].items()},
            weights=WEIGHTS[party],
            outcome_space=session.outcome_space,
            reserved_value=RESERVATION[party],
        )
        for party in ("buyer", "seller")
    }
    negotiators = [
        DealsimRules(row, ufuns[other], name=party)
        for row, (party, other) in enumerate((("buyer", "seller"), ("seller", "buyer")))
    ]
    for negotiator, party in zip(negotiators, ("buyer", "seller"), strict=True):
        session.add(negotiator, ufun=ufuns[party])
    state = session.run()
    rounds = [n.agreed_round for n in negotiators if n.agreed_round is not None]
    return state, (rounds[0] if rounds else None)


def same_agreement(outcome: sim.Outcome) -> None:
    """Check that NegMAS playing dealsim's rules and the numpy loop agree with dealsim."""
    state, negmas_round = run_negmas_rules()
    package, numpy_round = run_numpy()
    names = ("price", "quantity", "delivery")
    terms = outcome.terms or {}
    dealsim_terms = tuple(terms.get(name) for name in names)
    options = list(itertools.product(LEVELS, LEVELS, DELIVERY))
    numpy_terms = options[package] if package is not None else None
    print(f"negmas playing dealsim's rules: agreement {state.agreement} in round {negmas_round}")
    print(f"numpy loop of the same rules:   agreement {numpy_terms} in round {numpy_round}")
    if not (
        tuple(state.agreement or ()) == dealsim_terms == numpy_terms
        and negmas_round == numpy_round == outcome.round
    ):
        raise SystemExit("the like-for-like negotiations do not reach dealsim's agreement")


def nothing() -> None:
    """Nothing to prepare before a timed run."""


def interleaved(
    works: dict[str, tuple[Callable[[], None], Callable[[], object]]], runs: int, block: int = 10
) -> dict[str, list[float]]:
    """Seconds of each run of every work, the works taking turns block by block.

    ``works`` maps a label to ``(before, work)``: ``before`` runs untimed before
    each timed ``work``. Taking turns spreads the shared machine's slow spells
    over all works alike; a block of runs in a row keeps each work's caches as
    they would be in a loop of its own. A run right after another library's is
    slower from cold caches alone, so each block starts with one untimed run of
    its work. The garbage collector runs untimed before each block, so that no
    work pays for collecting another's garbage.
    """
    seconds: dict[str, list[float]] = {label: [] for label in works}
    while min(len(times) for times in seconds.values()) < runs:
        for label, (before, work) in works.items():
            gc.collect()
            before()
            work()  # untimed: warms the caches another library's block left cold
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
    same_agreement(outcome)
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
            "negmas playing dealsim's rules": (nothing, run_negmas_rules),
            "numpy loop of dealsim's rules": (nothing, run_numpy),
        },
        runs,
    )
    warm, cold, scratch, reference, rules, floor = (
        line(label, times) for label, times in seconds.items()
    )
    print(
        f"  negmas / dealsim: {reference / warm:.1f}x (warm), {reference / cold:.1f}x (cold), "
        f"{reference / scratch:.1f}x (from scratch)"
    )
    print(
        f"  like for like, negmas playing dealsim's rules / dealsim: {rules / warm:.1f}x (warm), "
        f"{rules / cold:.1f}x (cold), {rules / scratch:.1f}x (from scratch); "
        f"dealsim / numpy floor: {warm / floor:.1f}x (warm)"
    )


if __name__ == "__main__":
    main()
