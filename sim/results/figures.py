"""A result's figures: always a mean with its 95% range, one run or many."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Figure:
    """Mean and the 2.5th-97.5th percentile range over the replications (all three equal for one run)."""

    mean: float
    low: float
    high: float

    @classmethod
    def exactly(cls, value: float) -> Figure:
        v = float(value)
        return cls(v, v, v)

    @classmethod
    def of(cls, values: Sequence[float] | np.ndarray) -> Figure:
        a = np.asarray(values, dtype=float)
        if len(a) == 1:
            return cls.exactly(a[0])
        low, high = np.percentile(a, [2.5, 97.5])
        return cls(float(a.mean()), float(low), float(high))


@dataclass(frozen=True)
class DateFigure:
    """A simulated date over the runs in which it happened; ``share_of_runs`` says in how many."""

    mean: dt.date
    low: dt.date
    high: dt.date
    share_of_runs: float

    @classmethod
    def of(cls, ordinals: Sequence[float] | np.ndarray, runs: int) -> DateFigure | None:
        """From day ordinals (NaN where the run never got there); None if no run did."""
        a = np.asarray(ordinals, dtype=float)
        present = a[~np.isnan(a)]
        if not len(present):
            return None
        return cls.from_days(Figure.of(present), len(present) / runs)

    @classmethod
    def from_days(cls, days: Figure, share_of_runs: float) -> DateFigure:
        """From a Figure of day ordinals."""
        day = dt.date.fromordinal
        return cls(day(round(days.mean)), day(round(days.low)), day(round(days.high)), share_of_runs)
