"""`dealsim dashboard`: the command line it runs, without starting a server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sim.cli import dashboard as dashboard_command
from sim.cli.app import app

ROOT = Path(__file__).resolve().parents[1]


def test_the_app_is_found_from_the_package_location():
    assert dashboard_command.app_path() == ROOT / "dashboard" / "app.py"
    assert dashboard_command.app_path().is_file()


def test_dashboard_runs_streamlit_on_the_app_with_the_port(monkeypatch):
    calls = []
    monkeypatch.setattr(dashboard_command, "serve", lambda command: calls.append(command) or 0)
    result = CliRunner().invoke(app, ["dashboard", "--port", "8765", "--headless"])
    assert result.exit_code == 0, result.output
    (command,) = calls
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert command[4] == str(ROOT / "dashboard" / "app.py")
    assert command[command.index("--server.port") + 1] == "8765"
    assert command[command.index("--server.headless") + 1] == "true"
    assert command[command.index("--browser.gatherUsageStats") + 1] == "false"


def test_a_failing_server_status_is_passed_on_and_a_signal_stop_is_clean(monkeypatch):
    monkeypatch.setattr(dashboard_command, "serve", lambda command: 3)
    assert CliRunner().invoke(app, ["dashboard"]).exit_code == 3
    monkeypatch.setattr(dashboard_command, "serve", lambda command: -signal.SIGTERM)
    assert CliRunner().invoke(app, ["dashboard"]).exit_code == 0


def test_serve_returns_the_servers_exit_status():
    assert dashboard_command.serve([sys.executable, "-c", "raise SystemExit(4)"]) == 4


def test_sigterm_to_dealsim_stops_the_server_too():
    server = "import os, time; print(os.getpid(), flush=True); time.sleep(120)"
    parent_code = (
        "import sys; from sim.cli.dashboard import serve; "
        f"sys.exit(0 if serve([sys.executable, '-c', {server!r}]) else 1)"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True
    )
    try:
        child = int(parent.stdout.readline())  # the server is up once it prints its pid
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=20) == 0
        with pytest.raises(ProcessLookupError):
            os.kill(child, 0)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_dashboard_is_listed_in_the_help():
    result = CliRunner().invoke(app, ["--help"])
    assert "dashboard" in result.output


def test_a_file_argument_is_passed_to_the_app_and_a_missing_one_refused(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(dashboard_command, "serve", lambda command: calls.append(command) or 0)
    monkeypatch.setenv(dashboard_command.OPEN_FILE, "")  # restored (unset) after the test
    chosen = ROOT / "scenarios" / "no-safety-net.yaml"
    result = CliRunner().invoke(app, ["dashboard", str(chosen), "--headless"])
    assert result.exit_code == 0, result.output
    assert os.environ[dashboard_command.OPEN_FILE] == str(chosen.resolve())
    (command,) = calls
    assert command[command.index("--server.maxUploadSize") + 1] == "1"
    missing = CliRunner().invoke(app, ["dashboard", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2 and "no such scenario file" in missing.output
