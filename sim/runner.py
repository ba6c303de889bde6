"""Run a program under a scenario: one replication, or many with mean and 95% interval.

This is the API the CLI, the dashboard, notebooks and report builders share.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import types
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from typing import Any, Callable

from .draws import Draws
from .engine import ProgramModel
from .results import aggregate, aggregate_cashflow, aggregate_deadlines, aggregate_enrolment, summarise
from .model_parameters import MODEL_PARAMETERS
from .scenario import Params, Scenario, knobs
from .schema import Program

MAX_REPLICATIONS = 10_000  # the CLI and report builders refuse more: beyond this a run takes minutes


def effective_values(program: Program, scenario: Scenario) -> dict[str, Any]:
    """Every knob's value as the model uses it in this scenario (precedence as in ``Params``)."""
    p = Params(program, scenario)
    tracks = {t.id: t for t in program.tracks}
    milestones = {m.id: m for m in program.milestones}
    out: dict[str, Any] = {}
    for key in knobs(program):
        owner, _, attr = key.partition(".")
        if key == "quota_scale":
            out[key] = p.quota_scale
        elif not attr:
            out[key] = p.param(key)
        elif owner in tracks:
            out[key] = p.rate(tracks[owner], attr) if attr in MODEL_PARAMETERS else p.slot(tracks[owner], attr)
        else:
            out[key] = p.date(owner, attr, getattr(milestones[owner], attr))
    return out


def run_once(program: Program, scenario: Scenario, seed: int = 0, replication: int = 0,
             deterministic: bool = False) -> dict[str, Any]:
    model = ProgramModel(program, Params(program, scenario), Draws(seed, replication, program.id, deterministic))
    return summarise(model.run())


def _run_chunk(args) -> list[dict[str, Any]]:
    program, scenario, seed, reps = args
    return [run_once(program, scenario, seed, r) for r in reps]


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


def on_pool(workers: int, fn: Callable[[Any], list], tasks: list, done: Callable[[int], None] | None = None) -> list:
    """``fn(task)`` for every task on the shared pool, results in task order; ``done(len(part))`` as each ends.

    A pool whose worker died (killed for memory, say) is replaced and the tasks run once more, so one
    crash does not break every later run. Tasks not yet started are cancelled if the caller stops
    waiting (Streamlit interrupts a run when a slider moves), so they do not queue ahead of the next.
    """
    try:
        return _gather(workers, fn, tasks, done)
    except BrokenProcessPool:
        shared_pool.cache_clear()
        return _gather(workers, fn, tasks, done)


def _gather(workers: int, fn: Callable[[Any], list], tasks: list, done: Callable[[int], None] | None) -> list:
    futures = {shared_pool(workers).submit(fn, task): i for i, task in enumerate(tasks)}
    parts: list = [None] * len(tasks)
    try:
        for future in as_completed(futures):
            i = futures[future]
            parts[i] = future.result()
            if done is not None:
                done(len(parts[i]))
        return parts
    finally:
        for future in futures:
            future.cancel()


def _on_dask(address: str, tasks: list[tuple]) -> list[list[dict[str, Any]]]:
    """Run chunks on the Dask cluster at ``address`` (e.g. tcp://10.0.0.5:8786)."""
    from distributed import Client  # only needed when a cluster is given

    # The connect timeout follows Dask's configuration (DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT).
    with Client(address) as client:
        return client.gather(client.map(_run_chunk, tasks, pure=False))


def default_workers() -> int:
    return min(os.cpu_count() or 1, 8)


def replicate(program: Program, scenario: Scenario, replications: int, seed: int = 0,
              workers: int | None = None, dask_address: str | None = None) -> list[dict[str, Any]]:
    """Independent replications ``0..replications-1``; the same indices give the same draws in any scenario.

    Local worker processes by default; on a Dask cluster when ``dask_address`` is given. The
    results are the same either way: each replication's draws depend only on its index.
    """
    workers = workers if workers is not None else default_workers()
    if dask_address:
        workers = max(workers, 8)  # enough chunks to spread over a cluster's workers
    elif workers <= 1 or replications < 4:
        return [run_once(program, scenario, seed, r) for r in range(replications)]
    chunks = [list(range(replications))[i::workers] for i in range(workers)]
    tasks = [(program, scenario, seed, c) for c in chunks if c]
    parts = _on_dask(dask_address, tasks) if dask_address else on_pool(workers, _run_chunk, tasks)
    by_rep = {r: res for c, part in zip(chunks, parts) for r, res in zip(c, part)}
    return [by_rep[r] for r in range(replications)]


def run(program: Program, scenario: Scenario, replications: int = 1, seed: int = 0,
        deterministic: bool = False, workers: int | None = None, dask_address: str | None = None) -> dict[str, Any]:
    """The full result: figures are numbers for one run, {mean, low, high} for several.

    ``deterministic`` replaces every draw by its expected value, so one run says it all.
    """
    runs = ([run_once(program, scenario, seed, 0, True)] if deterministic
            else replicate(program, scenario, replications, seed, workers, dask_address))
    if len(runs) == 1:
        body = runs[0]
    else:
        body = aggregate(runs)
        body["cashflow"] = aggregate_cashflow([r["cashflow"] for r in runs])
        body["deadlines"] = aggregate_deadlines([r["deadlines"] for r in runs])
        body["enrolment"] = aggregate_enrolment([r["enrolment"] for r in runs])
    return {
        **body,
        "program": program.id,
        "names": program.names.model_dump(),
        "scenario": effective_values(program, scenario),
        "overrides": dict(scenario.overrides),
        "deterministic": deterministic,
        "replications": len(runs),
        "seed": seed,
    }
