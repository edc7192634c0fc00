"""What every command shares: loading scenarios or failing cleanly, printing JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from sim.scenario import Scenario, ScenarioError, load_scenario

USAGE_ERROR = 2
console = Console()
errors = Console(stderr=True)


def fail(messages: list[str] | str) -> NoReturn:
    """Print the messages to stderr and exit with status 2."""
    for message in [messages] if isinstance(messages, str) else messages:
        errors.print(message, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(USAGE_ERROR)


def load_or_fail(path: Path) -> Scenario:
    """Load a scenario, or print its errors and exit with status 2."""
    try:
        return load_scenario(path)
    except ScenarioError as error:
        fail(error.messages)


def print_json(data: Any) -> None:
    """Print one JSON object on stdout."""
    sys.stdout.write(json.dumps(data, indent=2, default=_plain) + "\n")


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
