"""Run a program under a scenario: one replication, or many with mean and 95% interval.

This is the API the CLI, the dashboard, notebooks and report builders share.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sim.catalog import MODEL_PARAMETERS, Program
from sim.results import Replication, Result, flows_side_by_side, side_by_side, summary_of
from sim.scenario import Params, Scenario, knobs

from .executor import Job, run_jobs
from .unknowns import Unknown, drawn_scenarios

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
    budget: int | None = None,
    time_limit: float | None = None,
    unknowns: bool = False,
    chance: bool = True,
    ranges: Mapping[str, Unknown] | None = None,
) -> list[Replication]:
    """Independent replications ``0..replications-1``; the same indices give the same draws in any scenario.

    Local worker processes by default; on a Dask cluster when ``dask_address`` is given. The
    results are the same either way: each replication's draws depend only on its index.
    ``unknowns`` draws the values the documents leave open from their ranges, one point of a Latin
    hypercube per replication (``sim.run.unknowns``); ``chance=False`` replaces the random draws by
    their expected values, so only the unknowns vary; ``ranges`` replaces some of the unknowns'
    values and ranges (a calibration's, ``sim.actuals.calibrated_unknowns``). ``budget`` and
    ``time_limit`` are the cost guard's (see ``run_jobs``).
    """
    if unknowns:
        scenarios = drawn_scenarios(program, scenario, replications, seed, ranges=ranges)
    else:
        scenarios = [scenario] * replications
    jobs = [Job(s, r, not chance) for r, s in enumerate(scenarios)]
    return run_jobs(program, jobs, seed, workers, dask_address, budget=budget, time_limit=time_limit)


def run(
    program: Program,
    scenario: Scenario,
    replications: int = 1,
    seed: int = 0,
    deterministic: bool = False,
    workers: int | None = None,
    dask_address: str | None = None,
    budget: int | None = None,
    time_limit: float | None = None,
    unknowns: bool = False,
    ranges: Mapping[str, Unknown] | None = None,
) -> Result:
    """The tidy tables of every replication and their summary (figures {mean, low, high}, one run or many).

    ``deterministic`` replaces every draw by its expected value, so one run says it all -- unless
    ``unknowns`` draws the open values too: then each replication is one plausible world at its
    expected values (the interval is the unknowns' alone). A run over
    ``budget`` cell-replications is refused before it starts (BudgetExceeded); one still running after
    ``time_limit`` seconds stops (RunTimeout). ``ranges`` (e.g. a calibration's) replaces the
    ranges and values of those unknowns and draws them: the result says it is ``calibrated``.
    """
    unknowns = unknowns or bool(ranges)
    if deterministic and not unknowns:
        reps = run_jobs(program, [Job(scenario, 0, True)], seed, workers=1, budget=budget, time_limit=time_limit)
    else:
        reps = replicate(
            program,
            scenario,
            replications,
            seed,
            workers,
            dask_address,
            budget,
            time_limit,
            unknowns=unknowns,
            chance=not deterministic,
            ranges=ranges,
        )
    return result_of(program, scenario, reps, seed, deterministic, unknowns, bool(ranges))


def result_of(
    program: Program,
    scenario: Scenario,
    reps: list[Replication],
    seed: int,
    deterministic: bool,
    unknowns: bool,
    calibrated: bool = False,
) -> Result:
    """The Result of replications already run (in index order) of ``scenario``."""
    replicates = side_by_side(reps)
    return Result(
        program=program.id,
        names=program.names.model_dump(),
        scenario=effective_values(program, scenario),
        overrides=dict(scenario.overrides),
        deterministic=deterministic,
        replications=len(reps),
        seed=seed,
        summary=summary_of(replicates, flows_side_by_side(reps)),
        replicates=replicates,
        unknowns=unknowns,
        calibrated=calibrated,
    )
