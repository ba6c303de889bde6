"""Parameter sweeps: every combination of a grid of knob values, each replicated, as one tidy table.

    from sim.whatif import sweep
    table = sweep(program, {"quota_scale": [0.8, 1, 1.2], "participation_rate": [0.8, 0.9]},
                  replications=20, seed=0, on_progress=lambda done, total: ...)

One row per (combination, replication): ``program``, ``combination``, ``replication``, one column
per grid key (the value as the model reads it), then the key figures. Runs go through
``sim.run.run_jobs`` one (combination, replication) at a time, so the same seed gives the same
table on one worker, many, or a Dask cluster.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from sim.base import N_, ScenarioError, checked_output, shown, write_atomically
from sim.catalog import Program
from sim.results import KEY_FIGURES, key_figures
from sim.run import Job, ProgressFn, run_jobs
from sim.scenario import Scenario, make_scenario

MAX_RUNS = 100_000  # a grid beyond this is a typo, not a plan (it would run for hours)
OUTPUT_SUFFIXES = (".parquet", ".csv")


def parse_grid(items: Sequence[str]) -> dict[str, list[str]]:
    """``["quota_scale=0.8,1,1.2", ...]`` (the CLI's ``--grid``) -> {key: [values]}; values stay text."""
    grid: dict[str, list[str]] = {}
    for item in items:
        key, sep, values = item.partition("=")
        key = key.strip()
        parts = [v.strip() for v in values.split(",")]
        if not sep or not key or not all(parts):
            raise ScenarioError(f"--grid expects KEY=V1,V2,..., got {item!r}", N_("error_grid_syntax"), got=shown(item))
        if key in grid:
            raise ScenarioError(
                f"--grid {key} is given twice; list all its values in one --grid", N_("error_grid_twice"), setting=key
            )
        grid[key] = parts
    return grid


def combinations(
    program: Program, grid: Mapping[str, Sequence[Any]], base: Mapping[str, Any] | None = None
) -> list[Scenario]:
    """Every combination of the grid on top of ``base``, validated (ScenarioError names the bad key)."""
    if not grid:
        raise ScenarioError("a sweep needs at least one grid key with values", N_("error_grid_empty"))
    for key, values in grid.items():
        if len(values) == 0:
            raise ScenarioError(f"grid key {key!r} has no values", N_("error_grid_no_values"), setting=key)
    return [
        make_scenario(program, {**(base or {}), **dict(zip(grid, combo))})
        for combo in itertools.product(*grid.values())
    ]


def sweep(
    program: Program,
    grid: Mapping[str, Sequence[Any]],
    base: Mapping[str, Any] | None = None,
    replications: int = 1,
    seed: int = 0,
    deterministic: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    on_progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """Run every grid combination ``replications`` times (once if ``deterministic``); a tidy table."""
    reps = 1 if deterministic else replications
    if reps < 1:
        raise ScenarioError(
            f"replications must be at least 1, got {replications}", N_("error_replications_min"), got=replications
        )
    scenarios = combinations(program, grid, base)
    if len(scenarios) * reps > MAX_RUNS:
        raise ScenarioError(
            f"{len(scenarios)} combinations x {reps} replications is more than {MAX_RUNS:,} runs",
            N_("error_sweep_too_many"),
            combinations=len(scenarios),
            replications=reps,
            top=MAX_RUNS,
        )
    jobs = [Job(s, r, deterministic) for s in scenarios for r in range(reps)]
    figures = run_jobs(program, jobs, seed, workers, dask_address, on_progress, keep=key_figures)
    rows = []
    for (i, scenario), r in itertools.product(enumerate(scenarios), range(reps)):
        values = scenario.overrides
        rows.append(
            {
                "program": program.id,
                "combination": i,
                "replication": r,
                **{k: values[k] for k in grid},
                **figures[i * reps + r],
            }
        )
    return pd.DataFrame(rows, columns=["program", "combination", "replication", *grid, *KEY_FIGURES])


def write_table(table: pd.DataFrame, path: Path | str) -> Path:
    """Write ``table`` as Parquet or CSV (by the suffix), atomically; DataError on a bad path."""
    path = checked_output(path, OUTPUT_SUFFIXES)
    if path.suffix.lower() == ".csv":
        write_atomically(path, lambda tmp: table.to_csv(tmp, index=False))
    else:
        write_atomically(path, lambda tmp: table.to_parquet(tmp, index=False))
    return path
