"""Shared fixtures: the baseline scenario and paths."""

from __future__ import annotations

from pathlib import Path

import pytest

import sim

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def baseline() -> sim.Scenario:
    """The baseline scenario, loaded once."""
    return sim.load_scenario(ROOT / "scenarios" / "baseline.yaml")
