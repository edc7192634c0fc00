"""Interaction terms: an actor values a combination of terms beyond the sum of its parts."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from property import interaction_terms, issues

import sim
from sim.outcomes import space_of
from sim.preferences import actor_arrays
from sim.scenario.loader import ScenarioError, load_scenario_text

ASSUMED = {"assumption": "test"}


def game(interactions: list[dict] | None = None) -> dict:
    """A ceasefire and a number of hostages; A likes both, moderately."""
    return {
        "name": "interactions",
        "issues": [
            {"id": "ceasefire", "kind": "ordinal", "options": ["none", "temporary", "permanent"]},
            {"id": "hostages", "kind": "integer", "min": 0, "max": 50, "step": 10},
        ],
        "actors": [
            {"id": "a", "name": "A", "salience": {"ceasefire": 1, "hostages": 1},
             "values": {"ceasefire": {"ideal": "permanent", "worst": 0.2},
                        "hostages": {"ideal": 50, "worst": 0.2}},
             "interactions": interactions or []},
            {"id": "b", "name": "B", "salience": {"ceasefire": 1},
             "values": {"ceasefire": {"ideal": "none"}}},
        ],
        "parties": [{"actor": "a"}, {"actor": "b"}],
    }  # fmt: skip


TOGETHER = {
    "if": {"issue": "ceasefire", "in": ["permanent"]},
    "and": {"issue": "hostages", "min": 40},
    "value": 0.15,
    "evidence": ASSUMED,
}


def utility(data: dict, actor: str = "a") -> np.ndarray:
    scenario = sim.Scenario.model_validate(data)
    return actor_arrays(scenario.actor(actor), space_of(scenario.issues))[0]


def test_utility_rises_by_exactly_the_value_where_both_hold_and_nowhere_else():
    plain = utility(game())  # computed (and cached) first: the term must not hit its cache
    space = space_of(sim.Scenario.model_validate(game()).issues)
    both = (space.column("ceasefire") == 2) & (np.asarray(space.column("hostages")) >= 4)
    for value in (0.15, -0.3):
        linked = utility(game([dict(TOGETHER, value=value)]))
        assert np.allclose(linked[both], np.clip(plain[both] + value, 0, 1))
        assert np.array_equal(linked[~both], plain[~both])
        assert both.sum() == 2 and not np.allclose(linked[both], plain[both])
    assert np.array_equal(utility(game([TOGETHER]), "b"), utility(game(), "b"))


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_interaction_terms_keep_utilities_in_the_unit_interval(data):
    issue_list = data.draw(issues())
    terms = data.draw(interaction_terms(issue_list))
    options = {i["id"]: (i.get("options") or list(range(i["min"], i["max"] + 1, i["step"])))
               for i in issue_list}  # fmt: skip
    actor = {
        "id": "a", "name": "A",
        "salience": {i["id"]: data.draw(st.floats(0.05, 1)) for i in issue_list},
        "values": {k: {o: data.draw(st.floats(0, 1)) for o in v} for k, v in options.items()},
        "interactions": terms,
    }  # fmt: skip
    scenario = sim.Scenario.model_validate(
        {"name": "p", "issues": issue_list, "actors": [actor], "parties": [{"actor": "a"}]}
    )
    values = actor_arrays(scenario.actors[0], space_of(scenario.issues))[0]
    assert values.size == np.prod([len(v) for v in options.values()])
    assert values.min() >= 0.0 and values.max() <= 1.0


def load(data: dict) -> str:
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(yaml.safe_dump(data, sort_keys=False), name="s.yaml")
    return str(error.value)


@pytest.mark.parametrize(
    ("term", "field", "words"),
    [
        (
            dict(TOGETHER, **{"if": {"issue": "truce", "in": ["x"]}}),
            "interactions[0].if.issue",
            "unknown issue 'truce'",
        ),
        (
            dict(TOGETHER, **{"and": {"issue": "ceasefire", "in": ["forever"]}}),
            "interactions[0].and.in[0]",
            "forever",
        ),
        (dict(TOGETHER, value=1.5), "interactions[0].value", "less than or equal to 1"),
    ],
)
def test_bad_interaction_terms_are_refused_at_their_line(term, field, words):
    message = load(game([term]))
    assert "s.yaml:" in message and f"actors.a.{field}" in message and words in message
