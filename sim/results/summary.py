"""Replications combined into one summary, each figure as declared in ``sim.results.fields``.

Every figure of a summary is a ``Figure`` (mean, low, high), a ``DateFigure`` or a label, whether
one replication ran or a thousand: readers never ask which.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import numpy as np

from .capacity import BusyDay, PoolSummary, pool_summaries
from .deadlines import Deadline, DeadlineCheck, combine_checks
from .fields import Agg, spec
from .figures import DateFigure, Figure
from .tables import ALL_YEARS, EVENTS, Key, Layout, Phase, Replication

UNIT_COUNTS = ("quota", "enrolled", "attended", "completed", "credits", "cost_yuan")


@dataclass(frozen=True)
class Stages:
    quota: Figure
    enrolled: Figure
    attended: Figure
    completed: Figure
    cost_yuan: Figure
    fill_rate: Figure
    completion_rate: Figure

    def figure(self, key: str) -> Figure:
        """A figure by its key (``cost_yuan``, ``fill_rate`` …), for tables that loop over keys."""
        value = getattr(self, key)
        if not isinstance(value, Figure):
            raise KeyError(key)
        return value


@dataclass(frozen=True)
class YearFigures(Stages):
    year: int


@dataclass(frozen=True)
class UnitFigures(Stages):
    """A city, county or provider category (``unit``): within a sub-program, or summed over them."""

    unit: str
    credits: Figure


@dataclass(frozen=True)
class Totals(Stages):
    credits: Figure
    cost_by_line: dict[str, Figure]  # in the program's order of cost lines


@dataclass(frozen=True)
class Selection:
    """Course selection's own figures (sub-programs whose teachers choose their courses)."""

    demand: Figure  # teachers who chose
    chose_but_not_enrolled: Figure
    planned_seats: Figure
    fill_rate_of_planned_seats: Figure
    seats_added: Figure
    rejected_by_school: Figure
    projects_declared: Figure
    projects_without_leaders: Figure  # wanted, but no qualified leader was left to declare them
    projects_approved: Figure


@dataclass(frozen=True)
class Events:
    """When a sub-program's steps happened (None: in no run)."""

    declaration_closed: DateFigure | None
    reviewed: DateFigure | None  # where reviewers' capacity is modelled
    published: DateFigure | None
    seats_filled: DateFigure | None
    enrolment_closed: DateFigure | None
    expansion_decided: DateFigure | None
    delivery_start: DateFigure | None
    delivery_end: DateFigure | None
    assessed: DateFigure | None
    credits_registered: DateFigure | None
    settlement_done: DateFigure | None

    def get(self, event: str) -> DateFigure | None:
        return getattr(self, event)


@dataclass(frozen=True)
class TrackSummary:
    id: str
    names: dict[str, str]
    group: str | None
    mode: str
    totals: Totals
    selection: Selection | None
    by_unit: tuple[UnitFigures, ...]
    by_year: tuple[YearFigures, ...]
    events: Events


@dataclass(frozen=True)
class CashflowDay:
    date: dt.date
    settled_yuan: Figure
    teacher_advance_yuan: Figure
    cumulative_settled_yuan: Figure


@dataclass(frozen=True)
class EnrolmentDay:
    date: dt.date
    signed_up: Figure
    cumulative_signed_up: Figure


@dataclass(frozen=True)
class Budget:
    """Schools' training fund under the 5% rule, and the part of the scenario's cost schools pay."""

    annual_training_fund_yuan: Figure
    years: int
    training_fund_yuan: Figure
    school_paid_yuan: Figure
    cost_share_of_fund: Figure


@dataclass(frozen=True)
class Summary:
    program: str
    cost_lines: dict[str, dict[str, str]]  # line id -> names
    totals: Totals
    subprograms: tuple[TrackSummary, ...]
    by_year: tuple[YearFigures, ...]
    units: tuple[UnitFigures, ...]  # per unit, summed over the sub-programs that report by unit
    cashflow: tuple[CashflowDay, ...]
    enrolment: tuple[EnrolmentDay, ...]
    deadlines: tuple[Deadline, ...]
    timeline: tuple[Phase, ...]
    budget: Budget | None
    capacity: tuple[PoolSummary, ...]

    def track(self, track_id: str) -> TrackSummary:
        return next(t for t in self.subprograms if t.id == track_id)


# -- combining replications ----------------------------------------------------


def _intervals(values: np.ndarray) -> list[Figure]:
    """One Figure per row of a (figures x replications) matrix."""
    # tolist: Python floats in one call (a summary makes a Figure for every row of every unit).
    if values.shape[1] == 1:
        return [Figure(v, v, v) for v in values[:, 0].astype(float).tolist()]
    means = values.mean(axis=1)
    lows, highs = np.percentile(values, [2.5, 97.5], axis=1)
    return [Figure(m, lo, hi) for m, lo, hi in zip(means.tolist(), lows.tolist(), highs.tolist())]


def _dates(ordinals: np.ndarray) -> list[DateFigure | None]:
    """One DateFigure per row of day ordinals (NaN: not in that run); the rows complete in every run at once."""
    out: list[DateFigure | None] = [None] * len(ordinals)
    complete = ~np.isnan(ordinals).any(axis=1)
    full = np.flatnonzero(complete)
    for i, f in zip(full, _intervals(ordinals[full])):
        out[i] = DateFigure.from_days(f, 1.0)
    for i in np.flatnonzero(~complete):
        out[i] = DateFigure.of(ordinals[i], ordinals.shape[1])
    return out


def _combine(figure_names: Sequence[str], values: np.ndarray) -> list[Any]:
    """Each row of ``values`` (figures x replications) combined as its figure's FieldSpec says."""
    aggs = {f: spec(f).agg for f in dict.fromkeys(figure_names)}
    out: list[Any] = [None] * len(figure_names)
    by_agg: dict[Agg, list[int]] = {}
    for i, f in enumerate(figure_names):
        by_agg.setdefault(aggs[f], []).append(i)
    for agg, rows in by_agg.items():
        if agg is Agg.INTERVAL:
            combined: list[Any] = _intervals(values[rows])
        elif agg is Agg.DATE:
            combined = _dates(values[rows])
        elif agg is Agg.LABEL:
            if not (values[rows] == values[rows, :1]).all():
                raise ValueError("a label figure differs between replications")
            combined = [float(v) for v in values[rows, 0]]
        else:
            raise ValueError(f"{agg} does not apply to the figures table")
        for i, v in zip(rows, combined):
            out[i] = v
    return out


Flows = dict[str, tuple[tuple[dt.date, ...], np.ndarray]]  # flow -> (days, days x replications)


@dataclass(frozen=True)
class Replicates:
    """A scenario's replications side by side: what its summary and its tidy tables are made from.

    Dated flows are not kept here (``flows_side_by_side`` feeds them to the summary's daily rows):
    per replication, a province's thousand settlement days would make a result several times larger
    to cache and copy.
    """

    layout: Layout
    keys: tuple[Key, ...]  # the same figures in every replication
    values: np.ndarray  # figures x replications
    checks: tuple[tuple[DeadlineCheck, ...], ...]  # per replication

    @property
    def count(self) -> int:
        return self.values.shape[1]

    def __eq__(self, other: object) -> bool:  # the generated one would compare arrays elementwise
        return (
            isinstance(other, Replicates)
            and (self.layout, self.keys, self.checks) == (other.layout, other.keys, other.checks)
            and np.array_equal(self.values, other.values, equal_nan=True)
        )


# Flows recorded on the same days share their day axis.
DAILY_GROUPS = (("settled_yuan", "teacher_advance_yuan"), ("signed_up",))


def _daily(reps: Sequence[Replication], series: tuple[str, ...]) -> Flows:
    """Dated flows as (days x replications) matrices; a day missing from a run counts as zero there."""
    for f in series:
        if spec(f).agg is not Agg.DAILY:
            raise ValueError(f"{f} is not declared as a daily flow")
    days = tuple(sorted({d for r in reps for f in series for d in r.daily[f]}))
    at = {d: i for i, d in enumerate(days)}
    out = {f: np.zeros((len(days), len(reps))) for f in series}
    for j, r in enumerate(reps):
        for f in series:
            column = out[f][:, j]
            for d, v in r.daily[f].items():
                column[at[d]] = v
    return {f: (days, m) for f, m in out.items()}


def side_by_side(reps: Sequence[Replication]) -> Replicates:
    if not reps:
        raise ValueError("no replications to summarise")
    keys = reps[0].keys
    if any(r.keys != keys for r in reps[1:]):
        raise ValueError("replications differ in shape; every run must report the same figures")
    values = np.stack([r.values for r in reps], axis=1)
    return Replicates(reps[0].layout, keys, values, tuple(r.checks for r in reps))


def flows_side_by_side(reps: Sequence[Replication]) -> Flows:
    busy = tuple(f for f in reps[0].daily if f.startswith("busy:"))  # classes running, per pool
    return {f: d for group in (*DAILY_GROUPS, busy) for f, d in _daily(reps, group).items()}


T = TypeVar("T", bound=Stages)


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # per class: fields() on every call took a tenth of a many-unit summary


def _stages(cls: type[T], figures: dict[str, Any], **labels: Any) -> T:
    """A Stages dataclass from one level's figures; ``labels`` fill the fields that are not figures."""
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return cls(**{name: figures[name] for name in _FIELD_NAMES[cls] if name not in labels}, **labels)


def _units(keys: Sequence[Key], values: np.ndarray) -> tuple[UnitFigures, ...]:
    """Per-unit figures summed over sub-programs in each replication, then combined.

    One array for all units, so the work grows with the number of rows alone (a province of tens of
    thousands of units is summed and combined in a few numpy calls, not a loop of them per unit).
    """
    position = {f: i for i, f in enumerate(UNIT_COUNTS)}
    at: dict[str, int] = {}  # unit -> index, in order of first appearance
    rows, unit_of, figure_of = [], [], []
    for i, (_track, unit, year, figure) in enumerate(keys):
        if unit and year == ALL_YEARS and figure in position:
            rows.append(i)
            unit_of.append(at.setdefault(unit, len(at)))
            figure_of.append(position[figure])
    sums = np.zeros((len(at), len(UNIT_COUNTS), values.shape[1]))
    at_cell = (np.array(unit_of, dtype=np.intp), np.array(figure_of, dtype=np.intp))
    np.add.at(sums, at_cell, values[rows])  # in row order, as adding them one by one
    counts = dict(zip(UNIT_COUNTS, np.moveaxis(sums, 1, 0)))
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = [
            np.where(counts["quota"] > 0, counts["enrolled"] / counts["quota"], 0.0),
            np.where(counts["attended"] > 0, counts["completed"] / counts["attended"], 0.0),
        ]
    names = (*UNIT_COUNTS, "fill_rate", "completion_rate")
    table = np.concatenate([sums, np.stack(rates, axis=1)], axis=1)  # units x names x replications
    combined = _intervals(table.reshape(-1, values.shape[1]))
    return tuple(
        _stages(UnitFigures, dict(zip(names, combined[u * len(names) : (u + 1) * len(names)])), unit=unit)
        for unit, u in at.items()
    )


def _cashflow(flows: Flows) -> tuple[CashflowDay, ...]:
    (days, settled), (_, advance) = flows["settled_yuan"], flows["teacher_advance_yuan"]
    columns = [_intervals(settled), _intervals(advance), _intervals(np.cumsum(settled, axis=0))]
    return tuple(CashflowDay(d, *row) for d, *row in zip(days, *columns))


def _enrolment(flows: Flows) -> tuple[EnrolmentDay, ...]:
    days, signed_up = flows["signed_up"]
    columns = [_intervals(signed_up), _intervals(np.cumsum(signed_up, axis=0))]
    return tuple(EnrolmentDay(d, *row) for d, *row in zip(days, *columns))


def _deadlines(r: Replicates) -> tuple[Deadline, ...]:
    milestone_names = {p.id: p.names for p in r.layout.timeline}
    return combine_checks(r.checks, milestone_names, {t.id: t.names for t in r.layout.tracks})


def _busy(flows: Flows) -> dict[str, list[BusyDay]]:
    out: dict[str, list[BusyDay]] = {}
    for f, (days, running) in flows.items():
        if f.startswith("busy:"):
            out[f.partition(":")[2]] = [BusyDay(d, n) for d, n in zip(days, _intervals(running))]
    return out


def _budget(level: dict[str, Any]) -> Budget | None:
    if "budget:years" not in level:
        return None
    return Budget(
        **{f.name: level[f"budget:{f.name}"] for f in fields(Budget) if f.name != "years"},
        years=int(level["budget:years"]),
    )


def _track(layout_track: Any, figures: dict[tuple[str, int], dict[str, Any]]) -> TrackSummary:
    own = figures[("", ALL_YEARS)]
    cost = {k.partition(":")[2]: v for k, v in own.items() if k.startswith("cost:")}
    selection = Selection(**{f.name: own[f.name] for f in fields(Selection)}) if "demand" in own else None
    return TrackSummary(
        layout_track.id,
        layout_track.names,
        layout_track.group,
        layout_track.mode,
        _stages(Totals, own, cost_by_line=cost),
        selection,
        tuple(_stages(UnitFigures, v, unit=u) for (u, y), v in figures.items() if u and y == ALL_YEARS),
        tuple(_stages(YearFigures, v, year=y) for (u, y), v in figures.items() if not u and y != ALL_YEARS),
        Events(**{e: own[f"event:{e}"] for e in EVENTS}),
    )


def aggregate(reps: Sequence[Replication]) -> Summary:
    """The summary of one scenario's replications (one or many)."""
    return summary_of(side_by_side(reps), flows_side_by_side(reps))


def summary_of(r: Replicates, flows: Flows) -> Summary:
    keys, values = r.keys, r.values
    combined = _combine([k[3] for k in keys], values)
    # track -> (unit, year) -> figure -> value, in table order
    levels: dict[str, dict[tuple[str, int], dict[str, Any]]] = {}
    for (track, unit, year, figure), value in zip(keys, combined):
        levels.setdefault(track, {}).setdefault((unit, year), {})[figure] = value
    program = levels.pop("", {})
    own = program.get(("", ALL_YEARS), {})
    layout = r.layout
    return Summary(
        program=layout.program,
        cost_lines=layout.cost_lines,
        totals=_stages(
            Totals, own, cost_by_line={k.partition(":")[2]: v for k, v in own.items() if k.startswith("cost:")}
        ),
        subprograms=tuple(_track(t, levels[t.id]) for t in layout.tracks),
        by_year=tuple(_stages(YearFigures, v, year=y) for (_u, y), v in program.items() if y != ALL_YEARS),
        units=_units(keys, values),
        cashflow=_cashflow(flows),
        enrolment=_enrolment(flows),
        deadlines=_deadlines(r),
        timeline=layout.timeline,
        budget=_budget(own),
        capacity=pool_summaries(layout.pools, lambda pool: program[(pool, ALL_YEARS)], _busy(flows)),
    )
