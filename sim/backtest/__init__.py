"""Backtest against real decisions: DEU III proposals as scenarios, scored side by side.

See docs/validation.md for the data, the models and the pre-registered split.
"""

from sim.backtest.deu import DeuError, DeuIssue, Proposal, read_deu
from sim.backtest.run import BacktestResult, run_backtest

__all__ = [
    "BacktestResult",
    "DeuError",
    "DeuIssue",
    "Proposal",
    "read_deu",
    "run_backtest",
]
