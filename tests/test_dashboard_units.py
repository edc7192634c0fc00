"""The dashboard's plain functions: loading, controls, sources, export, chart data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from counting import Counting

import sim

ROOT = Path(__file__).resolve().parents[1]

from dashboard import charts, controls, export, loading, replay, sources, tweak  # noqa: E402

DATA = ROOT / "tests" / "data" / "dashboard"
ARTICLE = (ROOT / "seeds" / "hostage-deal-article.txt").read_text(encoding="utf-8")


# loading ---------------------------------------------------------------------------------


def test_scenario_files_lists_baseline_first_and_sub_folders(tmp_path):
    (tmp_path / "examples").mkdir()
    for name in ("b.yaml", "baseline.yaml", "examples/wage.yaml", "notes.txt"):
        (tmp_path / name).write_text("x: 1\n")
    assert loading.scenario_files(tmp_path) == ["baseline.yaml", "b.yaml", "examples/wage.yaml"]


def test_every_scenario_file_of_the_repo_loads():
    for relative in loading.scenario_files():
        result = loading.load_file(relative)
        assert isinstance(result, loading.Loaded), result


def test_a_variants_key_changes_when_its_base_changes(tmp_path):
    base = (ROOT / "scenarios" / "baseline.yaml").read_text(encoding="utf-8")
    # the source inside the scenario's folder: a path outside it would be refused
    (tmp_path / "article.txt").write_bytes(
        (ROOT / "seeds" / "hostage-deal-article.txt").read_bytes()
    )
    base = base.replace("../seeds/hostage-deal-article.txt", "article.txt")
    (tmp_path / "baseline.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "variant.yaml").write_text("base: baseline.yaml\nname: v\n", encoding="utf-8")
    before = loading.load_file("variant.yaml", root=tmp_path)
    (tmp_path / "baseline.yaml").write_text(base.replace("power: 1.3", "power: 1.4", 1))
    after = loading.load_file("variant.yaml", root=tmp_path)
    assert isinstance(before, loading.Loaded) and isinstance(after, loading.Loaded)
    assert before.text == after.text and before.key != after.key


def test_upload_of_a_valid_scenario_loads_and_finds_its_sources():
    content = (ROOT / "scenarios" / "baseline.yaml").read_bytes()
    result = loading.load_upload("mine.yaml", content)
    assert isinstance(result, loading.Loaded)
    assert result.base_dir == loading.SCENARIOS and not result.warnings
    assert "article" in result.sources


def test_upload_without_reachable_sources_loads_with_a_warning():
    text = (
        (ROOT / "scenarios" / "baseline.yaml")
        .read_text()
        .replace("../seeds/hostage-deal-article.txt", "../nowhere/article.txt")
    )
    result = loading.load_upload("moved.yaml", text.encode())
    assert isinstance(result, loading.Loaded)
    assert result.base_dir is None and result.sources == {}
    assert "quotes were not checked" in result.warnings[0]


def test_upload_of_a_variant_finds_its_base_in_scenarios():
    content = (ROOT / "scenarios" / "no-safety-net.yaml").read_bytes()
    result = loading.load_upload("mine.yaml", content)
    assert isinstance(result, loading.Loaded)
    assert result.scenario == sim.load_scenario(ROOT / "scenarios" / "no-safety-net.yaml")
    assert "article" in result.sources


def test_upload_of_a_variant_whose_base_is_not_there_says_so():
    result = loading.load_upload("mine.yaml", b"base: elsewhere.yaml\nname: m\n")
    assert isinstance(result, loading.Failed)
    assert result.messages[0].startswith("mine.yaml:1:1: base: no such file")


def test_upload_of_malformed_yaml_gives_located_messages():
    result = loading.load_upload("bad.yaml", (DATA / "not-yaml.yaml").read_bytes())
    assert isinstance(result, loading.Failed)
    assert result.messages[0].startswith("bad.yaml:3:3: malformed YAML")


def test_upload_of_an_invalid_scenario_gives_field_messages():
    result = loading.load_upload("typo.yaml", (DATA / "invalid-scenario.yaml").read_bytes())
    assert isinstance(result, loading.Failed)
    assert any(m.startswith("typo.yaml:13:5: actors.union.reservaton") for m in result.messages)


def test_upload_with_a_broken_part_says_which_rules_were_not_checked():
    text = (
        "name: x\nissues:\n  - {id: a, kind: ordinal, options: [x, y], deferrable: maybe}\n"
        "actors:\n  - {id: p, name: P, salience: {a: 1}, values: {a: {x: 0, y: 1}}}\n"
        "parties: [{actor: p}]\n"
    )
    result = loading.load_upload("broken.yaml", text.encode())
    assert isinstance(result, loading.Failed)
    assert any("issues.a.deferrable" in m for m in result.messages)
    assert any("were not checked" in m and "issues.a" in m for m in result.messages)


def test_upload_that_is_not_text_is_refused_with_a_message():
    result = loading.load_upload("blob.yaml", b"\xff\xfe\x00binary")
    assert isinstance(result, loading.Failed)
    assert "not UTF-8" in result.messages[0]


def test_the_cache_key_is_the_content_equal_for_equal_scenarios_and_new_after_a_tweak():
    from dashboard.compute import digest

    keys = set()
    for relative in loading.scenario_files():
        scenario = loading.load_file(relative).scenario
        again = sim.load_scenario(ROOT / "scenarios" / relative)
        assert digest(again) == digest(scenario), relative
        tweaked = sim.with_parameters(scenario, {"protocol.rounds": scenario.protocol.rounds + 1})
        assert digest(tweaked) != digest(scenario)
        keys.add(digest(scenario))
    assert len(keys) == len(loading.scenario_files())


# controls --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wage() -> sim.Scenario:
    return sim.load_scenario(DATA / "wage-round.yaml")


def test_controls_cover_every_actor_issue_red_line_and_the_protocol(wage):
    values = controls.parameter_values(wage)
    assert values["protocol.name"] == "mediated" and values["protocol.rounds"] == 12
    assert values["actors.union.salience.hours"] == 0.4
    assert values["actors.ministry.salience.pay_rise"] == 1.0
    assert "actors.ministry.salience.hours" not in values  # it values no hours
    assert values["actors.employers.red_lines.employers-no-36.active"] is True
    assert values["actors.union.tactic.beta"] == 0.2  # boulware's default
    assert values["actors.employers.tactic.beta"] == 2.0


def test_every_control_path_is_a_parameter_sim_accepts(wage):
    values = controls.parameter_values(wage)
    explicit = sim.with_parameters(wage, values)  # every path exists and every value is valid
    assert explicit.actor("union").tactic.beta == 0.2  # the default, now written out
    without_betas = {path: v for path, v in values.items() if not path.endswith("tactic.beta")}
    assert sim.with_parameters(wage, without_betas) == wage


def test_changed_keeps_only_real_differences(wage):
    values = controls.parameter_values(wage)
    values["actors.union.power"] = 1.0 + 1e-12
    values["actors.union.reservation"] = 0.5
    values["actors.employers.red_lines.employers-no-36.active"] = False
    assert controls.changed(wage, values) == {
        "actors.union.reservation": 0.5,
        "actors.employers.red_lines.employers-no-36.active": False,
    }


def test_a_changed_uncertain_parameter_is_fixed_and_others_still_drawn(baseline):
    changes = {"actors.hamas.reservation": 0.5, "protocol.rounds": 25}
    tweaked = tweak.apply_changes(baseline, changes)
    drawn = [u.param for u in tweaked.uncertain]
    assert "actors.hamas.reservation" not in drawn
    assert len(drawn) == len(baseline.uncertain) - 1
    assert tweaked.actor("hamas").reservation == 0.5 and tweaked.protocol.rounds == 25
    assert tweak.fixed_uncertainties(baseline, changes) == ["actors.hamas.reservation"]
    assert tweak.apply_changes(baseline, {}) is baseline


def test_a_refused_change_raises_a_parameter_error(baseline):
    with pytest.raises(sim.ParameterError):
        tweak.apply_changes(
            baseline,
            {"actors.qatar.salience.ceasefire": 0.0, "actors.qatar.salience.hostages": 0.0},
        )


def test_a_replayed_run_is_the_run_of_the_ensemble_with_its_trace(baseline):
    from sim.experiments import run_ensemble

    table = run_ensemble(baseline, 6, 11)
    for run in (0, 5):
        replayed = replay.replay_with_trace(baseline, 11, run)
        row = table.iloc[run]
        assert replayed.seed == row["seed"]
        assert replayed.outcome["deal"] == row["deal"] and replayed.outcome["round"] == row["round"]
        assert set(replayed.trace["round"]) == set(range(row["round"] + 1))
        for path, value in replayed.parameters.items():
            assert row[f"param:{path}"] == pytest.approx(value)


# sources ---------------------------------------------------------------------------------


def test_a_quote_is_found_in_its_sentence_despite_typographic_quotes():
    located = sources.locate_quote(ARTICLE, "you don't have a mandate—not even a hint")
    assert located is not None
    assert located.sentence.startswith('"Mr. Prime Minister, let it be clear')
    assert located.sentence.endswith("lip service.")


def test_a_missing_quote_is_not_located():
    assert sources.locate_quote(ARTICLE, "words the article never says") is None


def test_article_text_is_escaped_before_it_is_marked():
    text = "First <script>alert(1)</script> & *stars*. The key claim costs $5 here. Last one."
    located = sources.locate_quote(text, "key claim")
    html = sources.in_context(located)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>The key claim costs &#36;5 here.</mark>" in html
    assert "\n" not in html


def test_whole_article_view_marks_one_paragraph_only():
    located = sources.locate_quote(ARTICLE, "bear hug")
    html = sources.in_context(located, whole=True)
    assert html.count("<mark>") == 1
    assert html.count("<p>") == len(sources.paragraphs_of(ARTICLE))


def test_red_lines_priorities_and_assumptions_are_grouped(baseline):
    from sim.scenario.evidence import cited

    groups = {}
    for item in cited(baseline):
        groups.setdefault(sources.group_of(item), []).append(item)
    red_lines = [line.id for actor in baseline.actors for line in actor.red_lines]
    assert len(groups["Red lines"]) == len(red_lines)
    assert any(i.evidence.assumption for i in groups["Red lines"])
    assert all(
        i.subject.split(":")[1].strip().startswith(("salience", "reservation", "tactic"))
        for i in groups["Priorities"]
    )


# export ----------------------------------------------------------------------------------

TWEAKS = {
    "actors.hamas.reservation": 0.4,
    "actors.netanyahu.salience.hostages": 0.35,
    "actors.trump.tactic.name": "linear",
    "actors.smotrich.red_lines.smotrich-no-state-hint.active": False,
    "protocol.rounds": 25,
}


def test_exported_yaml_loads_back_to_the_same_scenario_and_results(baseline):
    tweaked = sim.with_parameters(baseline, TWEAKS)
    text = export.scenario_yaml(tweaked, "baseline.yaml", TWEAKS)
    assert text.startswith("# Exported from the dealsim dashboard.")
    reloaded = sim.load_scenario_text(text, "tweaked.yaml", base_dir=ROOT / "scenarios")
    assert reloaded == tweaked
    for seed in (0, 1, 2):
        assert sim.simulate(reloaded, seed=seed) == sim.simulate(tweaked, seed=seed)


def test_exported_yaml_of_another_scenario_round_trips(wage):
    tweaked = sim.with_parameters(
        wage, {"actors.employers.red_lines.employers-no-36.active": False}
    )
    reloaded = sim.load_scenario_text(export.scenario_yaml(tweaked), "w.yaml")
    assert reloaded == tweaked


def test_table_csv_reads_back():
    table = pd.DataFrame({"run": [0, 1], "deal": [True, False], "term:x": ["a", None]})
    back = pd.read_csv(__import__("io").BytesIO(export.table_csv(table)))
    assert back["run"].tolist() == [0, 1] and back["deal"].tolist() == [True, False]


def test_table_parquet_reads_back_with_the_scenario_in_its_metadata(baseline, tmp_path):
    from sim.experiments.ensemble import run_ensemble
    from sim.experiments.storage import read_parquet

    table = run_ensemble(baseline, 5, 3)
    path = tmp_path / "e.parquet"
    path.write_bytes(export.table_parquet(table, baseline, 3, 5))
    back, metadata = read_parquet(path)
    pd.testing.assert_frame_equal(back, table)
    assert metadata["master_seed"] == 3 and metadata["runs"] == 5
    assert sim.load_scenario_text(metadata["scenario_yaml"], "m.yaml") == baseline


def test_changed_applies_exactly_what_the_form_shows(wage):
    # one edit path: no hidden reset of beta (the form itself shows the new tactic's beta)
    values = controls.parameter_values(wage)
    values["actors.employers.tactic.name"] = "boulware"
    values["actors.employers.tactic.beta"] = 0.2
    changes = controls.changed(wage, values)
    assert changes == {
        "actors.employers.tactic.name": "boulware",
        "actors.employers.tactic.beta": 0.2,
    }
    assert sim.with_fixed_parameters(wage, changes).actor("employers").tactic.beta == 0.2


# chart data ------------------------------------------------------------------------------


def test_zone_points_merge_packages_and_keep_the_best_class():
    x = np.array([0.1, 0.1, 0.5, 0.9, 0.9])
    y = np.array([0.2, 0.2, 0.5, 0.1, 0.1])
    points = charts.zone_points(
        x, y, feasible=np.array([1, 2, 3, 4]), zone=np.array([2, 3]), pareto=np.array([3])
    )
    by_point = {(r.x, r.y): (r.category, r.packages) for r in points.itertuples()}
    assert by_point == {
        (0.1, 0.2): ("feasible", 2),
        (0.5, 0.5): ("zone of agreement", 1),
        (0.9, 0.1): ("Pareto frontier", 2),
    }


def test_trace_long_has_a_threshold_and_a_utility_row_per_round_and_party(baseline):
    trace = sim.simulate(baseline, seed=3, trace=True).trace
    long = charts.trace_long(trace)
    assert len(long) == 2 * len(trace)
    assert set(long["round"]) == set(trace["round"])  # rounds from 0, as everywhere
    assert set(long["measure"]) == {charts.THRESHOLD, charts.UTILITY}
    chart = charts.trace_chart(trace).to_dict()
    assert len(chart["layer"]) == 3


# computing -------------------------------------------------------------------------------


def test_a_stopped_page_stops_the_ensemble_after_the_chunk_under_way(baseline, monkeypatch):
    """Streamlit stops a script by raising at its next element call: here the progress bar."""
    from dashboard import compute

    played: list[int] = []

    class Stopped(Exception):
        pass

    class Panel:
        def progress(self, *args, **kwargs):
            raise Stopped  # what Streamlit's StopException does on Stop or a closed session

        def container(self):
            raise Stopped

        def empty(self):
            pass

    monkeypatch.setattr(compute, "executor_for", lambda runs: Counting(played))
    monkeypatch.setattr(compute.st, "empty", lambda: Panel())
    with pytest.raises(Stopped):
        compute.ensemble(baseline, 400, 77)
    assert played == [0]  # one chunk of eight: the rest were never started
    assert compute.store().get((compute.digest(baseline), 400, 77)) is None  # nothing half kept


def test_the_ceiling_on_work_says_what_fits():
    from dashboard import compute

    compute.check_work(5_000, 200)  # at the ceiling: accepted
    with pytest.raises(compute.TooMuchWork, match="use at most 100 runs with 10,000 rounds"):
        compute.check_work(5_000, 10_000)


def test_why_panels_use_the_engines_explanation_when_it_is_there(baseline):
    from dashboard import negotiation, why
    from dashboard.names import Names

    names = Names(baseline)
    table = sim.run_ensemble(baseline, 20, 0)
    before = why.actor_outcomes(table, baseline, names).set_index("actor")
    threatened = table["threatened"].str.split(",").explode()
    counts = threatened[threatened != ""].value_counts()
    for actor, count in counts.items():  # the engine's record of threats, per actor
        assert before.loc[names.actor(actor), "threatened to leave"] == count / 20
    deals = table["deal"].sum()
    assert before["the binding party"].sum() == pytest.approx(table["binding"].notna().sum() / 20)
    assert deals > 0
    table["binding"] = ["hamas"] * 5 + [None] * 15
    table["threatened"] = ["smotrich,ben_gvir"] * 10 + [""] * 10
    after = why.actor_outcomes(table, baseline, names).set_index("actor")
    assert after.loc["Hamas (party)", "the binding party"] == 0.25
    assert after.loc["Bezalel Smotrich (partner)", "threatened to leave"] == 0.5
    assert why.obstacle_words("gulf_states/gulf-needs-state-language", names) == (
        "Gulf and Arab candidates for the Abraham Accords: red line “gulf needs state language”"
    )
    words = negotiation.reason_words({"red_line": "hamas-no-exile"}, names)
    assert words == "the text crosses its red line “no exile”"
    assert "0.05 below" in negotiation.reason_words({"shortfall": 0.05}, names)


def test_the_headline_separates_deals_that_keep_the_government_from_those_that_topple_it(baseline):
    from dashboard.figures import headline_figures

    table = sim.run_ensemble(baseline, 40, 3)
    summary = sim.summarize(table, baseline)
    figures = {f.key: f for f in headline_figures(summary, baseline)}
    stands, falls = figures["deals_government_stands"], figures["deals_government_falls"]
    assert stands.value + falls.value == pytest.approx(summary.deal_rate)
    assert stands.label == "Deal, government stands" and falls.shown.endswith("%")


def test_a_file_named_on_the_command_line_is_read_only_if_a_small_regular_file(tmp_path):
    folder = tmp_path / "not-a-file.yaml"
    folder.mkdir()
    assert isinstance(loading.load_path(folder), loading.Failed)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (loading.MAX_UPLOAD_MB * 1024 * 1024 + 1))
    refused = loading.load_path(big)
    assert isinstance(refused, loading.Failed) and "over the limit" in refused.messages[0]


def test_a_phased_run_shows_what_was_left_open_and_counts_rounds_across_phases():
    from dashboard import figures, negotiation
    from dashboard.names import Names

    scenario = sim.load_scenario(ROOT / "tests" / "data" / "phased_truce.yaml")
    outcome = sim.simulate(scenario, seed=0, trace=True)
    assert outcome.phases and outcome.trace is not None
    names = Names(scenario)
    sentence = negotiation.outcome_sentence(outcome.to_dict(), scenario.protocol.rounds, names)
    assert "phase 2 failed" in sentence
    assert f"left open: {names.issue('disarmament')}" in sentence
    running = negotiation.running_rounds(outcome.trace)
    per_round = running.drop_duplicates("round")
    assert len(per_round) == len(outcome.trace[["phase", "round"]].drop_duplicates())
    assert running["round"].is_monotonic_increasing
    frame = negotiation.offers_frame(running, scenario, names)
    deferred = frame[frame["option"] == sim.DEFERRED]
    assert not deferred.empty and (deferred["rank"] == 3).all()  # drawn above the 3 options
    table = sim.run_ensemble(scenario, runs=20, seed=1)
    shares = figures.shares_frame(sim.summarize(table, scenario), scenario.issue("disarmament"))
    assert shares["option"].tolist() == ["none", "partial", "full", sim.DEFERRED]
    assert shares["share"].iloc[-1] == 1.0
