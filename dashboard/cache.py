"""Cached calls into sim, keyed by the scenario's content (its JSON), the seed and the runs.

Streamlit hashes the arguments of a ``st.cache_data`` function, so every
cached function takes the scenario as JSON text: two scenarios with equal
content share a cache entry, and any tweak makes a new one.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import sim
from dashboard import loading
from dashboard.loading import Failed, Loaded
from dashboard.replay import Replay, replay_with_trace
from sim.analysis import Analysis, analyze
from sim.experiments import Comparison, Summary, run_ensemble, summarize
from sim.experiments.compare import compare_tables
from sim.forecast import forecast_table

CACHE_ENTRIES = 64


def as_json(scenario: sim.Scenario) -> str:
    """The cache key of a scenario: its content as JSON."""
    return scenario.model_dump_json(by_alias=True)


def from_json(scenario_json: str) -> sim.Scenario:
    """The scenario back from its cache key."""
    return sim.Scenario.model_validate_json(scenario_json)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner="Replaying one run...")
def run_trace(scenario_json: str, master_seed: int, run: int) -> Replay:
    """Run ``run`` of the ensemble with this master seed, replayed with its per-round trace."""
    return replay_with_trace(from_json(scenario_json), master_seed, run)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner="Forecasting each issue...")
def forecast(scenario_json: str) -> pd.DataFrame:
    """The expected-utility forecast of each issue."""
    return forecast_table(from_json(scenario_json))


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


@st.cache_resource(max_entries=CACHE_ENTRIES, show_spinner="Analysing every package...")
def analysis(scenario_json: str, at_round: int | None = None) -> Analysis:
    """The exact analysis (shared, not copied: it holds the game's arrays and is never changed)."""
    return analyze(from_json(scenario_json), at_round=at_round)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner="Running the ensemble...", show_time=True)
def ensemble_summary(scenario_json: str, runs: int, seed: int) -> tuple[pd.DataFrame, Summary]:
    """The ensemble's table (a row a run) and its summary."""
    scenario = from_json(scenario_json)
    table = run_ensemble(scenario, runs, seed, executor="serial")
    return table, summarize(table, scenario)


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner="Comparing with the unmodified scenario...")
def comparison(base_json: str, tweaked_json: str, runs: int, seed: int) -> Comparison:
    """Both ensembles (each cached on its own) and sim's tested differences."""
    base_table, _ = ensemble_summary(base_json, runs, seed)
    tweaked_table, _ = ensemble_summary(tweaked_json, runs, seed)
    return compare_tables(base_table, from_json(base_json), tweaked_table, from_json(tweaked_json))
