"""The page below the controls: the header, the ensemble, and one tab per panel."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sim
from dashboard import (
    cache,
    compare,
    compute,
    discovery,
    experiments,
    export,
    negotiation,
    results,
    sources,
    zone,
)
from dashboard.controls import Settings
from dashboard.loading import Loaded
from dashboard.names import Names
from dashboard.safe import attempt
from dashboard.tweak import fixed_uncertainties

TABS = (
    "Results",
    "Negotiation",
    "Zone of agreement",
    "Discovery",
    "Sweep",
    "Sensitivity",
    "Sources",
    "Compare",
    "Export",
)
TAB_KEY = "panel"
COMPARE_WITH = "compare-with"


def _open_compare_with_base() -> None:
    st.session_state[COMPARE_WITH] = compare.WITH_BASE
    st.session_state[TAB_KEY] = "Compare"


def base_of(loaded: Loaded) -> Loaded | None:
    """A variant's base, loaded (None for a scenario that is not a variant or an upload's)."""
    if loaded.base is None or loaded.base_dir is None or loaded.uploaded:
        return None
    try:
        path = (loaded.base_dir / loaded.base).resolve().relative_to(cache.loading.SCENARIOS)
    except ValueError:
        return None
    found = cache.load_file(str(path))
    return found if isinstance(found, Loaded) else None


def render_variant(loaded: Loaded, base: Loaded, names: Names) -> None:
    """A variant's own description (its opening comment), the events it adds, compare with base."""
    with st.container(border=True):
        st.markdown(f"**A variant of `{base.name}`** ({sources.escape(base.scenario.name)})")
        if loaded.comment:
            st.markdown(sources.escape(loaded.comment).replace("\n", "  \n"))
        known = {event.id for event in base.scenario.events}
        added = [event for event in loaded.scenario.events if event.id not in known]
        for event in added:
            st.markdown(
                f"- Adds the event **{sources.escape(event.label or event.id)}** in round "
                f"{event.round}: {len(event.effects)} effect(s)"
            )
        st.button(
            "Compare with its base",
            key="compare-with-base",
            on_click=_open_compare_with_base,
            help=f"Open Compare with {base.name} on the left and this variant on the right.",
        )


def header(loaded: Loaded, settings: Settings, names: Names, base: Loaded | None) -> None:
    """Scenario name, file, description, what a variant changes, and the parameters changed."""
    st.title(loaded.scenario.name)
    st.caption(f"{loaded.name} · {settings.runs:,} runs from seed {settings.seed}")
    if base is not None:
        render_variant(loaded, base, names)
    elif loaded.scenario.description:
        st.markdown(sources.escape(loaded.scenario.description))
    if settings.changes:
        changed = "; ".join(
            f"{names.path(path)} = {names.value(path, value)}"
            for path, value in settings.changes.items()
        )
        fixed = fixed_uncertainties(loaded.scenario, settings.changes)
        note = (
            " Fixed at these values in every run (no longer drawn): "
            + ", ".join(names.path(path) for path in fixed)
            + "."
            if fixed
            else ""
        )
        st.info(f"Changed from the file: {changed}.{note}")


def render(loaded: Loaded, tweaked: sim.Scenario, settings: Settings) -> None:
    """Draw the header, run the ensemble, and draw the open tab only.

    The tabs rerun the page when another is chosen and only the open one is
    drawn: every result is cached, so switching is quick, and the browser
    never renders the charts of hidden tabs. The open tab is in the URL.
    """
    names = Names(tweaked)
    base = base_of(loaded)
    header(loaded, settings, names, base)
    computed = attempt(
        "The ensemble could not be run",
        lambda: compute.ensemble(tweaked, settings.runs, settings.seed),
    )
    table, summary = computed if computed is not None else (None, None)
    tabs = st.tabs(list(TABS), key=TAB_KEY, on_change="rerun", bind="query-params")
    opened = next((name for name, tab in zip(TABS, tabs, strict=True) if tab.open), TABS[0])
    with tabs[TABS.index(opened)]:
        draw(opened, loaded, tweaked, settings, names, base, table, summary)


def draw(
    opened: str,
    loaded: Loaded,
    tweaked: sim.Scenario,
    settings: Settings,
    names: Names,
    base: Loaded | None,
    table: pd.DataFrame | None,
    summary: sim.Summary | None,
) -> None:
    """Draw one tab."""
    if opened == "Results":
        if table is not None and summary is not None:
            results.render_results(tweaked, table, summary, names, loaded.key)
    elif opened == "Negotiation":
        negotiation.render_trace(tweaked, settings.runs, settings.seed, names)
    elif opened == "Zone of agreement":
        zone.render_zone(tweaked, names)
    elif opened == "Discovery":
        if table is not None:
            discovery.render_discovery(tweaked, table, names)
    elif opened == "Sweep":
        experiments.render_sweep(tweaked, settings.seed, names)
    elif opened == "Sensitivity":
        experiments.render_sensitivity(tweaked, settings.seed, names)
    elif opened == "Sources":
        note = loaded.warnings[0] if loaded.base_dir is None and loaded.warnings else None
        sources.render_sources(tweaked, loaded.sources, note)
    elif opened == "Compare":
        attempt(
            "The comparison could not be run",
            lambda: compare.render_compare(loaded, base, tweaked, settings, names, table),
        )
    elif opened == "Export":
        export.render_export(loaded, tweaked, settings, table)
