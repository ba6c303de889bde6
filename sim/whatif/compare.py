"""Side-by-side comparison of up to six scenarios of one program, and what drives their differences.

    from sim.whatif import compare
    result = compare(program, {"扩招": make_scenario(program, {"quota_scale": 1.2}), ...}, replications=20)
    result.figures_table()   # scenario x figure: mean, low, high, and the difference from the baseline
    result.drivers_table()   # scenario x metric x lever: Shapley parts that add up to the change

The baseline is the program as documented (no overrides), run with the same seed and
replications, so each replication of a scenario and of the baseline share their random numbers
and the differences' intervals measure the scenario, not sampling noise. With ``unknowns`` the
replications also draw what the documents leave open, and replication r of every scenario is the
same plausible world (``sim.run.unknowns``): a difference's interval holds only what the scenario
changes about the unknowns' effect, tight where the figure does not depend on them.

The driver breakdown splits the change in cost and in completed trainees between the levers
(``sim.scenario.GROUPS``: quota, participation, attendance, completion, fees, other) by the
Shapley value over the levers the scenario changes, computed on deterministic runs (expected
values): each lever's part is its average marginal effect over every order of applying the
levers, so interactions (more seats x higher fees) are shared fairly and the parts add up
exactly to the total change.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from sim.base import N_, ScenarioError, shown
from sim.catalog import Program
from sim.results import KEY_FIGURES, Figure, key_figures
from sim.run import Job, ProgressFn, drawn_scenarios, run_jobs
from sim.scenario import GROUPS, Scenario, group, knobs, make_scenario

MAX_SCENARIOS = 6
DRIVER_METRICS = ("cost_yuan", "completed")
BASELINE = "baseline"


@dataclass(frozen=True)
class ScenarioFigures:
    name: str
    overrides: dict[str, Any]
    figures: dict[str, Figure]  # over the replications
    difference: dict[str, Figure]  # of (scenario - baseline) per replication


@dataclass(frozen=True)
class Drivers:
    """How much of one metric's change (deterministic) each lever explains; ``parts`` sum to ``change``."""

    name: str
    metric: str
    baseline: float
    value: float
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def change(self) -> float:
        return self.value - self.baseline


@dataclass(frozen=True)
class Comparison:
    program: str
    seed: int
    replications: int
    baseline: ScenarioFigures
    scenarios: list[ScenarioFigures]
    drivers: list[Drivers]

    def figures_table(self) -> pd.DataFrame:
        """One row per (scenario, figure), the baseline first: mean, low, high, diff_mean, diff_low, diff_high."""
        rows = [
            {
                "scenario": s.name,
                "figure": f,
                **asdict(s.figures[f]),
                **{f"diff_{k}": v for k, v in asdict(s.difference[f]).items()},
            }
            for s in [self.baseline, *self.scenarios]
            for f in KEY_FIGURES
        ]
        return pd.DataFrame(rows)

    def drivers_table(self) -> pd.DataFrame:
        """One row per (scenario, metric, lever): the lever's part of the change."""
        rows = [
            {"scenario": d.name, "metric": d.metric, "driver": lever, "contribution": part, "total_change": d.change}
            for d in self.drivers
            for lever, part in d.parts.items()
        ]
        return pd.DataFrame(rows, columns=["scenario", "metric", "driver", "contribution", "total_change"])


def lever_overrides(program: Program, scenario: Scenario) -> dict[str, dict[str, Any]]:
    """The scenario's overrides split by lever, in ``GROUPS`` order (levers it does not touch left out)."""
    valid = knobs(program)
    by_lever: dict[str, dict[str, Any]] = {}
    for key, value in scenario.overrides.items():
        by_lever.setdefault(group(valid[key]), {})[key] = value
    return {g: by_lever[g] for g in GROUPS if g in by_lever}


def _coalitions(program: Program, levers: dict[str, dict[str, Any]]) -> dict[frozenset, Scenario]:
    """The scenario with each subset of its levers applied (the empty subset is the baseline)."""
    out = {}
    for size in range(len(levers) + 1):
        for subset in itertools.combinations(levers, size):
            out[frozenset(subset)] = make_scenario(program, {k: v for g in subset for k, v in levers[g].items()})
    return out


def shapley(players: Sequence[str], value: Mapping[frozenset, float]) -> dict[str, float]:
    """Shapley value of each player for the coalition function ``value`` (defined on every subset)."""
    n = len(players)
    out = {}
    for p in players:
        others = [q for q in players if q != p]
        total = 0.0
        for size in range(n):
            weight = math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
            for subset in itertools.combinations(others, size):
                s = frozenset(subset)
                total += weight * (value[s | {p}] - value[s])
        out[p] = total
    return out


def driver_breakdown(
    program: Program,
    scenarios: Mapping[str, Scenario],
    metrics: Sequence[str] = DRIVER_METRICS,
    workers: int | None = None,
    dask_address: str | None = None,
) -> list[Drivers]:
    """Shapley parts of each metric's deterministic change, per scenario (one batch of runs for all)."""
    plans = {
        name: (levers := lever_overrides(program, s), _coalitions(program, levers)) for name, s in scenarios.items()
    }
    unique = list(dict.fromkeys(sc for _, coalitions in plans.values() for sc in coalitions.values()))
    results = dict(
        zip(unique, run_jobs(program, [Job(s, 0, True) for s in unique], 0, workers, dask_address, keep=key_figures))
    )
    out = []
    for name, (levers, coalitions) in plans.items():
        for metric in metrics:
            value = {subset: results[sc][metric] for subset, sc in coalitions.items()}
            out.append(
                Drivers(name, metric, value[frozenset()], value[frozenset(levers)], shapley(list(levers), value))
            )
    return out


def check_scenarios(program: Program, scenarios: Mapping[str, Scenario]) -> None:
    """At most ``MAX_SCENARIOS`` scenarios of ``program``, each named (not the baseline's name): ScenarioError else."""
    if not 1 <= len(scenarios) <= MAX_SCENARIOS:
        raise ScenarioError(
            f"compare takes 1 to {MAX_SCENARIOS} scenarios, got {len(scenarios)}",
            N_("error_compare_count"),
            top=MAX_SCENARIOS,
            got=len(scenarios),
        )
    for name, s in scenarios.items():
        if not name.strip() or name == BASELINE:
            raise ScenarioError(
                f"scenario names must be non-empty and not {BASELINE!r}, got {name!r}",
                N_("error_scenario_name"),
                baseline=BASELINE,
                got=shown(name),
            )
        if s.program_id != program.id:
            raise ScenarioError(
                f"scenario {name!r} is for {s.program_id}, not {program.id}",
                N_("error_named_scenario_other_program"),
                name=name,
                scenario_program=s.program_id,
                program=program.id,
            )


def compare(
    program: Program,
    scenarios: Mapping[str, Scenario],
    replications: int = 20,
    seed: int = 0,
    workers: int | None = None,
    dask_address: str | None = None,
    on_progress: ProgressFn | None = None,
    deterministic: bool = False,
    unknowns: bool = False,
) -> Comparison:
    """Key figures with intervals, differences from the baseline, and the driver breakdown.

    ``deterministic``: one expected-value run per scenario instead of ``replications`` random ones
    (with ``unknowns``: one expected-value run per plausible world).
    """
    check_scenarios(program, scenarios)
    if replications < 1:
        raise ScenarioError(
            f"replications must be at least 1, got {replications}", N_("error_replications_min"), got=replications
        )
    replications = 1 if deterministic and not unknowns else replications
    named = {BASELINE: make_scenario(program), **scenarios}

    def worlds(s: Scenario) -> list[Scenario]:
        return drawn_scenarios(program, s, replications, seed) if unknowns else [s] * replications

    jobs = [Job(w, r, deterministic) for s in named.values() for r, w in enumerate(worlds(s))]
    runs = run_jobs(program, jobs, seed, workers, dask_address, on_progress, keep=key_figures)
    per_name = {
        name: (s.overrides, runs[i * replications : (i + 1) * replications])
        for i, (name, s) in enumerate(named.items())
    }
    drivers = driver_breakdown(program, scenarios, workers=workers, dask_address=dask_address)
    return comparison_of(program.id, seed, per_name, drivers)


Runs = Sequence[Mapping[str, float]]  # the KEY_FIGURES of each replication, in index order


def comparison_of(
    program_id: str, seed: int, runs: Mapping[str, tuple[Mapping[str, Any], Runs]], drivers: list[Drivers]
) -> Comparison:
    """The comparison of scenarios already run: ``runs`` maps each name (the baseline's ``BASELINE``,
    first) to its overrides and its replications' key figures. Replication i of every scenario must
    share its random numbers and world with the baseline's (the same seed, index and design), so the
    differences pair them."""
    base_runs = runs[BASELINE][1]

    def figures(name: str) -> ScenarioFigures:
        overrides, mine = runs[name]
        return ScenarioFigures(
            name,
            dict(overrides),
            {f: Figure.of([r[f] for r in mine]) for f in KEY_FIGURES},
            {f: Figure.of([r[f] - b[f] for r, b in zip(mine, base_runs)]) for f in KEY_FIGURES},
        )

    return Comparison(
        program_id,
        seed,
        len(base_runs),
        figures(BASELINE),
        [figures(n) for n in runs if n != BASELINE],
        drivers,
    )
