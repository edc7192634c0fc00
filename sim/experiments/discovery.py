"""Scenario discovery: which drawn parameters lead to an outcome (CART boxes, coverage, density).

An ensemble draws its uncertain parameters afresh in every run (the
``param:<path>`` columns of its table). Scenario discovery (Bryant & Lempert
2010) asks which region of those parameters explains an outcome of interest:
no deal, a government's collapse, or a chosen term. Here a classification
tree (CART, scikit-learn's ``DecisionTreeClassifier``) splits the parameter
space; every leaf where the outcome is more frequent than overall is a *box*
(a lower and/or upper limit on some parameters), reported with

- **coverage**: the share of all runs with the outcome that fall in the box;
- **density**: the share of the runs in the box that have the outcome.

A good box has both high. The tree is fitted with a fixed ``random_state``,
so the same table gives the same boxes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.experiments.errors import ExperimentError
from sim.experiments.table import PARAM_PREFIX, TERM_PREFIX
from sim.scenario.schema import Scenario

if TYPE_CHECKING:
    from sklearn.tree import DecisionTreeClassifier

NO_DEAL = "no_deal"
COLLAPSE = "collapse"
OUTCOMES = (NO_DEAL, COLLAPSE, "term:ISSUE=OPTION")
DEFAULT_DEPTH = 3
MIN_LEAF_SHARE = 0.05
"""A box holds at least this share of the runs (and at least five runs)."""


@dataclass(frozen=True)
class Box:
    """A region of the drawn parameters and how well it explains the outcome.

    Attributes:
        limits: parameter path to (lower, upper); ``None`` where it is open.
            A run is in the box when ``lower < value <= upper`` on every limit.
        runs: runs in the box.
        cases: runs in the box with the outcome.
        coverage: cases / all runs with the outcome.
        density: cases / runs.
    """

    limits: dict[str, tuple[float | None, float | None]]
    runs: int
    cases: int
    coverage: float
    density: float

    def describe(self, digits: int = 3) -> str:
        """The box in words, e.g. ``actors.hamas.reservation > 0.31 and power <= 2``."""
        if not self.limits:
            return "every run"
        parts = []
        for path, (low, high) in self.limits.items():
            if low is not None and high is not None:
                parts.append(f"{_num(low, digits)} < {path} <= {_num(high, digits)}")
            elif low is not None:
                parts.append(f"{path} > {_num(low, digits)}")
            else:
                parts.append(f"{path} <= {_num(high, digits)}")  # type: ignore[arg-type]
        return " and ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "box": self.describe(),
            "limits": {p: {"above": lo, "at_most": hi} for p, (lo, hi) in self.limits.items()},
            "runs": self.runs,
            "cases": self.cases,
            "coverage": self.coverage,
            "density": self.density,
        }


@dataclass(frozen=True)
class Discovery:
    """What scenario discovery found for one outcome.

    Attributes:
        outcome: the outcome as asked (``no_deal``, ``collapse``, ``term:ISSUE=OPTION``).
        runs: runs in the ensemble.
        cases: runs with the outcome.
        parameters: the drawn parameters considered.
        boxes: the boxes where the outcome is more frequent than overall, densest first.
        importance: each parameter's share of the tree's impurity decrease (sums to 1
            when the tree splits at all).
        note: why there is no box, if there is none.
    """

    outcome: str
    runs: int
    cases: int
    parameters: list[str]
    boxes: list[Box]
    importance: dict[str, float] = field(default_factory=dict)
    note: str = ""

    @property
    def base_rate(self) -> float:
        """The share of all runs with the outcome."""
        return self.cases / self.runs if self.runs else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "outcome": self.outcome,
            "runs": self.runs,
            "cases": self.cases,
            "base_rate": self.base_rate,
            "parameters": self.parameters,
            "importance": self.importance,
            "boxes": [box.to_dict() for box in self.boxes],
            "note": self.note,
        }


def outcome_mask(table: pd.DataFrame, outcome: str, scenario: Scenario | None = None) -> np.ndarray:
    """Which runs of an ensemble table have the outcome.

    Args:
        table: an ensemble table (see :mod:`sim.experiments.table`).
        outcome: ``no_deal``; ``collapse`` (a deal under which a government fell);
            or ``term:ISSUE=OPTION`` (a deal with that option on that issue).
        scenario: checks the issue and option of a ``term:`` outcome when given.

    Raises:
        ExperimentError: an unknown outcome, issue or option.
    """
    deal = table["deal"].to_numpy(dtype=bool)
    if outcome == NO_DEAL:
        return ~deal
    if outcome == COLLAPSE:
        survived = table["government_survived"]
        return (survived.notna() & ~survived.fillna(True).astype(bool)).to_numpy(dtype=bool)
    if outcome.startswith(TERM_PREFIX) and "=" in outcome:
        issue_id, option = outcome.removeprefix(TERM_PREFIX).split("=", 1)
        column = TERM_PREFIX + issue_id
        if column not in table:
            raise ExperimentError(f"outcome '{outcome}': no issue '{issue_id}'")
        if scenario is not None:
            issue = next((i for i in scenario.issues if i.id == issue_id), None)
            if issue is None or option not in issue.option_names:
                names = ", ".join(issue.option_names) if issue else ""
                raise ExperimentError(
                    f"outcome '{outcome}': '{option}' is not an option of '{issue_id}'"
                    + (f" (options: {names})" if names else "")
                )
        terms = table[column].astype("string")
        return (deal & (terms == option).fillna(False).to_numpy(dtype=bool)).astype(bool)
    raise ExperimentError(
        f"unknown outcome '{outcome}': use {NO_DEAL}, {COLLAPSE} or term:ISSUE=OPTION"
    )


def parameter_columns(table: pd.DataFrame) -> list[str]:
    """The drawn parameters of an ensemble table (paths, without the ``param:`` prefix)."""
    return [name.removeprefix(PARAM_PREFIX) for name in table if name.startswith(PARAM_PREFIX)]


def discover(
    table: pd.DataFrame,
    outcome: str,
    scenario: Scenario | None = None,
    max_depth: int = DEFAULT_DEPTH,
    parameters: Sequence[str] | None = None,
) -> Discovery:
    """Find the boxes of drawn parameters that explain an outcome (CART).

    Args:
        table: an ensemble table with ``param:`` columns (a scenario with ``uncertain``).
        outcome: see :func:`outcome_mask`.
        scenario: checks a ``term:`` outcome's issue and option.
        max_depth: the tree's depth: a box limits at most this many parameters.
        parameters: the parameters to consider (default: every drawn one).

    Raises:
        ExperimentError: an unknown outcome, no drawn parameter, or a depth below 1.
    """
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1:
        raise ExperimentError(f"the depth must be an integer of at least 1, not {max_depth!r}")
    mask = outcome_mask(table, outcome, scenario)
    drawn = parameter_columns(table)
    chosen = list(parameters) if parameters is not None else drawn
    unknown = [p for p in chosen if p not in drawn]
    if unknown:
        raise ExperimentError(f"not a drawn parameter of this ensemble: {', '.join(unknown)}")
    if not chosen:
        raise ExperimentError(
            "the scenario draws no parameters (no 'uncertain' entries): there is nothing to "
            "discover; declare some parameters uncertain first"
        )
    runs, cases = len(mask), int(mask.sum())
    if cases == 0 or cases == runs:
        note = "no run has" if cases == 0 else "every run has"
        return Discovery(outcome, runs, cases, chosen, [], note=f"{note} this outcome")
    from sklearn.tree import DecisionTreeClassifier  # here: importing scikit-learn takes ~1 s

    features = table[[PARAM_PREFIX + p for p in chosen]].to_numpy(dtype=float)
    tree = DecisionTreeClassifier(
        max_depth=max_depth,
        min_samples_leaf=max(5, math.ceil(MIN_LEAF_SHARE * runs)),
        random_state=0,
    ).fit(features, mask)
    boxes = _boxes(tree, features, mask, chosen)
    importance = {
        path: float(value)
        for path, value in sorted(
            zip(chosen, tree.feature_importances_, strict=True), key=lambda item: -item[1]
        )
    }
    note = "" if boxes else "no region of the drawn parameters makes this outcome more frequent"
    return Discovery(outcome, runs, cases, chosen, boxes, importance, note)


def _boxes(
    tree: DecisionTreeClassifier, features: np.ndarray, mask: np.ndarray, paths: list[str]
) -> list[Box]:
    inner = tree.tree_
    total_cases = int(mask.sum())
    base_rate = total_cases / len(mask)
    leaves = tree.apply(features)
    found = []
    for leaf, limits in _leaf_limits(inner, paths):
        in_leaf = leaves == leaf
        runs = int(in_leaf.sum())
        cases = int(mask[in_leaf].sum())
        if runs == 0 or cases / runs <= base_rate:
            continue
        found.append(Box(limits, runs, cases, cases / total_cases, cases / runs))
    return sorted(found, key=lambda box: (-box.density, -box.coverage))


def _leaf_limits(inner: Any, paths: list[str]) -> list[tuple[int, dict]]:
    """Every leaf of a fitted tree with the limits on the path from the root to it."""
    leaves: list[tuple[int, dict]] = []
    stack: list[tuple[int, dict]] = [(0, {})]
    while stack:
        node, limits = stack.pop()
        left, right = inner.children_left[node], inner.children_right[node]
        if left == right:  # a leaf
            leaves.append((node, limits))
            continue
        path = paths[inner.feature[node]]
        threshold = float(inner.threshold[node])
        low, high = limits.get(path, (None, None))
        stack.append((right, {**limits, path: (threshold, high)}))
        stack.append((left, {**limits, path: (low, threshold)}))
    return leaves


def _num(value: float | None, digits: int) -> str:
    return f"{value:.{digits}g}"
