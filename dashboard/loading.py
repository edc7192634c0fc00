"""Scenario files for the dashboard: list them, load one from disk or from an upload.

Loading never raises: it returns either a loaded scenario or the loader's
``file:line:col`` messages, which the page shows with ``st.error``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import sim
from sim.scenario.evidence import source_texts
from sim.scenario.variants import names_a_base

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "scenarios"
DEFAULT_SCENARIO = "baseline.yaml"


@dataclass(frozen=True)
class Loaded:
    """A scenario the dashboard can use.

    Attributes:
        scenario: the validated scenario.
        name: the file name shown to the user.
        text: the YAML as read.
        base_dir: where its ``sources`` paths resolve, None when they do not.
        warnings: things the user should know (e.g. quotes not checked).
    """

    scenario: sim.Scenario
    name: str
    text: str
    base_dir: Path | None
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """Identifies the loaded scenario (widget keys depend on it).

        Taken from the validated scenario, not the file's text: a variant's text
        stays the same when its base changes.
        """
        content = self.scenario.model_dump_json()
        return hashlib.sha256(f"{self.name}\n{content}".encode()).hexdigest()[:12]

    @property
    def sources(self) -> dict[str, str]:
        """The text of every source the scenario names and the dashboard could read."""
        if self.base_dir is None:
            return {}
        return source_texts(self.scenario, self.base_dir)


@dataclass(frozen=True)
class Failed:
    """A file that is not a usable scenario, with every message of the loader."""

    name: str
    messages: list[str]


def scenario_files(root: Path = SCENARIOS) -> list[str]:
    """Scenario files under ``scenarios/`` (and its sub-folders), relative, baseline first."""
    found = sorted(
        str(path.relative_to(root))
        for pattern in ("*.yaml", "*.yml")
        for path in root.rglob(pattern)
        if path.is_file()
    )
    if DEFAULT_SCENARIO in found:
        found.remove(DEFAULT_SCENARIO)
        found.insert(0, DEFAULT_SCENARIO)
    return found


def load_file(relative: str, root: Path = SCENARIOS) -> Loaded | Failed:
    """Load one of the listed scenario files."""
    path = root / relative
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Failed(relative, [f"{relative}: cannot be read ({error})"])
    try:
        scenario = sim.load_scenario_text(text, name=relative, base_dir=path.parent)
    except sim.ScenarioError as error:
        return Failed(relative, list(error.messages))
    return Loaded(scenario, relative, text, path.parent)


def load_upload(name: str, content: bytes, base_dir: Path = SCENARIOS) -> Loaded | Failed:
    """Load an uploaded file; its sources and base are looked for as if it sat in ``scenarios/``.

    An upload whose sources are not found there still loads (its quotes are
    then not checked, and the Sources panel says so). A variant's base must be
    found there.
    """
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        return Failed(name, [f"{name}: not UTF-8 text ({error.reason} at byte {error.start})"])
    if names_a_base(text):
        try:
            scenario = sim.load_scenario_text(text, name=name, base_dir=base_dir)
        except sim.ScenarioError as error:
            return Failed(name, list(error.messages))
        return Loaded(scenario, name, text, base_dir)
    try:
        scenario = sim.load_scenario_text(text, name=name, base_dir=None)
    except sim.ScenarioError as error:
        return Failed(name, list(error.messages))
    missing = [
        relative
        for relative in scenario.sources.values()
        if not (base_dir / relative).resolve().is_file()
    ]
    if missing:
        warning = (
            f"Sources not found next to scenarios/ ({', '.join(missing)}): "
            "quotes were not checked and cannot be shown in context."
        )
        return Loaded(scenario, name, text, None, [warning])
    try:
        scenario = sim.load_scenario_text(text, name=name, base_dir=base_dir)
    except sim.ScenarioError as error:
        return Failed(name, list(error.messages))
    return Loaded(scenario, name, text, base_dir)
