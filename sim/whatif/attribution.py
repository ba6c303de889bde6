"""Which assumption matters: each unknown's share of a figure's uncertainty (variance-based global
sensitivity, Sobol's first-order and total indices, estimated with SALib).

The figure is the expected-value model's (no chance) over the unknowns' joint ranges: Saltelli's
design of ``n x (d + 2)`` points in the unit cube (``SALib.sample.sobol``), each turned into values
by the unknowns' own shapes, one deterministic run each. The first-order share is what fixing that
assumption alone would remove; the total share adds what it does together with the others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from sim.base import N_, ScenarioError
from sim.catalog import Program
from sim.results import KEY_FIGURES, key_figures
from sim.run import Job, ProgressFn, Unknown, run_jobs, unknowns, world
from sim.scenario import Scenario

MIN_BASE = 8  # Saltelli's base sample: below this the indices are noise


@dataclass(frozen=True)
class Share:
    key: str  # the unknown's knob
    first: float  # first-order index: the share of the variance this assumption alone explains
    total: float  # total index: with its interactions
    first_conf: float  # half-width of the 95% bootstrap interval of ``first``
    total_conf: float


def variance_shares(
    found: Sequence[Unknown], evaluate: Callable[[np.ndarray], np.ndarray], n: int, seed: int = 0
) -> list[Share]:
    """Sobol indices of ``evaluate`` (rows of unit-cube points -> one value each) over ``found``,
    each point's column j taken as a quantile of ``found[j]``; sorted by total share, largest first."""
    problem = {"num_vars": len(found), "names": [u.key for u in found], "bounds": [[0.0, 1.0]] * len(found)}
    points = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    values = np.asarray(evaluate(points), dtype=float)
    if np.ptp(values) == 0:  # the figure does not move at all: nothing to share out
        return [Share(u.key, 0.0, 0.0, 0.0, 0.0) for u in found]
    found_indices = sobol_analyze.analyze(problem, values, calc_second_order=False, seed=seed)
    shares = [
        Share(u.key, float(s1), float(st), float(c1), float(ct))
        for u, s1, st, c1, ct in zip(
            found, found_indices["S1"], found_indices["ST"], found_indices["S1_conf"], found_indices["ST_conf"]
        )
    ]
    return sorted(shares, key=lambda s: -s.total)


def uncertainty_shares(
    program: Program,
    scenario: Scenario,
    figure: str = "cost_yuan",
    n: int = 32,
    seed: int = 0,
    workers: int | None = None,
    on_progress: ProgressFn | None = None,
) -> list[Share]:
    """Each unknown's share of ``figure``'s uncertainty in ``scenario`` (a setting the scenario makes is
    not an unknown). ``n`` is the base sample: ``n x (d + 2)`` runs of the expected-value model."""
    if figure not in KEY_FIGURES:
        raise ScenarioError(
            f"uncertainty: figure must be one of {', '.join(KEY_FIGURES)}, got {figure!r}",
            N_("error_uncertainty_figure"),
            figures=", ".join(KEY_FIGURES),
            got=figure,
        )
    if n < MIN_BASE:
        raise ScenarioError(
            f"uncertainty: the base sample must be at least {MIN_BASE}, got {n}",
            N_("error_uncertainty_sample"),
            low=MIN_BASE,
            got=n,
        )
    found = [u for u in unknowns(program) if u.key not in scenario.overrides]

    def evaluate(points: np.ndarray) -> np.ndarray:
        jobs = [Job(world(program, scenario, found, row), 0, True) for row in points]
        kept = run_jobs(program, jobs, seed, workers, on_progress=on_progress, keep=key_figures)
        return np.array([k[figure] for k in kept])

    return variance_shares(found, evaluate, n, seed) if found else []
