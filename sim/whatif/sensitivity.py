"""Sensitivity around a scenario: tornado data (one knob at a time) and two-way grids for heat maps.

The tornado moves each assumption over its own plausible range (the data's ``range``), so the
bars compare what is plausible, not one fixed percentage; a knob without a range (the quota
multiplier, a documented fee) or one the scenario sets itself moves by ``relative`` of its value.

Every run uses the same seed and replication indices, so all variants share their random numbers
(common random numbers): the swing between a knob's low and high value is the knob's effect, not
sampling noise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import pandas as pd

from sim.base import N_, ScenarioError
from sim.catalog import Program
from sim.results import KEY_FIGURES, Figure, key_figures
from sim.run import Job, ProgressFn, effective_values, run_jobs
from sim.scenario import Scenario, bounds, clip, dashboard_keys, group, is_numeric, knobs, make_scenario

from .sweep import sweep

TORNADO_METRICS = ("cost_yuan", "completed")


def own_range(program: Program, scenario: Scenario, key: str) -> bool:
    """Whether the tornado moves ``key`` over its data's range: an unknown the scenario leaves open."""
    return knobs(program)[key].range is not None and key not in scenario.overrides


def knob_low_high(
    program: Program, scenario: Scenario, key: str, relative: float, ranges: bool = False
) -> tuple[float, float, float]:
    """(low, current, high): the current value -/+ ``relative`` of itself, inside the knob's range.

    A knob at zero has no relative neighbourhood; it moves to ``relative`` of its range's top instead.
    ``ranges``: an unknown the scenario leaves open (``own_range``) goes to its plausible range's ends.
    """
    knob = knobs(program)[key]
    current = float(effective_values(program, scenario)[key])
    if ranges and own_range(program, scenario, key):
        assert knob.range is not None
        return knob.range.low, current, knob.range.high
    if current == 0:
        return 0.0, 0.0, clip(knob, relative * bounds(knob)[1])
    return clip(knob, current * (1 - relative)), current, clip(knob, current * (1 + relative))


def tornado(
    program: Program,
    scenario: Scenario,
    keys: Sequence[str] | None = None,
    metrics: Sequence[str] = TORNADO_METRICS,
    relative: float = 0.2,
    replications: int = 20,
    seed: int = 0,
    deterministic: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    on_progress: ProgressFn | None = None,
    ranges: bool = True,
) -> pd.DataFrame:
    """One row per (metric, knob): the metric's mean at the knob's low, current and high value.

    ``keys`` default to the dashboard's knobs (quota multiplier, the three rates, fee standards).
    ``ranges``: unknowns move over their own range (``knob_low_high``), said per row in ``own_range``;
    False moves every knob by ``relative``. Rows are sorted by metric, then by ``swing`` =
    |at_high - at_low|, largest first.
    """
    valid = knobs(program)
    keys = list(keys) if keys is not None else dashboard_keys(program)
    for key in keys:
        if key not in valid or not is_numeric(valid[key]):
            raise ScenarioError(
                f"tornado: {key!r} is not a numeric knob of {program.id}",
                N_("error_tornado_not_numeric"),
                setting=key,
                program=program.id,
            )
    if not 0 < relative <= 1:
        raise ScenarioError(
            f"tornado: relative change must be in (0, 1], got {relative}", N_("error_tornado_relative"), got=relative
        )
    reps = 1 if deterministic else replications
    points = {key: knob_low_high(program, scenario, key, relative, ranges) for key in keys}
    variants = [scenario] + [
        make_scenario(program, {**scenario.overrides, key: v}) for key in keys for v in (points[key][0], points[key][2])
    ]
    runs = run_jobs(
        program,
        [Job(s, r, deterministic) for s in variants for r in range(reps)],
        seed,
        workers,
        dask_address,
        on_progress,
        keep=key_figures,
    )

    def mean(i: int, metric: str) -> float:
        return sum(run[metric] for run in runs[i * reps : (i + 1) * reps]) / reps

    rows = []
    for metric in metrics:
        for j, key in enumerate(keys):
            low, current, high = points[key]
            at_low, at_high = mean(1 + 2 * j, metric), mean(2 + 2 * j, metric)
            rows.append(
                {
                    "metric": metric,
                    "knob": key,
                    "group": group(valid[key]),
                    "own_range": ranges and own_range(program, scenario, key),
                    "value_low": low,
                    "value_current": current,
                    "value_high": high,
                    "at_low": at_low,
                    "at_current": mean(0, metric),
                    "at_high": at_high,
                    "swing": abs(at_high - at_low),
                }
            )
    table = pd.DataFrame(rows)
    return table.sort_values(["metric", "swing"], ascending=[True, False], kind="stable").reset_index(drop=True)


def two_way(
    program: Program,
    scenario: Scenario,
    x: tuple[str, Sequence[Any]],
    y: tuple[str, Sequence[Any]],
    replications: int = 20,
    seed: int = 0,
    deterministic: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    on_progress: ProgressFn | None = None,
) -> pd.DataFrame:
    """A heat-map table: one row per (x value, y value, figure) with mean, low and high over replications.

    ``x`` and ``y`` are ``(knob, values)``, e.g. ``("quota_scale", [0.8, 1, 1.2])``; the other knobs
    stay as in ``scenario``.
    """
    (x_key, x_values), (y_key, y_values) = x, y
    if x_key == y_key:
        raise ScenarioError(
            f"two_way needs two different knobs, got {x_key!r} twice", N_("error_two_way_same_knob"), setting=x_key
        )
    runs = sweep(
        program,
        {x_key: x_values, y_key: y_values},
        scenario.overrides,
        replications,
        seed,
        deterministic,
        workers,
        dask_address,
        on_progress,
    )
    return summarise_runs(runs, [x_key, y_key])


def summarise_runs(runs: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Tidy {by..., figure, mean, low, high} from a sweep table (low/high: 2.5th and 97.5th percentiles)."""
    long = runs.melt(id_vars=by, value_vars=list(KEY_FIGURES), var_name="figure")
    rows = [
        {**dict(zip([*by, "figure"], key)), **asdict(Figure.of(group.to_numpy()))}
        for key, group in long.groupby([*by, "figure"], sort=False)["value"]
    ]
    return pd.DataFrame(rows)
