"""Export: the tweaked scenario as YAML that loads back, the ensemble as CSV and Parquet."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import sim
from dashboard.controls import Settings
from dashboard.loading import Loaded
from dashboard.tweak import fixed_uncertainties


def scenario_yaml(
    scenario: sim.Scenario, origin: str = "", changes: Mapping[str, Any] | None = None
) -> str:
    """The scenario as YAML that :func:`sim.load_scenario_text` reads back to an equal scenario.

    Fields at their defaults are left out. A header comment names the file it
    came from and the parameters changed in the dashboard. Source paths stay
    relative, so save the file next to the original for its quotes to resolve.
    """
    header = ["# Exported from the dealsim dashboard."]
    if origin:
        header.append(f"# Based on {origin}.")
    if changes:
        header.append("# Changed in the dashboard:")
        header.extend(f"#   {path}: {value!r}" for path, value in changes.items())
    return "\n".join(header) + "\n" + sim.scenario_to_yaml(scenario)


def variant_yaml(base_file: str, scenario: sim.Scenario, changes: Mapping[str, Any]) -> str:
    """The changes as a short variant of the file they were made to (``base:`` plus ``set:``).

    Saved in ``scenarios/``, it loads to the tweaked scenario: the changed
    values are set, and the drawn parameters they fix are removed from
    ``uncertain``, as the dashboard ran them.
    """
    lines = [
        f"# Exported from the dealsim dashboard: {base_file} with {len(changes)} change(s).",
        "# Save it in scenarios/ (its base is named relative to that folder).",
        f"base: {json.dumps(base_file)}",
    ]
    fixed = fixed_uncertainties(scenario, changes)
    if fixed:
        lines.append("remove:")
        lines.extend(f"  - {json.dumps('uncertain.' + path)}" for path in fixed)
    if changes:
        lines.append("set:")
        lines.extend(
            f"  {json.dumps(path)}: {json.dumps(value)}" for path, value in changes.items()
        )
    return "\n".join(lines) + "\n"


def table_csv(table: pd.DataFrame) -> bytes:
    """The ensemble table as CSV (UTF-8)."""
    return table.to_csv(index=False).encode("utf-8")


def table_parquet(table: pd.DataFrame, scenario: sim.Scenario, seed: int, runs: int) -> bytes:
    """The ensemble table as Parquet, with the scenario and versions in its metadata."""
    with tempfile.TemporaryDirectory(prefix="dealsim-export-") as folder:
        path = Path(folder) / "ensemble.parquet"
        sim.write_parquet(path, table, scenario, seed, runs, scenario_yaml=scenario_yaml(scenario))
        return path.read_bytes()


def render_export(
    loaded: Loaded, tweaked: sim.Scenario, settings: Settings, table: pd.DataFrame | None
) -> None:
    """Download buttons for the tweaked scenario and its ensemble."""
    text = scenario_yaml(tweaked, loaded.name, settings.changes)
    stem = Path(loaded.name).stem
    st.markdown("**Scenario**")
    st.caption(
        "The tweaked scenario as YAML: it loads with `dealsim validate/run` and reproduces "
        "these results. Its source paths are relative: save it next to the original file."
    )
    st.download_button(
        "Scenario as YAML",
        text.encode("utf-8"),
        file_name=f"{stem}-tweaked.yaml",
        mime="application/yaml",
        key="download-yaml",
        on_click="ignore",
    )
    with st.expander("Preview"):
        st.code(text, language="yaml", wrap_lines=True)
    if not loaded.uploaded and settings.changes:
        short = variant_yaml(loaded.name, loaded.scenario, settings.changes)
        st.markdown("**As a short variant**")
        st.caption(
            f"Only the changes, as a variant of {loaded.name} (`base:` and `set:`): save it in "
            "scenarios/ and it loads to the same tweaked scenario."
        )
        st.download_button(
            "Scenario as a short variant",
            short.encode("utf-8"),
            file_name=f"{stem}-variant.yaml",
            mime="application/yaml",
            key="download-variant",
            on_click="ignore",
        )
        st.code(short, language="yaml", wrap_lines=True)
    st.markdown("**Ensemble**")
    if table is None:
        st.info("The ensemble did not run, so there is no table to download.")
        return
    st.caption(f"{len(table)} runs from master seed {settings.seed}, one row a run.")
    left, right = st.columns(2)
    left.download_button(
        "Ensemble as CSV",
        lambda: table_csv(table),
        file_name=f"{stem}-ensemble.csv",
        mime="text/csv",
        key="download-csv",
        on_click="ignore",
    )
    right.download_button(
        "Ensemble as Parquet",
        lambda: table_parquet(table, tweaked, settings.seed, settings.runs),
        file_name=f"{stem}-ensemble.parquet",
        mime="application/vnd.apache.parquet",
        key="download-parquet",
        on_click="ignore",
    )
