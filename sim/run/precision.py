"""Enough replications, and said so: add replications until each key figure's mean is known to a
stated precision, or a cap is reached.

In the spirit of sim-tools' ``ReplicationsAlgorithm`` (Hoad, Robinson & Davies 2010): after a few
initial replications, each figure's 95% half-width (Student's t, sim.results.precision) is compared
with ``precision`` x its mean; while any is wider, more replications are run -- as many as the
widest figure needs by the usual n x (width / target)^2 rule, at least a look-ahead's worth -- and
once all are within, a look-ahead of further replications must keep them there (a half-width can
dip below the target by chance at a small n). The answer is the count, each figure's precision,
and whether the cap stopped it short.

Replication r's draws depend on r alone, so the runs of one round are kept in the next. With the
unknowns drawn, a round's Latin hypercube has as many points as the round's count, and a larger
design is not an extension of a smaller one, so each round runs its whole design afresh; the Result
is the final round's, the same as ``run(..., replications=N, unknowns=True)``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

from sim.base import N_, ScenarioError
from sim.catalog import Program
from sim.results import KEY_FIGURES, Replication, Result, key_figures
from sim.results.precision import Precision, figure_precision
from sim.scenario import Scenario

from .executor import Job, ProgressFn, run_jobs
from .runner import result_of, run
from .unknowns import Unknown, drawn_scenarios

DEFAULT_PRECISION = 0.005  # half-width under 0.5% of the mean
DEFAULT_CAP = 500
INITIAL = 5  # replications before the first look
LOOK_AHEAD = 5  # replications that must keep the precision once reached (5% of the count beyond 100)


def look_ahead(n: int) -> int:
    """sim-tools' look-ahead: ``LOOK_AHEAD`` replications, or 5% of ``n`` once ``n`` passes 100."""
    return max(LOOK_AHEAD, math.floor(LOOK_AHEAD * n / 100))


def needed(n: int, worst: float, target: float) -> int:
    """The count at which the widest figure's relative half-width ``worst`` (at ``n``) would reach
    ``target``: the half-width shrinks as 1/sqrt(n)."""
    if math.isinf(worst):
        return 2 * n
    return math.ceil(n * (worst / target) ** 2)


def run_to_precision(
    program: Program,
    scenario: Scenario,
    precision: float = DEFAULT_PRECISION,
    max_replications: int = DEFAULT_CAP,
    seed: int = 0,
    deterministic: bool = False,
    unknowns: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    budget: int | None = None,
    time_limit: float | None = None,
    on_progress: ProgressFn | None = None,
    ranges: Mapping[str, Unknown] | None = None,
) -> Result:
    """``run`` with as many replications as the key figures need to be known within ``precision`` of
    their means (at most ``max_replications``); the Result's ``precision`` says how many and how well."""
    if not 0 < precision < 1:
        raise ScenarioError(f"precision must be in (0, 1), got {precision}", N_("error_precision"), got=precision)
    cap = max(1, max_replications)
    if deterministic and not unknowns:  # nothing varies: one run knows every figure exactly
        result = run(program, scenario, 1, seed, True, workers, dask_address, budget, time_limit)
        figures = tuple(figure_precision(f, [result.summary.totals.figure(f).mean], precision) for f in KEY_FIGURES)
        zero = tuple(dataclasses.replace(f, half_width=0.0, relative=0.0, met=True) for f in figures)
        return dataclasses.replace(result, precision=Precision(precision, 1, cap, True, zero))
    unknowns = unknowns or bool(ranges)
    reps: list[Replication] = []
    n, confirming = min(INITIAL, cap), False
    while True:
        start = 0 if unknowns else len(reps)  # a new design replaces the old one's worlds
        scenarios = drawn_scenarios(program, scenario, n, seed, ranges=ranges) if unknowns else [scenario] * n
        jobs = [Job(s, r, deterministic) for r, s in enumerate(scenarios)][start:]
        reps = reps[:start] + run_jobs(
            program, jobs, seed, workers, dask_address, on_progress, None, budget, time_limit
        )
        kept = [key_figures(r) for r in reps]
        figures = tuple(figure_precision(f, [k[f] for k in kept], precision) for f in KEY_FIGURES)
        met = all(f.met for f in figures)
        if (met and confirming) or n >= cap:
            break
        if met:  # reached: the look-ahead must keep it
            confirming, n = True, min(cap, n + look_ahead(n))
        else:
            worst = max(f.relative for f in figures)
            confirming, n = False, min(cap, max(needed(n, worst, precision), n + look_ahead(n)))
    result = result_of(program, scenario, reps, seed, deterministic, unknowns, bool(ranges))
    return dataclasses.replace(result, precision=Precision(precision, n, cap, met, figures))
