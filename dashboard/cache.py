"""Cached calls into sim, keyed by the scenario's content.

Streamlit hashes the arguments of a ``st.cache_data`` function; a scenario is
hashed by :func:`dashboard.compute.digest` (its content), so two scenarios
with equal content share an entry, any tweak makes a new one, and nothing is
converted to JSON and parsed back. Ensembles are cached in
:mod:`dashboard.compute`, which shows their progress.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sim
from dashboard import loading
from dashboard.compute import HASH
from dashboard.loading import Failed, Loaded
from dashboard.replay import Replay, replay_with_trace

CACHE_ENTRIES = 64


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner="Replaying one run...", hash_funcs=HASH)
def run_trace(scenario: sim.Scenario, master_seed: int, run: int) -> Replay:
    """Run ``run`` of the ensemble with this master seed, replayed with its per-round trace."""
    return replay_with_trace(scenario, master_seed, run)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner="Forecasting each issue...", hash_funcs=HASH)
def forecast_beside(
    scenario: sim.Scenario, terms: dict[str, dict[str, float]]
) -> dict[str, dict[str, object]]:
    """Per issue, the expected-utility forecast next to the option most deals agree on."""
    return sim.forecast_beside_bargaining(scenario, terms)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _load_file(relative: str, modified: int) -> Loaded | Failed:
    return loading.load_file(relative)


def load_file(relative: str) -> Loaded | Failed:
    """A file of scenarios/, loaded again when it or any other file there changes.

    A variant takes most of its content from its base, so the version is the
    latest modification time of all scenario files, not only this one's.
    """
    try:
        files = [loading.SCENARIOS / relative, *loading.SCENARIOS.rglob("*.y*ml")]
        modified = max(path.stat().st_mtime_ns for path in files)
    except OSError:
        modified = -1
    return _load_file(relative, modified)


@st.cache_resource(
    max_entries=CACHE_ENTRIES, show_spinner="Analysing every package...", hash_funcs=HASH
)
def analysis(scenario: sim.Scenario, at_round: int | None = None) -> sim.Analysis:
    """The exact analysis (shared, not copied: it holds the game's arrays and is never changed)."""
    return sim.analyze(scenario, at_round=at_round)


@st.cache_data(
    max_entries=CACHE_ENTRIES, show_spinner="Testing the differences...", hash_funcs=HASH
)
def comparison(
    base: sim.Scenario, base_table: pd.DataFrame, tweaked: sim.Scenario, table: pd.DataFrame
) -> sim.Comparison:
    """sim's tested differences between two ensembles."""
    return sim.compare_tables(base_table, base, table, tweaked)
