"""Run a program under a scenario: one replication, or many with mean and 95% interval.

This is the API the CLI, the dashboard, notebooks and report builders share.
"""

from __future__ import annotations

from typing import Any

from sim.catalog import MODEL_PARAMETERS, Program
from sim.results import aggregate, aggregate_cashflow, aggregate_deadlines, aggregate_enrolment
from sim.scenario import Params, Scenario, knobs

from .executor import Job, run_jobs
from .once import run_once

MAX_REPLICATIONS = 10_000  # the CLI and report builders refuse more: beyond this a run takes minutes
SEED_MAX = 2**63 - 1  # what numpy's seeding and the stores' 64-bit columns hold


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


def replicate(
    program: Program,
    scenario: Scenario,
    replications: int,
    seed: int = 0,
    workers: int | None = None,
    dask_address: str | None = None,
) -> list[dict[str, Any]]:
    """Independent replications ``0..replications-1``; the same indices give the same draws in any scenario.

    Local worker processes by default; on a Dask cluster when ``dask_address`` is given. The
    results are the same either way: each replication's draws depend only on its index.
    """
    return run_jobs(program, [Job(scenario, r) for r in range(replications)], seed, workers, dask_address)


def run(
    program: Program,
    scenario: Scenario,
    replications: int = 1,
    seed: int = 0,
    deterministic: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
) -> dict[str, Any]:
    """The full result: figures are numbers for one run, {mean, low, high} for several.

    ``deterministic`` replaces every draw by its expected value, so one run says it all.
    """
    runs = (
        [run_once(program, scenario, seed, 0, True)]
        if deterministic
        else replicate(program, scenario, replications, seed, workers, dask_address)
    )
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
