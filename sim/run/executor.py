"""Where runs execute: in this process, on a shared local process pool, or on a Dask cluster.

Every run is ``run_once(program, scenario, seed, replication)``, so its draws depend only on
(seed, replication, program): how the runs are cut into chunks, and whether the chunks go to the
local pool or to Dask, never changes a number, and two scenarios run with the same seed share
their random numbers (differences between them are not noise).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import sys
import threading
import time
import types
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sim.base import N_, ScenarioError, first_line, shown
from sim.catalog import Program
from sim.results import Replication
from sim.scenario import Scenario

from .budget import check_sizes, current_limits
from .once import run_once

ProgressFn = Callable[[int, int], None]
"""``on_progress(done, total)``: called in the caller's thread after each finished chunk of runs."""

CHUNKS_PER_WORKER = 4  # enough chunks for a smooth progress bar, few enough that pickling stays cheap


@lru_cache(maxsize=4)
def shared_pool(workers: int) -> ProcessPoolExecutor:
    """A long-lived pool: starting processes per call would cost more than a small run.

    A single-threaded caller (CLI, tests, a notebook) forks its workers. A caller with other threads
    running (the dashboard's server) gets them from a fork server instead, since a child forked
    while another thread holds a lock can hang; but those children re-import the caller's
    ``__main__``, which inside Streamlit is the dashboard script. So the workers are started here,
    at once, with a blank ``__main__``: they import only what their tasks need.
    """
    if threading.active_count() == 1:
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"))
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        for future in [pool.submit(int) for _ in range(workers)]:  # each submit starts a worker while none is idle
            future.result()
    finally:
        sys.modules["__main__"] = main
    return pool


def on_pool(
    workers: int,
    fn: Callable[[Any], list],
    tasks: list,
    done: Callable[[int], None] | None = None,
    time_limit: float | None = None,
) -> list:
    """``fn(task)`` for every task on the shared pool, results in task order; ``done(len(part))`` as each ends.

    Callers share the workers fairly (see ``_Callers``), and ``time_limit`` seconds after the start a
    run that has not finished raises RunTimeout. A pool whose worker died (killed for memory, say)
    is replaced and the tasks run once more, so one crash does not break every later run. Tasks not
    yet started are cancelled if the caller stops waiting (Streamlit interrupts a run when a slider
    moves), so they do not queue ahead of the next.
    """
    deadline = None if time_limit is None else time.monotonic() + time_limit
    try:
        return _gather(workers, fn, tasks, done, deadline)
    except BrokenProcessPool:
        shared_pool.cache_clear()
        return _gather(workers, fn, tasks, done, deadline)


class RunTimeout(ScenarioError):
    """A run that did not finish within its time limit; what it had not started was cancelled."""


class _Callers:
    """The runs sharing the pool at this moment, so that none holds every worker.

    Alone, a run keeps every worker busy (and one task queued, so none idles between tasks). With
    others, each keeps at most its share of the workers busy, and submits its next task only when
    one of its own ends: a colleague's small run waits for one task of a big run, not for all of it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0

    @contextmanager
    def joined(self) -> Iterator[None]:
        with self._lock:
            self._count += 1
        try:
            yield
        finally:
            with self._lock:
                self._count -= 1

    def share(self, workers: int) -> int:
        with self._lock:
            others = self._count - 1
        return workers + 1 if others <= 0 else max(1, workers // (others + 1))


_callers = _Callers()


def _gather(
    workers: int,
    fn: Callable[[Any], list],
    tasks: list,
    done: Callable[[int], None] | None,
    deadline: float | None,
) -> list:
    pool = shared_pool(workers)
    parts: list = [None] * len(tasks)
    running: dict[Future, int] = {}
    following = 0
    with _callers.joined():
        try:
            while following < len(tasks) or running:
                while following < len(tasks) and len(running) < _callers.share(workers):
                    running[pool.submit(fn, tasks[following])] = following
                    following += 1
                timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
                finished, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
                if not finished:
                    left = len(tasks) - following + len(running)
                    raise RunTimeout(
                        f"the run did not finish within its time limit ({left} of {len(tasks)} parts left); "
                        "try fewer replications or a smaller scenario",
                        N_("error_time_limit"),
                        left=left,
                        total=len(tasks),
                    )
                for future in finished:
                    i = running.pop(future)
                    parts[i] = future.result()
                    if done is not None:
                        done(len(parts[i]))
            return parts
        finally:
            for future in running:
                future.cancel()


def default_workers() -> int:
    return min(os.cpu_count() or 1, 8)


@dataclass(frozen=True)
class Job:
    scenario: Scenario
    replication: int = 0
    deterministic: bool = False


def _run_chunk(args: tuple) -> list:
    program, seed, jobs, keep = args
    results = (run_once(program, j.scenario, seed, j.replication, j.deterministic) for j in jobs)
    return [keep(r) if keep is not None else r for r in results]


def _chunks(n: int, workers: int) -> list[range]:
    size = max(1, math.ceil(n / (workers * CHUNKS_PER_WORKER)))
    return [range(i, min(i + size, n)) for i in range(0, n, size)]


def _on_dask(address: str, tasks: list[tuple], done) -> list[list]:
    """Run chunks on the Dask cluster at ``address`` (e.g. tcp://10.0.0.5:8786)."""
    from distributed import Client  # only needed when a cluster is given
    from distributed import as_completed as dask_completed

    # The connect timeout follows Dask's configuration (DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT).
    try:
        client = Client(address)
    except (ValueError, TypeError, OSError, TimeoutError) as e:  # a malformed address, or nobody listening
        reason = first_line(e)[:200]
        raise ScenarioError(
            f"Dask scheduler {shown(address)}: cannot connect ({reason}); "
            "expected the address of a running scheduler, e.g. tcp://HOST:8786",
            N_("error_dask_unreachable"),
            address=shown(address),
            reason=reason,
        ) from None
    with client:
        futures = client.map(_run_chunk, tasks, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        parts: list = [None] * len(tasks)
        for future in dask_completed(futures):
            i = index[future.key]
            parts[i] = future.result()
            done(len(parts[i]))
        return parts


def run_jobs(
    program: Program,
    jobs: Sequence[Job],
    seed: int = 0,
    workers: int | None = None,
    dask_address: str | None = None,
    on_progress: ProgressFn | None = None,
    keep: Callable[[Replication], Any] | None = None,
    budget: int | None = None,
    time_limit: float | None = None,
) -> list:
    """Every job's result, in the order of ``jobs``: the full result, or ``keep(result)`` computed in the
    worker (a module-level function, so it pickles) when only part of it is needed.

    In this process when ``workers`` <= 1 (or there are very few jobs), on the shared local process
    pool otherwise, on the Dask cluster at ``dask_address`` (e.g. ``tcp://host:8786``) when given.
    The jobs' size is checked against ``budget`` first (``sim.run.budget``: BudgetExceeded), and a
    local run stops with RunTimeout after ``time_limit`` seconds.
    """
    check_sizes(program, Counter(j.scenario for j in jobs), budget)
    if time_limit is None:
        time_limit = current_limits().time_limit
    deadline = None if time_limit is None else time.monotonic() + time_limit
    total = len(jobs)
    finished = 0

    def done(n: int) -> None:
        nonlocal finished
        finished += n
        if on_progress is not None:
            on_progress(finished, total)

    workers = default_workers() if workers is None else workers
    if not dask_address and (workers <= 1 or total < 4):
        out: list = []
        for job in jobs:
            if deadline is not None and time.monotonic() > deadline:
                raise RunTimeout(
                    f"the run did not finish within its time limit ({total - len(out)} of {total} runs left)",
                    N_("error_time_limit"),
                    left=total - len(out),
                    total=total,
                )
            out.extend(_run_chunk((program, seed, [job], keep)))
            done(1)
        return out
    chunks = _chunks(total, max(workers, 8) if dask_address else workers)
    tasks = [(program, seed, [jobs[i] for i in c], keep) for c in chunks]
    parts = (
        _on_dask(dask_address, tasks, done) if dask_address else on_pool(workers, _run_chunk, tasks, done, time_limit)
    )
    return [row for part in parts for row in part]
