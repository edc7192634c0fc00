"""Benchmark: the dashboard in Chromium, from the click on 'Apply and run' to the figures.

Side by side in one script, two servers of the same dashboard:

- ``pool``: as shipped (a process pool kept alive across reruns, runs in
  chunks on both cores);
- ``in-server``: the same page with ``DEALSIM_DASHBOARD_WORKERS=0``, every run
  played in the server's own thread (as the dashboard did before).

For each: the cold start (page opened on a fresh server: first paint, then
the first figures), then ``--repeats`` reruns of ``--runs`` baseline runs,
each with a new seed so that nothing comes from the cache. A rerun is timed
from the click to the end of the script run (the figures drawn, Streamlit's
running indicator gone). Medians, min and max are printed as JSON.

Usage::

    python benchmarks/bench_dashboard.py [--runs 500] [--repeats 5]

Needs Debian's chromium at /usr/bin/chromium and the ``test`` extra (playwright).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
TIMEOUT_MS = 180_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(workers: str | None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    if workers is not None:
        env["DEALSIM_DASHBOARD_WORKERS"] = workers
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
        "--server.headless", "true", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return process, url
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


FINISHED = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-stale="true"]')
    && !document.querySelector('[data-testid="stProgress"]')
    && !!document.querySelector('[data-testid="stMetric"]')"""
"""The script run is over: no running indicator, no element left from the last run (Streamlit
marks those stale until they are drawn again), no progress bar, and the figures are there."""


def wait_idle(page) -> None:
    page.wait_for_function(FINISHED, timeout=TIMEOUT_MS, polling=20)


def measure(browser, url: str, runs: int, repeats: int) -> dict:
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    started = time.monotonic()
    page.goto(url, timeout=TIMEOUT_MS)
    page.get_by_text("dealsim").first.wait_for(timeout=TIMEOUT_MS)
    first_paint = time.monotonic() - started
    page.get_by_test_id("stMetric").first.wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)
    first_figures = time.monotonic() - started
    page.wait_for_timeout(4000)  # let the pool's workers finish starting, as a user would
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_label("Runs").fill(str(runs))
    times = []
    for seed in range(1, repeats + 1):
        field = sidebar.get_by_label("Seed")
        field.fill(str(seed))
        field.press("Tab")
        clicked = time.monotonic()
        sidebar.get_by_role("button", name="Apply and run").first.click()
        page.get_by_text(f"{runs} runs from seed {seed}").wait_for(timeout=TIMEOUT_MS)
        wait_idle(page)
        page.get_by_test_id("stMetric").first.wait_for(timeout=TIMEOUT_MS)
        times.append(time.monotonic() - clicked)
    page.close()
    return {
        "cold_first_paint_s": round(first_paint, 2),
        "cold_first_figures_s": round(first_figures, 2),
        "rerun_median_s": round(statistics.median(times), 2),
        "rerun_min_s": round(min(times), 2),
        "rerun_max_s": round(max(times), 2),
        "reruns_s": [round(t, 2) for t in times],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    results = {"runs": args.runs, "repeats": args.repeats, "load_before": os.getloadavg()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for name, workers in (("pool", None), ("in-server", "0")):
                process, url = start_server(workers)
                try:
                    results[name] = measure(browser, url, args.runs, args.repeats)
                finally:
                    stop(process)
        finally:
            browser.close()
    results["load_after"] = os.getloadavg()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
