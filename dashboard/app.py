"""dealsim dashboard: ``dealsim dashboard`` or ``streamlit run dashboard/app.py``.

The page is thin: it loads a scenario, draws the controls generated from it,
applies the changes with :func:`sim.with_parameters`, and shows what ``sim``
computes (cached by scenario content, seed and runs).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import cache, draft, layout  # noqa: E402
from dashboard.controls import render_form  # noqa: E402
from dashboard.loading import Failed, Loaded, load_upload, scenario_files  # noqa: E402
from dashboard.safe import attempt, show_error  # noqa: E402
from dashboard.tweak import apply_changes  # noqa: E402

SCENARIO_KEY = "scenario-file"
UPLOAD_KEY = "scenario-upload"


def choose_scenario() -> Loaded | Failed:
    """The scenario picked in the sidebar: an uploaded file, else a file of scenarios/."""
    files = scenario_files()
    if not files:
        return Failed("scenarios/", ["no scenario files found in scenarios/"])
    choice = st.selectbox("Scenario file", files, key=SCENARIO_KEY)
    upload = st.file_uploader(
        "...or upload a scenario",
        type=["yaml", "yml"],
        key=UPLOAD_KEY,
        help="An uploaded file replaces the one picked above until you remove it.",
    )
    if upload is not None:
        return load_upload(upload.name, upload.getvalue())
    return cache.load_file(choice)


def main() -> None:
    """Draw the page."""
    st.set_page_config(page_title="dealsim", page_icon=":handshake:", layout="wide")
    if draft.chosen():  # the "Draft from an article" page (dashboard/draft.py)
        return
    with st.sidebar:
        st.title("dealsim")
        loaded = choose_scenario()
    if isinstance(loaded, Failed):
        show_error(f"{loaded.name} is not a valid scenario", loaded.messages)
        st.stop()
    for warning in loaded.warnings:
        st.warning(warning)
    with st.sidebar:
        settings = render_form(loaded.scenario, loaded.key)
    tweaked = loaded.scenario
    if settings.changes:
        tweaked = attempt(
            "These settings make the scenario invalid",
            lambda: apply_changes(loaded.scenario, settings.changes),
        )
        if tweaked is None:
            st.stop()
    layout.render(loaded, tweaked, settings)


main()
