"""Parameter paths: one parser, and every walker over it agrees on what a path names.

The walkers are: reading and writing parameters (plain data), the in-place
change of a loaded scenario (pydantic models), a variant's ``set``/``remove``
(positioned YAML nodes) and field ranges (the schema's types).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import sim
from sim.scenario import paths
from sim.scenario.ranges import field_range
from sim.scenario.variants import NODES, Node, parse_file, plain

BASELINE = ROOT / "scenarios" / "baseline.yaml"


def _leaves(node: Any, prefix: list[str]) -> list[str]:
    """Every path to a scalar, list items named the way a person would (id, actor, param)."""
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            found += _leaves(value, [*prefix, str(key)])
        return found
    if isinstance(node, list):
        found = []
        for index, item in enumerate(node):
            name = next(
                (item.get(k) for k in paths.ITEM_KEYS if isinstance(item, dict) and item.get(k)),
                None,
            )
            found += _leaves(item, [*prefix, str(name if name is not None else index)])
        return found
    return [".".join(prefix)] if prefix else []


YAML_TEXT = BASELINE.read_text(encoding="utf-8")
SOURCE = parse_file(YAML_TEXT, str(BASELINE), BASELINE)
WRITTEN = plain(SOURCE.root)  # the file as written (no defaults filled in)
SCENARIO = sim.load_scenario(BASELINE)
DUMPED = SCENARIO.model_dump(by_alias=True)  # as loaded (defaults filled in)
WRITTEN_PATHS = sorted(set(_leaves(WRITTEN, [])))
DUMPED_PATHS = sorted(set(_leaves(DUMPED, [])))


@st.composite
def mutated_paths(draw, known: list[str]) -> str:
    """A known path, or one changed the ways people get paths wrong (or right another way)."""
    path = draw(st.sampled_from(known))
    parts = path.split(".")
    change = draw(st.sampled_from(["none", "typo", "drop", "extend", "position", "swap"]))
    k = draw(st.integers(0, len(parts) - 1))
    if change == "typo":
        parts[k] = parts[k] + "x"
    elif change == "drop" and len(parts) > 1:
        parts = parts[:-1]
    elif change == "extend":
        parts = [*parts, draw(st.sampled_from(["low", "0", "id", "x"]))]
    elif change == "position":
        parts[k] = str(draw(st.integers(0, 12)))
    elif change == "swap" and len(parts) > 1:
        parts[k], parts[-1] = parts[-1], parts[k]
    return ".".join(parts)


def _outcome(root: Any, path: str, tree: paths.Tree) -> tuple[str, Any]:
    try:
        return "ok", paths.read(root, path, tree)
    except paths.PathError:
        return "error", None


def _comparable(value: Any) -> Any:
    """A node read from YAML or a model, as plain data."""
    if isinstance(value, sim.Scenario.__mro__[1]):  # a pydantic model (Strict's base)
        return value.model_dump(by_alias=True)
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()}
    return value


@settings(max_examples=300, deadline=None)
@given(path=mutated_paths(WRITTEN_PATHS))
def test_a_variant_and_a_read_of_the_file_agree_on_every_path(path):
    in_data, value = _outcome(WRITTEN, path, paths.DATA)
    in_nodes, node = _outcome(SOURCE.root, path, NODES)
    assert in_data == in_nodes
    if in_data == "ok":
        assert (plain(node) if isinstance(node, Node) else node) == value


@settings(max_examples=300, deadline=None)
@given(path=mutated_paths(DUMPED_PATHS))
def test_a_loaded_scenario_and_its_data_agree_on_every_path(path):
    in_data, value = _outcome(DUMPED, path, paths.DATA)
    in_models, model_value = _outcome(SCENARIO, path, paths.MODELS)
    assert in_data == in_models
    if in_data == "ok":
        assert _comparable(model_value) == value


@settings(max_examples=200, deadline=None)
@given(path=st.sampled_from(DUMPED_PATHS))
def test_every_number_can_be_read_and_its_range_contains_it(path):
    value = sim.read_parameter(SCENARIO, path)
    if isinstance(value, int | float) and not isinstance(value, bool):
        assert field_range(path).contains(value), (path, value)


@settings(max_examples=100, deadline=None)
@given(
    path=st.sampled_from([p for p in DUMPED_PATHS if paths.is_self_contained(p)]),
    fraction=st.floats(0.0, 1.0),
)
def test_the_in_place_change_equals_the_validated_one(path, fraction):
    allowed = field_range(path)
    low = allowed.low if allowed.low > float("-inf") else -5.0
    high = allowed.high if allowed.high < float("inf") else 100.0
    value: float | int = low + fraction * (high - low)
    value = allowed.clip(value)
    if allowed.integer:
        value = round(value)
    fast = sim.with_parameters(SCENARIO, {path: value})
    data = SCENARIO.model_dump(by_alias=True)
    container, key = paths.walk(data, path)
    container[key] = value
    assert fast.model_dump(by_alias=True) == sim.Scenario.model_validate(data).model_dump(
        by_alias=True
    )


def test_an_uncertain_declaration_reads_by_its_dotted_parameter():
    first = SCENARIO.uncertain[0]
    path = f"uncertain.{first.param}.{'low' if first.low is not None else 'mean'}"
    assert sim.read_parameter(SCENARIO, path) in (first.low, first.mean)
    assert field_range(path) == field_range(first.param)


def test_read_set_and_a_variant_accept_the_same_uncertain_path(tmp_path: Path):
    first = SCENARIO.uncertain[0]
    key = "low" if first.dist in ("uniform", "triangular") else "mean"
    path = f"uncertain.{first.param}.{key}"
    changed = sim.with_parameters(SCENARIO, {path: 0.05})
    assert sim.read_parameter(changed, path) == 0.05
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "seeds").mkdir()
    for seed in (ROOT / "seeds").iterdir():  # the baseline's quotes are checked in its source
        (tmp_path / "seeds" / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "scenarios" / "baseline.yaml").write_text(YAML_TEXT, encoding="utf-8")
    variant = tmp_path / "scenarios" / "variant.yaml"
    variant.write_text(f"base: baseline.yaml\nname: v\nset:\n  {path}: 0.05\n", encoding="utf-8")
    loaded = sim.load_scenario(variant, allow=[tmp_path])
    assert sim.read_parameter(loaded, path) == 0.05


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("actors.nobody.power", "no item 'nobody' in actors"),
        ("actors.hamas.powr", "'actors.hamas.powr' does not exist"),
        ("actors.hamas.power.x", "is a value, not a group of fields"),
        ("actors..power", "none empty"),
        ("", "not a parameter path"),
    ],
)
def test_a_bad_path_says_what_is_wrong(path, says):
    with pytest.raises(sim.ParameterError, match=says):
        sim.read_parameter(SCENARIO, path)


def test_a_path_names_an_item_by_position_or_by_name_and_spells_it_by_name():
    assert paths.canonical(DUMPED, "actors.0.power") == f"actors.{SCENARIO.actors[0].id}.power"
    assert sim.read_parameter(SCENARIO, "actors.0.power") == SCENARIO.actors[0].power
