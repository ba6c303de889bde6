"""What the institutions' capacity did in a run: per pool, how full it was, how long classes waited
for a slot and how many ended after their delivery window, and how many classes ran each day.

Pool rows sit at the program level of the figures table, under the pool's id as their unit
(``("", "providers", 0, "pool:utilisation")``); the classes running per day are the daily flow
``busy:POOL``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.model import ProgramModel

from .figures import Figure

POOL_FIGURES = (
    "slots",
    "classes",
    "utilisation",
    "peak",
    "classes_waited",
    "mean_wait_days",
    "max_wait_days",
    "classes_late",
)


@dataclass(frozen=True)
class PoolInfo:
    id: str
    names: dict[str, str]


@dataclass(frozen=True)
class BusyDay:
    date: dt.date
    classes: Figure


@dataclass(frozen=True)
class PoolSummary:
    """One pool over the runs. ``utilisation`` is class-days used over class-days available while
    the windows of the classes it serves are open; waits are in days past the planned first day."""

    id: str
    names: dict[str, str]
    slots: Figure  # the same in every run unless the institutions or their classes each are drawn
    classes: Figure
    utilisation: Figure
    peak: Figure
    classes_waited: Figure
    mean_wait_days: Figure
    max_wait_days: Figure
    classes_late: Figure
    busy: tuple[BusyDay, ...]


def _busy(started: np.ndarray, ended: np.ndarray) -> tuple[int, np.ndarray]:
    """(first day, classes running on each day from it) for classes held from ``started`` to ``ended``."""
    first = int(started.min())
    change = np.zeros(int(ended.max()) - first + 2)
    np.add.at(change, started - first, 1)
    np.add.at(change, ended - first + 1, -1)
    return first, np.cumsum(change)[:-1]


def pool_rows(model: ProgramModel, add: Callable[[str, str, float], None]) -> dict[str, dict[dt.date, float]]:
    """Add each pool's figures through ``add(pool id, figure, value)``; returns the daily flows
    ``busy:POOL`` (date -> classes running)."""
    daily: dict[str, dict[dt.date, float]] = {}
    for pool in model.capacity.pools.values():
        started, ended = np.array(pool.started, dtype=int), np.array(pool.ended, dtype=int)
        wait = started - np.array(pool.wished, dtype=int)
        open_days = sum(w.end - w.start + 1 for w in pool.windows)
        figures: dict[str, float] = {"slots": pool.slots, "classes": len(started)}
        if len(started):
            first, running = _busy(started, ended)
            inside = sum(
                float(running[max(w.start - first, 0) : max(w.end - first + 1, 0)].sum()) for w in pool.windows
            )
            daily[f"busy:{pool.id}"] = {model.date(first + i): float(n) for i, n in enumerate(running) if n}
            figures |= {
                "utilisation": inside / (pool.slots * open_days) if open_days else 0.0,
                "peak": float(running.max()),
                "classes_waited": float((wait > 0).sum()),
                "mean_wait_days": float(wait.mean()),
                "max_wait_days": float(wait.max()),
                "classes_late": float((ended > np.array(pool.window_end)).sum()),
            }
        else:
            daily[f"busy:{pool.id}"] = {}
            figures |= dict.fromkeys(POOL_FIGURES[2:], 0.0)
        for f in POOL_FIGURES:
            add(pool.id, f"pool:{f}", figures[f])
    return daily


def pool_summaries(
    pools: tuple[PoolInfo, ...], figures_of: Callable[[str], dict[str, Any]], busy: dict[str, list[BusyDay]]
) -> tuple[PoolSummary, ...]:
    """Each pool's combined figures (``figures_of(pool id)``: its figure -> combined value)."""
    out = []
    for info in pools:
        own = figures_of(info.id)
        figures = {f: own[f"pool:{f}"] for f in POOL_FIGURES}
        out.append(PoolSummary(info.id, info.names, **figures, busy=tuple(busy.get(info.id, ()))))
    return tuple(out)
