"""Many (scenario, replication) runs at once: the engine behind sweeps, tornado charts, goal seek and compare.

Every run is ``run_once(program, scenario, seed, replication)``, so its draws depend only on
(seed, replication, program): how the runs are cut into chunks, and whether the chunks go to the
local process pool or to a Dask cluster, never changes a number, and two scenarios run with the
same seed share their random numbers (differences between them are not noise).

Only the key figures travel back from the workers: a run's full result (cash flow, timeline,
per-unit tables) is bulky to pickle and none of the callers here need it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from .runner import default_workers, on_pool, run_once
from .scenario import Scenario
from .schema import Program

KEY_FIGURES = ("quota", "enrolled", "fill_rate", "attended", "completed", "completion_rate", "cost_yuan")

ProgressFn = Callable[[int, int], None]
"""``on_progress(done, total)``: called in the caller's thread after each finished chunk of runs."""

CHUNKS_PER_WORKER = 4  # enough chunks for a smooth progress bar, few enough that pickling stays cheap


@dataclass(frozen=True)
class Job:
    scenario: Scenario
    replication: int = 0
    deterministic: bool = False


def key_figures(result: dict[str, Any]) -> dict[str, float]:
    return {k: float(result["totals"][k]) for k in KEY_FIGURES}


def _run_chunk(args: tuple[Program, int, list[Job]]) -> list[dict[str, float]]:
    program, seed, jobs = args
    return [key_figures(run_once(program, j.scenario, seed, j.replication, j.deterministic)) for j in jobs]


def _chunks(n: int, workers: int) -> list[range]:
    size = max(1, math.ceil(n / (workers * CHUNKS_PER_WORKER)))
    return [range(i, min(i + size, n)) for i in range(0, n, size)]


def _on_dask(address: str, tasks: list[tuple], done) -> list[list[dict[str, float]]]:
    from distributed import Client, as_completed as dask_completed  # only needed when a cluster is given

    with Client(address) as client:
        futures = client.map(_run_chunk, tasks, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        parts: list = [None] * len(tasks)
        for future in dask_completed(futures):
            i = index[future.key]
            parts[i] = future.result()
            done(len(parts[i]))
        return parts


def run_jobs(program: Program, jobs: Sequence[Job], seed: int = 0, workers: int | None = None,
             dask_address: str | None = None, on_progress: ProgressFn | None = None) -> list[dict[str, float]]:
    """Key figures of every job, in the order of ``jobs``.

    In this process when ``workers`` <= 1 (or there are very few jobs), on the shared local process
    pool otherwise, on the Dask cluster at ``dask_address`` (e.g. ``tcp://host:8786``) when given.
    """
    total = len(jobs)
    finished = 0

    def done(n: int) -> None:
        nonlocal finished
        finished += n
        if on_progress is not None:
            on_progress(finished, total)

    workers = default_workers() if workers is None else workers
    if not dask_address and (workers <= 1 or total < 4):
        out = []
        for job in jobs:
            out.extend(_run_chunk((program, seed, [job])))
            done(1)
        return out
    chunks = _chunks(total, max(workers, 8) if dask_address else workers)
    tasks = [(program, seed, [jobs[i] for i in c]) for c in chunks]
    parts = _on_dask(dask_address, tasks, done) if dask_address else on_pool(workers, _run_chunk, tasks, done)
    return [row for part in parts for row in part]
