"""Scenario files for the dashboard: list them, load one from disk or from an upload.

Loading never raises: it returns either a loaded scenario or the loader's
``file:line:col`` messages, which the page shows with ``st.error``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import sim

REPO = Path(__file__).resolve().parent.parent
SCENARIOS = REPO / "scenarios"
SEEDS = REPO / "seeds"
DEFAULT_SCENARIO = "baseline.yaml"
MAX_UPLOAD_MB = 1
"""The upload limit, the loader's own (the server's ``server.maxUploadSize`` is set to it)."""
UPLOAD_SUFFIXES = (".yaml", ".yml")


def variant_base(text: str) -> str | None:
    """The ``base:`` a variant's text names, else None (parsed once, when the file is loaded)."""
    if not sim.names_a_base(text):
        return None
    found = re.search(r"^base:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", text, re.M)
    return found.group(1).strip() if found else None


def allowed_folders() -> list[Path]:
    """The folders a scenario shown here may read its sources and base from."""
    return [SCENARIOS, SEEDS]


def load_text(
    text: str, name: str, base_dir: Path | None, also: tuple[Path, ...] = ()
) -> sim.Scenario:
    """The one call that turns scenario text into a scenario here, confined to the allowed folders.

    Sources and bases are read only from scenarios/ and seeds/ (and ``also``: the
    folder of a file named on the command line).

    Raises:
        sim.ScenarioError: with located messages.
    """
    allowed = [*allowed_folders(), *also]
    return sim.load_scenario_text(text, name=name, base_dir=base_dir, allow=allowed)


def relative(text: str) -> str:
    """A message with the install path taken out: paths shown relative to the project."""
    root = str(REPO)
    text = text.replace(root + "/", "").replace(root, ".")
    return re.sub(r"/(?:[^\s/:'\"]+/)*site-packages/", "", text)


@dataclass(frozen=True)
class Loaded:
    """A scenario the dashboard can use.

    Attributes:
        scenario: the validated scenario.
        name: the file name shown to the user.
        text: the YAML as read.
        base_dir: where its ``sources`` paths resolve, None when they do not.
        warnings: things the user should know (e.g. quotes not checked).
        uploaded: it came from the upload box, not from scenarios/.
    """

    scenario: sim.Scenario
    name: str
    text: str
    base_dir: Path | None
    warnings: list[str] = field(default_factory=list)
    uploaded: bool = False
    base: str | None = field(init=False, default=None)
    """For a variant, its base as written (relative to the variant's folder); else None."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", variant_base(self.text))

    @property
    def key(self) -> str:
        """Identifies the loaded scenario (widget keys depend on it).

        Taken from the validated scenario, not the file's text: a variant's text
        stays the same when its base changes.
        """
        content = self.scenario.model_dump_json()
        return hashlib.sha256(f"{self.name}\n{content}".encode()).hexdigest()[:12]

    @property
    def comment(self) -> str:
        """The comment lines a file opens with (a variant says there what it is and asks)."""
        lines = []
        for line in self.text.splitlines():
            if not line.startswith("#"):
                break
            lines.append(line.lstrip("#").strip())
        return "\n".join(lines).strip()

    @property
    def sources(self) -> dict[str, str]:
        """The text of every source the scenario names and the dashboard could read."""
        if self.base_dir is None:
            return {}
        return sim.source_texts(self.scenario, self.base_dir)


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
    text = _read(path, relative)
    if isinstance(text, Failed):
        return text
    try:
        also = () if root == SCENARIOS else (root,)
        scenario = load_text(text, relative, path.parent, also)
    except sim.ScenarioError as error:
        return Failed(relative, [*error.messages, *error.notes])
    return Loaded(scenario, relative, text, path.parent)


def load_path(path: Path) -> Loaded | Failed:
    """A file named on the command line (``dealsim dashboard FILE``), shown by its file name.

    Its sources and base resolve from its own folder, as for ``dealsim run``.
    """
    name = path.name
    text = _read(path, name)
    if isinstance(text, Failed):
        return text
    try:
        scenario = load_text(text, name, path.parent, (path.parent,))
    except sim.ScenarioError as error:
        return Failed(name, [*error.messages, *error.notes])
    return Loaded(scenario, name, text, path.parent, uploaded=True)


def _read(path: Path, name: str) -> str | Failed:
    """A scenario file's text: a regular file within the upload limit, UTF-8; else why not."""
    try:
        if not path.is_file():
            return Failed(name, [f"{name}: not a regular file"])
        size = path.stat().st_size
        if size > MAX_UPLOAD_MB * 1024 * 1024:
            return Failed(name, [f"{name}: {size / 1024 / 1024:.1f} MB is over the limit"])
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return Failed(name, [f"{name}: not UTF-8 text (byte {error.start})"])
    except (OSError, ValueError) as error:
        return Failed(
            name, [f"{name}: cannot be read ({getattr(error, 'strerror', None) or 'error'})"]
        )


def upload_problem(name: str, size: int) -> str | None:
    """Why an uploaded file is refused before it is read, or None."""
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        suffix = Path(name).suffix or "no extension"
        return (
            f"{name}: not a scenario file ({suffix}): upload a YAML scenario, "
            "a file ending in .yaml or .yml"
        )
    if size > MAX_UPLOAD_MB * 1024 * 1024:
        return f"{name}: {size / 1024 / 1024:.1f} MB is over the {MAX_UPLOAD_MB} MB limit"
    if size == 0:
        return f"{name}: the file is empty"
    return None


def load_upload(name: str, content: bytes, base_dir: Path = SCENARIOS) -> Loaded | Failed:
    """Load an uploaded file; its sources and base are looked for as if it sat in ``scenarios/``.

    An upload whose sources are not found there still loads (its quotes are
    then not checked, and the Sources panel says so). A variant's base must be
    found there.
    """
    problem = upload_problem(name, len(content))
    if problem is not None:
        return Failed(name, [problem])
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        return Failed(name, [f"{name}: not UTF-8 text ({error.reason} at byte {error.start})"])
    if sim.names_a_base(text):
        try:
            scenario = load_text(text, name, base_dir)
        except sim.ScenarioError as error:
            return Failed(name, [*error.messages, *error.notes])
        return Loaded(scenario, name, text, base_dir, uploaded=True)
    try:
        scenario = load_text(text, name, None)
    except sim.ScenarioError as error:
        return Failed(name, [*error.messages, *error.notes])
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
        return Loaded(scenario, name, text, None, [warning], uploaded=True)
    try:
        scenario = load_text(text, name, base_dir)
    except sim.ScenarioError as error:
        return Failed(name, [*error.messages, *error.notes])
    return Loaded(scenario, name, text, base_dir, uploaded=True)
