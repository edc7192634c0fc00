"""The dashboard page driven headlessly with Streamlit's AppTest.

Each control group is changed in the form, the form submitted, and the
results must change with no exception. Streamlit 1.67's AppTest drives
``st.file_uploader`` (``set_value((name, bytes, mime))``), so the upload path
is tested through the page itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from app_driver import submit, widget
from streamlit.testing.v1 import AppTest

import sim
from sim.analysis import analyze

ROOT = Path(__file__).resolve().parents[1]

from dashboard.controls import DEFAULT_RUNS  # noqa: E402
from dashboard.layout import TABS  # noqa: E402
from dashboard.names import Names  # noqa: E402

APP = str(ROOT / "dashboard" / "app.py")
DATA = ROOT / "tests" / "data" / "dashboard"
TIMEOUT = 180
HEADLINE = ("Deal rate", "Government collapse", "Round of the deal")


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def headline(at: AppTest) -> dict[str, tuple[str, str]]:
    """The Results tab's headline figures: label -> (value, interval)."""
    return {
        m.label: (m.value, m.proto.delta)
        for m in at.metric
        if m.label in HEADLINE or m.label.endswith(": expected")
    }


def open_tab(at: AppTest, name: str) -> AppTest:
    """Choose a tab: the tabs rerun the page and draw only the open one."""
    at.session_state["panel"] = name
    return at.run()


def changes_note(at: AppTest) -> str:
    return next(info.value for info in at.info if info.value.startswith("Changed from the file"))


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.fixture(scope="module")
def baseline_page() -> AppTest:
    return start()


def test_opens_on_the_baseline_and_shows_results_without_any_input(baseline_page):
    at = baseline_page
    assert_clean(at)
    assert at.selectbox(key="scenario-file").value == "baseline.yaml"
    assert at.main.title[0].value.startswith("Baseline")
    figures = headline(at)
    assert set(HEADLINE) <= set(figures)
    assert "Hostages released: expected" in figures
    assert figures["Deal rate"][1].startswith("95% CI")
    labels = [tab.label for tab in at.tabs]
    for name in TABS:  # every panel the layout declares is drawn
        assert name in labels
    # the coalition, the terms (one panel an issue, in one chart), hostages
    assert len(at.get("vega_lite_chart")) == 3


@pytest.mark.parametrize(
    ("tab", "element"),
    [
        ("Negotiation", "vega_lite_chart"),
        ("Zone of agreement", "vega_lite_chart"),
        ("Discovery", "dataframe"),
        ("Sweep", "info"),
        ("Sensitivity", "info"),
        ("Sources", "markdown"),
        ("Compare", "info"),
        ("Export", "download_button"),
    ],
)
def test_every_tab_draws_without_errors(tab, element):
    at = open_tab(start(), tab)
    assert_clean(at)
    assert at.get(element)
    charted = ("Negotiation", "Zone of agreement", "Discovery")
    assert not at.get("vega_lite_chart") or tab in charted


CONTROL_CHANGES = [
    pytest.param("slider", "actors.netanyahu.power", 3.0, id="power"),
    pytest.param("slider", "actors.netanyahu.salience.state_pathway", 1.0, id="salience"),
    pytest.param("slider", "actors.hamas.reservation", 0.6, id="reservation"),
    pytest.param("selectbox", "actors.netanyahu.tactic.name", "conceder", id="tactic"),
    pytest.param("slider", "actors.netanyahu.tactic.beta", 3.0, id="beta"),
    pytest.param(
        "checkbox", "actors.smotrich.red_lines.smotrich-no-state-hint.active", False, id="red-line"
    ),
    pytest.param("selectbox", "protocol.name", "alternating", id="protocol"),
    pytest.param("number_input", "protocol.rounds", 8, id="rounds"),
    pytest.param("number_input", "runs", DEFAULT_RUNS // 2, id="runs"),
    pytest.param("number_input", "seed", 5, id="seed"),
]


@pytest.mark.parametrize(("kind", "path", "value"), CONTROL_CHANGES)
def test_each_control_group_changes_the_results_after_submit(baseline_page, kind, path, value):
    before = headline(baseline_page)
    at = start()
    widget(at, kind, path).set_value(value)
    submit(at)
    assert_clean(at)
    assert headline(at) != before
    if path not in ("runs", "seed"):
        words = Names(sim.load_scenario(ROOT / "scenarios" / "baseline.yaml")).path(path)
        assert words in changes_note(at)  # the header lists the change, in words
        assert path not in changes_note(at)


def test_moving_a_slider_does_nothing_until_the_form_is_submitted(baseline_page):
    at = start()
    widget(at, "slider", "actors.hamas.reservation").set_value(0.9)
    at.run()
    assert headline(at) == headline(baseline_page)
    assert not any("Changed from the file" in info.value for info in at.info)
    widget(at, "slider", "actors.hamas.reservation").set_value(0.9)
    submit(at)
    assert headline(at) != headline(baseline_page)


def test_a_value_the_scenario_declares_uncertain_is_fixed_when_set(baseline_page):
    at = start()
    widget(at, "slider", "actors.hamas.reservation").set_value(0.6)
    submit(at)
    note = changes_note(at)
    assert "no longer drawn" in note and "Hamas: reservation value" in note


def test_settings_the_scenario_refuses_show_a_message_not_a_traceback():
    at = start()
    for issue in ("ceasefire", "hostages"):
        widget(at, "slider", f"actors.qatar.salience.{issue}").set_value(0.0)
    submit(at)
    assert not at.exception
    assert "These settings make the scenario invalid" in at.error[0].value
    assert "salience weights must not all be zero" in at.code[0].value
    assert at.code[0].proto.wrap_lines  # a long reason wraps instead of running off-screen


def test_another_scenario_file_regenerates_the_controls():
    at = start()
    files = at.selectbox(key="scenario-file").options
    other = next(name for name in files if name != "baseline.yaml")
    at.selectbox(key="scenario-file").set_value(other).run()
    assert_clean(at)
    expected = sim.load_scenario(ROOT / "scenarios" / other)
    assert at.main.title[0].value == expected.name
    keys = {w.key for w in at.slider}
    assert any(key.endswith(f"actors.{expected.actors[0].id}.power") for key in keys)


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="scenario-upload").set_value((name, content, "application/yaml"))
    return at.run()


def test_uploading_a_scenario_of_another_negotiation_builds_its_controls():
    at = upload(start(), "wage-round.yaml", (DATA / "wage-round.yaml").read_bytes())
    assert_clean(at)
    assert at.main.title[0].value == "Wage round"
    assert widget(at, "slider", "actors.union.reservation").value == 0.3
    assert widget(at, "checkbox", "actors.employers.red_lines.employers-no-36.active").value
    before = headline(at)
    widget(at, "checkbox", "actors.employers.red_lines.employers-no-36.active").set_value(False)
    submit(at)
    assert_clean(at)
    assert headline(at) != before


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("not-yaml.yaml", "bad.yaml:3:3: malformed YAML"),
        ("invalid-scenario.yaml", "bad.yaml:13:5: actors.union.reservaton: unknown field"),
    ],
)
def test_a_bad_upload_shows_the_loaders_messages(file, message):
    at = upload(start(), "bad.yaml", (DATA / file).read_bytes())
    assert not at.exception
    assert len(at.error) == 1
    assert "bad.yaml is not a valid scenario" in at.error[0].value
    assert message in at.code[0].value
    assert not at.metric  # nothing computed from a bad file


def test_sources_mark_the_quoted_sentence_and_label_assumptions():
    at = open_tab(start(), "Sources")
    assert_clean(at)
    html = [m.value for m in at.markdown if "<mark>" in m.value]
    assert any("you don&#x27;t have a mandate-not even a hint or lip service" in h for h in html)
    assert any(":orange-badge[Assumption]" in m.value for m in at.markdown)
    whole = [h for h in html if h.count("<p>") > 10]  # the whole article, one sentence marked
    assert len(whole) == 1 and whole[0].count("<mark>") == 1


def test_zone_panel_says_what_blocks_the_deal_when_the_zone_is_empty():
    at = start()
    widget(at, "slider", "actors.hamas.reservation").set_value(0.95)
    submit(at)
    open_tab(at, "Zone of agreement")
    assert_clean(at)
    zone = {m.label: m.value for m in at.metric}
    assert zone["Zone of possible agreement"] == "0"
    assert any(h.value == "What blocks the deal" for h in at.subheader)
    red_lines = {
        line.id
        for actor in sim.load_scenario(ROOT / "scenarios" / "baseline.yaml").actors
        for line in actor.red_lines
    }
    names = Names(sim.load_scenario(ROOT / "scenarios" / "baseline.yaml"))
    words = {names.red_line(line) for line in red_lines}
    listed = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert listed and all(
        part.strip(" -") in words for item in listed for part in item.split(" + ")
    )


def test_zone_panel_analyses_the_game_at_a_chosen_round():
    at = start()
    open_tab(at, "Zone of agreement")
    assert_clean(at)
    assert any("events not applied" in c.value for c in at.caption)
    written = {m.label: m.value for m in at.metric}["Zone of possible agreement"]
    at.select_slider(key="zone-round-20").set_value(0).run()  # rounds from 0, as everywhere
    assert_clean(at)
    assert any("start of round 0 (events up to it applied" in c.value for c in at.caption)
    at_start = {m.label: m.value for m in at.metric}["Zone of possible agreement"]
    baseline = sim.load_scenario(ROOT / "scenarios" / "baseline.yaml")
    assert (written, at_start) == (
        f"{analyze(baseline).to_dict()['zopa']:,}",
        f"{analyze(baseline, at_round=0).to_dict()['zopa']:,}",
    )


def dataframe_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_compare_shows_both_scenarios_and_their_differences():
    at = start()
    widget(at, "checkbox", "actors.smotrich.red_lines.smotrich-no-state-hint.active").set_value(
        False
    )
    submit(at)
    open_tab(at, "Compare")
    assert_clean(at)
    changes = dataframe_with(at, "parameter")
    assert changes.to_dict("records") == [
        {
            "parameter": "Bezalel Smotrich: red line “no state hint”",
            "in the file": "on",
            "tweaked": "off",
        }
    ]
    figures = dataframe_with(at, "difference").set_index("figure")
    assert figures.loc["Deal rate", "unmodified"] != figures.loc["Deal rate", "tweaked"]
    assert figures.loc["Government collapse", "difference"].endswith("pts")
    assert figures.loc["Deal rate", "significant (p < 0.05)"].startswith(("yes", "no"))
    tested = dataframe_with(at, "test")
    assert not tested["p"].str.contains("e-").any()  # p-values in full, never 1e-05
    rounds = tested[tested["figure"] == "round of the deal (from 0)"]
    headline_round = float(figures.loc["Round of the deal", "tweaked"].split(" ")[0])
    assert float(rounds["tweaked"].iloc[0]) == pytest.approx(headline_round, abs=0.01)


def test_exported_yaml_reloads_and_reproduces_the_ensemble_shown():
    at = start()
    widget(at, "slider", "actors.hamas.reservation").set_value(0.5)
    widget(at, "checkbox", "actors.ben_gvir.red_lines.ben-gvir-no-end-of-war.active").set_value(
        False
    )
    submit(at)
    shown = headline(at)
    open_tab(at, "Export")
    assert_clean(at)
    labels = [button.label for button in at.get("download_button")]
    assert labels == [
        "Scenario as YAML",
        "Scenario as a short variant",
        "Ensemble as CSV",
        "Ensemble as Parquet",
    ]
    short = next(code.value for code in at.code if "\nbase: " in code.value)
    assert len(short.splitlines()) < 12
    as_variant = sim.load_scenario_text(short, "short.yaml", base_dir=ROOT / "scenarios")
    text = next(code.value for code in at.code if code.value.startswith("# Exported"))
    reloaded = sim.load_scenario_text(text, "tweaked.yaml", base_dir=ROOT / "scenarios")
    assert not any(u.param == "actors.hamas.reservation" for u in reloaded.uncertain)
    assert as_variant == reloaded

    from sim.experiments.ensemble import run_ensemble
    from sim.experiments.summary import summarize

    summary = summarize(run_ensemble(reloaded, DEFAULT_RUNS, 0), reloaded)
    assert shown["Deal rate"][0] == f"{100 * summary.deal_rate:.1f}%"
    assert shown["Round of the deal"][0] == f"{summary.mean_round:.1f}"  # from 0, as the CLI
