"""Where chunks of runs are played: in this process, in local processes, or on Dask.

Every executor has one interface and is a context manager::

    with make_executor("processes", workers=2) as executor:
        for index, result in executor.run(function, shared, tasks):
            ...

``run`` calls ``function(shared, task)`` for every task and yields
``(task index, result)`` as tasks finish, in any order; the caller puts the
results back in order. ``shared`` (the scenario) is sent once per task to
local processes, and scattered once to every Dask worker.

Local worker processes are forked where that is safe: on Linux, from a
process running a single thread (the CLI, a script). A forked worker starts
with the parent's imports and warm caches, so a pool is ready without the
second or so each spawned worker takes to import Mesa, pandas and the
package. Elsewhere (another system, or a process with threads, such as the
dashboard's server) they are spawned (the method Mesa 3 makes the default on
import). Either way a task is a chunk of many runs, never a single run, and
the results are the same.

Local processes fail well: a few chunks per worker are in flight at a time and
each result is handed over (and forgotten) as it arrives, so memory does not
grow with the number of chunks; workers ignore SIGINT, and when the caller is
interrupted (Ctrl-C, or SIGTERM turned into an interrupt by the CLI) the
executor terminates its workers instead of waiting for their chunks; a worker
that dies (killed, out of memory) stops the run with an :class:`ExperimentError`.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, ClassVar

from sim.experiments.errors import ExperimentError

Task = Callable[[Any, Any], Any]

LOCAL_CLUSTER_CONFIG = {
    # the statistical profiler samples every worker's stack every 10 ms
    "distributed.worker.profile.enabled": False,
}


class Executor(ABC):
    """Plays tasks somewhere; a context manager that starts and stops its workers.

    Attributes:
        workers: how many tasks run at once.
    """

    name: ClassVar[str]

    def __init__(self, workers: int | None = None) -> None:
        if workers is not None and workers < 1:
            raise ExperimentError(f"workers must be at least 1, not {workers}")
        self.workers = workers or default_workers()
        self.started = False

    def __enter__(self) -> Executor:
        self.start()
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        if exc_type is not None:
            self.abort()
        self.close()

    def abort(self) -> None:
        """Stop work in flight at once (called when the caller fails or is interrupted)."""
        return None  # nothing runs elsewhere by default

    def start(self) -> None:
        """Start the workers (done on first use if not called)."""
        self.started = True

    def close(self) -> None:
        """Stop the workers; the executor can be started again."""
        self.started = False

    @abstractmethod
    def run(self, function: Task, shared: Any, tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:
        """Call ``function(shared, task)`` for every task; yield (index, result) as each ends."""


class SerialExecutor(Executor):
    """Plays every task in this process, in order."""

    name = "serial"

    def __init__(self, workers: int | None = None) -> None:
        super().__init__(1)

    def run(self, function: Task, shared: Any, tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:  # noqa: D102
        for index, task in enumerate(tasks):
            yield index, function(shared, task)


class ProcessExecutor(Executor):
    """A pool of local worker processes (``concurrent.futures``; see :func:`start_method`)."""

    name = "processes"

    IN_FLIGHT_PER_WORKER = 2
    """Chunks submitted ahead per worker: enough to keep every worker busy."""

    def __init__(self, workers: int | None = None) -> None:
        super().__init__(workers)
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:  # noqa: D102
        if self._pool is None:
            context = multiprocessing.get_context(start_method())
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_start_worker
            )
        super().start()

    def abort(self) -> None:
        """Terminate the worker processes now (their chunks are lost)."""
        if self._pool is not None:
            processes = list((getattr(self._pool, "_processes", None) or {}).values())
            for process in processes:
                if process.is_alive():
                    process.terminate()

    def close(self) -> None:  # noqa: D102
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        super().close()

    def run(self, function: Task, shared: Any, tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:  # noqa: D102
        self.start()
        pool = self._pool
        assert pool is not None
        waiting = iter(enumerate(tasks))
        running: dict[Future, int] = {}

        def submit_next() -> None:
            for index, task in waiting:
                running[pool.submit(function, shared, task)] = index
                return

        try:
            for _ in range(self.workers * self.IN_FLIGHT_PER_WORKER):
                submit_next()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    index = running.pop(future)
                    result = future.result()
                    del future  # the result leaves with the yield: nothing here keeps it
                    submit_next()
                    yield index, result
                    del result
        except BrokenProcessPool:
            self.abort()
            self.close()
            raise ExperimentError(
                "a worker process died (killed, or out of memory?); the runs were stopped. "
                "Try fewer --workers, or the serial executor"
            ) from None
        except BaseException:
            self.abort()
            raise
        finally:
            for future in running:
                future.cancel()


class DaskExecutor(Executor):
    """Dask distributed: a ``LocalCluster`` of worker processes, or a running scheduler.

    Args:
        workers: worker processes of the local cluster (ignored with a scheduler).
        scheduler: address of a running scheduler, e.g. ``tcp://10.0.0.5:8786``.
    """

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None) -> None:
        super().__init__(workers)
        if scheduler is not None:
            check_scheduler_address(scheduler)
        self.scheduler = scheduler
        self._cluster: Any = None
        self._client: Any = None

    def start(self) -> None:  # noqa: D102
        if self._client is not None:
            return
        from distributed import Client, LocalCluster

        if self.scheduler is not None:
            try:
                self._client = Client(self.scheduler, timeout="20s")
            except (OSError, ValueError, TypeError) as error:
                raise ExperimentError(
                    f"cannot reach the Dask scheduler at {self.scheduler}: {error}"
                ) from None
            self.workers = max(1, sum(self._client.nthreads().values()))
        else:
            import dask

            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            self._client = Client(self._cluster)
        super().start()

    def close(self) -> None:  # noqa: D102
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        super().close()

    def run(self, function: Task, shared: Any, tasks: Sequence[Any]) -> Iterator[tuple[int, Any]]:  # noqa: D102
        from distributed import as_completed as dask_as_completed

        self.start()
        client = self._client
        # hash=False: a key of its own, so that releasing it cannot touch another call's copy
        shared_future = client.scatter(shared, broadcast=True, hash=False)
        futures = [client.submit(function, shared_future, task, pure=False) for task in tasks]
        index = {future.key: i for i, future in enumerate(futures)}
        try:
            for future in dask_as_completed(futures):
                yield index[future.key], future.result()
        finally:
            client.cancel([*futures, shared_future])


EXECUTORS: dict[str, type[Executor]] = {
    executor.name: executor for executor in (SerialExecutor, ProcessExecutor, DaskExecutor)
}


def start_method() -> str:
    """How local workers start: ``fork`` on Linux from a single-threaded process, else ``spawn``.

    Forking a process that runs other threads can copy a lock another thread
    holds, so a process with threads spawns its workers.
    """
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _start_worker() -> None:
    """In a worker: leave Ctrl-C to the parent, which stops the workers itself.

    A forked worker inherits the parent's handlers: SIGTERM gets its default
    back, so that stopping a worker ends it. What the worker inherited or
    imported is frozen out of the garbage collector's sweeps: they then look
    only at what the worker's runs allocate (and leave the inherited pages
    shared with the parent).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.freeze()


def check_scheduler_address(address: str) -> None:
    """Refuse a scheduler address that Dask could not parse (before anything starts).

    Raises:
        ExperimentError: not ``[protocol://]host:port`` with a port from 1 to 65535.
    """
    from distributed.comm.addressing import parse_address, parse_host_port

    example = "e.g. tcp://10.0.0.5:8786"
    try:
        protocol, location = parse_address(address)
        if protocol in ("tcp", "tls", "ws", "wss", "ucx"):
            _, port = parse_host_port(location)
            if not 1 <= int(port) <= 65535:
                raise ValueError(f"port {port} is not from 1 to 65535")
    except (ValueError, TypeError) as error:
        raise ExperimentError(
            f"--scheduler: '{address}' is not a scheduler address ({example}): {error}"
        ) from None


def default_workers() -> int:
    """Worker count when none is given: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def make_executor(name: str, workers: int | None = None, scheduler: str | None = None) -> Executor:
    """An executor by name: ``serial``, ``processes`` or ``dask``.

    Raises:
        ExperimentError: an unknown name, a scheduler for a non-Dask executor,
            or fewer than one worker.
    """
    if name not in EXECUTORS:
        raise ExperimentError(f"unknown executor '{name}'; known: {', '.join(EXECUTORS)}")
    if scheduler is not None and name != "dask":
        raise ExperimentError(f"a scheduler address needs the dask executor, not '{name}'")
    if name == "dask":
        return DaskExecutor(workers, scheduler)
    return EXECUTORS[name](workers)
