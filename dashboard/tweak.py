"""Apply the form's changes to a scenario (with :func:`sim.with_fixed_parameters`).

A parameter the scenario declares uncertain is drawn afresh in every run of
an ensemble, which would silently undo a value set in the form. So a changed
parameter that is also declared uncertain is fixed: its ``uncertain`` entry is
dropped and the form's value is used in every run (the exported YAML says so
too, and reproduces the results).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sim


def fixed_uncertainties(scenario: sim.Scenario, changes: Mapping[str, Any]) -> list[str]:
    """The uncertain parameters the changes fix (their paths)."""
    return [u.param for u in scenario.uncertain if u.param in changes]


def apply_changes(scenario: sim.Scenario, changes: Mapping[str, Any]) -> sim.Scenario:
    """The scenario with the changes applied and the changed parameters no longer drawn.

    Raises:
        sim.ParameterError: a path that does not exist or a value the scenario refuses.
    """
    return sim.with_fixed_parameters(scenario, changes)
