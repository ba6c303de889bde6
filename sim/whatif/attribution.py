"""Which assumption matters: each unknown's share of a figure's uncertainty (variance-based global
sensitivity, Sobol's first-order and total indices, estimated with SALib).

The figure is the expected-value model's (no chance) over the unknowns' joint ranges: Saltelli's
design of ``n x (d + 2)`` points in the unit cube (``SALib.sample.sobol``), each turned into values
by the unknowns' own shapes, one deterministic run each. The first-order share is what fixing that
assumption alone would remove; the total share adds what it does together with the others.

Where a Sobol design's hundreds of runs cannot be afforded (a brief, an overview card),
``linear_shares`` takes ``2 d`` runs: each unknown at the two ends of its range, the others at their
values. Its slope squared times its range's variance is its part of the figure's variance when the
figure is close to linear in the assumptions, which it is over these ranges (rates and counts
multiply): on Jiangxi's and Henan's cost and fill rate the two agree within a few points. Figures
with caps (Henan's completions, held by a per-studio ceiling) interact, and only Sobol's total
index shows that. (The squared correlation over a run's own 20 draws was tried first: with 20 to
34 unknowns it named settlement delays as cost drivers.)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

import numpy as np

from sim.base import N_, ScenarioError
from sim.catalog import Program
from sim.results import KEY_FIGURES, key_figures
from sim.run import Job, ProgressFn, Unknown, run_jobs, run_size, unknowns, world
from sim.scenario import Scenario

MIN_BASE = 8  # Saltelli's base sample: below this the indices are noise
# Beyond this the shares move by a few points only, and a program with many sub-programs (Zhejiang
# vocational, 23 unknowns) would take longer than the cell count says.
MAX_BASE = 64
# What the dashboard spends on one program's Sobol analysis, in model cells x runs: a run costs about
# 1.2e-5 s a cell plus 100 cells' worth of set-up (measured on the bundled programs), so this is about
# 20 s of one core: Zhejiang 2021 H2 (2,770 cells, 34 unknowns) gets a base sample of 16, Guopei 32,
# the others 64, and each answers in about 10 s on 2 cores.
DASHBOARD_CELL_RUNS = 1_700_000
RUN_OVERHEAD_CELLS = 100
SHARE_FLOOR = 0.05  # a smaller share is not worth naming
NAMED_DRIVERS = 3  # assumptions a sentence names behind one figure, at most
QUANTILE_GRID = 1000  # quantiles a range's variance is taken over


@dataclass(frozen=True)
class Share:
    key: str  # the unknown's knob
    first: float  # first-order index: the share of the variance this assumption alone explains
    total: float  # total index: with its interactions
    first_conf: float  # half-width of the 95% bootstrap interval of ``first``
    total_conf: float


@dataclass(frozen=True)
class Driver:
    """An assumption that drives a figure, by ``linear_shares``."""

    key: str
    share: float  # its first-order share of the figure's variance over the unknowns' ranges
    low: float  # the assumption's range
    high: float


def _problem(found: Sequence[Unknown]) -> dict:
    return {"num_vars": len(found), "names": [u.key for u in found], "bounds": [[0.0, 1.0]] * len(found)}


def _indices(found: Sequence[Unknown], values: np.ndarray, seed: int) -> list[Share]:
    from SALib.analyze import sobol as sobol_analyze  # SALib loads only for a Sobol analysis (0.8 s)

    if np.ptp(values) == 0:  # the figure does not move at all: nothing to share out
        return [Share(u.key, 0.0, 0.0, 0.0, 0.0) for u in found]
    found_indices = sobol_analyze.analyze(_problem(found), values, calc_second_order=False, seed=seed)
    # A first-order index is at most the total one; an estimate above it is the small sample's noise.
    shares = [
        Share(u.key, float(min(s1, st)), float(st), float(c1), float(ct))
        for u, s1, st, c1, ct in zip(
            found, found_indices["S1"], found_indices["ST"], found_indices["S1_conf"], found_indices["ST_conf"]
        )
    ]
    return sorted(shares, key=lambda s: -s.total)


def variance_shares(
    found: Sequence[Unknown], evaluate: Callable[[np.ndarray], np.ndarray], n: int, seed: int = 0
) -> list[Share]:
    """Sobol indices of ``evaluate`` (rows of unit-cube points -> one value each) over ``found``,
    each point's column j taken as a quantile of ``found[j]``; sorted by total share, largest first."""
    return _indices(found, np.asarray(evaluate(_design(found, n, seed)), dtype=float), seed)


def _design(found: Sequence[Unknown], n: int, seed: int) -> np.ndarray:
    """Saltelli's ``n x (d + 2)`` points in the unit cube."""
    from SALib.sample import sobol as sobol_sample

    return sobol_sample.sample(_problem(found), n, calc_second_order=False, seed=seed)


def base_sample(program: Program, scenario: Scenario, budget: int = DASHBOARD_CELL_RUNS) -> int:
    """The largest power-of-two base sample (Sobol points balance best in powers of two) whose
    ``n x (d + 2)`` runs fit in ``budget`` cell-runs, between ``MIN_BASE`` and ``MAX_BASE``."""
    d = len([u for u in unknowns(program) if u.key not in scenario.overrides])
    runs = budget // (run_size(program, scenario, 1).cells + RUN_OVERHEAD_CELLS)
    n = MIN_BASE
    while n * 2 <= MAX_BASE and n * 2 * (d + 2) <= runs:
        n *= 2
    return n


def _check_figure(figure: str) -> None:
    if figure not in KEY_FIGURES:
        raise ScenarioError(
            f"uncertainty: figure must be one of {', '.join(KEY_FIGURES)}, got {figure!r}",
            N_("error_uncertainty_figure"),
            figures=", ".join(KEY_FIGURES),
            got=figure,
        )


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
    return shares_by_figure(program, scenario, (figure,), n, seed, workers, on_progress)[figure]


def shares_by_figure(
    program: Program,
    scenario: Scenario,
    figures: Sequence[str] = KEY_FIGURES,
    n: int = 32,
    seed: int = 0,
    workers: int | None = None,
    on_progress: ProgressFn | None = None,
) -> dict[str, list[Share]]:
    """``uncertainty_shares`` of each of ``figures``, from one design's runs (a run gives every figure)."""
    for figure in figures:
        _check_figure(figure)
    if n < MIN_BASE:
        raise ScenarioError(
            f"uncertainty: the base sample must be at least {MIN_BASE}, got {n}",
            N_("error_uncertainty_sample"),
            low=MIN_BASE,
            got=n,
        )
    found = [u for u in unknowns(program) if u.key not in scenario.overrides]
    if not found:
        return {f: [] for f in figures}
    jobs = [Job(world(program, scenario, found, row), 0, True) for row in _design(found, n, seed)]
    kept = run_jobs(program, jobs, seed, workers, on_progress=on_progress, keep=key_figures)
    return {f: _indices(found, np.array([k[f] for k in kept], dtype=float), seed) for f in figures}


def _variance(u: Unknown) -> float:
    """The variance of ``u``'s range's shape, from its quantile function on a fine grid."""
    grid = (np.arange(QUANTILE_GRID) + 0.5) / QUANTILE_GRID
    return float(np.var(u.at(grid)))


def linear_shares(
    program: Program,
    scenario: Scenario,
    figures: Sequence[str] = KEY_FIGURES,
    seed: int = 0,
    workers: int | None = None,
) -> dict[str, list[Driver]]:
    """Each unknown's first-order share of each figure's uncertainty, to first order: the figure's
    slope between the ends of the unknown's range (the others at their values, expected-value runs),
    squared, times the range's variance, over the sum of those terms. ``2 d`` runs instead of Sobol's
    ``n x (d + 2)``, and exact for a figure linear in the assumptions. Every unknown, largest first
    (``named_drivers`` picks the ones worth naming)."""
    for figure in figures:
        _check_figure(figure)
    found = [u for u in unknowns(program) if u.key not in scenario.overrides]
    ends = [world(program, scenario, [u], [q]) for u in found for q in (0.0, 1.0)]
    kept = run_jobs(program, [Job(s, 0, True) for s in ends], seed, workers, keep=key_figures)
    spread = np.array([_variance(u) for u in found])
    width = np.array([u.range.high - u.range.low for u in found])
    out = {}
    for figure in figures:
        swing = np.array([kept[2 * i + 1][figure] - kept[2 * i][figure] for i in range(len(found))])
        part = (swing / width) ** 2 * spread
        total = part.sum()
        shares = part / total if total > 0 else np.zeros(len(found))
        drivers = [Driver(u.key, float(s), u.range.low, u.range.high) for u, s in zip(found, shares)]
        out[figure] = sorted(drivers, key=lambda d: -d.share)
    return out


def named_drivers(drivers: Sequence[Driver], settled: Collection[str] = ()) -> list[Driver]:
    """The drivers worth naming once the ``settled`` keys (those a scenario sets) are no longer unknown:
    the others' shares of what is left (to first order the parts add, so they are rescaled to sum to 1),
    those above ``SHARE_FLOOR``, at most ``NAMED_DRIVERS``."""
    left = [d for d in drivers if d.key not in settled]
    total = sum(d.share for d in left)
    if total <= 0:
        return []
    shares = [replace(d, share=d.share / total) for d in left]
    return [d for d in shares if d.share >= SHARE_FLOOR][:NAMED_DRIVERS]
