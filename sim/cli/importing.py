"""``dealsim import``: a scenario from another tool's files (Genius XML, LLM-Deliberation games)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from sim.cli.common import console, fail
from sim.importers import FORMATS, ImportFileError, deal_counts, import_scenario
from sim.scenario import ScenarioError, load_scenario_text, scenario_to_yaml


def import_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="genius: the domain and one profile per party; llm-deliberation: the game folder"
        ),
    ],
    fmt: Annotated[str, typer.Option("--format", help="genius or llm-deliberation")],
    output: Annotated[Path, typer.Option("--output", "-o", help="the scenario YAML to write")],
) -> None:
    """Write a dealsim scenario from another tool's negotiation files."""
    if fmt not in FORMATS:
        fail(f"--format: expected one of {', '.join(FORMATS)}, got {fmt!r}")
    if output.suffix.lower() not in (".yaml", ".yml"):
        fail(f"-o: {output}: the scenario file must end in .yaml or .yml")
    if output.is_dir() or not output.parent.is_dir():
        fail(f"-o: {output} is not a file in an existing folder")
    try:
        scenario = import_scenario(files, fmt)
    except ImportFileError as error:
        fail(error.messages)
    sources = ", ".join(str(f) for f in files)
    text = f"# Imported by `dealsim import --format {fmt}` from {sources}\n" + scenario_to_yaml(
        scenario
    )
    try:
        load_scenario_text(text, name=str(output), base_dir=output.parent)
    except ScenarioError as error:  # a bug of the importer, not of the user's files
        fail([f"{output}: the imported scenario does not validate:", *error.messages])
    handle, temporary = tempfile.mkstemp(dir=output.parent, suffix=".yaml.part")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, output)
    console.print(
        f"wrote {output}: {len(scenario.issues)} issues, {len(scenario.parties)} parties",
        highlight=False,
    )
    if fmt == "llm-deliberation":
        feasible, passing = deal_counts(scenario)
        console.print(
            f"deals where every party reaches its threshold: {feasible}; "
            f"deals the game's rule passes (all but one, vetoes in): {passing}",
            highlight=False,
        )
