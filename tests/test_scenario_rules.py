"""The scenario's rules: what uncertain parameters can draw, roles, consent, names, lookups.

The central property: a scenario that passes ``validate`` gives a valid
scenario for every draw of its uncertain parameters.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from property import scenarios, uncertain_declarations

import sim
from sim.experiments.sampling import ParameterSampler
from sim.scenario import ParameterError
from sim.scenario.references import find_problems
from sim.scenario.registries import REGISTRIES, Registries
from sim.scenario.roles import skeleton
from sim.scenario.schema import HeldRedLine, Scenario, UnknownName


@st.composite
def scenarios_with_uncertainty(draw) -> Scenario:
    scenario = draw(scenarios())
    data = scenario.model_dump(by_alias=True)
    data["uncertain"] = draw(uncertain_declarations(scenario))
    return Scenario.model_validate(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=scenarios_with_uncertainty(), seed=st.integers(0, 2**32 - 1))
def test_a_scenario_that_validates_stays_valid_for_every_draw(scenario, seed):
    problems = find_problems(scenario)
    if problems:
        event("refused")
        # every refusal is reported at an uncertain declaration
        assert all(problem.loc[0] == "uncertain" for problem in problems), problems
        return
    event("accepted")
    sampler = ParameterSampler(scenario.uncertain)
    rng = np.random.default_rng(seed)
    for _ in range(15):
        drawn = sampler.draw(rng)
        sim.with_parameters(scenario, drawn)  # raises ParameterError on an invalid scenario


def test_the_hardest_corner_catches_rules_that_need_two_draws(baseline):
    data = baseline.model_dump(by_alias=True)
    government = baseline.governments[0]
    partner = government.partners[0]
    seats = (
        government.leader_seats + government.other_seats + sum(p.seats for p in government.partners)
    )
    # each alone keeps the coalition at its majority; together they break it
    data["uncertain"] = [
        {
            "param": f"governments.{government.id}.majority",
            "dist": "uniform",
            "low": government.majority,
            "high": seats,
        },
        {
            "param": f"governments.{government.id}.partners.{partner.actor}.seats",
            "dist": "uniform",
            "low": partner.seats - 1,
            "high": partner.seats,
        },
    ]
    problems = find_problems(Scenario.model_validate(data))
    assert len(problems) == 1, problems
    assert problems[0].loc == ("uncertain", 0, "param")
    assert "ends hardest on the rules" in problems[0].message
    assert f"governments.{government.id}.majority" in problems[0].message


def test_a_sweep_whose_end_breaks_the_scenario_is_refused(baseline):
    from sim.experiments.errors import ExperimentError
    from sim.experiments.sweep import parse_axis

    government = baseline.governments[0]
    with pytest.raises(ExperimentError, match="under the majority of 200"):
        parse_axis(f"governments.{government.id}.majority=60:200:3", baseline)


def test_an_unweighted_salience_can_be_declared_uncertain(baseline):
    actor = next(a for a in baseline.actors if len(a.salience) < len(baseline.issues))
    missing = next(i.id for i in baseline.issues if i.id not in actor.salience)
    assert sim.read_parameter(baseline, f"actors.{actor.id}.salience.{missing}") == 0.0


def test_actor_issue_and_red_line_lookups_name_what_is_missing(baseline):
    for lookup, kind in (
        (baseline.actor, "actor"),
        (baseline.issue, "issue"),
        (baseline.red_line, "red line"),
    ):
        with pytest.raises(KeyError) as error:
            lookup("nope")
        assert isinstance(error.value, UnknownName)
        assert str(error.value).startswith(f"no {kind} 'nope' in the scenario (known: ")
    held = baseline.red_line("smotrich-no-state-hint")
    assert isinstance(held, HeldRedLine)
    actor, line = held
    assert (
        (held.actor.id, held.line.id)
        == (actor.id, line.id)
        == ("smotrich", "smotrich-no-state-hint")
    )
    with pytest.raises(ParameterError, match="no red line 'nope'"):
        sim.with_red_line(baseline, "nope", active=False)


def test_registries_answer_name_and_parameters_in_one_call():
    registries = Registries()
    registries.add("concession", "tit_for_tat", {"window": 1, "delta": 0.1})
    assert (
        registries.check("concession", "tit_for_tat", {"window": 2}, ("actors", 0, "tactic")) == []
    )
    unknown = registries.check("concession", "tft", {}, ("actors", 0, "tactic"))
    assert [(p.loc, p.message) for p in unknown] == [
        (("actors", 0, "tactic", "name"), "unknown concession 'tft'; known: tit_for_tat")
    ]
    bad = registries.check(
        "concession", "tit_for_tat", {"windw": 2}, ("actors", 0, "policies", "concession")
    )
    assert bad[0].loc == ("actors", 0, "policies", "concession", "params", "windw")
    assert "takes no parameter 'windw' (it takes delta, window)" in bad[0].message
    assert registries.default("concession", "tit_for_tat", "delta") == 0.1


def test_importing_sim_registers_every_policy_and_protocol():
    from sim.policies import classes
    from sim.policies.registry import KINDS
    from sim.protocols import protocol_names

    for kind in KINDS:
        assert REGISTRIES.names(kind) == sorted(cls.name for cls in classes(kind))
    assert REGISTRIES.names("protocol") == protocol_names()
    assert REGISTRIES.default("concession", "boulware", "beta") == 0.2


def test_the_loader_checks_names_against_the_registries_it_is_given(baseline):
    empty = Registries()
    problems = find_problems(baseline, check_uncertain=False, registries=empty)
    assert {p.loc[-1] for p in problems} == {"name"}
    assert any(p.loc == ("protocol", "name") for p in problems)


@pytest.mark.parametrize(
    ("first", "second", "confusable"),
    [
        ("none", "n\u043ene", True),  # Cyrillic o
        ("strict", "\uff53trict", True),  # fullwidth s (NFKC)
        ("Yes", "yes", True),
        ("light", "right", False),
        ("caf\u00e9", "cafe\u0301", True),  # composed and decomposed accent
        ("one", "\u03bfne", True),  # Greek omicron
    ],
)
def test_options_are_compared_as_they_read(first, second, confusable):
    assert (skeleton(first) == skeleton(second)) is confusable
