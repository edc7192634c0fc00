"""The outcome space: the deal's issues, their options, and every package.

A package is one option per issue. Packages are numbered in mixed radix (the
last issue varies fastest), so a package is an integer and any per-package
quantity is a numpy array over ``range(space.size)``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.scenario.limits import MAX_PACKAGES
from sim.scenario.schema import Issue, OptionRef

__all__ = [
    "MAX_PACKAGES",
    "OutcomeSpace",
    "option_indices",
    "option_positions",
    "options_satisfying",
]
_ENUMERATED: dict[tuple, np.ndarray] = {}
"""Enumerated option grids by issues' content: every run of an ensemble shares one."""


_SPACES: dict[int, tuple[Sequence[Issue], OutcomeSpace]] = {}


def space_of(issues: Sequence[Issue]) -> OutcomeSpace:
    """The outcome space of a list of issues, reused while the same list object is in use.

    Scenario copies that change no issue share their ``issues`` list, so every
    run of an ensemble finds its space here instead of enumerating it again.
    """
    seen = _SPACES.get(id(issues))
    if seen is None or seen[0] is not issues:
        if len(_SPACES) >= 8:
            _SPACES.pop(next(iter(_SPACES)))
        seen = (issues, OutcomeSpace(issues))
        _SPACES[id(issues)] = seen
    return seen[1]


class OutcomeSpace:
    """All packages of a list of issues, enumerated.

    Attributes:
        issues: the issues, in scenario order.
        key: identifies the space by its issues' content (for caches).
        size: number of packages.
        options: int array ``[size, n_issues]``, the option index of each issue
            in each package.
    """

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        self.sizes = [issue.size for issue in self.issues]
        self.size = int(np.prod(self.sizes, dtype=np.int64))
        if self.size > MAX_PACKAGES:
            raise ValueError(f"{self.size:,} packages is more than {MAX_PACKAGES:,}")
        self._index = {issue.id: k for k, issue in enumerate(self.issues)}
        self.key = tuple(issue.model_dump_json() for issue in self.issues)
        if self.key not in _ENUMERATED:
            if len(_ENUMERATED) >= 8:
                _ENUMERATED.pop(next(iter(_ENUMERATED)))
            dtype = np.int32 if max(self.sizes) > 127 else np.int8
            options = np.indices(self.sizes, dtype=dtype).reshape(len(self.sizes), -1).T
            options.flags.writeable = False
            _ENUMERATED[self.key] = options
        self.options = _ENUMERATED[self.key]

    def column(self, issue_id: str) -> np.ndarray:
        """Option index of one issue in every package."""
        return self.options[:, self._index[issue_id]]

    def terms(self, package: int) -> dict[str, str | int | float]:
        """The options of a package, issue id to option (a number on integer issues)."""
        row = self.options[package]
        return {issue.id: issue.option_label(int(row[k])) for k, issue in enumerate(self.issues)}

    def package(self, terms: dict[str, OptionRef]) -> int:
        """The package number of a full set of terms."""
        index = 0
        for issue, size in zip(self.issues, self.sizes, strict=True):
            option = issue.option_index(terms[issue.id])
            if option is None:
                raise KeyError(f"{terms[issue.id]!r} is not an option of {issue.id}")
            index = index * size + option
        return index

    def grid(self, issue_id: str, per_option: np.ndarray) -> np.ndarray:
        """A per-option array of one issue, shaped to broadcast over the package grid.

        Sums and logical combinations of such arrays have the grid's shape;
        ``.reshape(-1)`` turns them into per-package arrays. Broadcasting this
        way is much faster than indexing a million-row column.
        """
        shape = [1] * len(self.sizes)
        shape[self._index[issue_id]] = self.sizes[self._index[issue_id]]
        return np.asarray(per_option).reshape(shape)

    def spread(self, issue_id: str, per_option: np.ndarray) -> np.ndarray:
        """A per-option array of one issue, as a per-package array."""
        return np.broadcast_to(self.grid(issue_id, per_option), self.sizes).reshape(-1)


def option_positions(issue: Issue) -> np.ndarray:
    """Position of each option on the issue's scale: rank (ordinal) or value (integer)."""
    if issue.numeric:
        return np.asarray(issue.numeric_values, dtype=float)
    return np.arange(issue.size, dtype=float)


def scale_position(issue: Issue, ref: OptionRef) -> float:
    """Where an option reference lies on the issue's scale (numbers allowed on integer issues)."""
    if issue.numeric:
        index = issue.option_index(ref)
        if issue.kind == "decimal" and index is not None:
            return float(issue.option_label(index))  # the option's own float: no drift
        return float(ref)
    index = issue.option_index(ref)
    if index is None:
        raise KeyError(f"{ref!r} is not an option of {issue.id}")
    return float(index)


def option_indices(issue: Issue, refs: Sequence[OptionRef]) -> list[int]:
    """The indices of a list of option references (every one must be an option of the issue)."""
    indices = []
    for ref in refs:
        index = issue.option_index(ref)
        if index is None:
            raise KeyError(f"{ref!r} is not an option of {issue.id}")
        indices.append(index)
    return indices


def options_satisfying(
    issue: Issue,
    *,
    within: Sequence[OptionRef] | None = None,
    outside: Sequence[OptionRef] | None = None,
    at_least: OptionRef | None = None,
    at_most: OptionRef | None = None,
) -> np.ndarray:
    """Boolean mask over an issue's options: those meeting every given bound."""
    mask = np.ones(issue.size, dtype=bool)
    positions = option_positions(issue)
    if within is not None:
        chosen = np.zeros(issue.size, dtype=bool)
        chosen[option_indices(issue, within)] = True
        mask &= chosen
    if outside is not None:
        mask[option_indices(issue, outside)] = False
    if at_least is not None:
        mask &= positions >= scale_position(issue, at_least)
    if at_most is not None:
        mask &= positions <= scale_position(issue, at_most)
    return mask
