"""Plan against actual: what the platform's files say happened, beside the scenario's simulated result.

Pure functions of an :class:`Observed` (the stored files of one program, by kind) and a
:class:`~sim.results.Result` (the plan). Per track and unit the files give, each figure they have
is compared with the plan's:

| figure | actual | plan |
|---|---|---|
| ``enrolled``, ``attended``, ``completed`` | the attendance file's roster | the unit's simulated figure |
| ``registered`` | the registrations so far, where no roster gives ``enrolled`` yet | the unit's simulated enrolled |
| ``paid_yuan`` | the payments, per track | the track's simulated cost |

The roster is the final word on enrolment: a unit with one is not compared on its registrations too
(the daily series show their pace). The plan's figure is the mean over the replications with its
95% range, taken from the replications themselves, so a sum over units has its own range.

A gap's ``weight`` is its size as a share of the program's planned total of the figure (enrolled,
attended, completed: persons; paid: the cost): how much it moves the program's outcome. Gaps come
heaviest first, so the deviations that matter come first whatever their unit's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.results import ALL_YEARS, Figure, Result

FIGURES = ("registered", "enrolled", "attended", "completed", "paid_yuan")
PLAN_FIGURE = {  # the plan's figure each actual figure is compared with (and the seats, for fill rates)
    "quota": "quota",
    "registered": "enrolled",
    "enrolled": "enrolled",
    "attended": "attended",
    "completed": "completed",
    "paid_yuan": "cost_yuan",
}
COLUMNS = {  # the stored kinds' columns (sim.actuals.formats), without the file's line
    "registrations": ("track", "unit", "date", "registered"),
    "attendance": ("track", "unit", "enrolled", "attended", "completed"),
    "payments": ("track", "date", "paid_yuan"),
}


def _empty(kind: str) -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series(dtype=object if c in ("track", "unit", "date") else float) for c in COLUMNS[kind]}
    )


@dataclass(frozen=True)
class Observed:
    """What the stored files of one program say, one table per kind (its format's columns; a kind no
    file gives is an empty table), and the files' names."""

    program: str
    files: tuple[str, ...]
    registrations: pd.DataFrame
    attendance: pd.DataFrame
    payments: pd.DataFrame

    @classmethod
    def of(cls, program: str, files: Sequence[str], tables: dict[str, pd.DataFrame]) -> Observed:
        """From the tables present (kind -> frame); missing kinds are empty."""
        unknown = set(tables) - set(COLUMNS)
        if unknown:
            raise ValueError(f"unknown kinds of actuals: {sorted(unknown)}")
        picked = {k: tables[k][list(COLUMNS[k])] if k in tables else _empty(k) for k in COLUMNS}
        return cls(program, tuple(files), **picked)

    @property
    def empty(self) -> bool:
        return all(t.empty for t in (self.registrations, self.attendance, self.payments))


@dataclass(frozen=True)
class Gap:
    """One figure of one unit: the plan (mean, 95% range over the runs) against what happened."""

    track: str
    unit: str  # "" for the track as a whole
    figure: str  # one of FIGURES
    plan: Figure
    actual: float
    weight: float  # |difference| as a share of the program's planned total of the figure
    outside: bool | None  # actual outside the plan's 95% range; None for one run (no range)

    @property
    def difference(self) -> float:
        return self.actual - self.plan.mean

    @property
    def relative(self) -> float | None:
        """The difference as a share of the plan; None where the plan is zero."""
        return self.difference / self.plan.mean if self.plan.mean else None


@dataclass(frozen=True)
class FillGap:
    """A unit's fill rate: the plan's (enrolled / seats, per run) against the actual enrolled over the
    plan's seats (the files do not count seats)."""

    track: str
    unit: str
    quota: Figure
    plan: Figure
    actual: float

    @property
    def difference(self) -> float:
        return self.actual - self.plan.mean


@dataclass(frozen=True)
class DayPoint:
    date: dt.date
    cumulative: Figure  # the plan's: mean and range over the runs; the actual's: one number three times


@dataclass(frozen=True)
class Series:
    """A cumulative daily figure (``registered`` or ``paid_yuan``), plan and actual, for charts.

    ``plan`` is the program's (its every track); ``tracks`` the tracks the actual files cover:
    when they are fewer than the program's, the plan line counts more than the actual one can.
    """

    figure: str
    plan: tuple[DayPoint, ...]
    actual: tuple[DayPoint, ...]
    tracks: tuple[str, ...]
    all_tracks: bool

    def aligned(self) -> list[tuple[dt.date, Figure, float | None]]:
        """Every day either side gives: the plan by then (zero before its first day) and the actual by
        then, up to the files' last day (None after it: not yet known)."""
        plan = {p.date: p.cumulative for p in self.plan}
        actual = {p.date: p.cumulative.mean for p in self.actual}
        end = self.actual[-1].date if self.actual else None
        out: list[tuple[dt.date, Figure, float | None]] = []
        planned, done = Figure.exactly(0.0), 0.0
        for day in sorted(plan.keys() | actual.keys()):
            planned, done = plan.get(day, planned), actual.get(day, done)
            out.append((day, planned, done if end is not None and day <= end else None))
        return out

    @property
    def last(self) -> tuple[dt.date, float, Figure] | None:
        """The last day the files give, the actual by then and the plan by then (None: no actual)."""
        if not self.actual:
            return None
        day = self.actual[-1]
        before = [p.cumulative for p in self.plan if p.date <= day.date]
        return day.date, day.cumulative.mean, before[-1] if before else Figure.exactly(0.0)


@dataclass(frozen=True)
class PlanActual:
    program: str
    files: tuple[str, ...]
    gaps: tuple[Gap, ...]  # heaviest first
    fill: tuple[FillGap, ...]  # per unit with enrolment (or registrations), the widest gap first
    totals: dict[str, Gap]  # per figure, over the units the files give (weight: the total's own share)
    registrations: Series
    payments: Series
    replications: int

    def biggest(self, n: int | None = None) -> tuple[Gap, ...]:
        return self.gaps if n is None else self.gaps[:n]


class _Plan:
    """The plan's figures per replication, looked up by (track, unit, figure)."""

    def __init__(self, result: Result):
        r = result.replicates
        self.values = r.values
        self.at = {(t, u, f): i for i, (t, u, y, f) in enumerate(r.keys) if y == ALL_YEARS}

    def get(self, track: str, unit: str, figure: str) -> np.ndarray | None:
        i = self.at.get((track, unit, PLAN_FIGURE[figure]))
        return None if i is None else self.values[i]

    def program(self, figure: str) -> float:
        i = self.at[("", "", PLAN_FIGURE[figure])]
        return float(self.values[i].mean())


def _actual_rows(observed: Observed) -> dict[tuple[str, str, str], float]:
    """(track, unit, figure) -> the files' total; registrations only where no roster gives enrolled."""
    out: dict[tuple[str, str, str], float] = {}
    for r in observed.attendance.itertuples(index=False):
        for f in ("enrolled", "attended", "completed"):
            out[(r.track, r.unit, f)] = out.get((r.track, r.unit, f), 0.0) + float(getattr(r, f))
    registered = observed.registrations.groupby(["track", "unit"], sort=False)["registered"].sum()
    for (track, unit), n in registered.items():
        if (track, unit, "enrolled") not in out:
            out[(track, unit, "registered")] = float(n)
    paid = observed.payments.groupby("track", sort=False)["paid_yuan"].sum()
    for track, amount in paid.items():
        out[(track, "", "paid_yuan")] = float(amount)
    return out


def _gap(track: str, unit: str, figure: str, plan: np.ndarray, actual: float, whole: float) -> Gap:
    f = Figure.of(plan)
    outside = None if len(plan) == 1 else bool(actual < f.low or actual > f.high)
    weight = abs(actual - f.mean) / whole if whole else 0.0
    return Gap(track, unit, figure, f, actual, weight, outside)


def _totals(
    rows: dict[tuple[str, str, str], np.ndarray], actual: dict[tuple[str, str, str], float], plan: _Plan
) -> dict[str, Gap]:
    """Per figure, the sum over the compared units; a track given both whole and by unit counts its units."""
    out = {}
    for figure in FIGURES:
        keys = [k for k in rows if k[2] == figure]
        by_unit = {t for t, u, _ in keys if u}
        keys = [k for k in keys if k[1] or k[0] not in by_unit]
        if keys:
            summed = np.sum([rows[k] for k in keys], axis=0)
            out[figure] = _gap("", "", figure, summed, sum(actual[k] for k in keys), plan.program(figure))
    return out


def _fill(
    rows: dict[tuple[str, str, str], np.ndarray], actual: dict[tuple[str, str, str], float], plan: _Plan
) -> tuple[FillGap, ...]:
    """Fill rates of the units with enrolment, the widest gap (in points of fill) first."""
    out = []
    for track, unit, figure in rows:
        quota = plan.get(track, unit, "quota") if figure in ("enrolled", "registered") else None
        if quota is None or not quota.mean():
            continue
        enrolled = rows[(track, unit, figure)]
        share = np.divide(enrolled, quota, out=np.zeros_like(enrolled), where=quota > 0)
        out.append(
            FillGap(track, unit, Figure.of(quota), Figure.of(share), actual[(track, unit, figure)] / quota.mean())
        )
    return tuple(sorted(out, key=lambda f: -abs(f.difference)))


def _cumulative(days: Sequence[dt.date], values: Sequence[float]) -> tuple[DayPoint, ...]:
    return tuple(DayPoint(d, Figure.exactly(v)) for d, v in zip(days, np.cumsum(values).tolist()))


def _series(figure: str, plan: tuple[DayPoint, ...], table: pd.DataFrame, tracks: Sequence[str]) -> Series:
    per_day = table.groupby("date", sort=True)[figure].sum()
    covered = tuple(dict.fromkeys(table["track"]))
    return Series(
        figure, plan, _cumulative(list(per_day.index), per_day.tolist()), covered, set(covered) >= set(tracks)
    )


def compare(observed: Observed, result: Result) -> PlanActual:
    """The files of ``observed`` against the plan ``result`` of the same program."""
    if observed.program != result.program:
        raise ValueError(f"actuals of {observed.program} compared with a plan of {result.program}")
    plan = _Plan(result)
    actual = _actual_rows(observed)
    rows = {k: v for k in actual if (v := plan.get(*k)) is not None}  # a unit the plan has no figures for is left out
    gaps = [_gap(t, u, f, rows[(t, u, f)], actual[(t, u, f)], plan.program(f)) for t, u, f in rows]
    gaps.sort(key=lambda g: (-g.weight, FIGURES.index(g.figure)))  # stable: the files' order among equals
    summary = result.summary
    tracks = [t.id for t in summary.subprograms]
    enrolment = tuple(DayPoint(d.date, d.cumulative_signed_up) for d in summary.enrolment)
    cashflow = tuple(DayPoint(d.date, d.cumulative_settled_yuan) for d in summary.cashflow)
    return PlanActual(
        program=observed.program,
        files=observed.files,
        gaps=tuple(gaps),
        fill=_fill(rows, actual, plan),
        totals=_totals(rows, actual, plan),
        registrations=_series("registered", enrolment, observed.registrations, tracks),
        payments=_series("paid_yuan", cashflow, observed.payments, tracks),
        replications=result.replications,
    )
