"""The page below the controls: the header and one tab per panel."""

from __future__ import annotations

import streamlit as st

import sim
from dashboard import cache, compare, export, negotiation, results, sources, zone
from dashboard.controls import Settings
from dashboard.loading import Loaded
from dashboard.safe import attempt
from dashboard.tweak import fixed_uncertainties

TABS = ("Results", "Negotiation", "Zone of agreement", "Sources", "Compare", "Export")
TAB_KEY = "panel"


def header(loaded: Loaded, settings: Settings) -> None:
    """Scenario name, file, description and the parameters changed."""
    st.title(loaded.scenario.name)
    st.caption(f"{loaded.name} · {settings.runs} runs from seed {settings.seed}")
    if loaded.scenario.description:
        st.markdown(sources.escape(loaded.scenario.description))
    if settings.changes:
        changed = ", ".join(f"`{path}` = {value!r}" for path, value in settings.changes.items())
        fixed = fixed_uncertainties(loaded.scenario, settings.changes)
        note = (
            f" Fixed at these values in every run (no longer drawn): {', '.join(fixed)}."
            if fixed
            else ""
        )
        st.info(f"Changed from the file: {changed}.{note}")


def render(loaded: Loaded, tweaked: sim.Scenario, settings: Settings) -> None:
    """Draw the header, run the ensemble, and draw the open tab only.

    The tabs rerun the page when another is chosen (``on_change="rerun"``) and
    only the open one is drawn: every result is cached, so switching is quick,
    and the browser never renders the charts of hidden tabs.
    """
    header(loaded, settings)
    computed = attempt(
        "The ensemble could not be run",
        lambda: cache.ensemble_summary(cache.as_json(tweaked), settings.runs, settings.seed),
    )
    table, summary = computed if computed is not None else (None, None)
    tabs = st.tabs(list(TABS), key=TAB_KEY, on_change="rerun")
    opened = next((name for name, tab in zip(TABS, tabs, strict=True) if tab.open), TABS[0])
    with tabs[TABS.index(opened)]:
        if opened == "Results":
            if table is not None and summary is not None:
                results.render_results(tweaked, table, summary)
        elif opened == "Negotiation":
            negotiation.render_trace(tweaked, settings.runs, settings.seed)
        elif opened == "Zone of agreement":
            zone.render_zone(tweaked)
        elif opened == "Sources":
            note = loaded.warnings[0] if loaded.base_dir is None and loaded.warnings else None
            sources.render_sources(tweaked, loaded.sources, note)
        elif opened == "Compare":
            attempt(
                "The comparison could not be run",
                lambda: compare.render_compare(
                    loaded.scenario, tweaked, settings.changes, settings.runs, settings.seed
                ),
            )
        elif opened == "Export":
            export.render_export(loaded, tweaked, settings, table)
