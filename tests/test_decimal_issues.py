"""Decimal issues: numbers in decimal steps, matched exactly (integer units of the step)."""

from __future__ import annotations

import json

import pytest
import yaml

import sim
from sim.experiments import run_ensemble, summarize
from sim.scenario.loader import ScenarioError, load_scenario_text
from sim.scenario.schema import Issue

ENRICHMENT = {"id": "enrichment", "kind": "decimal", "min": 0.0, "max": 20.0, "step": 0.01}


def test_options_are_exact_multiples_of_the_step():
    issue = Issue.model_validate({"id": "x", "kind": "decimal", "min": 0, "max": 1, "step": 0.1})
    assert issue.size == 11
    assert issue.option_names == [f"{k / 10:g}" if k % 10 else f"{k // 10}.0" for k in range(11)]
    assert issue.option_label(3) == 0.3  # not 0.30000000000000004
    assert issue.option_index(0.3) == 3 and issue.option_index("0.3") == 3
    assert issue.option_index(0.1 + 0.2) is None  # 0.30000000000000004 is no option
    assert issue.option_index(0.35) is None and issue.option_index(1.1) is None


def test_enrichment_at_367_is_an_option():
    issue = Issue.model_validate(ENRICHMENT)
    assert issue.size == 2001
    index = issue.option_index(3.67)
    assert index == 367 and issue.option_label(index) == 3.67
    assert issue.option_index(3.675) is None


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ({"min": 0, "max": 1, "step": 0.3}, "not a multiple of step"),
        ({"min": 1.5, "max": 1.5, "step": 0.1}, "must be greater than"),
        ({"options": ["a", "b"], "min": 0, "max": 1, "step": 0.5}, "not options"),
    ],
)
def test_a_bad_decimal_issue_is_refused(spec, says):
    with pytest.raises(ValueError, match=says):
        Issue.model_validate({"id": "x", "kind": "decimal", **spec})


def test_an_integer_issue_with_a_fractional_step_points_to_decimal():
    with pytest.raises(ValueError, match="kind: decimal"):
        Issue.model_validate({"id": "x", "kind": "integer", "min": 0, "max": 1, "step": 0.5})


def nuclear(cap: object = 3.67, forbid: list | None = None) -> str:
    data = {
        "name": "nuclear",
        "issues": [ENRICHMENT, {"id": "sanctions", "kind": "ordinal",
                                "options": ["kept", "eased", "lifted"]}],
        "actors": [
            {"id": "iran", "name": "Iran", "salience": {"enrichment": 0.6, "sanctions": 0.4},
             "values": {"enrichment": {"ideal": 20.0}, "sanctions": {"ideal": "lifted"}},
             "reservation": 0.2},
            {"id": "us", "name": "US", "salience": {"enrichment": 0.7, "sanctions": 0.3},
             "values": {"enrichment": {"ideal": 0.0}, "sanctions": {"ideal": "kept"}},
             "red_lines": [{"id": "us-cap", "issue": "enrichment", "max": cap,
                            "evidence": {"assumption": "test"}}]
                          + ([{"id": "us-no", "issue": "enrichment", "forbid": forbid,
                               "evidence": {"assumption": "test"}}] if forbid else []),
             "reservation": 0.2},
        ],
        "parties": [{"actor": "iran"}, {"actor": "us"}],
    }  # fmt: skip
    return yaml.safe_dump(data, sort_keys=False)


def test_a_red_line_at_367_holds_in_every_deal_and_terms_come_out_exact():
    scenario = load_scenario_text(nuclear(), name="nuclear.yaml")
    table = run_ensemble(scenario, runs=30, seed=3)
    assert table["deal"].any()
    agreed = table.loc[table["deal"], "term:enrichment"].astype(float)
    assert (agreed <= 3.67).all()
    assert all(round(v, 2) == v for v in agreed)
    summary = summarize(table, scenario)
    assert sum(summary.terms["enrichment"].values()) == pytest.approx(1.0)
    outcome = sim.simulate(scenario, seed=0)
    assert (
        json.loads(json.dumps(outcome.to_dict()))["terms"]["enrichment"]
        == outcome.terms["enrichment"]
    )


def test_an_option_between_two_steps_is_refused_with_its_place():
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(nuclear(forbid=[3.675]), name="nuclear.yaml")
    message = str(error.value)
    assert "nuclear.yaml:" in message and "3.675" in message and "red_lines" in message
    assert "numbers 0.0 to 20.0 in steps of 0.01" in message


def test_a_bound_between_two_steps_bounds_like_the_option_below_it():
    low = sim.simulate(load_scenario_text(nuclear(3.675), name="n.yaml"), seed=0)
    exact = sim.simulate(load_scenario_text(nuclear(3.67), name="n.yaml"), seed=0)
    assert low.terms == exact.terms
