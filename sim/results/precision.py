"""How precisely a run's replications know each key figure's mean: the record ``run_to_precision``
(sim.run.precision) leaves on a Result.

A figure's precision is the half-width of the 95% confidence interval of its mean over the
replications (Student's t with n - 1 degrees of freedom: t x s / sqrt(n)), as a share of the mean.
This is the interval of the *mean*, not the 95% range of outcomes the figures' low/high give.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

CONFIDENCE = 0.95


def half_width(values: Sequence[float], confidence: float = CONFIDENCE) -> float:
    """The half-width of the ``confidence`` interval of the mean of ``values`` (inf for fewer than two)."""
    from scipy import stats  # only a run to a precision needs it

    x = np.asarray(values, dtype=float)
    if x.size < 2:
        return math.inf
    spread = float(x.std(ddof=1))
    return float(stats.t.ppf(0.5 + confidence / 2, x.size - 1)) * spread / math.sqrt(x.size) if spread else 0.0


@dataclass(frozen=True)
class FigurePrecision:
    figure: str  # one of KEY_FIGURES
    mean: float
    half_width: float  # of the 95% interval of the mean
    relative: float  # half_width / |mean| (0 when the figure does not vary; inf when its mean is 0 and it does)
    met: bool  # relative <= the precision asked for


@dataclass(frozen=True)
class Precision:
    target: float  # the relative half-width asked for (0.005: 0.5% of the mean)
    replications: int  # how many were run
    cap: int  # the most the run would do
    met: bool  # every figure within the target (False: the cap stopped it first)
    figures: tuple[FigurePrecision, ...]


def figure_precision(figure: str, values: Sequence[float], target: float) -> FigurePrecision:
    mean, hw = float(np.mean(values)), half_width(values)
    relative = hw / abs(mean) if mean else (0.0 if hw == 0 else math.inf)
    return FigurePrecision(figure, mean, hw, relative, relative <= target)
