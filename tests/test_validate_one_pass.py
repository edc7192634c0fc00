"""One run of ``validate`` reports every problem: field errors and the rules across fields together.

The rules across fields are checked on every part that validated; a rule that
needs a part with errors is skipped (and noted), so no problem is reported
that is only a consequence of another.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from property import FIELD_ERRORS, broken_scenarios, scenarios
from pydantic import ValidationError
from typer.testing import CliRunner

from sim.cli.app import app
from sim.scenario import ScenarioError, load_scenario_text, loader
from sim.scenario.positions import parse_yaml
from sim.scenario.schema import Scenario
from sim.scenario.writer import yaml_text

MINIMAL = (
    (ROOT / "tests" / "data" / "bad" / "step-zero.yaml").read_text().replace("step: 0", "step: 1")
)
MESSAGE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<field>[^:]+): (?P<text>.+)$"
)
runner = CliRunner()


def problems(text: str) -> list[tuple[int, str, str, str]]:
    """(line, field, message, offending line) of every problem; [] if the text loads."""
    try:
        load_scenario_text(text, name="s.yaml")
    except ScenarioError as error:
        found = []
        for message in error.messages:
            head, *shown = message.splitlines()
            match = MESSAGE.match(head)
            assert match, head
            line = shown[0].removeprefix("    | ") if shown else ""
            found.append((int(match["line"]), match["field"], match["text"], line))
        return found
    return []


def line_of(text: str, needle: str) -> int:
    """The number of the one line of the text that contains ``needle``."""
    numbers = [k for k, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(numbers) == 1, (needle, numbers)
    return numbers[0]


def test_the_minimal_file_is_valid():
    assert problems(MINIMAL) == []


@pytest.mark.parametrize("bad_actor_first", [True, False])
def test_a_field_error_in_one_actor_and_a_reference_error_in_another_come_in_one_run(
    tmp_path, bad_actor_first: bool
):
    text = MINIMAL.replace(
        "    salience: {budget: 0.7", "    power: high\n    salience: {budget: 0.7"
    )
    text = text.replace("forbid: [none]", "forbid: [nothing]")
    if not bad_actor_first:  # the same mistakes, the actors the other way round
        union, ministry = text.split("  - id: ministry\n")
        head, union = union.split("  - id: union\n")
        ministry, parties = ministry.split("parties:\n")
        text = f"{head}  - id: ministry\n{ministry}  - id: union\n{union}parties:\n{parties}"
    path = tmp_path / "two-mistakes.yaml"
    path.write_text(text)
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    heads = [MESSAGE.match(line) for line in result.stderr.splitlines()]
    located = [(int(m["line"]), m["field"]) for m in heads if m]
    assert sorted(located) == sorted(
        [
            (line_of(text, "power: high"), "actors.union.power"),
            (
                line_of(text, "forbid: [nothing]"),
                "actors.ministry.red_lines.no-blank-cheque.forbid[0]",
            ),
        ]
    )
    assert "'nothing' is not an option of 'oversight'" in result.stderr


def test_the_api_gives_both_kinds_in_one_error():
    text = MINIMAL.replace(
        "    reservation: 0.3\n  - id: ministry", "    reservation: 3\n  - id: ministry"
    )
    text += "  - actor: minstry\n"
    found = problems(text)
    assert [(line, field) for line, field, _, _ in found] == [
        (line_of(text, "reservation: 3"), "actors.union.reservation"),
        (line_of(text, "actor: minstry"), "parties.minstry.actor"),
    ]


# Each mutation makes one field error, in a part other parts refer to. Were the
# rules across fields checked on what remains without care, each would add a
# problem that is only its consequence (an unknown issue, an unknown actor, a
# party without salience, a hard red line that changes nothing, ...).
FIELD_ERROR_ONLY = [
    pytest.param(
        [("kind: ordinal", "kind: ordnial")],
        "issues.oversight.kind",
        id="issue named by tables and lines",
    ),
    pytest.param(
        [("options: [none, light, strict]", "options: [none]")],
        "issues.oversight",
        id="issue-wide rule",
    ),
    pytest.param([("  - id: union", "  - id: 1union")], "actors.1union.id", id="actor id"),
    pytest.param(
        [("    name: The union\n", "    name: The union\n    power: high\n")],
        "actors.union.power",
        id="actor named by a party",
    ),
    pytest.param(
        [("salience: {budget: 0.7", "salince: {budget: 0.7")],
        "actors.union.salince",
        id="misspelt salience of a party",
    ),
    pytest.param(
        [("      oversight: {none: 1.0, light: 0.6, strict: 0.0}", "      oversight: [1, 0]")],
        "actors.union.values.oversight",
        id="values of a party",
    ),
    pytest.param(
        [("  - actor: ministry", "  - actor: ministry\n    when: 3")],
        "parties.ministry.when",
        id="party of an actor with a hard red line",
    ),
    pytest.param(
        [("forbid: [none]", "forbid: [none]\n        min: light")],
        "actors.ministry.red_lines.no-blank-cheque",
        id="red line named by an event",
        marks=[],
    ),
    pytest.param(
        [("parties:", "protocol: {rounds: many}\nparties:")],
        "protocol.rounds",
        id="rounds that deadlines and events are compared with",
    ),
]
EXTRAS = """\
events:
  - id: turn
    round: 5
    effects:
      - {red_line: no-blank-cheque, active: false}
      - {actor: ministry, field: reservation, delta: -0.1}
"""


@pytest.mark.parametrize(("changes", "field"), FIELD_ERROR_ONLY)
def test_a_field_error_brings_no_problem_that_is_only_its_consequence(changes, field):
    text = MINIMAL.replace(
        "    reservation: 0.3\nparties", "    reservation: 0.3\n    deadline: 15\nparties"
    )
    text += EXTRAS
    assert problems(text) == []
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    found = problems(text)
    assert [found_field for _, found_field, _, _ in found] == [field], found


def test_a_skipped_rule_is_noted_with_the_part_it_needed():
    text = MINIMAL.replace("kind: ordinal", "kind: ordnial")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, name="s.yaml")
    assert len(caught.value.messages) == 1
    (note,) = caught.value.notes
    assert note.startswith("s.yaml: note: the rules across fields that need issues.oversight")


def test_a_file_with_only_a_field_error_elsewhere_gets_no_note():
    text = MINIMAL.replace("    name: The union\n", "    name: The union\n    noise: 2\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, name="s.yaml")
    assert len(caught.value.messages) == 1
    assert caught.value.notes == []  # no rule reads an actor's noise


def test_a_huge_issue_beside_a_failed_one_is_still_refused_before_anything_is_enumerated():
    text = MINIMAL.replace("kind: ordinal", "kind: ordnial")
    text = text.replace("max: 10\n    step: 1", "max: 100000000000\n    step: 1")
    found = problems(text)
    assert [field for _, field, _, _ in found] == ["issues.oversight.kind", "issues.budget.max"]


@pytest.mark.parametrize("kind", FIELD_ERRORS)
def test_one_field_error_and_one_reference_error_are_both_reported(kind: str):
    reached = []

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(broken=broken_scenarios(kind))
    def both_reported(broken):
        data, field, reference = broken
        assert reference is not None
        found = problems(yaml_text(data))
        for path, on_line in (field, reference):
            at = [(line, shown) for line, problem_field, _, shown in found if problem_field == path]
            assert at, (path, found)
            assert any(on_line in shown for _, shown in at), (path, on_line, at)
        event(f"reference error in {reference[0].split('.')[0]}")
        reached.append(reference[0])

    both_reported()
    assert len(reached) >= 15  # the property was checked, not assumed away


@pytest.mark.parametrize("kind", FIELD_ERRORS)
def test_a_generated_scenario_with_one_field_error_gets_that_one_message(kind: str):
    reached = []

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(broken=broken_scenarios(kind, with_reference=False))
    def only_the_field_error(broken):
        data, (path, on_line), _ = broken
        found = problems(yaml_text(data))
        assert [(field, on_line in shown) for _, field, _, shown in found] == [(path, True)]
        reached.append(path)

    only_the_field_error()
    assert len(reached) >= 8  # the property was checked, not assumed away


JUNK = [None, "x", "1bad", -1, 2, 1e300, [], {}, True, [1, 2], {"a": 1}, 10**20, float("nan")]


def _paths(node: object, loc: tuple = ()) -> list[tuple]:
    found = [loc]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*loc, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*loc, index))
    return found


def _field_problems(data: dict) -> set[str]:
    """``field: message`` of the problems found field by field alone (no rule across fields)."""
    found = list(loader._number_problems(data, ()))
    try:
        Scenario.model_validate(data)
    except ValidationError as error:
        numbers = {problem.loc for problem in found}
        for item in loader._relevant(error.errors(), data):
            problem = loader._from_pydantic(item, data)
            if problem.loc not in numbers:
                found.append(problem)
    return {f"{loader.describe(problem.loc, data)}: {problem.message}" for problem in found}


def test_one_bad_value_anywhere_gives_only_its_own_field_errors():
    reached = []

    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(scenario=scenarios(), choice=st.randoms(use_true_random=False))
    def only_field_errors(scenario, choice):
        data = scenario.model_dump(by_alias=True, exclude_defaults=True)
        loc = choice.choice(_paths(data)[1:])
        parent = data
        for part in loc[:-1]:
            parent = parent[part]
        parent[loc[-1]] = choice.choice(JUNK)
        text = yaml_text(data)
        expected = _field_problems(parse_yaml(text)[0])
        if not expected:  # the value fits the field: not a field error
            event("no field error")
            return
        event("a field error")
        with pytest.raises(ScenarioError) as caught:
            load_scenario_text(text, name="s.yaml")
        heads = {message.splitlines()[0].split(": ", 1)[1] for message in caught.value.messages}
        assert heads == expected
        reached.append(loc)

    only_field_errors()
    assert len(reached) >= 30  # most bad values are field errors: the property was checked


def test_a_quote_not_in_its_source_is_reported_beside_a_failed_piece_of_evidence():
    fixture = ROOT / "tests" / "data" / "bad" / "quote-not-in-source.yaml"
    both = "    evidence:\n      - {about: power, quote: unchecked, assumption: both given}\n"
    text = fixture.read_text().replace("    name: The union\n", f"    name: The union\n{both}")
    with pytest.raises(ScenarioError) as caught:  # read beside the fixture: its source resolves
        load_scenario_text(text, name="q.yaml", base_dir=fixture.parent)
    fields = [MESSAGE.match(message.splitlines()[0])["field"] for message in caught.value.messages]
    assert fields == [
        "actors.union.evidence[0]",
        "actors.ministry.red_lines.no-blank-cheque.evidence.quote",
    ]
