"""Benchmark: a 10,000-run baseline ensemble with sampled parameters, on 2 workers.

For each executor (local processes, Dask LocalCluster) the ensemble is run
``--repeats`` times, each repetition in a fresh Python process so that its
memory figures are its own. Reported per executor:

- wall time of ``run_ensemble`` (median, min, max), including starting and
  stopping the worker pool or cluster, as a CLI user experiences it;
- peak resident memory (``resource.getrusage`` ``ru_maxrss``) of the main
  process, of the largest worker process (``RUSAGE_CHILDREN`` after the
  workers have exited), and their sum over main + workers as an upper bound
  of the peak total (each process's peak need not coincide in time);
- on Linux, the peak of the total RSS of the main process and all its
  descendants, sampled every 0.1 s from ``/proc``.
- CPU seconds (user + system) of the main process and of its worker
  processes once they have exited: on a busy machine the figure to compare,
  since wall time then depends on the other work.

Usage::

    python benchmarks/bench_ensemble.py [--runs 10000] [--workers 2] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline.yaml"


def one_repetition(executor: str, runs: int, workers: int, seed: int) -> dict:
    """Run the ensemble once in this process and measure it."""
    import sim
    from sim.experiments import run_ensemble, summarize

    scenario = sim.load_scenario(BASELINE)
    sampler = TreeMemorySampler()
    sampler.start()
    start = time.perf_counter()
    table = run_ensemble(scenario, runs, seed, executor=executor, workers=workers)
    wall = time.perf_counter() - start
    sampler.stop()
    summary = summarize(table, scenario)
    own_usage = resource.getrusage(resource.RUSAGE_SELF)
    children_usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = own_usage.ru_maxrss / 1024
    children = children_usage.ru_maxrss / 1024
    return {
        "wall_s": wall,
        "main_cpu_s": own_usage.ru_utime + own_usage.ru_stime,
        "workers_cpu_s": children_usage.ru_utime + children_usage.ru_stime,
        "main_peak_mb": own,
        "largest_worker_peak_mb": children,
        "tree_peak_mb": sampler.peak_mb,
        "rows": len(table),
        "deal_rate": summary.deal_rate,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--executors", nargs="+", default=["processes", "dask"])
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--sample-tree", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sample_tree:
        sample_tree(int(args.sample_tree[0]), float(args.sample_tree[1]))
        return
    if args.one:
        print(json.dumps(one_repetition(args.one, args.runs, args.workers, args.seed)))
        return

    print(
        f"{args.runs:,}-run baseline ensemble, sampled parameters, {args.workers} workers, "
        f"{args.repeats} repetitions; Python {platform.python_version()}, "
        f"{platform.machine()}, {_cpu_name()}"
    )
    for executor in args.executors:
        results = []
        for _ in range(args.repeats):
            command = [
                sys.executable,
                __file__,
                "--one",
                executor,
                "--runs",
                str(args.runs),
                "--workers",
                str(args.workers),
                "--seed",
                str(args.seed),
            ]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        walls = [r["wall_s"] for r in results]
        main_cpu = statistics.median(r["main_cpu_s"] for r in results)
        workers_cpu = statistics.median(r["workers_cpu_s"] for r in results)
        main_peak = max(r["main_peak_mb"] for r in results)
        worker_peak = max(r["largest_worker_peak_mb"] for r in results)
        tree_peak = max(r["tree_peak_mb"] for r in results)
        print(
            f"{executor:>10}: wall median {statistics.median(walls):.1f} s "
            f"(min {min(walls):.1f}, max {max(walls):.1f}); "
            f"{args.runs / statistics.median(walls):,.0f} runs/s; "
            f"CPU median main {main_cpu:.1f} s, workers {workers_cpu:.1f} s; "
            f"peak RSS main {main_peak:.0f} MB, largest worker {worker_peak:.0f} MB, "
            f"main + {args.workers} workers <= {main_peak + args.workers * worker_peak:.0f} MB, "
            f"sampled total peak {tree_peak:.0f} MB; "
            f"deal rate {results[0]['deal_rate']:.3f}"
        )


class TreeMemorySampler:
    """Samples the total RSS of this process and its descendants, from a process of its own.

    Not a thread: a caller running other threads spawns its ensemble's workers
    instead of forking them (``sim.experiments.executors.start_method``), and
    the benchmark measures what the command line does.
    """

    def __init__(self, interval: float = 0.1) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, __file__, "--sample-tree", str(os.getpid()), str(self.interval)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def stop(self) -> None:
        assert self._process is not None
        out, _ = self._process.communicate("")  # its stdin closes: it prints the peak and ends
        self.peak_mb = float(out.strip() or 0.0)


def sample_tree(pid: int, interval: float) -> None:
    """In the sampler's process: sample the tree under ``pid`` (not itself) until stdin closes."""
    peak = 0.0
    while not select.select([sys.stdin], [], [], interval)[0]:
        peak = max(peak, _tree_rss_mb(pid, skip=os.getpid()))
    print(peak)


def _tree_rss_mb(pid: int, skip: int | None = None) -> float:
    """RSS of a process and its descendants but ``skip``, in MB (0 where /proc is unavailable)."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        if current == skip:
            continue
        try:
            with open(f"/proc/{current}/statm") as statm:
                total += int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
