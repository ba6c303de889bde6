"""Many (scenario, replication) runs reduced to their key figures: the engine behind sweeps, tornado
charts, goal seek and compare.

Only the key figures travel back from the workers: a run's full result (cash flow, timeline,
per-unit tables) is bulky to pickle and none of the callers here need it. Where and how the runs
execute is ``sim.executor``'s business.
"""
from __future__ import annotations

from typing import Any, Sequence

from .executor import Job, ProgressFn, run_jobs as _run_jobs
from .schema import Program

__all__ = ["KEY_FIGURES", "Job", "ProgressFn", "key_figures", "run_jobs"]

KEY_FIGURES = ("quota", "enrolled", "fill_rate", "attended", "completed", "completion_rate", "cost_yuan")


def key_figures(result: dict[str, Any]) -> dict[str, float]:
    return {k: float(result["totals"][k]) for k in KEY_FIGURES}


def run_jobs(program: Program, jobs: Sequence[Job], seed: int = 0, workers: int | None = None,
             dask_address: str | None = None, on_progress: ProgressFn | None = None) -> list[dict[str, float]]:
    """Key figures of every job, in the order of ``jobs`` (see ``sim.executor.run_jobs``)."""
    return _run_jobs(program, jobs, seed, workers, dask_address, on_progress, keep=key_figures)
