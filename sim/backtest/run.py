"""Run the backtest: every proposal of a split, every model, every scoreable issue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.backtest.council import regime
from sim.backtest.deu import Proposal
from sim.backtest.models import MODELS, package_predictions, spatial_predictions
from sim.backtest.scoring import summary

SPLITS = ("dev", "eval", "all")


@dataclass(frozen=True)
class BacktestResult:
    """Per-issue predictions and their scores.

    Attributes:
        table: one row per issue of the split with an outcome: proposal,
            issue, split, procedure, council vote, regime, outcome, and a
            column per model (NaN where a model gives no prediction).
        split: ``dev``, ``eval`` or ``all``.
    """

    table: pd.DataFrame
    split: str

    def errors(self, model: str, rows: pd.Series | None = None) -> np.ndarray:
        """Prediction minus outcome on the issues the model predicts (a subset of rows)."""
        table = self.table if rows is None else self.table[rows]
        predicted = table[model].to_numpy(dtype=float)
        keep = ~np.isnan(predicted)
        return predicted[keep] - table["outcome"].to_numpy(dtype=float)[keep]

    def scores(self) -> dict[str, Any]:
        """``{"issues": N, "models": {name: {n, mae, rmse, mae_ci, mae_dev, mae_eval}}}``."""
        models = {}
        for model in MODELS:
            scored = summary(self.errors(model))
            for split in ("dev", "eval"):
                part = summary(self.errors(model, self.table["split"] == split))
                scored[f"mae_{split}"] = part["mae"]
            models[model] = scored
        return {"issues": len(self.table), "split": self.split, "models": models}

    def groups(self) -> dict[str, dict[str, dict[str, Any]]]:
        """MAE, RMSE and interval by procedure and by Council rule: group -> model -> scores."""
        result: dict[str, dict[str, dict[str, Any]]] = {}
        for column in ("procedure", "council_vote"):
            for value in sorted(self.table[column].unique()):
                rows = self.table[column] == value
                result[f"{column}={value}"] = {
                    model: summary(self.errors(model, rows)) for model in MODELS
                }
        return result


def run_backtest(
    proposals: list[Proposal],
    split: str = "all",
    runs: int | None = None,
    progress: Callable[[Proposal], None] | None = None,
) -> BacktestResult:
    """Predict every issue of the proposals in a split with every model.

    Args:
        proposals: as read by :func:`sim.backtest.read_deu`.
        split: ``dev`` (odd proposal numbers), ``eval`` (even) or ``all``.
        runs: simulated negotiations per proposal (default :data:`sim.backtest.models.RUNS`).
        progress: called after each proposal.
    """
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    rows = []
    for proposal in proposals:
        if split != "all" and proposal.split != split:
            continue
        spatial = spatial_predictions(proposal)
        package = package_predictions(proposal, **({"runs": runs} if runs else {}))
        for issue, first, second in zip(proposal.issues, spatial, package, strict=True):
            if issue.outcome is None:
                continue
            rows.append(
                {
                    "proposal": proposal.number,
                    "issue": issue.name,
                    "split": proposal.split,
                    "procedure": issue.procedure,
                    "council_vote": issue.council_vote,
                    "regime": regime(issue.decided),
                    "outcome": issue.outcome,
                    **{m: _number(first.get(m, second.get(m))) for m in MODELS},
                }
            )
        if progress is not None:
            progress(proposal)
    columns = ["proposal", "issue", "split", "procedure", "council_vote", "regime", "outcome"]
    return BacktestResult(pd.DataFrame(rows, columns=[*columns, *MODELS]), split)


def _number(value: float | None) -> float:
    return float("nan") if value is None else float(value)
