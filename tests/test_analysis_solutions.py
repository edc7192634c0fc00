"""Nash and Kalai-Smorodinsky packages against a brute force written out in plain Python."""

from __future__ import annotations

import itertools
import math

import numpy as np
from conftest import ROOT

import sim
from sim.analysis import analyze, kalai_smorodinsky_solution, nash_scores, nash_solution
from sim.scenario.schema import Actor, Issue, RedLine

TWO_PARTY = ROOT / "tests" / "data" / "analysis_two_party.yaml"


def scale(issue: Issue) -> list[float]:
    return (
        [float(v) for v in issue.integer_values]
        if issue.kind == "integer"
        else list(range(issue.size))
    )


def position(issue: Issue, ref) -> float:
    return float(ref) if issue.kind == "integer" else float(issue.option_names.index(ref))


def value(issue: Issue, spec, option: int) -> float:
    """An actor's value of one option, from its ideal point or its table."""
    if isinstance(spec, dict):
        label = issue.option_label(option)
        return spec.get(label, spec.get(str(label), 0.0))
    positions = scale(issue)
    ideal = position(issue, spec.ideal)
    farthest = max(ideal - min(positions), max(positions) - ideal)
    return 1.0 - (1.0 - spec.worst) * abs(positions[option] - ideal) / farthest


def crosses(issue: Issue, line: RedLine, option: int) -> bool:
    label, here = issue.option_label(option), scale(issue)[option]
    if line.forbid is not None:
        return label in line.forbid
    if line.require is not None:
        return label not in line.require
    if line.min is not None:
        return here < position(issue, line.min)
    return here > position(issue, line.max)


def utility_and_refusal(actor: Actor, issues: list[Issue], options: tuple[int, ...]):
    total_weight = sum(actor.salience.values())
    utility = sum(
        actor.salience.get(issue.id, 0.0) / total_weight * value(issue, actor.values[issue.id], o)
        for issue, o in zip(issues, options, strict=True)
        if actor.salience.get(issue.id, 0.0) > 0
    )
    refused = False
    for line in actor.red_lines:
        issue = next(i for i in issues if i.id == line.issue)
        crossed = crosses(issue, line, options[issues.index(issue)])
        if crossed and line.hard:
            refused = True
        elif crossed:
            utility -= line.penalty
    return min(max(utility, 0.0), 1.0), refused


def brute_force_zone(scenario):
    """Each package of the zone: its terms and the parties' utilities (both always needed)."""
    issues = scenario.issues
    parties = [scenario.actor(p.actor) for p in scenario.parties]
    zone = []
    for options in itertools.product(*(range(issue.size) for issue in issues)):
        results = [utility_and_refusal(actor, issues, options) for actor in parties]
        if any(refused for _, refused in results):
            continue
        utilities = [u for u, _ in results]
        if all(u >= actor.reservation for u, actor in zip(utilities, parties, strict=True)):
            terms = {i.id: i.option_label(o) for i, o in zip(issues, options, strict=True)}
            zone.append((terms, utilities))
    return parties, zone


def nash_product(parties, utilities) -> float:
    return math.prod(
        (u - a.reservation) ** a.power for u, a in zip(utilities, parties, strict=True)
    )


def test_nash_solution_of_a_two_party_game_matches_brute_force():
    scenario = sim.load_scenario(TWO_PARTY)
    parties, zone = brute_force_zone(scenario)
    ranked = sorted(zone, key=lambda item: nash_product(parties, item[1]), reverse=True)
    best, runner_up = ranked[0], ranked[1]
    assert nash_product(parties, best[1]) > nash_product(parties, runner_up[1]) + 1e-9

    result = analyze(scenario)

    assert result.zone_packages.size == len(zone)
    assert result.terms(result.nash_package) == best[0]
    at_nash = result.party_values(result.nash_package)
    for actor, utility in zip(parties, best[1], strict=True):
        assert at_nash[actor.id]["utility"] == round(utility, 6)
        assert at_nash[actor.id]["effective"] >= actor.reservation


def test_kalai_smorodinsky_point_of_a_two_party_game_matches_brute_force():
    scenario = sim.load_scenario(TWO_PARTY)
    parties, zone = brute_force_zone(scenario)
    ideals = [max(u[k] for _, u in zone) for k in range(len(parties))]

    def smallest_share(utilities):
        return min(
            (u - a.reservation) / (ideal - a.reservation)
            for u, a, ideal in zip(utilities, parties, ideals, strict=True)
        )

    best = max(zone, key=lambda item: (smallest_share(item[1]), nash_product(parties, item[1])))

    result = analyze(scenario)

    assert result.terms(result.kalai_smorodinsky_package) == best[0]


def test_the_nash_package_of_two_parties_is_on_the_frontier():
    result = analyze(sim.load_scenario(TWO_PARTY))
    assert result.nash_package in result.pareto_packages
    assert set(result.pareto_packages) <= set(result.zone_packages)


def test_needing_fewer_signatures_does_not_win_the_nash_comparison_by_itself():
    # package 0 needs both parties (surpluses 0.5, 0.5); package 1 needs only party 0 (0.4)
    effective = np.array([[0.5, 0.4], [0.5, 0.9]])
    required = np.array([[True, True], [True, False]])
    reservations, power = np.zeros(2), np.ones(2)
    scores = nash_scores(effective, reservations, required, power)
    assert scores[0] > scores[1]
    assert nash_solution(effective, reservations, required, power, np.arange(2)) == 0


def test_power_tilts_the_nash_package_towards_the_stronger_party():
    effective = np.array([[0.9, 0.6], [0.3, 0.6]])
    required = np.ones((2, 2), dtype=bool)
    reservations, zone = np.zeros(2), np.arange(2)
    assert nash_solution(effective, reservations, required, np.array([1.0, 1.0]), zone) == 1
    assert nash_solution(effective, reservations, required, np.array([4.0, 1.0]), zone) == 0


def test_solutions_of_an_empty_zone_are_none():
    effective, required = np.ones((2, 3)), np.ones((2, 3), dtype=bool)
    args = (effective, np.zeros(2), required, np.ones(2), np.array([], dtype=int))
    assert nash_solution(*args) is None
    assert kalai_smorodinsky_solution(*args) is None
