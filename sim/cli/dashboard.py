"""``dealsim dashboard [FILE]``: start the Streamlit app on a scenario (the baseline by default).

The server listens on the loopback interface (127.0.0.1) only, so nobody else
on the network can reach it; ``--host`` exposes it on another address, with a
warning, since the dashboard runs scenarios for whoever can reach it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

import typer

from sim.cli.common import fail, print_error

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
STOP_TIMEOUT = 10.0
LOOPBACK = "127.0.0.1"
OPEN_FILE = "DEALSIM_DASHBOARD_FILE"
"""The environment variable that tells the app which file to open (``dealsim dashboard FILE``)."""
MAX_UPLOAD_MB = 1
"""The upload limit the dashboard's loader enforces; the server is told the same."""


def app_path() -> Path:
    """The dashboard's entry script, found from the package's location (a source checkout)."""
    return APP


def streamlit_command(port: int, headless: bool, host: str = LOOPBACK) -> list[str]:
    """The command line that serves the dashboard on ``host`` (the loopback by default)."""
    return [
        sys.executable, "-m", "streamlit", "run", str(app_path()),
        "--server.address", host,
        "--server.maxUploadSize", str(MAX_UPLOAD_MB),
        "--server.port", str(port),
        "--server.headless", "true" if headless else "false",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip


def serve(command: list[str]) -> int:
    """Run the server until it exits; a SIGTERM to this process stops it too."""
    server = subprocess.Popen(command)

    def stop(signum: int, frame: FrameType | None) -> None:
        server.terminate()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return server.wait()
    except KeyboardInterrupt:  # Ctrl-C reaches the server too; give it time to stop
        try:
            return server.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.kill()
            return server.wait()
    finally:
        signal.signal(signal.SIGTERM, previous)
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                server.kill()


def dashboard(
    port: int = typer.Option(8501, help="Port to serve the dashboard on."),
    headless: bool = typer.Option(False, help="Do not open a browser window."),
    file: Path | None = typer.Argument(
        None, help="Scenario file to open (default: scenarios/baseline.yaml)."
    ),
    host: str = typer.Option(
        LOOPBACK,
        help="Address to listen on; the default, 127.0.0.1, serves this machine only. "
        "Another address (0.0.0.0: every interface) lets anyone who reaches it run scenarios.",
    ),
) -> None:
    """Start the Streamlit dashboard (opens on scenarios/baseline.yaml)."""
    if not app_path().is_file():
        fail(
            f"dashboard not found at {app_path()}: the dashboard runs from a source checkout "
            "(pip install -e .)"
        )
    if not host.strip() or any(char.isspace() for char in host):
        fail(f"--host: '{host}' is not an address")
    if host not in (LOOPBACK, "localhost", "::1"):
        print_error(
            f"warning: the dashboard will listen on {host}: anyone who can reach this "
            "address can use it (and the machine's time). Use --host only on a trusted network."
        )
    if file is not None:
        if not file.is_file():
            fail(f"{file}: no such scenario file")
        os.environ[OPEN_FILE] = str(file.resolve())
    status = serve(streamlit_command(port, headless, host))
    # streamlit ends with -SIGTERM when stopped by a signal: that is a clean stop
    raise typer.Exit(0 if status in (0, -signal.SIGTERM, -signal.SIGINT) else status)
