"""dealsim dashboard: ``dealsim dashboard [FILE]`` or ``streamlit run dashboard/app.py``.

The page is thin: it loads a scenario, draws the controls generated from it,
applies the changes with :func:`sim.with_parameters`, and shows what ``sim``
computes (cached by content). The state (scenario, changes, runs, seed, open
tab) lives in the URL. The first paint comes before ``sim`` is imported, so a
cold start shows the page at once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run` puts only dashboard/ on the path
    sys.path.insert(0, str(ROOT))

# Set by `dealsim dashboard FILE`: the file to open when the URL names none. (No bare
# strings in this script: Streamlit would draw them as markdown.)
OPEN_FILE = "DEALSIM_DASHBOARD_FILE"
SCENARIO_KEY = "scenario-file"
UPLOAD_KEY = "scenario-upload"


def first_paint() -> st.delta_generator.DeltaGenerator:  # before sim is imported
    """What a cold start shows while the simulator is imported (about 2 s, once per server)."""
    st.set_page_config(page_title="dealsim", page_icon=":handshake:", layout="wide")
    waiting = st.empty()
    if "sim" not in sys.modules:
        with waiting.container():
            st.title("dealsim")
            st.markdown(
                "Political actors, with the red lines and priorities their sources give them, "
                "bargain over the terms of a deal. Pick a scenario in the sidebar, change any "
                "actor, and see how often a deal is reached, on what terms, and why not."
            )
            st.caption("Loading the simulator (first visit after a start only)...")
    return waiting


def command_line_file() -> Path | None:
    """The file ``dealsim dashboard FILE`` asked for, if any."""
    asked = os.environ.get(OPEN_FILE)
    return Path(asked) if asked else None


def listed_name(path: Path | None) -> str | None:
    """How the command line's file appears in the picker: relative to scenarios/, or by name."""
    if path is None:
        return None
    try:
        return str(path.resolve().relative_to(SCENARIOS))
    except ValueError:
        return f"{path.name} (from the command line)"


def default_file(files: list[str]) -> str | None:
    """The file to open when the URL names none: ``dealsim dashboard FILE``'s, else the baseline."""
    asked = listed_name(command_line_file())
    if asked in files:
        return asked
    return DEFAULT_SCENARIO if DEFAULT_SCENARIO in files else (files[0] if files else None)


def choose_scenario() -> tuple[Loaded | Failed, str | None]:
    """The scenario picked in the sidebar (an upload, else a file of scenarios/) and its file."""
    files = scenario_files()
    outside = command_line_file()
    extra = listed_name(outside)
    if extra is not None and extra not in files:
        files = [extra, *files]
    if not files:
        return Failed("scenarios/", ["no scenario files found in scenarios/"]), None
    state.restore_once(files, default_file(files))
    choice = st.selectbox("Scenario file", files, key=SCENARIO_KEY)
    upload = st.file_uploader(
        f"...or upload a scenario (YAML, at most {MAX_UPLOAD_MB} MB)",
        key=UPLOAD_KEY,
        max_upload_size=MAX_UPLOAD_MB,
        help="An uploaded file replaces the one picked above until you remove it. Its sources "
        "and base are looked for in scenarios/.",
    )
    if upload is not None:
        return load_upload(upload.name, upload.getvalue()), None
    if outside is not None and choice == extra and extra not in scenario_files():
        return load_path(outside), None
    return cache.load_file(choice), choice


def main(waiting: st.delta_generator.DeltaGenerator) -> None:
    """Draw the page."""
    compute.pool()  # start the workers early, in the background
    if draft.chosen():  # the "Draft from an article" page (dashboard/draft.py)
        waiting.empty()
        return
    with st.sidebar:
        st.title("dealsim")
        loaded, file = choose_scenario()
    waiting.empty()
    if isinstance(loaded, Failed):
        show_error(f"{loaded.name} is not a valid scenario", loaded.messages)
        st.stop()
    for warning in loaded.warnings:
        st.warning(warning)
    preset(loaded.key, loaded.scenario, state.pending_changes())
    with st.sidebar:
        settings = render_form(loaded.scenario, loaded.key, Names(loaded.scenario))
    state.write_url(file, settings.changes, settings.runs, settings.seed)
    tweaked = loaded.scenario
    if settings.changes:
        tweaked = attempt(
            "These settings make the scenario invalid",
            lambda: apply_changes(loaded.scenario, settings.changes),
        )
        if tweaked is None:
            st.stop()
    layout.render(loaded, tweaked, settings)


# The pool's worker processes start with the spawn method, which runs the main
# module of the parent again under the name "__mp_main__"; while Streamlit runs
# this script, that is this file. A worker must draw nothing.
if __name__ != "__mp_main__":
    painted = first_paint()
    from dashboard import cache, compute, draft, layout, state
    from dashboard.controls import preset, render_form
    from dashboard.loading import (
        DEFAULT_SCENARIO,
        MAX_UPLOAD_MB,
        SCENARIOS,
        Failed,
        Loaded,
        load_path,
        load_upload,
        scenario_files,
    )
    from dashboard.names import Names
    from dashboard.safe import attempt, show_error
    from dashboard.tweak import apply_changes

    main(painted)
