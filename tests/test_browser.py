"""End to end: the dashboard served by `streamlit run`, driven in headless Chromium.

Needs Debian's chromium at /usr/bin/chromium (CI installs it; without it the
test fails under CI and is skipped elsewhere). The server is always stopped.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT = 90.0
APP_TIMEOUT_MS = 120_000
SCREENSHOT = ROOT / "docs" / "dashboard.png"
MEASURED_RUNS = 500


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, server: subprocess.Popen, timeout: float) -> None:
    """Poll the health endpoint until it answers 'ok', the server dies, or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # poll interval of a bounded wait, not a fixed sleep
    raise TimeoutError(f"streamlit did not become healthy within {timeout:.0f} s")


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "STREAMLIT_SERVER_HEADLESS": "true",
    }
    log = (tmp_path / "streamlit.log").open("w")
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, SERVER_START_TIMEOUT)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.close()


def wait_for_idle(page) -> None:
    """Wait until the app's 'running' status widget has gone."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=APP_TIMEOUT_MS,
    )


def metric_value(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue").inner_text()


def test_dashboard_in_a_browser_reruns_after_a_slider_change(chromium, server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            page.goto(server, timeout=APP_TIMEOUT_MS)
            deal_rate = page.get_by_test_id("stMetric").filter(has_text="Deal rate").first
            expect(deal_rate).to_be_visible(timeout=APP_TIMEOUT_MS)
            wait_for_idle(page)
            sidebar = page.get_by_test_id("stSidebar")
            submit_button = sidebar.get_by_role("button", name="Apply and run").first

            # responsiveness: the baseline with 500 runs, from submit to the new figures
            interval = page.get_by_test_id("stMetric").filter(has_text="Deal rate").first
            interval_before = interval.get_by_test_id("stMetricDelta").inner_text()
            runs = sidebar.get_by_label("Runs")
            runs.fill(str(MEASURED_RUNS))
            runs.press("Tab")
            started = time.monotonic()
            submit_button.click()
            expect(interval.get_by_test_id("stMetricDelta")).not_to_have_text(
                interval_before, timeout=APP_TIMEOUT_MS
            )
            wait_for_idle(page)
            seconds = time.monotonic() - started
            record = {"runs": MEASURED_RUNS, "seconds_to_results": round(seconds, 2)}
            (tmp_path / "responsiveness.json").write_text(json.dumps(record))
            print(f"\n{MEASURED_RUNS}-run baseline ensemble shown {seconds:.1f} s after submit")
            expect(page.get_by_text(f"{MEASURED_RUNS} runs from seed 0")).to_be_visible()
            before = metric_value(page, "Deal rate")

            expander = sidebar.get_by_test_id("stExpander").filter(has_text="hamas (")
            expander.get_by_text("hamas (").first.click()
            slider = (
                expander.get_by_test_id("stSlider")
                .filter(has_text="Reservation value")
                .get_by_role("slider")
            )
            slider.focus()
            for _ in range(30):  # 0.25 -> 0.55, one step (0.01) a key press
                slider.press("ArrowRight")
            expect(slider).to_have_value("0.55")
            submit_button.click()

            value = page.get_by_test_id("stMetric").filter(has_text="Deal rate").first
            expect(value.get_by_test_id("stMetricValue")).not_to_have_text(
                before, timeout=APP_TIMEOUT_MS
            )
            wait_for_idle(page)
            after = metric_value(page, "Deal rate")
            assert after != before
            assert page.get_by_test_id("stException").count() == 0

            copy = tmp_path / "dashboard.png"
            page.screenshot(path=str(copy))
            assert copy.stat().st_size > 10_000
            if os.environ.get("DEALSIM_UPDATE_SCREENSHOT"):  # refresh the one in docs/
                shutil.copyfile(copy, SCREENSHOT)
        finally:
            browser.close()
