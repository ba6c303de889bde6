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

With ``confidence`` the question is asked over what the documents leave open instead: "the smallest
quota multiplier that reaches 95% fill in 90% of plausible cases". Every candidate value is run in
the same ``worlds`` plausible worlds (the rows of the runner's Latin hypercube for this seed, so
they are the worlds of ``run(..., unknowns=True)``), each with the expected-value model (chance off,
as in the Sobol shares), all worlds of a candidate in one batch. The answer is the smallest value on
the knob's step grid (``step``: 0.01 for rates and multipliers, 1 for counts and yuan) at which the
share of worlds meeting the target is at least ``confidence`` -- or the largest, where the metric
falls as the knob rises (a fill rate as seats are added). The search keeps a bracket of the grid
and jumps to where each world's metric, interpolated between the values run so far, crosses the
target (exact for a metric linear in the knob: about four batches), and halves the bracket instead
once two jumps in a row have not. ``share_at_answer`` and ``share_at_current`` say how likely the target is
met at the answer and at the scenario's own value of the knob (the documents', unless the
scenario sets it).
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
from sim.run import Job, ProgressFn, drawn_scenarios, effective_values, run_jobs
from sim.scenario import Scenario, bounds, clip, is_numeric, knobs, make_scenario

Status = Literal["reached", "over_budget", "unreachable"]
TRACE_COLUMNS = ["step", "replication", "value", "metric", "cost_yuan", "meets_target", "within_budget", "feasible"]
RELATIVE_TOLERANCE = 1e-4  # of the search range: finer than any slider the dashboard offers
DEFAULT_WORLDS = 32  # plausible worlds per candidate: a share known to about 1/32, and a page answers in seconds
# The grid a confidence answer lies on, by the knob's dimension: the dashboard's slider step for rates
# and multipliers, whole units otherwise (a finer answer than the worlds can tell apart means nothing).
GRID_STEP = {"ratio": 0.01, "multiplier": 0.01, "amount": 0.01}


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
    # Over the plausible worlds (``confidence`` given; None otherwise): the probability asked for, the
    # knob's value in the scenario, and the share of worlds meeting target and cap at the answer and there.
    confidence: float | None = None
    current: float | None = None
    share_at_answer: float | None = None
    share_at_current: float | None = None
    direction: Literal["rises", "falls"] = "rises"  # "falls": the answer is the largest value


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
    """A doubt about the answer: a code (``falls``: the metric or cost fell as the knob rose; ``rises``:
    a metric sought the other way, falling with the knob, rose; ``flat``: the knob cannot move the
    metric) and its numbers, for a face to word in its language."""

    code: Literal["falls", "rises", "flat"]
    params: dict[str, Any]


def _monotonicity_warnings(trace: pd.DataFrame, falls: bool = False) -> list[Caution]:
    """Runs whose metric moved against the search's direction (``falls``: it should fall) or whose cost fell."""
    out = []
    for column in ("metric", "cost_yuan"):
        drops, largest = 0, 0.0
        flip = -1.0 if falls and column == "metric" else 1.0
        for _, runs in trace.groupby("replication"):
            ordered = flip * runs.sort_values("value")[column].to_numpy()
            fall = np.maximum.accumulate(ordered) - ordered
            scale = max(abs(ordered).max(), 1.0)
            if (fall > 1e-9 * scale).any():
                drops += 1
                largest = max(largest, float(fall.max()))
        if drops:
            runs = trace["replication"].nunique()
            code: Literal["falls", "rises"] = "rises" if flip < 0 else "falls"
            out.append(Caution(code, {"what": column, "drops": drops, "runs": runs, "largest": largest}))
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
    confidence: float | None = None,
    worlds: int = DEFAULT_WORLDS,
    step: float | None = None,
) -> GoalResult:
    """Smallest ``knob`` value with ``metric`` >= ``target`` and cost_yuan <= ``budget_cap`` (None: no cap).

    With ``confidence`` (a probability), over ``worlds`` plausible worlds of the unknowns instead of
    replications of chance (see the module's words); ``replications``, ``probability``,
    ``deterministic`` and ``tolerance`` then play no part."""
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
    if confidence is not None:
        return _seek_over_worlds(
            program, scenario, target, metric, knob, budget_cap, confidence, worlds, seed, low, high, step,
            workers, dask_address, on_progress,
        )  # fmt: skip
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


def grid_step(program: Program, knob: str) -> float:
    """The precision of a confidence answer for ``knob`` (GRID_STEP; 1 for counts, yuan and days)."""
    return GRID_STEP.get(UNIT_DIMENSION[knobs(program)[knob].unit], 1.0)


def _seek_over_worlds(
    program: Program,
    scenario: Scenario,
    target: float,
    metric: str,
    knob: str,
    budget_cap: float | None,
    confidence: float,
    worlds: int,
    seed: int,
    low: float | None,
    high: float | None,
    step: float | None,
    workers: int | None,
    dask_address: str | None,
    on_progress: ProgressFn | None,
) -> GoalResult:
    if not 0 < confidence <= 1:
        raise ScenarioError(
            f"goal seek: confidence must be in (0, 1], got {confidence}", N_("error_goal_probability"), got=confidence
        )
    if worlds < 1:
        raise ScenarioError(f"worlds must be at least 1, got {worlds}", N_("error_replications_min"), got=worlds)
    lo, hi = search_range(program, scenario, knob, low, high)
    grid = step if step is not None and step > 0 else grid_step(program, knob)
    current = float(effective_values(program, scenario)[knob])
    # A program with nothing left open (or a scenario setting all of it) has one world.
    if drawn_scenarios(program, scenario, 2, seed) == [scenario] * 2:
        worlds = 1
    need = math.ceil(confidence * worlds - 1e-9)  # worlds that must meet the target
    rows: list[dict] = []
    seen: dict[float, tuple[np.ndarray, np.ndarray]] = {}  # value -> (metric, cost) per world
    step_no = 0
    estimate = 2 + math.ceil(math.log2(max((hi - lo) / grid, 2)))  # batches, for the progress bar

    def evaluate(values: list[float]) -> None:
        """Every world at each of ``values`` (those not yet run), in one batch."""
        nonlocal step_no
        fresh = [v for v in dict.fromkeys(values) if v not in seen]
        if not fresh:
            return
        jobs = [
            Job(w, 0, True)
            for v in fresh
            for w in drawn_scenarios(program, make_scenario(program, {**scenario.overrides, knob: v}), worlds, seed)
        ]
        done = len(seen) * worlds

        def progress(n: int, _total: int) -> None:
            if on_progress is not None:
                total = max(estimate, len(seen) + len(fresh)) * worlds
                on_progress(min(done + n, total), total)

        kept = run_jobs(program, jobs, seed, workers, dask_address, progress, keep=key_figures)
        for i, v in enumerate(fresh):
            figures = kept[i * worlds : (i + 1) * worlds]
            m = np.array([f[metric] for f in figures], dtype=float)
            c = np.array([f["cost_yuan"] for f in figures], dtype=float)
            seen[v] = (m, c)
            for w in range(worlds):
                meets, within = bool(m[w] >= target), budget_cap is None or bool(c[w] <= budget_cap)
                rows.append(
                    {
                        "step": step_no,
                        "replication": w,
                        "value": v,
                        "metric": m[w],
                        "cost_yuan": c[w],
                        "meets_target": meets,
                        "within_budget": within,
                        "feasible": meets and within,
                    }
                )
        step_no += 1

    def feasible(v: float) -> np.ndarray:
        m, c = seen[v]
        return (m >= target) & (np.ones(worlds, bool) if budget_cap is None else c <= budget_cap)

    evaluate([lo, hi, current] if lo <= current <= hi else [lo, hi])
    # The smallest value is asked for, unless the target holds at the low end and not at the high
    # one: then the metric falls as the knob rises (a fill rate as seats are added), and the question
    # is how far the knob may go: the largest value.
    falls = bool((seen[lo][0] >= target).sum() >= need > (seen[hi][0] >= target).sum())
    sign = -1.0 if falls else 1.0

    # Search in x = sign * value, where the worlds meeting the target grow with x. Rising, the
    # bracket's condition is the target alone (the cheapest answer is the smallest value; the cap is
    # checked there); falling, target and cap both hold less as the value rises, so it is both.
    def good(v: float) -> bool:
        return int((feasible(v) if falls else seen[v][0] >= target).sum()) >= need

    def margin(v: float) -> np.ndarray:
        """Per world, how far above the target (and, falling, under the cap) as a share of it."""
        m, c = seen[v]
        out = (m - target) / max(abs(target), 1e-12)
        return np.minimum(out, (budget_cap - c) / max(budget_cap, 1e-12)) if falls and budget_cap else out

    # The bracket: the smallest x run where enough worlds hold, and the largest x below it (where they
    # do not). A metric that is not monotone (checked in ``warnings``) may hold again further down.
    answer: float | None = min((sign * v for v in seen if good(v)), default=None)
    below = [sign * v for v in seen if answer is not None and sign * v < answer]
    if answer is not None and below:
        bad_end, good_end, missed = sign * max(below), sign * answer, 0
        while (inside := _grid_inside(sign * bad_end, sign * good_end, grid)) is not None:
            first, last = inside
            if missed < 2:  # each world's crossing, interpolated between the values run so far
                x = _crossing_quantile(seen, margin, sign, need, worlds)
                x = math.ceil(round(x / grid, 6)) * grid
            else:
                x = math.floor(round((sign * bad_end + sign * good_end) / 2 / grid, 6)) * grid
            v = sign * round(min(max(x, first), last), 10)
            width = abs(good_end - bad_end)
            evaluate([v])
            if good(v):
                good_end = v
            else:
                bad_end = v
            # A jump that did not halve the bracket may still have hit the answer (the next jump tests
            # the grid point beside it); after two such, only halving is sure to end in time.
            if missed < 2:
                missed = 0 if abs(good_end - bad_end) <= width / 2 else missed + 1
        answer = good_end
    elif answer is not None:
        answer = sign * answer
    if on_progress is not None:
        on_progress(len(seen) * worlds, len(seen) * worlds)
    trace = pd.DataFrame(rows, columns=TRACE_COLUMNS)
    warnings = _monotonicity_warnings(trace, falls)
    if np.array_equal(seen[lo][0], seen[hi][0]):
        warnings.append(Caution("flat", {"low": lo, "high": hi}))
    met = {v: int((m >= target).sum()) for v, (m, _) in seen.items()}
    at_answer = None if answer is None else float(feasible(answer).mean())
    status: Status
    if answer is None:  # falling: no value both meets the target and fits the cap in enough worlds
        status = "over_budget" if max(met.values()) >= need else "unreachable"
    else:
        status = "reached" if feasible(answer).sum() >= need else "over_budget"
    cost = None if answer is None else Figure.of(seen[answer][1].tolist())
    return GoalResult(
        program=program.id,
        knob=knob,
        metric=metric,
        target=target,
        budget_cap=budget_cap,
        probability=confidence,
        replications=worlds,
        status=status,
        value_at_probability=answer if status == "reached" else None,
        value=None,  # no per-world answers: the share of worlds at each candidate decides
        cost_at_value=cost,
        per_replication=[],
        share_reached=max(met.values()) / worlds,  # at the best value run
        share_feasible=at_answer if at_answer is not None else 0.0,
        low=lo,
        high=hi,
        warnings=warnings,
        trace=trace,
        confidence=confidence,
        current=current,
        share_at_answer=at_answer,
        share_at_current=float(feasible(current).mean()) if current in seen else None,
        direction="falls" if falls else "rises",
    )


def _grid_inside(x0: float, x1: float, grid: float) -> tuple[float, float] | None:
    """The first and last grid points strictly between x0 < x1, or None when there are none."""
    first = (math.floor(round(x0 / grid, 6)) + 1) * grid
    last = (math.ceil(round(x1 / grid, 6)) - 1) * grid
    return (round(first, 10), round(last, 10)) if first <= last + 1e-12 else None


def _crossing_quantile(seen: dict, margin, sign: float, need: int, worlds: int) -> float:
    """The ``need``-th smallest, over the worlds, of where each world's margin crosses zero (x = sign *
    value), linear between the neighbouring values run; a world that never crosses counts as beyond."""
    xs = sorted(sign * v for v in seen)
    margins = np.array([margin(sign * x) for x in xs])  # (values, worlds)
    crossing = np.full(worlds, np.inf)
    for w in range(worlds):
        col = margins[:, w]
        if col[0] >= 0:
            crossing[w] = xs[0]
            continue
        above = np.nonzero(col >= 0)[0]
        if above.size:
            j = int(above[0])
            x0, x1, m0, m1 = xs[j - 1], xs[j], col[j - 1], col[j]
            crossing[w] = x0 + (0 - m0) / (m1 - m0) * (x1 - x0)
    return float(np.sort(crossing)[need - 1])
