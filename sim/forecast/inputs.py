"""One issue for the expected-utility forecast: actors with position, capability, salience.

The model of Bueno de Mesquita works on one issue at a time. Every actor holds a
position on a numeric scale, a capability (its clout on the issue) and a
salience in [0, 1] (how much it cares). :class:`ForecastInput` holds these as
numpy arrays in actor order and refuses data the model cannot use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

MAX_ACTORS = 200
"""Most actors one forecast takes: each round weighs every pair (n^2 offers kept per round),
so 200 actors take about 2 s and 250 MB; 500 would take 15 s and 730 MB (docs/forecast.md)."""


@dataclass(frozen=True, eq=False)
class ForecastInput:
    """Actors on one issue, in a fixed order.

    Attributes:
        actors: actor names, unique.
        capability: capability of each actor (>= 0).
        position: position of each actor on the issue's scale.
        salience: salience of each actor, in [0, 1].
        issue: a label for the issue (used in output only).
    """

    actors: tuple[str, ...]
    capability: np.ndarray
    position: np.ndarray
    salience: np.ndarray
    issue: str = "issue"

    def __post_init__(self) -> None:
        arrays = {}
        for field_name in ("capability", "position", "salience"):
            array = np.array(getattr(self, field_name), dtype=float)
            array.setflags(write=False)
            object.__setattr__(self, field_name, array)
            arrays[field_name] = array
        object.__setattr__(self, "actors", tuple(str(name) for name in self.actors))
        problems = _problems(self.actors, **arrays)
        if problems:
            raise ValueError("; ".join(problems))

    @classmethod
    def from_rows(
        cls, rows: Iterable[tuple[str, float, float, float]], issue: str = "issue"
    ) -> ForecastInput:
        """Build from ``(actor, capability, position, salience)`` tuples."""
        rows = list(rows)
        return cls(
            actors=tuple(row[0] for row in rows),
            capability=np.array([row[1] for row in rows], dtype=float),
            position=np.array([row[2] for row in rows], dtype=float),
            salience=np.array([row[3] for row in rows], dtype=float),
            issue=issue,
        )

    @property
    def weight(self) -> np.ndarray:
        """Voting weight of each actor: capability times salience."""
        return self.capability * self.salience

    @property
    def size(self) -> int:
        """Number of actors."""
        return len(self.actors)


def _problems(
    actors: Sequence[str], capability: np.ndarray, position: np.ndarray, salience: np.ndarray
) -> list[str]:
    """Everything that makes the data unusable, as sentences."""
    problems = []
    n = len(actors)
    if n == 0:
        return ["need at least one actor"]
    if n > MAX_ACTORS:
        return [f"{n:,} actors: a forecast takes at most {MAX_ACTORS} actors"]
    for name, array in (("capability", capability), ("position", position), ("salience", salience)):
        if array.shape != (n,):
            problems.append(f"{name} has shape {array.shape}, expected ({n},)")
        elif not np.all(np.isfinite(array)):
            problems.append(f"{name} has a value that is not a finite number")
    if problems:
        return problems
    if len(set(actors)) != n:
        problems.append("actor names must be unique")
    if np.any(capability < 0):
        problems.append("capability must be >= 0")
    if np.any((salience < 0) | (salience > 1)):
        problems.append("salience must lie in [0, 1]")
    if not problems and not np.any(capability * salience > 0):
        problems.append("at least one actor needs capability > 0 and salience > 0")
    return problems
