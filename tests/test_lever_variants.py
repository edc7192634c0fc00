"""The baseline's variants for pressure, side payments and interaction terms use them."""

from __future__ import annotations

import re

import numpy as np
from conftest import ROOT

import sim
from sim.preferences import actor_arrays
from sim.side_payments import space_for

SCENARIOS = ROOT / "scenarios"


def test_qatar_presses_hamas_only_after_its_refusals(baseline):
    variant = sim.load_scenario(SCENARIOS / "qatar-presses-hamas.yaml")
    assert [p.on for p in variant.actor("qatar").pressure] == ["hamas"]
    outcome = sim.simulate(variant, seed=0, trace=True)
    assert outcome.pressure and all(p.startswith("qatar/press-hamas@") for p in outcome.pressure)
    first = int(outcome.pressure[0].rsplit("@", 1)[1])
    hamas = outcome.trace[(outcome.trace["party"] == "hamas") & outcome.trace["required"]]
    assert int((~hamas[hamas["round"] < first]["accepted"]).sum()) >= 2
    assert not sim.simulate(baseline, seed=0).pressure


def test_us_inducements_are_a_term_of_the_deal_within_the_budget():
    variant = sim.load_scenario(SCENARIOS / "us-inducements-for-gulf.yaml")
    amounts = [sim.simulate(variant, seed=seed).terms for seed in range(4)]
    assert all(t is not None and 0 <= t["us_inducements"] <= 4 for t in amounts)
    assert (
        space_for(variant).size
        == 5 * space_for(variant.model_copy(update={"side_payments": []})).size
    )


def test_trump_values_the_whole_package_by_exactly_its_interaction(baseline):
    variant = sim.load_scenario(SCENARIOS / "trump-wants-the-whole-package.yaml")
    space = space_for(variant)
    before = actor_arrays(baseline.actor("trump"), space)[0]
    after = actor_arrays(variant.actor("trump"), space)[0]
    both = (np.asarray(space.column("hostages")) == 5) & (space.column("abraham_accords") >= 1)
    assert np.allclose(after[both], np.minimum(before[both] + 0.15, 1.0))
    assert np.array_equal(after[~both], before[~both])


def test_the_format_docs_lever_examples_added_to_the_minimal_example_run(tmp_path):
    docs = (ROOT / "docs" / "scenario-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", docs, re.S)
    minimal = blocks[0]
    actor_parts = [b for b in blocks if "# ... as in the minimal example, plus:" in b]
    payment = next(b for b in blocks if b.startswith("side_payments:"))
    assert len(actor_parts) == 2  # pressure and interactions
    anchor = next(line for line in minimal.splitlines() if line.startswith("    reservation:"))
    extra = "".join("\n".join(b.splitlines()[3:]) + "\n" for b in actor_parts)
    path = tmp_path / "levers.yaml"
    path.write_text(minimal.replace(anchor + "\n", anchor + "\n" + extra, 1) + payment)
    scenario = sim.load_scenario(path)
    assert scenario.actors[0].pressure and scenario.actors[0].interactions
    outcome = sim.simulate(scenario, seed=0)
    assert outcome.deal and "training_fund" in outcome.terms
