"""Bad scenario files are refused with every problem at its line, exit status 2, no traceback.

Each fixture under ``tests/data/bad/`` holds one mistake (``three-mistakes.yaml``
holds three). The huge file, the directory and the alias bomb of the
``load_scenario`` API are made in ``tmp_path``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from sim.cli.app import app
from sim.scenario import ScenarioError, load_scenario, load_scenario_text

BAD = ROOT / "tests" / "data" / "bad"
DEALSIM = Path(sys.executable).parent / "dealsim"
MESSAGE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<text>.+)$")
runner = CliRunner()


@dataclass(frozen=True)
class Expected:
    """What the one message about a fixture must say."""

    file: str
    line: int
    field: str  # the field path, '' where the file as a whole is wrong
    says: str  # a part of the message


CASES = [
    # wrong types
    Expected("wrong-type-power.yaml", 15, "actors.union.power", "valid number"),
    # unknown keys
    Expected("unknown-key-typo.yaml", 19, "actors.union.reservaton", "unknown field 'reservaton'"),
    # bad references
    Expected("party-unknown-actor.yaml", 35, "parties.minstry.actor", "unknown actor 'minstry'"),
    Expected(
        "red-line-unknown-issue.yaml",
        28,
        "actors.ministry.red_lines.no-blank-cheque.issue",
        "unknown issue 'oversigt'",
    ),
    Expected(
        "option-not-in-issue.yaml",
        29,
        "actors.ministry.red_lines.no-blank-cheque.forbid[0]",
        "'nothing' is not an option of 'oversight'",
    ),
    Expected(
        "value-table-missing-option.yaml",
        18,
        "actors.union.values.oversight",
        "no value for option(s) strict",
    ),
    Expected(
        "value-table-unknown-option.yaml",
        18,
        "actors.union.values.oversight.total",
        "'total' is not an option of 'oversight'",
    ),
    # out-of-range numbers
    Expected(
        "reservation-out-of-range.yaml",
        32,
        "actors.ministry.reservation",
        "less than or equal to 1",
    ),
    Expected(
        "negative-seats.yaml",
        43,
        "governments.cabinet.partners.union.seats",
        "greater than or equal to 0",
    ),
    Expected("step-zero.yaml", 8, "issues.budget.step", "greater than 0"),
    Expected("non-finite-number.yaml", 33, "actors.ministry.power", "not a usable number"),
    Expected("huge-integer-range.yaml", 7, "issues.budget.max", "1,000,000,000,001 options"),
    # malformed YAML
    Expected("unclosed-bracket.yaml", 12, "", "flow sequence that starts at line 11"),
    Expected("bad-indentation.yaml", 23, "", "malformed YAML"),
    Expected("tab-indentation.yaml", 32, "", "not tabs"),
    Expected("nul-character.yaml", 2, "", "character #x0000 is not allowed"),
    Expected("deep-nesting.yaml", 3, "", "nested too deeply"),
    Expected("billion-laughs.yaml", 7, "", "'f' expands to more than 200,000 values"),
    Expected("duplicate-keys.yaml", 33, "", 'duplicate key "reservation"'),
    # not a scenario at all
    Expected("empty.yaml", 1, "", "the file is empty"),
    Expected("only-comment.yaml", 1, "", "the file is empty"),
    Expected("top-level-list.yaml", 1, "", "must be a mapping of fields"),
    Expected("not-utf8.yaml", 2, "", "not UTF-8 text"),
    # duplicate ids, evidence
    Expected(
        "duplicate-ids.yaml", 20, "actors.union.id", "actor 'union' is declared more than once"
    ),
    Expected(
        "quote-not-in-source.yaml",
        33,
        "actors.ministry.red_lines.no-blank-cheque.evidence.quote",
        "quote not found in source 'article'",
    ),
    # what uncertain parameters can draw: every rule checked at the ends of each support
    Expected(
        "uncertain-seats-under-majority.yaml",
        45,
        "uncertain[0].param",
        "drawn as 10: governments.cabinet.majority: the coalition of 'cabinet' has 50 seats",
    ),
    Expected(
        "uncertain-normal-seats-under-majority.yaml",
        45,
        "uncertain[0].param",
        "drawn as 18: governments.cabinet.majority",
    ),
    Expected(
        "uncertain-deadline-after-rounds.yaml",
        46,
        "uncertain[0].param",
        "drawn as 30: actors.union.deadline: deadline 30 is after the last round (20)",
    ),
    Expected(
        "uncertain-rounds-below-event.yaml",
        52,
        "uncertain[0].param",
        "drawn as 10: events.late-shift.round: round 15 is after the last round",
    ),
    Expected(
        "uncertain-salience-to-zero.yaml",
        45,
        "uncertain[0].param",
        "drawn as 0: actors.union.salience: salience weights must not all be zero",
    ),
    Expected(
        "uncertain-issue-max-huge.yaml",
        45,
        "uncertain[0].param",
        "at most 2,000,000 packages can be enumerated",
    ),
    Expected(
        "uncertain-declared-twice.yaml",
        49,
        "uncertain[1].param",
        "declared uncertain more than once: uncertain item 0 names the same field",
    ),
    # roles in a government, consent, look-alike options, sums too large to hold
    Expected(
        "duplicate-partner.yaml",
        44,
        "governments.cabinet.partners.union.actor",
        "'union' is already a partner of government 'cabinet'",
    ),
    Expected(
        "leader-among-partners.yaml",
        44,
        "governments.cabinet.partners.ministry.actor",
        "'ministry' is already the leader of government 'cabinet'",
    ),
    Expected(
        "partner-and-safety-net.yaml",
        45,
        "governments.cabinet.safety_nets.union.actor",
        "'union' is already a partner of government 'cabinet'",
    ),
    Expected(
        "duplicate-government-ids.yaml",
        44,
        "governments.cabinet.id",
        "government 'cabinet' is declared more than once",
    ),
    Expected("no-consent-needed.yaml", 33, "parties", "no party's consent is needed"),
    Expected("confusable-options.yaml", 11, "issues.oversight.options[3]", "reads like 'none'"),
    Expected("huge-salience.yaml", 15, "actors.union.salience", "add up to more than 1e+15"),
    Expected("seats-overflow.yaml", 37, "governments.cabinet", "more than 1e+15"),
]


def messages(output: str) -> list[re.Match]:
    """The ``file:line:column: ...`` lines of an output (not the quoted source lines)."""
    found = [MESSAGE.match(line) for line in output.splitlines() if not line.startswith("    |")]
    return [match for match in found if match]


def assert_refused(result, path: Path, expected: Expected) -> None:
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    located = messages(result.stderr)
    assert located, result.stderr
    first = located[0]
    assert first["file"] == str(path)
    assert int(first["line"]) == expected.line, first.group(0)
    assert int(first["column"]) >= 1
    if expected.field:
        assert first["text"].startswith(f"{expected.field}: "), first.group(0)
    assert expected.says in first["text"], first.group(0)


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize("expected", CASES, ids=[case.file for case in CASES])
def test_a_bad_file_is_refused_at_its_line(expected: Expected, command: str):
    path = BAD / expected.file
    result = runner.invoke(app, [command, str(path)])
    assert_refused(result, path, expected)


def test_every_fixture_is_covered():
    fixtures = {path.name for path in BAD.iterdir()}
    covered = {case.file for case in CASES} | {"three-mistakes.yaml"}
    assert fixtures == covered


@pytest.mark.parametrize("command", ["validate", "run"])
def test_all_mistakes_are_reported_at_once(command: str):
    path = BAD / "three-mistakes.yaml"
    result = runner.invoke(app, [command, str(path)])
    assert result.exit_code == 2
    located = messages(result.stderr)
    assert [(int(m["line"]), m["text"].split(":")[0]) for m in located] == [
        (8, "issues.budget.step"),
        (15, "actors.union.power"),
        (33, "actors.ministry.reservaton"),
    ]


def test_each_message_shows_the_offending_line():
    result = runner.invoke(app, ["validate", str(BAD / "three-mistakes.yaml")])
    shown = [line for line in result.stderr.splitlines() if line.startswith("    |")]
    assert shown == ["    |     step: 0", "    |     power: high", "    |     reservaton: 0.3"]


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path, command: str):
    path = tmp_path / "huge.yaml"
    minimal = (BAD / "step-zero.yaml").read_text().replace("step: 0", "step: 1")
    padding = "# " + "x" * 98 + "\n"
    path.write_text(minimal + padding * 50_000)  # 5 MB
    assert path.stat().st_size > 5_000_000
    result = runner.invoke(app, [command, str(path)])
    assert_refused(result, path, Expected("huge.yaml", 1, "", "larger than"))


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_directory_is_refused(tmp_path: Path, command: str):
    path = tmp_path / "scenario.yaml"
    path.mkdir()
    result = runner.invoke(app, [command, str(path)])
    assert_refused(result, path, Expected("scenario.yaml", 1, "", "is a directory"))


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_missing_file_is_refused(tmp_path: Path, command: str):
    path = tmp_path / "nowhere.yaml"
    result = runner.invoke(app, [command, str(path)])
    assert_refused(result, path, Expected("nowhere.yaml", 1, "", "no such file"))


def test_a_deeper_alias_bomb_is_refused_quickly(tmp_path: Path):
    levels = ["a0: &a0 [" + ", ".join(['"lol"'] * 10) + "]"]
    for level in range(1, 20):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        levels.append(f"a{level}: &a{level} [{refs}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(levels) + "\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert len(caught.value.messages) == 1
    assert "expands to more than" in caught.value.messages[0]


def test_validate_reports_good_and_bad_files_together():
    good = ROOT / "scenarios" / "baseline.yaml"
    bad = BAD / "wrong-type-power.yaml"
    result = runner.invoke(app, ["validate", str(good), str(bad)])
    assert result.exit_code == 2
    assert "ok" in result.stdout and "baseline.yaml" in result.stdout
    assert [m["file"] for m in messages(result.stderr)] == [str(bad)]


def test_the_api_raises_the_same_messages_for_text():
    text = (BAD / "three-mistakes.yaml").read_text()
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, name="pasted.yaml")
    heads = [m.splitlines()[0] for m in caught.value.messages]
    assert [h.split(":")[1] for h in heads] == ["8", "15", "33"]
    assert all(h.startswith("pasted.yaml:") for h in heads)


def test_a_value_table_with_a_wrong_value_gets_one_message_not_one_per_union_branch():
    text = (BAD / "step-zero.yaml").read_text().replace("step: 0", "step: 1")
    text = text.replace("strict: 0.0}", "strict: 2.0}")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, name="s.yaml")
    assert len(caught.value.messages) == 1
    assert "values.oversight.strict: Input should be less than or equal to 1" in str(caught.value)


@pytest.mark.parametrize(
    "fixture",
    ["wrong-type-power.yaml", "huge-integer-range.yaml", "deep-nesting.yaml", "not-utf8.yaml"],
)
def test_the_installed_command_exits_2_without_a_traceback(fixture: str):
    command = [str(DEALSIM), "validate", str(BAD / fixture)]
    if not DEALSIM.exists():
        command = [sys.executable, "-c", "from sim.cli import main; main()"] + command[1:]
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert messages(done.stderr), done.stderr


def test_very_deep_flow_nesting_is_refused_before_the_parser_sees_it(tmp_path: Path):
    # ruamel's parser takes time growing with the square of this depth
    path = tmp_path / "deep.yaml"
    path.write_text("name: deep\nissues: " + "[" * 300_000 + "]" * 300_000 + "\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert caught.value.messages[0].startswith(f"{path}:2:")
    assert "nested too deeply" in caught.value.messages[0]


def test_brackets_inside_quotes_and_comments_do_not_count_as_nesting():
    text = (BAD / "step-zero.yaml").read_text().replace("step: 0", "step: 1")
    text = text.replace("name: Minimal", "# [[[[ " + "[" * 100 + "\nname: Minimal")
    text = text.replace("    name: The union\n", f'    name: "{"[" * 100}"\n')
    assert load_scenario_text(text).actors[0].name == "[" * 100


def test_the_minimal_example_of_the_format_docs_is_valid_and_runs(tmp_path: Path):
    docs = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "minimal.yaml"
    path.write_text(example)
    result = runner.invoke(app, ["run", str(path), "--json"])
    assert result.exit_code == 0, result.output
