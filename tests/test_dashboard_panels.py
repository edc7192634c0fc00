"""The newer panels and rules under AppTest: URL state, why, discovery, variants, limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app_driver import submit, widget
from streamlit.testing.v1 import AppTest

import sim

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
TIMEOUT = 180
BASELINE = ROOT / "scenarios" / "baseline.yaml"


def start(**params: Any) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def open_tab(at: AppTest, name: str) -> AppTest:
    at.session_state["panel"] = name
    return at.run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def dataframe_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


# the URL -----------------------------------------------------------------------------------


def test_a_submit_writes_the_state_into_the_url_and_a_new_session_restores_it():
    at = start()
    widget(at, "slider", "actors.hamas.reservation").set_value(0.6)
    widget(at, "checkbox", "actors.smotrich.red_lines.smotrich-no-state-hint.active").set_value(
        False
    )
    at.number_input(key="run|seed").set_value(3)
    submit(at)
    assert_clean(at)
    params = at.query_params
    assert params["scenario"] == "baseline.yaml" and params["seed"] == "3"
    sets = params["set"] if isinstance(params["set"], list) else [params["set"]]
    assert sorted(sets) == [
        "actors.hamas.reservation=0.6",
        "actors.smotrich.red_lines.smotrich-no-state-hint.active=false",
    ]
    shown = metric(at, "Deal rate")

    again = start(**{name: value for name, value in params.items()})  # a reload, a pasted link
    assert_clean(again)
    assert widget(again, "slider", "actors.hamas.reservation").value == 0.6
    assert not widget(
        again, "checkbox", "actors.smotrich.red_lines.smotrich-no-state-hint.active"
    ).value
    assert again.number_input(key="run|seed").value == 3
    assert metric(again, "Deal rate") == shown
    assert any(i.value.startswith("Changed from the file") for i in again.info)


def test_a_link_to_another_scenario_opens_it_and_ignores_what_it_cannot_use():
    at = start(scenario="no-safety-net.yaml", runs="50", set=["no-such.path=1", "garbage"])
    assert_clean(at)
    assert at.selectbox(key="scenario-file").value == "no-safety-net.yaml"
    assert at.number_input(key="run|runs").value == 50
    assert not any(i.value.startswith("Changed from the file") for i in at.info)


# controls show what the run uses ------------------------------------------------------------


def test_a_new_tactic_brings_its_beta_and_the_slider_shows_it():
    at = start()
    widget(at, "selectbox", "actors.netanyahu.tactic.name").set_value("conceder")
    submit(at)
    assert_clean(at)
    assert widget(at, "slider", "actors.netanyahu.tactic.beta").value == 5.0
    note = next(i.value for i in at.info if i.value.startswith("Changed from the file"))
    assert "concession β = 5" in note and "None" not in note and "'" not in note


def test_a_moved_beta_is_kept_when_the_tactic_changes_too():
    at = start()
    widget(at, "selectbox", "actors.netanyahu.tactic.name").set_value("conceder")
    widget(at, "slider", "actors.netanyahu.tactic.beta").set_value(3.0)
    submit(at)
    assert widget(at, "slider", "actors.netanyahu.tactic.beta").value == 3.0


# why ---------------------------------------------------------------------------------------


def test_results_show_exits_per_actor_and_the_coalition_on_the_baseline():
    at = start()
    assert_clean(at)
    actors = dataframe_with(at, "left the coalition").set_index("actor")
    assert actors.loc["Bezalel Smotrich (partner)", "left the coalition"] > 0.5
    assert actors.loc["Qatar (mediator)", "left the coalition"] == 0
    assert any(s.value == "The coalition" for s in at.subheader)
    caption = next(c.value for c in at.caption if "leaves in" in c.value)
    assert "Bezalel Smotrich (7 seats) leaves in 9" in caption and "of runs" in caption


def test_when_deals_are_rare_one_click_relaxes_the_blocking_red_line_in_the_form():
    at = start()
    widget(at, "slider", "actors.hamas.reservation").set_value(0.95)
    submit(at)
    assert_clean(at)
    assert metric(at, "Deal rate") == "0.0%"
    assert any(s.value == "What blocks a deal" for s in at.subheader)
    relax = [b for b in at.button if b.key and b.key.startswith("relax-")]
    assert relax and all(b.label.startswith("Relax ") for b in relax)
    blocking = sim.analyze(
        sim.with_fixed_parameters(sim.load_scenario(BASELINE), {"actors.hamas.reservation": 0.95})
    ).blocking
    first = blocking.red_line_sets[0]
    owners = {r.id: a.id for a in sim.load_scenario(BASELINE).actors for r in a.red_lines}
    relax[0].click()
    at.run()
    assert_clean(at)
    for line in first:
        path = f"actors.{owners[line]}.red_lines.{line}.active"
        assert widget(at, "checkbox", path).value is False  # unticked in the form
    note = next(i.value for i in at.info if i.value.startswith("Changed from the file"))
    assert "off" in note
    assert metric(at, "Deal rate") != "0.0%" or any(
        s.value == "What blocks a deal" for s in at.subheader
    )


# negotiation -------------------------------------------------------------------------------


def test_the_step_through_shows_the_text_and_every_answer_at_a_round():
    at = open_tab(start(), "Negotiation")
    assert_clean(at)
    step = next(s for s in at.slider if s.key.startswith("trace-step"))
    last = step.value
    assert any(m.value.startswith(f"**Round {last}**") for m in at.markdown)
    step.set_value(0).run()
    assert_clean(at)
    assert any(m.value.startswith("**Round 0**: Qatar puts on the table") for m in at.markdown)
    answers = dataframe_with(at, "answer")
    assert set(answers["answer"]) <= {"accepts", "refuses", "walked out"}
    assert "Benjamin Netanyahu" in set(answers["party"])
    refused = answers[answers["answer"] == "refuses"]
    assert refused["why"].str.contains("below its threshold|red lines").all()
    # the issue-by-issue charts and the thresholds, with a mark at the chosen round
    assert len(at.get("vega_lite_chart")) == len(sim.load_scenario(BASELINE).issues) + 1


# discovery, sweep, sensitivity ---------------------------------------------------------------


def test_discovery_names_the_government_parameters_behind_a_collapse():
    at = open_tab(start(), "Discovery")
    at.selectbox(key="discover-outcome").set_value("collapse").run()
    assert_clean(at)
    boxes = dataframe_with(at, "coverage")
    assert len(boxes) >= 1
    assert "government israel" in boxes["box"].iloc[0]
    assert boxes["density"].iloc[0] > 0.3


def test_the_sweep_runs_sims_sweep_and_draws_it():
    at = open_tab(start(), "Sweep")
    at.selectbox(key="sweep-path").set_value("actors.hamas.reservation")
    at.number_input(key="sweep-low").set_value(0.2)
    at.number_input(key="sweep-high").set_value(0.9)
    at.number_input(key="sweep-steps").set_value(3)
    at.number_input(key="sweep-runs").set_value(20)
    at.button(key="FormSubmitter:sweep-form-Run the sweep").click().run()
    assert_clean(at)
    assert at.get("vega_lite_chart")
    table = dataframe_with(at, "deal rate")
    assert table["Hamas: reservation value"].tolist() == [0.2, 0.55, 0.9]


def test_the_sensitivity_analysis_runs_and_ranks_the_drawn_parameters():
    at = open_tab(start(), "Sensitivity")
    at.selectbox(key="sensitivity-n").set_value(8)
    at.number_input(key="sensitivity-runs").set_value(2)
    at.button(key="FormSubmitter:sensitivity-form-Run the analysis").click().run()
    assert_clean(at)
    table = dataframe_with(at, "mu_star")
    assert "Hamas: reservation value" in set(table["parameter"])


# variants ----------------------------------------------------------------------------------


def test_a_variant_shows_its_own_description_and_events_and_compares_with_its_base():
    at = start(scenario="strong-us-pressure.yaml")
    assert_clean(at)
    text = " ".join(m.value for m in at.markdown)
    assert "A variant of `baseline.yaml`" in text
    assert "Variant: stronger US pressure on Netanyahu" in text
    assert "Adds the event" in text and "in round 2" in text  # as the file says: from 0
    at.button(key="compare-with-base").click().run()
    assert_clean(at)
    assert at.radio(key="compare-with").value == "its base"
    figures = dataframe_with(at, "difference")
    assert "base (baseline.yaml)" in figures.columns and "this scenario" in figures.columns


# limits and refusals -------------------------------------------------------------------------


def test_a_request_past_the_ceiling_is_refused_with_what_fits():
    at = start()
    widget(at, "number_input", "protocol.rounds").set_value(10_000)
    at.number_input(key="run|runs").set_value(5_000)
    submit(at)
    assert not at.exception
    assert "The ensemble could not be run" in at.error[0].value
    assert "over this dashboard's limit" in at.code[0].value
    assert "use at most 100 runs" in at.code[0].value


def test_a_text_file_upload_is_refused_with_a_reason():
    at = start()
    at.file_uploader(key="scenario-upload").set_value(("notes.txt", b"hello", "text/plain"))
    at.run()
    assert not at.exception
    assert "notes.txt is not a valid scenario" in at.error[0].value
    assert "not a scenario file (.txt)" in at.code[0].value
    label = at.file_uploader(key="scenario-upload").label
    assert "at most 1 MB" in label


def test_errors_never_show_the_install_path():
    at = start()
    bad = b"name: x\nissues: [\n"
    at.file_uploader(key="scenario-upload").set_value(("bad.yaml", bad, "application/yaml"))
    at.run()
    shown = " ".join([e.value for e in at.error] + [c.value for c in at.code])
    assert "bad.yaml" in shown and str(ROOT) not in shown


def test_no_raw_ids_in_the_tables_of_any_panel():
    at = start()
    widget(at, "checkbox", "actors.smotrich.red_lines.smotrich-no-state-hint.active").set_value(
        False
    )
    submit(at)
    scenario = sim.load_scenario(BASELINE)
    ids = {a.id for a in scenario.actors if a.id != a.name.lower()}
    ids |= {"palestinian_authority", "smotrich-no-state-hint", "gulf_states"}
    for tab in ("Results", "Negotiation", "Zone of agreement", "Discovery", "Compare"):
        open_tab(at, tab)
        assert_clean(at)
        for frame in at.dataframe:
            cells = {str(v) for v in frame.value.astype(str).to_numpy().ravel()}
            cells |= {str(c) for c in frame.value.columns}
            if "term_hostages" in cells:
                continue  # the raw trace, behind its expander, keeps sim's columns
            assert not cells & ids, (tab, cells & ids)
