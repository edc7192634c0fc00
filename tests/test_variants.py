"""Variants: a file that names a base scenario and says only what it changes.

The variants in scenarios/ must equal the baseline changed through the Python
API the same way; mistakes in a variant or its base are reported at the line
they were written, in whichever file that is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

import sim
from sim.cli.app import app
from sim.experiments import read_parquet
from sim.scenario import ScenarioError, load_scenario, load_scenario_text

SCENARIOS = ROOT / "scenarios"
runner = CliRunner()


def without_name(scenario: sim.Scenario) -> dict:
    data = scenario.model_dump()
    data.pop("name")
    return data


def test_partners_variant_is_the_baseline_with_their_red_lines_switched_off(baseline):
    expected = baseline
    for line in ("smotrich-no-state-hint", "ben-gvir-no-state", "ben-gvir-no-end-of-war"):
        expected = sim.with_red_line(expected, line, active=False)
    variant = load_scenario(SCENARIOS / "partners-red-lines-dropped.yaml")
    assert variant.name != baseline.name
    assert without_name(variant) == without_name(expected)


def test_no_safety_net_variant_removes_the_net_and_the_parameter_that_sampled_it(baseline):
    variant = load_scenario(SCENARIOS / "no-safety-net.yaml")
    assert [g.safety_nets for g in variant.governments] == [[]]
    assert [len(g.safety_nets) for g in baseline.governments] == [1]
    assert [u.param for u in variant.uncertain] == [
        u.param for u in baseline.uncertain if "safety_nets" not in u.param
    ]
    assert variant.actors == baseline.actors


def test_alternating_variant_changes_only_the_protocol(baseline):
    variant = load_scenario(SCENARIOS / "alternating-offers.yaml")
    assert variant.protocol.name == "alternating"
    assert variant.protocol.mediator is None
    assert variant.protocol.proposers == ["netanyahu", "trump", "hamas", "gulf_states", "egypt"]
    assert variant.actors == baseline.actors and variant.events == baseline.events


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("actors.hamas.reservation", 0.45),
        ("actors.netanyahu.salience.hostages", 0.5),
        ("actors.smotrich.red_lines.smotrich-no-state-hint.active", False),
        ("governments.israel.safety_nets.lapid.seats", 10),
        ("events.iran-momentum.round", 3),
        ("protocol.rounds", 35),
    ],
)
def test_set_in_a_variant_means_what_the_same_parameter_path_means_in_the_api(
    folder, baseline, path, value
):
    yaml_value = str(value).lower() if isinstance(value, bool) else value
    variant = write(
        folder, "one.yaml", f"base: baseline.yaml\nname: one\nset:\n  {path}: {yaml_value}\n"
    )
    expected = sim.with_parameters(baseline, {path: value})
    assert without_name(load_scenario(variant)) == without_name(expected)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder, the working directory, with a copy of the baseline and its article."""
    monkeypatch.chdir(tmp_path)  # ../seeds is allowed: the scenarios lie in the working tree
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "seeds").mkdir()
    for seed in (ROOT / "seeds").iterdir():
        (tmp_path / "seeds" / seed.name).write_bytes(seed.read_bytes())
    base = (SCENARIOS / "baseline.yaml").read_text(encoding="utf-8")
    write(tmp_path / "scenarios", "baseline.yaml", base)
    return tmp_path / "scenarios"


def messages(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as error:
        load_scenario(path)
    return [message.splitlines()[0] for message in error.value.messages]


def test_changes_apply_in_order_remove_set_add_and_a_variant_may_have_a_variant(folder):
    write(
        folder,
        "first.yaml",
        "base: baseline.yaml\nname: first\n"
        "remove: [events.iran-momentum]\n"
        "set:\n  actors.hamas.reservation: 0.4\n"
        "add:\n  events:\n"
        "    - {id: late, round: 3, effects: [{actor: hamas, field: power, set: 2}]}\n",
    )
    write(folder, "second.yaml", "base: first.yaml\nname: second\nset:\n  protocol.rounds: 30\n")
    second = load_scenario(folder / "second.yaml")
    assert second.name == "second"
    assert [event.id for event in second.events] == ["late"]
    assert second.actor("hamas").reservation == 0.4
    assert second.protocol.rounds == 30


def test_a_misspelt_path_is_reported_at_its_line_in_the_variant(folder):
    path = write(
        folder,
        "typo.yaml",
        "base: baseline.yaml\nname: typo\nremove:\n  - actors.hamass\nset:\n  protocol.nme: x\n",
    )
    assert messages(path) == [
        f"{path}:4:5: remove.actors.hamass: no item 'hamass' in actors (known: "
        "netanyahu, trump, qatar, egypt, hamas, gulf_states, smotrich, ben_gvir, lapid)"
    ]


def test_a_field_set_to_a_wrong_name_or_value_is_reported_in_the_variant(folder):
    path = write(
        folder,
        "values.yaml",
        "base: baseline.yaml\nname: v\nset:\n  protocol.nme: x\n  actors.hamas.reservation: 2\n",
    )
    found = messages(path)
    assert f"{path}:4:3: protocol.nme: unknown field 'nme'" in "\n".join(found)
    assert any(m.startswith(f"{path}:5:3: actors.hamas.reservation:") for m in found)


def test_a_mistake_inherited_from_the_base_is_reported_in_the_base(folder):
    base_text = (folder / "baseline.yaml").read_text(encoding="utf-8")
    broken = base_text.replace("power: 1.3", "power: -1", 1)
    line = broken.splitlines().index("    power: -1") + 1
    write(folder, "broken-base.yaml", broken)
    path = write(folder, "child.yaml", "base: broken-base.yaml\nname: child\n")
    found = messages(path)
    assert len(found) == 1
    assert found[0].startswith(f"{folder / 'broken-base.yaml'}:{line}:5: actors.trump.power:")


def test_a_quote_added_by_a_variant_is_checked_against_the_base_s_source(folder):
    path = write(
        folder,
        "quote.yaml",
        "base: baseline.yaml\nname: q\nadd:\n  evidence:\n"
        "    - {about: x, quote: Trump said nothing like this}\n",
    )
    (found,) = messages(path)
    assert found.startswith(f"{path}:5:18: evidence[2].quote: quote not found in source")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("base: missing.yaml\nname: m\n", "base: no such file"),
        ("base: loop.yaml\nname: m\n", "base: 'loop.yaml' is a loop of bases"),
        ("base: baseline.yaml\nset: [1]\n", "set: give a mapping of path: value"),
        ("base: baseline.yaml\nadd:\n  protocol.name: [a]\n", "'name' is not a list"),
        ("base: 3\nname: m\n", "base: give the base scenario's file name"),
    ],
)
def test_a_broken_chain_is_refused_at_the_line_that_breaks_it(folder, text, says):
    path = write(folder, "loop.yaml", text)
    (found,) = messages(path)
    assert found.startswith(f"{path}:") and says in found


def test_a_variant_given_as_text_without_a_folder_says_it_needs_one():
    text = (SCENARIOS / "no-safety-net.yaml").read_text(encoding="utf-8")
    with pytest.raises(ScenarioError) as error:
        load_scenario_text(text, name="upload.yaml")
    assert "base: a scenario with a base must be loaded from a file" in str(error.value)


def test_the_cli_refuses_a_bad_variant_with_status_2_and_no_traceback(folder):
    path = write(folder, "bad.yaml", "base: baseline.yaml\nname: b\nremove: [actors.nobody]\n")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "no item 'nobody' in actors" in result.output
    assert "Traceback" not in result.output


def test_an_ensemble_of_a_variant_keeps_the_whole_scenario_in_its_parquet_file(tmp_path):
    variant_path = SCENARIOS / "no-safety-net.yaml"
    out = tmp_path / "runs.parquet"
    args = ["ensemble", str(variant_path), "--runs", "20", "--seed", "1", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    _, metadata = read_parquet(out)
    kept = load_scenario_text(metadata["scenario_yaml"], name="kept.yaml")
    assert kept == load_scenario(variant_path)


def test_sources_are_relative_to_the_file_that_names_them(folder):
    (folder / "sub").mkdir()
    base_text = (folder / "baseline.yaml").read_text(encoding="utf-8")
    moved = base_text.replace(
        "../seeds/hostage-deal-article.txt", "../../seeds/hostage-deal-article.txt"
    )
    write(folder / "sub", "base.yaml", moved)
    good = write(folder, "good.yaml", "base: sub/base.yaml\nname: g\n")
    assert load_scenario(good).sources == {"article": "../../seeds/hostage-deal-article.txt"}
    bad = write(
        folder,
        "bad.yaml",
        "base: sub/base.yaml\nname: b\nadd:\n  evidence: [{about: x, quote: not in the article}]\n",
    )
    (found,) = messages(bad)
    assert "quote not found in source 'article'" in found


def test_a_chain_of_more_than_eight_bases_is_refused(folder):
    write(folder, "v0.yaml", "base: baseline.yaml\nname: v0\n")
    for k in range(1, 10):
        write(folder, f"v{k}.yaml", f"base: v{k - 1}.yaml\nname: v{k}\n")
    assert load_scenario(folder / "v7.yaml").name == "v7"  # eight bases: v6 ... v0, baseline
    (found,) = messages(folder / "v9.yaml")
    assert "base: more than 8 bases in a chain" in found
