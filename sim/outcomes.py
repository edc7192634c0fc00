"""The outcome space: the deal's issues, their options, and every package.

A package is one option per issue. Packages are numbered in mixed radix (the
last issue varies fastest), so a package is an integer and any per-package
quantity is a numpy array over ``range(space.size)``. A deferrable issue has
one more choice than options: :data:`DEFERRED`, leaving it to a later phase.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sim.memo import make_room
from sim.scenario.limits import MAX_PACKAGES
from sim.scenario.schema import DEFERRED, Issue, OptionRef

__all__ = [
    "DEFERRED",
    "MAX_PACKAGES",
    "OutcomeSpace",
    "option_indices",
    "option_positions",
    "options_satisfying",
]
_ENUMERATED: dict[tuple, np.ndarray] = {}
"""Enumerated option grids by issues' content: every run of an ensemble shares one."""


_SPACES: dict[int, tuple[Sequence[Issue], OutcomeSpace]] = {}
_LABELLED_PACKAGES = 4096
"""How many packages' terms a space keeps."""


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
        sizes: the choices of each issue (its options, and deferral if deferrable).
        options: int array ``[size, n_issues]``, the option index of each issue
            in each package (``issue.size`` where the package defers the issue).
    """

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        self.sizes = [issue.choices for issue in self.issues]
        self.deferrable = [issue.id for issue in self.issues if issue.deferrable]
        """The issues a package may defer, in scenario order."""
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
        self._labels: dict[int, tuple[dict[str, str | int | float], list[str]]] = {}
        """Per package seen: its terms and the issues it defers (copied out, never handed out)."""

    def column(self, issue_id: str) -> np.ndarray:
        """Option index of one issue in every package."""
        return self.options[:, self._index[issue_id]]

    def terms(self, package: int) -> dict[str, str | int | float]:
        """The options of a package, issue id to option (a number on integer issues).

        A deferred issue's term is :data:`DEFERRED`.
        """
        return dict(self._labelled(package)[0])

    def deferred(self, package: int) -> list[str]:
        """The issues a package leaves to a later phase, in scenario order."""
        return list(self._labelled(package)[1])

    def _labelled(self, package: int) -> tuple[dict[str, str | int | float], list[str]]:
        """A package's terms and deferred issues, worked out once (every run asks at its end)."""
        labels = self._labels.get(package)
        if labels is None:
            row = self.options[package].tolist()  # plain ints compare faster than numpy's
            terms = {
                issue.id: DEFERRED if row[k] == issue.size else issue.option_label(row[k])
                for k, issue in enumerate(self.issues)
            }
            deferred = [issue.id for k, issue in enumerate(self.issues) if row[k] == issue.size]
            make_room(self._labels, _LABELLED_PACKAGES)
            labels = self._labels[package] = (terms, deferred)
        return labels

    def package(self, terms: dict[str, OptionRef]) -> int:
        """The package number of a full set of terms (:data:`DEFERRED` on a deferrable issue)."""
        index = 0
        for issue, size in zip(self.issues, self.sizes, strict=True):
            term = terms[issue.id]
            if issue.deferrable and term == DEFERRED:
                option: int | None = issue.size
            else:
                option = issue.option_index(term)
            if option is None:
                raise KeyError(f"{term!r} is not an option of {issue.id}")
            index = index * size + option
        return index

    def grid(
        self, issue_id: str, per_option: np.ndarray, deferred: float | bool | None = None
    ) -> np.ndarray:
        """A per-option array of one issue, shaped to broadcast over the package grid.

        Sums and logical combinations of such arrays have the grid's shape;
        ``.reshape(-1)`` turns them into per-package arrays. Broadcasting this
        way is much faster than indexing a million-row column.

        Args:
            issue_id: the issue.
            per_option: one value per option of the issue.
            deferred: on a deferrable issue, the value where a package defers it
                (required there: what deferral means differs by caller).

        Raises:
            ValueError: a deferrable issue without a ``deferred`` value.
        """
        k = self._index[issue_id]
        values = np.asarray(per_option)
        if self.issues[k].deferrable and values.shape[0] == self.issues[k].size:
            if deferred is None:
                raise ValueError(f"say what deferring '{issue_id}' means for this quantity")
            values = np.append(values, np.asarray(deferred, dtype=values.dtype))
        shape = [1] * len(self.sizes)
        shape[k] = self.sizes[k]
        return values.reshape(shape)


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
