"""End to end: the dashboard served by `streamlit run`, driven in headless Chromium.

Needs Debian's chromium at /usr/bin/chromium (CI installs it; without it the
tests fail under CI and are skipped elsewhere). One server serves every test
of the module and is always stopped; every wait is bounded. Screenshots are
written only when asked: to the folder in ``DEALSIM_SCREENSHOTS``, and
``DEALSIM_UPDATE_SCREENSHOT=1`` refreshes docs/dashboard.png. Speed is
measured in benchmarks/bench_dashboard.py, never here.
"""

from __future__ import annotations

import os
import re
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
SCREENSHOTS = os.environ.get("DEALSIM_SCREENSHOTS")
URL_CHANGE = "actors.hamas.reservation=0.55"
CHANGE_NOTE = "Changed from the file: Hamas: reservation value = 0.55"


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


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "STREAMLIT_SERVER_HEADLESS": "true",
    }
    log = (tmp_path_factory.mktemp("server") / "streamlit.log").open("w")
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.fileWatcherType", "none",
        "--server.maxUploadSize", "1",
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


@pytest.fixture(scope="module")
def browser(chromium, server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser):
    opened = browser.new_page(viewport={"width": 1500, "height": 1100})
    try:
        yield opened
    finally:
        opened.close()


def wait_for_idle(page) -> None:
    """Wait until the app's 'running' status widget has gone."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=APP_TIMEOUT_MS,
    )


def open_page(page, url: str, ready: str | None = None) -> None:
    """Open a URL and wait for a text (default: the headline figures) and an idle app."""
    from playwright.sync_api import expect

    page.goto(url, timeout=APP_TIMEOUT_MS)
    if ready is None:
        shown = page.get_by_test_id("stMetric").filter(has_text="Deal rate").first
    else:
        shown = page.get_by_text(ready).first
    expect(shown).to_be_visible(timeout=APP_TIMEOUT_MS)
    wait_for_idle(page)


def metric_value(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label).first
    return metric.get_by_test_id("stMetricValue").inner_text()


def screenshot(page, name: str) -> None:
    """Write a screenshot when asked (DEALSIM_SCREENSHOTS names a folder)."""
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"))


def test_a_slider_change_reruns_and_the_url_keeps_it_across_a_reload(page, server):
    from playwright.sync_api import expect

    open_page(page, server)
    before = metric_value(page, "Deal rate")
    sidebar = page.get_by_test_id("stSidebar")
    expander = sidebar.get_by_test_id("stExpander").filter(has_text="Hamas (")
    expander.get_by_text("Hamas (").first.click()
    slider = (
        expander.get_by_test_id("stSlider")
        .filter(has_text="Reservation value")
        .get_by_role("slider")
    )
    slider.focus()
    for _ in range(30):  # 0.25 -> 0.55, one step (0.01) a key press
        slider.press("ArrowRight")
    expect(slider).to_have_value("0.55")
    sidebar.get_by_role("button", name="Apply and run").first.click()
    value = page.get_by_test_id("stMetric").filter(has_text="Deal rate").first
    expect(value.get_by_test_id("stMetricValue")).not_to_have_text(before, timeout=APP_TIMEOUT_MS)
    wait_for_idle(page)
    after = metric_value(page, "Deal rate")
    assert page.get_by_test_id("stException").count() == 0
    assert "set=" + URL_CHANGE.replace("=", "%3D", 1) in page.url or "set=" + URL_CHANGE in page.url

    page.reload(timeout=APP_TIMEOUT_MS)  # the URL brings every edit back
    expect(
        page.get_by_text("Changed from the file: Hamas: reservation value = 0.55")
    ).to_be_visible(timeout=APP_TIMEOUT_MS)
    wait_for_idle(page)
    assert metric_value(page, "Deal rate") == after
    screenshot(page, "after-reload")
    if os.environ.get("DEALSIM_UPDATE_SCREENSHOT"):  # refresh the one in docs/
        page.screenshot(path=str(SCREENSHOT))


def test_a_pasted_link_opens_the_scenario_changes_seed_and_tab(page, server):
    from playwright.sync_api import expect

    link = f"{server}/?scenario=no-safety-net.yaml&runs=100&seed=2&set={URL_CHANGE}&panel=Compare"
    open_page(page, link, ready="Headline figures (100 runs each")
    expect(page.get_by_text("Variant - no opposition safety net").first).to_be_visible()
    expect(page.get_by_text("100 runs from seed 2")).to_be_visible()
    expect(
        page.get_by_text("Changed from the file: Hamas: reservation value = 0.55")
    ).to_be_visible()
    expect(page.get_by_text("Headline figures (100 runs each")).to_be_visible(
        timeout=APP_TIMEOUT_MS
    )
    screenshot(page, "pasted-link-compare")


def test_the_negotiation_step_through_moves_round_by_round(page, server):
    from playwright.sync_api import expect

    open_page(page, f"{server}/?panel=Negotiation", ready="Step through the rounds")
    step = page.get_by_test_id("stSlider").filter(has_text="Step through the rounds")
    expect(step).to_be_visible(timeout=APP_TIMEOUT_MS)
    handle = step.get_by_role("slider")
    expect(page.get_by_text(re.compile(r"^Round (1\d|[2-9]): "))).to_be_visible()  # the deal's
    handle.focus()
    handle.press("Home")
    expect(page.get_by_text("Round 0:")).to_be_visible(timeout=APP_TIMEOUT_MS)
    wait_for_idle(page)
    expect(page.get_by_text("The text on the table, issue by issue")).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "negotiation-round-0")


def test_discovery_names_what_drives_a_collapse(page, server):
    from playwright.sync_api import expect

    open_page(page, f"{server}/?panel=Discovery", ready="Scenario discovery")
    outcome = page.get_by_test_id("stSelectbox").filter(has_text="Outcome")
    outcome.click()
    page.get_by_role("option", name="a government falls").click()
    expect(page.get_by_text("end in a government falls")).to_be_visible(timeout=APP_TIMEOUT_MS)
    wait_for_idle(page)
    expect(page.get_by_text("Boxes, densest first")).to_be_visible()
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "discovery-collapse")


def test_a_refused_upload_says_why(page, server, tmp_path):
    from playwright.sync_api import expect

    open_page(page, server)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a scenario")
    uploader = page.get_by_test_id("stFileUploader")
    expect(uploader.get_by_text("1MB per file")).to_be_visible()  # the real limit, not 200 MB
    uploader.locator("input[type=file]").set_input_files(str(notes))
    expect(page.get_by_text("notes.txt is not a valid scenario")).to_be_visible(
        timeout=APP_TIMEOUT_MS
    )
    expect(page.get_by_text("not a scenario file (.txt)", exact=False)).to_be_visible()
    screenshot(page, "refused-upload")
