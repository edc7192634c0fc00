"""The layout of an ensemble's table: one row a run, columns in a fixed order with fixed types.

Columns, in order:

- ``run`` (int): the run's number, 0 to runs - 1.
- ``seed`` (int): the run's own seed (see :func:`sim.experiments.runner.run_seed`).
- ``param:<path>``: the value drawn for each uncertain parameter (int on integer fields).
- ``deal`` (bool), ``round`` (int, from 0: the deal's round, else the last round run).
- ``term:<issue>``: the agreed option (an integer on integer issues), missing when no deal
  or when the deal leaves the issue open.
- ``deferred`` (str): the issues the deal leaves open (deferred and not settled in a
  later phase), comma-joined ("" if none).
- ``phase`` (int): the phase of the deal reached (1 unless a phase deferred issues).
- ``utility:<actor>`` (float): each actor's utility of the outcome.
- ``government_survived`` (nullable bool): missing when no deal or no government.
- ``exited`` (str): coalition partners that left over the deal, comma-joined ("" if none).
- ``mechanism`` (str): what decided the run (:attr:`sim.record.Outcome.mechanism`).
- ``threatened`` (str): coalition partners that threatened to leave during the run,
  comma-joined ("" if none).
- ``walkout`` (str): the first party that walked out, missing if none.
- ``binding`` (str): for a deal, the accepting party closest to refusing (the last to
  come round), missing without a deal.
- ``obstacles`` (str): for a run without a deal, who refused in the last round,
  ``;``-joined: ``party/red_line_id`` for a refusal over a hard red line, ``party``
  for one over utility or a walk-out ("" for a deal).

Fixed types make the table identical whatever the executor, and keep them
through Parquet.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.record import Outcome
from sim.scenario.schema import DEFERRED, Scenario

PARAM_PREFIX = "param:"
TERM_PREFIX = "term:"
UTILITY_PREFIX = "utility:"
STRING = pd.StringDtype(na_value=np.nan)


@dataclass(frozen=True)
class TableLayout:
    """Which columns a scenario's ensemble table has, and their types.

    Attributes:
        parameters: sampled parameter paths, each with whether it is an integer.
        issues: issue ids, each with whether it is an integer issue.
        actors: actor ids.
    """

    parameters: tuple[tuple[str, bool], ...]
    issues: tuple[tuple[str, bool], ...]
    actors: tuple[str, ...]

    @classmethod
    def of(cls, scenario: Scenario, parameters: list[tuple[str, bool]]) -> TableLayout:
        """The layout for a scenario with these sampled parameters."""
        return cls(
            parameters=tuple(parameters),
            issues=tuple((issue.id, issue.kind == "integer") for issue in scenario.issues),
            actors=tuple(actor.id for actor in scenario.actors),
        )

    def dtypes(self) -> dict[str, object]:
        """Column name to dtype, in column order (without the ``point`` column)."""
        types: dict[str, object] = {"run": "int64", "seed": "int64"}
        for path, integer in self.parameters:
            types[PARAM_PREFIX + path] = "int64" if integer else "float64"
        types["deal"] = "bool"
        types["round"] = "int64"
        for issue_id, integer in self.issues:
            types[TERM_PREFIX + issue_id] = "Int64" if integer else STRING
        types["deferred"] = STRING
        types["phase"] = "int64"
        for actor_id in self.actors:
            types[UTILITY_PREFIX + actor_id] = "float64"
        types["government_survived"] = "boolean"
        types["exited"] = STRING
        types["walkout"] = STRING
        types["binding"] = STRING
        types["obstacles"] = STRING
        types["threatened"] = STRING
        types["mechanism"] = STRING
        return types

    def columns(self) -> list[str]:
        """Column names in order."""
        return list(self.dtypes())


def obstacles(outcome: Outcome) -> str:
    """Who stood in the way of a deal in the last round, as the ``obstacles`` column has it."""
    if outcome.deal:
        return ""  # a later phase's refusals leave the deal standing
    refused = outcome.explanation.get("refused") or {}
    return ";".join(
        f"{party}/{reason['red_line']}" if "red_line" in reason else party
        for party, reason in refused.items()
    )


class RowCollector:
    """Gathers runs column by column, then builds the typed frame."""

    def __init__(self, layout: TableLayout) -> None:
        self.layout = layout
        self.points: list[int] = []
        self.data: dict[str, list] = {name: [] for name in layout.dtypes()}

    def add(
        self,
        point: int,
        run: int,
        seed: int,
        parameters: dict[str, float | int],
        outcome: Outcome,
    ) -> None:
        """Append one run."""
        data = self.data
        self.points.append(point)
        data["run"].append(run)
        data["seed"].append(seed)
        for path, _ in self.layout.parameters:
            data[PARAM_PREFIX + path].append(parameters[path])
        data["deal"].append(outcome.deal)
        data["round"].append(outcome.round)
        terms = outcome.terms or {}
        for issue_id, _ in self.layout.issues:
            term = terms.get(issue_id)
            data[TERM_PREFIX + issue_id].append(None if term == DEFERRED else term)
        data["deferred"].append(",".join(outcome.deferred))
        data["phase"].append(outcome.phase)
        for actor_id in self.layout.actors:
            data[UTILITY_PREFIX + actor_id].append(outcome.utilities[actor_id])
        data["government_survived"].append(outcome.government_survived)
        data["exited"].append(",".join(outcome.exited))
        data["threatened"].append(",".join(outcome.threatened))
        data["mechanism"].append(outcome.mechanism)
        data["walkout"].append(outcome.walkout)
        data["binding"].append(outcome.explanation.get("binding"))
        data["obstacles"].append(obstacles(outcome))

    def frame(self) -> pd.DataFrame:
        """The runs gathered so far, with a leading ``point`` column."""
        columns = {"point": pd.Series(self.points, dtype="int64")}
        for name, dtype in self.layout.dtypes().items():
            columns[name] = pd.Series(self.data[name], dtype=dtype)  # type: ignore[call-overload]
        return pd.DataFrame(columns)
