"""Ensembles for the page: on both cores, chunk by chunk, cached by content, stoppable.

- **Both cores.** One process pool serves every session and every rerun
  (``st.cache_resource``); its workers import the package once, at start-up,
  in the background (:func:`pool`). Until they are ready, and for small
  ensembles, the runs are played in this process.
- **Progress.** :func:`sim.ensemble_in_chunks` hands over the table after
  every chunk; the page shows a progress bar and the deal rate so far.
- **Stop.** Streamlit stops a script at its next element call when Stop is
  pressed, a new run starts, or the session ends; the progress bar is such a
  call after every chunk, and leaving the loop cancels the chunks not started.
- **Bounded.** A request is refused past :data:`MAX_WORK` runs × rounds.
- **Cache by content.** Finished ensembles are kept by the scenario's digest,
  the runs and the seed; a stopped one is not kept.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import OrderedDict
from contextlib import closing
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

import sim

MAX_WORK = 1_000_000
"""Most runs × rounds one request may ask for (5,000 runs of 200 rounds)."""
POOL_FROM_RUNS = 200
"""Ensembles smaller than this run in this process: the pool's overhead would not pay."""
STORE_ENTRIES = 64
PAINT_EVERY = 0.25
"""Seconds between two paints of the partial results."""
WORKERS_VARIABLE = "DEALSIM_DASHBOARD_WORKERS"
"""Worker processes of the shared pool (default: the CPUs); 0 plays every run in the server."""


def pool_workers() -> int | None:
    """The pool's size from the environment: None for the CPUs, 0 for no pool."""
    value = os.environ.get(WORKERS_VARIABLE, "").strip()
    return int(value) if value.isdigit() else None


class TooMuchWork(ValueError):
    """A request past the ceiling on runs × rounds."""


def check_work(runs: int, rounds: int) -> None:
    """Refuse an ensemble of more than :data:`MAX_WORK` runs × rounds, saying what fits."""
    if runs * rounds > MAX_WORK:
        most = max(1, MAX_WORK // max(rounds, 1))
        raise TooMuchWork(
            f"{runs:,} runs × {rounds:,} rounds = {runs * rounds:,} run-rounds is over this "
            f"dashboard's limit of {MAX_WORK:,} a request: use at most {most:,} runs with "
            f"{rounds:,} rounds, or the command line (dealsim ensemble) for more."
        )


def digest(scenario: sim.Scenario) -> str:
    """A scenario's content as a short hash: the key of every cache here."""
    return hashlib.sha256(scenario.model_dump_json().encode()).hexdigest()[:24]


HASH = {sim.Scenario: digest}
"""``hash_funcs`` for ``st.cache_data``: a scenario is hashed by content, never re-parsed."""


@dataclass
class Pool:
    """The shared process pool and whether its workers have imported the package."""

    executor: sim.Executor
    ready: threading.Event = field(default_factory=threading.Event)


@st.cache_resource(show_spinner=False)
def pool() -> Pool:
    """The process pool every session shares, its workers warmed up in the background."""
    workers = pool_workers()
    executor = sim.make_executor("serial" if workers == 0 else "processes", workers or None)
    executor.start()
    shared = Pool(executor)
    if workers == 0:
        return shared  # never ready: every run is played in the server

    def warm() -> None:
        try:
            for _ in executor.run(sim.warm_up, None, range(executor.workers)):
                pass
        except Exception:  # a pool that cannot start: the page plays runs in this process
            return
        shared.ready.set()

    threading.Thread(target=warm, name="dealsim-warm-up", daemon=True).start()
    return shared


class Store:
    """Finished ensembles by (digest, runs, seed), the least recently used dropped first."""

    def __init__(self, entries: int = STORE_ENTRIES) -> None:
        self.entries = entries
        self.items: OrderedDict[tuple[str, int, int], tuple[pd.DataFrame, sim.Summary]] = (
            OrderedDict()
        )
        self.lock = threading.Lock()

    def get(self, key: tuple[str, int, int]) -> tuple[pd.DataFrame, sim.Summary] | None:
        with self.lock:
            found = self.items.get(key)
            if found is not None:
                self.items.move_to_end(key)
            return found

    def put(self, key: tuple[str, int, int], value: tuple[pd.DataFrame, sim.Summary]) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.entries:
                self.items.popitem(last=False)


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The finished ensembles of every session."""
    return Store()


def executor_for(runs: int) -> sim.Executor:
    """The shared pool when it is ready and the ensemble is large enough, else this process."""
    shared = pool()
    if runs >= POOL_FROM_RUNS and shared.ready.is_set():
        return shared.executor
    return sim.make_executor("serial")


def ensemble(
    scenario: sim.Scenario, runs: int, seed: int, label: str = "Running the ensemble"
) -> tuple[pd.DataFrame, sim.Summary]:
    """The ensemble's table and summary, from the store or played now with progress shown.

    Raises:
        TooMuchWork: past the ceiling on runs × rounds.
        sim.ExperimentError: a draw the scenario refuses.
    """
    check_work(runs, scenario.protocol.rounds)
    key = (digest(scenario), runs, seed)
    found = store().get(key)
    if found is not None:
        return found
    executor = executor_for(runs)
    workers = executor.workers
    chunk = sim.chunk_size(runs, workers)
    panel = st.empty()
    started = time.monotonic()
    painted = 0.0
    table = None
    with closing(sim.ensemble_in_chunks(scenario, runs, seed, executor, chunk)) as chunks:
        for table in chunks:
            done = len(table)
            now = time.monotonic()
            # an element call after every chunk: where Streamlit stops a cancelled script
            if done == runs or now - painted < PAINT_EVERY:
                panel.progress(done / runs, text=f"{label}: {done:,} of {runs:,} runs")
                continue
            painted = now
            with panel.container():
                st.progress(done / runs, text=f"{label}: {done:,} of {runs:,} runs")
                deals = int(table["deal"].sum())
                st.caption(
                    f"So far: {deals:,} deals in {done:,} runs ({100 * deals / done:.1f}%), "
                    f"{now - started:.1f} s on {workers} {'core' if workers == 1 else 'cores'}."
                )
    panel.empty()
    assert table is not None
    result = (table, sim.summarize(table, scenario))
    store().put(key, result)
    return result
