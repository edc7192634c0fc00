"""The typer application: every command registered in one place."""

from __future__ import annotations

import typer

from sim.cli import experiments as experiment_commands
from sim.cli import run as run_commands
from sim.cli.analyze import analyze_command
from sim.cli.backtest import backtest
from sim.cli.common import interrupt_on_sigterm
from sim.cli.dashboard import dashboard
from sim.cli.discover import discover_command
from sim.cli.draft import draft
from sim.cli.forecast import forecast
from sim.cli.importing import import_command

app = typer.Typer(
    name="dealsim",
    help="Deal-term scenario simulator: actors bargain over the components of a deal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("validate")(run_commands.validate)
app.command("run")(run_commands.run)
app.command("forecast")(forecast)
app.command("analyze")(analyze_command)
app.command("dashboard")(dashboard)
app.command("ensemble")(experiment_commands.ensemble)
app.command("sweep")(experiment_commands.sweep)
app.command("sensitivity")(experiment_commands.sensitivity)
app.command("compare")(experiment_commands.compare)
app.command("backtest")(backtest)
app.command("import")(import_command)
app.command("draft")(draft)
app.command("discover")(discover_command)


def main() -> None:
    """Entry point of the ``dealsim`` console script."""
    interrupt_on_sigterm()
    app()
