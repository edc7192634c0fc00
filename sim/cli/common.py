"""What every command shares: loading scenarios or failing cleanly, printing safely, JSON.

Everything the CLI prints goes through :class:`SafeConsole`: text is shown
literally (no Rich markup, no ``:emoji:`` codes, no highlighting), so a name
such as ``[/bold]`` or a location such as ``file:100:5`` prints as written, and
control characters (ANSI escapes, carriage returns, bidirectional overrides)
are shown as visible escape codes instead of reaching the terminal. Styles
come only from the code, as :func:`styled` pieces.
"""

from __future__ import annotations

import json
import re
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from sim.files import OutputPathError, check_output_path, write_atomically
from sim.scenario import Scenario, ScenarioError, load_scenario
from sim.scenario.safe_files import FileRefused, default_roots

USAGE_ERROR = 2

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text with every control character (except newline and tab) shown as an escape."""
    return _CONTROL.sub(lambda match: _escape(match.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class SafeConsole(Console):
    """A Rich console that prints every string literally and without control characters."""

    def __init__(self, **options: Any) -> None:
        super().__init__(markup=False, emoji=False, highlight=False, **options)

    def render_str(self, text: str, **options: Any) -> Text:  # noqa: D102
        options.update(markup=False, emoji=False, highlight=False)
        return super().render_str(printable(text), **options)


def styled(*pieces: str | tuple[str, str]) -> Text:
    """A line of text from plain pieces and (text, style) pieces, each shown literally."""
    text = Text()
    for piece in pieces:
        if isinstance(piece, tuple):
            text.append(printable(piece[0]), style=piece[1])
        else:
            text.append(printable(piece))
    return text


def make_console(stderr: bool = False, wide: int | None = None) -> SafeConsole:
    """A safe console; ``wide`` widens it to that many columns when not on a terminal."""
    made = SafeConsole(stderr=stderr)
    if wide is not None and not made.is_terminal:
        made = SafeConsole(stderr=stderr, width=max(made.width, wide))
    return made


console = make_console()
errors = make_console(stderr=True)


def print_error(message: str) -> None:
    """Print one message to stderr, literally (no wrapping inside a location)."""
    errors.print(message, soft_wrap=True)


def fail(messages: list[str] | str) -> NoReturn:
    """Print the messages to stderr and exit with status 2."""
    for message in [messages] if isinstance(messages, str) else messages:
        print_error(message)
    raise typer.Exit(USAGE_ERROR)


ALLOW_PATH = typer.Option(
    None,
    "--allow-path",
    help="A folder whose files a scenario's sources: and base: may name (repeatable); "
    "by default only the scenario's own folder tree, and the working directory's "
    "when the scenario lies inside it.",
)


def allowed_roots(path: Path, allow: Sequence[Path] | None) -> list[Path] | None:
    """The allowed folders for a scenario file: the defaults plus ``--allow-path`` folders."""
    if not allow:
        return None
    try:
        return [*default_roots(path.parent), *allow]
    except FileRefused:  # a NUL in the scenario's path: loading it says so
        return list(allow)


def load_or_fail(path: Path, allow: Sequence[Path] | None = None) -> Scenario:
    """Load a scenario, or print its errors and exit with status 2."""
    try:
        return load_scenario(path, allow=allowed_roots(path, allow))
    except ScenarioError as error:
        fail([*error.messages, *error.notes])


def check_output(option: str, path: Path | None) -> None:
    """Refuse an output path that could not be written, before any work starts."""
    if path is not None:
        try:
            check_output_path(path)
        except OutputPathError as error:
            fail(f"{option}: {error}")


@contextmanager
def writing_output(option: str, path: Path) -> Iterator[None]:
    """Turn a failed write (disk full, a folder removed meanwhile) into a message, status 2."""
    try:
        yield
    except OutputPathError as error:
        fail(f"{option}: {error}")
    except OSError as error:
        fail(f"{option}: {path} could not be written ({error.strerror or error}); nothing was kept")


def write_output(option: str, path: Path, write: Callable[[Path], None]) -> None:
    """Write an output file atomically, or fail with a message and status 2."""
    with writing_output(option, path):
        write_atomically(path, write)


def interrupt_on_sigterm() -> None:
    """Make SIGTERM stop a command as Ctrl-C does: workers stopped, temporary files removed."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def print_json(data: Any) -> None:
    """Print one JSON object on stdout (control characters escaped by JSON itself)."""
    sys.stdout.write(json.dumps(data, indent=2, default=_plain) + "\n")


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
