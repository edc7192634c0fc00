"""Ensemble tables in Parquet, with what is needed to reproduce them in the file's metadata.

The Parquet schema metadata holds, under the key ``dealsim``, a JSON object:

- ``format``: version of this layout (1).
- ``kind``: what the table is (``ensemble``, or ``sweep``...).
- ``scenario_name`` and ``scenario_yaml``: the scenario's name and its YAML text
  (the file as written when the caller passes it, else the validated scenario
  dumped to YAML; the CLI passes it unless the file is a variant of a base).
- ``master_seed`` and ``runs``.
- ``versions``: of dealsim, mesa, numpy, pandas and pyarrow.
- ``extra``: anything else the caller passes (e.g. the grid of a sweep).

Nothing that depends on where or when the table was computed (executor,
workers, clock time) is stored, so the same master seed gives the same file.
The file is written through a temporary file and renamed into place: a
failed write leaves no file.
"""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim.files import write_atomically
from sim.scenario.schema import Scenario
from sim.scenario.writer import scenario_to_yaml

METADATA_KEY = b"dealsim"
FORMAT_VERSION = 1
VERSIONED_PACKAGES = ("dealsim", "mesa", "numpy", "pandas", "pyarrow")


def write_parquet(
    path: str | Path,
    table: pd.DataFrame,
    scenario: Scenario,
    seed: int,
    runs: int,
    *,
    scenario_yaml: str | None = None,
    kind: str = "ensemble",
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write a results table to Parquet, atomically, with the scenario and versions.

    Args:
        path: the file to create or replace.
        table: the results (e.g. from :func:`sim.experiments.run_ensemble`).
        scenario: the scenario the table comes from.
        seed: the master seed.
        runs: runs (per point).
        scenario_yaml: the scenario file's text; default: the scenario dumped to YAML.
        kind: what the table is.
        extra: more JSON-serialisable facts to keep.

    Returns:
        The path written.
    """
    metadata = {
        "format": FORMAT_VERSION,
        "kind": kind,
        "scenario_name": scenario.name,
        "scenario_yaml": scenario_yaml if scenario_yaml is not None else scenario_to_yaml(scenario),
        "master_seed": seed,
        "runs": runs,
        "versions": package_versions(),
        "extra": extra or {},
    }
    arrow_table = pa.Table.from_pandas(table, preserve_index=False)
    merged = {**(arrow_table.schema.metadata or {}), METADATA_KEY: json.dumps(metadata).encode()}
    arrow_table = arrow_table.replace_schema_metadata(merged)
    return write_atomically(path, lambda target: pq.write_table(arrow_table, target))


def read_parquet(path: str | Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Read a table written by :func:`write_parquet`.

    Returns:
        The table (with the column types it was written with) and the metadata
        described in this module (an empty dict for a Parquet file not written
        by dealsim).
    """
    arrow_table = pq.read_table(path)
    raw = (arrow_table.schema.metadata or {}).get(METADATA_KEY)
    metadata = json.loads(raw) if raw else {}
    return arrow_table.to_pandas(), metadata


def package_versions() -> dict[str, str | None]:
    """Installed versions of the packages a result depends on (None if not installed)."""
    versions: dict[str, str | None] = {}
    for package in VERSIONED_PACKAGES:
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    return versions
