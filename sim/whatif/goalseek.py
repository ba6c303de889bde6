"""Goal seek: the smallest knob value that reaches a target within a budget cap, with its uncertainty.

    from sim.whatif import goal_seek
    g = goal_seek(program, scenario, target=10_000, metric="completed", knob="quota_scale",
                  budget_cap=40e6, replications=20)
    g.status, g.value_at_probability, g.value, g.trace

The search bisects each replication separately over the knob's range, with common random
numbers (replication r keeps its draws at every knob value), so each replication gets its own
answer: the smallest value whose ``metric`` >= ``target``. Their mean and 2.5/97.5 percentiles say
how uncertain the answer is; ``value_at_probability`` is the smallest value at which the target is
met in at least ``probability`` of the replications (the planning answer). The budget then decides
feasibility: the cheapest way to reach the target is its smallest knob value, so if cost there is
above ``budget_cap``, no value in the range does both.

This rests on two assumptions: the metric rises with the knob and so does cost. The evaluated points
are checked against both, and any violation is reported in ``warnings`` (bisection may then
miss a smaller answer).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from sim.base import N_, ScenarioError
from sim.catalog import UNIT_DIMENSION, Program
from sim.results import KEY_FIGURES, Figure, key_figures
from sim.run import Job, ProgressFn, effective_values, run_jobs
from sim.scenario import Scenario, bounds, clip, is_numeric, knobs, make_scenario

Status = Literal["reached", "over_budget", "unreachable"]
TRACE_COLUMNS = ["step", "replication", "value", "metric", "cost_yuan", "meets_target", "within_budget", "feasible"]
RELATIVE_TOLERANCE = 1e-4  # of the search range: finer than any slider the dashboard offers


@dataclass(frozen=True)
class GoalResult:
    program: str
    knob: str
    metric: str
    target: float
    budget_cap: float | None
    probability: float
    replications: int
    status: Status
    value_at_probability: float | None  # smallest value meeting target and budget in >= probability of runs
    value: Figure | None  # of the per-replication answers that reach the target
    cost_at_value: Figure | None
    per_replication: list[float | None]  # each replication's answer; None: target not reached in the range
    share_reached: float  # replications whose target is reachable in the range
    share_feasible: float  # ... and within the budget cap there
    low: float
    high: float
    warnings: list[Caution]
    trace: pd.DataFrame  # every evaluation, in order: TRACE_COLUMNS


def search_range(
    program: Program, scenario: Scenario, key: str, low: float | None = None, high: float | None = None
) -> tuple[float, float]:
    """Default search range: the knob's whole range for rates and the quota multiplier, 0 to 10x now otherwise."""
    knob = knobs(program)[key]
    lo, hi = bounds(knob)
    if high is None and UNIT_DIMENSION[knob.unit] != "ratio" and key != "quota_scale":
        current = float(effective_values(program, scenario)[key])
        high = clip(knob, 10 * current if current > 0 else 1.0)
    low, high = clip(knob, lo if low is None else low), clip(knob, hi if high is None else high)
    if not low < high:
        raise ScenarioError(
            f"goal seek: {key} range [{low:g}, {high:g}] is empty",
            N_("error_goal_empty_range"),
            setting=key,
            low=low,
            high=high,
        )
    return low, high


def _midpoint(lo: float, hi: float, whole: bool) -> float:
    return math.floor((lo + hi) / 2) if whole else (lo + hi) / 2


@dataclass(frozen=True)
class Caution:
    """A doubt about the answer: a code (``falls``: the metric or cost fell as the knob rose; ``flat``:
    the knob cannot move the metric) and its numbers, for a face to word in its language."""

    code: Literal["falls", "flat"]
    params: dict[str, Any]


def _monotonicity_warnings(trace: pd.DataFrame) -> list[Caution]:
    out = []
    for column in ("metric", "cost_yuan"):
        drops, largest = 0, 0.0
        for _, runs in trace.groupby("replication"):
            ordered = runs.sort_values("value")[column].to_numpy()
            fall = np.maximum.accumulate(ordered) - ordered
            scale = max(abs(ordered).max(), 1.0)
            if (fall > 1e-9 * scale).any():
                drops += 1
                largest = max(largest, float(fall.max()))
        if drops:
            runs = trace["replication"].nunique()
            out.append(Caution("falls", {"what": column, "drops": drops, "runs": runs, "largest": largest}))
    return out


def goal_seek(
    program: Program,
    scenario: Scenario,
    target: float,
    metric: str = "completed",
    knob: str = "quota_scale",
    budget_cap: float | None = None,
    replications: int = 20,
    seed: int = 0,
    deterministic: bool = False,
    probability: float = 0.95,
    low: float | None = None,
    high: float | None = None,
    tolerance: float | None = None,
    workers: int | None = None,
    dask_address: str | None = None,
    on_progress: ProgressFn | None = None,
) -> GoalResult:
    """Smallest ``knob`` value with ``metric`` >= ``target`` and cost_yuan <= ``budget_cap`` (None: no cap)."""
    valid = knobs(program)
    if knob not in valid or not is_numeric(valid[knob]):
        raise ScenarioError(
            f"goal seek: {knob!r} is not a numeric knob of {program.id}",
            N_("error_goal_not_numeric"),
            setting=knob,
            program=program.id,
        )
    if metric not in KEY_FIGURES or metric == "cost_yuan":
        known = ", ".join(f for f in KEY_FIGURES if f != "cost_yuan")
        raise ScenarioError(f"goal seek: metric must be one of {known}", N_("error_goal_metric"), known=known)
    if not 0 < probability <= 1:
        raise ScenarioError(
            f"goal seek: probability must be in (0, 1], got {probability}",
            N_("error_goal_probability"),
            got=probability,
        )
    reps = 1 if deterministic else replications
    if reps < 1:
        raise ScenarioError(
            f"replications must be at least 1, got {replications}", N_("error_replications_min"), got=replications
        )
    lo, hi = search_range(program, scenario, knob, low, high)
    whole = UNIT_DIMENSION[valid[knob].unit] == "count"
    tol = max(tolerance if tolerance is not None else (hi - lo) * RELATIVE_TOLERANCE, 1.0 if whole else 0.0)
    steps = max(1, math.ceil(math.log2((hi - lo) / tol))) if tol > 0 else 60
    total = reps * (3 + steps)  # both ends, the bisection steps, one secant step
    done = 0
    rows: list[dict] = []

    def evaluate(step: int, points: dict[int, float]) -> dict[int, dict[str, float]]:
        """Run replication r at value points[r] for every r given; record the trace rows."""
        nonlocal done
        jobs = [
            Job(make_scenario(program, {**scenario.overrides, knob: v}), r, deterministic) for r, v in points.items()
        ]

        def progress(n: int, _total: int) -> None:
            if on_progress is not None:
                on_progress(min(done + n, total), total)

        figures = dict(zip(points, run_jobs(program, jobs, seed, workers, dask_address, progress, keep=key_figures)))
        done += len(jobs)
        for r, v in points.items():
            f = figures[r]
            meets = f[metric] >= target
            within = budget_cap is None or f["cost_yuan"] <= budget_cap
            rows.append(
                {
                    "step": step,
                    "replication": r,
                    "value": v,
                    "metric": f[metric],
                    "cost_yuan": f["cost_yuan"],
                    "meets_target": meets,
                    "within_budget": within,
                    "feasible": meets and within,
                }
            )
        return figures

    at_lo = evaluate(0, dict.fromkeys(range(reps), lo))
    at_hi = evaluate(0, dict.fromkeys(range(reps), hi))
    # Per replication: the bracket ((below, metric there), (above, metric there)), metric(below) < target <= metric(above).
    brackets = {
        r: ((lo, at_lo[r][metric]), (hi, at_hi[r][metric]))
        for r in range(reps)
        if at_lo[r][metric] < target <= at_hi[r][metric]
    }
    answer = {
        r: (lo, at_lo[r]) if at_lo[r][metric] >= target else (hi, at_hi[r]) if r in brackets else None
        for r in range(reps)
    }
    step, final = 0, False
    while True:
        points = {}
        for r, ((below, m_below), (above, m_above)) in brackets.items():
            if final:  # one secant step: exact where the metric is linear in the knob, and never worse
                v = below + (target - m_below) / (m_above - m_below) * (above - below)
                v = math.ceil(v) if whole else v
            elif above - below > tol:
                v = _midpoint(below, above, whole)
            else:
                continue
            if below < v < above:
                points[r] = v
        if points:
            step += 1
            for r, f in evaluate(step, points).items():
                (below, m_below), (above, m_above) = brackets[r]
                if f[metric] >= target:
                    brackets[r], answer[r] = ((below, m_below), (points[r], f[metric])), (points[r], f)
                else:
                    brackets[r] = ((points[r], f[metric]), (above, m_above))
        if final:
            break
        final = not points
    if on_progress is not None:
        on_progress(total, total)
    trace = pd.DataFrame(rows, columns=TRACE_COLUMNS)
    warnings = _monotonicity_warnings(trace)
    if all(at_lo[r][metric] == at_hi[r][metric] for r in range(reps)):
        warnings.append(Caution("flat", {"low": lo, "high": hi}))
    return _result(program, knob, metric, target, budget_cap, probability, lo, hi, reps, answer, trace, warnings)


def _result(
    program: Program,
    knob: str,
    metric: str,
    target: float,
    budget_cap: float | None,
    probability: float,
    lo: float,
    hi: float,
    reps: int,
    answer: dict,
    trace: pd.DataFrame,
    warnings: list[Caution],
) -> GoalResult:
    reached = {r: a for r, a in answer.items() if a is not None}
    feasible = {r: v for r, (v, f) in reached.items() if budget_cap is None or f["cost_yuan"] <= budget_cap}
    need = math.ceil(probability * reps - 1e-9)  # replications that must succeed
    ranked = sorted(feasible.values())
    at_probability = ranked[need - 1] if len(ranked) >= need else None
    if at_probability is not None:
        status: Status = "reached"
    else:
        status = "over_budget" if len(reached) >= need else "unreachable"
    values = [v for v, _ in reached.values()]
    return GoalResult(
        program=program.id,
        knob=knob,
        metric=metric,
        target=target,
        budget_cap=budget_cap,
        probability=probability,
        replications=reps,
        status=status,
        value_at_probability=at_probability,
        value=Figure.of(values) if values else None,
        cost_at_value=Figure.of([f["cost_yuan"] for _, f in reached.values()]) if reached else None,
        per_replication=[answer[r][0] if answer[r] is not None else None for r in range(reps)],
        share_reached=len(reached) / reps,
        share_feasible=len(feasible) / reps,
        low=lo,
        high=hi,
        warnings=warnings,
        trace=trace,
    )
