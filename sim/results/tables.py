"""One finished model run as tidy tables: every figure a row, nothing nested, nothing worded.

Everything here is a pure function of the model's arrays: no SimPy, no I/O. Rows of ``figures`` are
(track, unit, year, figure, value): ``track`` is empty for the program's totals, ``unit`` for a
sub-program's, ``year`` is ALL_YEARS for all years. Dates are day ordinals (NaN: never happened),
so the table holds numbers only; ``sim.results.fields`` says what each figure is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.catalog import provenance
from sim.model import Cohort, ProgramModel, TrackState

from .capacity import PoolInfo, pool_rows
from .deadlines import DeadlineCheck, deadline_checks
from .fields import COURSE_SELECTION, STAGES, spec

if TYPE_CHECKING:
    import pandas as pd

ALL_YEARS = 0
FIGURE_COLUMNS = ["track", "unit", "year", "figure", "value"]
# The figures what-if analyses compare; only these travel back from workers (a full result is bulky).
KEY_FIGURES = ("quota", "enrolled", "fill_rate", "attended", "completed", "completion_rate", "cost_yuan")
EVENTS = (
    "declaration_closed",
    "reviewed",
    "published",
    "seats_filled",
    "enrolment_closed",
    "expansion_decided",
    "delivery_start",
    "delivery_end",
    "assessed",
    "credits_registered",
    "settlement_done",
)


@dataclass(frozen=True)
class TrackInfo:
    id: str
    names: dict[str, str]
    group: str | None
    mode: str


@dataclass(frozen=True)
class Phase:
    """A documented phase of the program's timeline (the scenario's dates)."""

    phase: str
    id: str
    names: dict[str, str]
    start: dt.date | None
    end: dt.date
    tracks: list[str] | None
    year: int | None
    source: dict[str, Any]


@dataclass(frozen=True)
class Layout:
    """What a run's figures belong to: the same for every replication of a scenario."""

    program: str
    cost_lines: dict[str, dict[str, str]]  # line id -> names, in the program's order
    tracks: tuple[TrackInfo, ...]
    timeline: tuple[Phase, ...]
    pools: tuple[PoolInfo, ...] = ()


Key = tuple[str, str, int, str]  # (track, unit, year, figure)


@dataclass(frozen=True)
class Replication:
    """One replication: its figures, its deadline checks and its dated flows (figure -> day -> amount).

    Figures are kept as keys and a value array, not a frame: a worker builds and pickles one per run,
    and the runner lays many side by side (``sim.results.tidy`` makes the frame once for all of them).
    """

    layout: Layout
    keys: tuple[Key, ...]
    values: np.ndarray
    checks: tuple[DeadlineCheck, ...]
    daily: dict[str, dict[dt.date, float]]

    def __eq__(self, other: object) -> bool:  # the generated one would compare arrays elementwise
        return (
            isinstance(other, Replication)
            and (self.layout, self.keys, self.checks, self.daily)
            == (other.layout, other.keys, other.checks, other.daily)
            and np.array_equal(self.values, other.values, equal_nan=True)
        )

    @property
    def figures(self) -> pd.DataFrame:
        """This replication's figures as a tidy table (FIGURE_COLUMNS)."""
        import pandas as pd

        table = pd.DataFrame(self.keys, columns=FIGURE_COLUMNS[:-1])
        table["value"] = self.values
        return table


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else 0.0


class _Rows:
    """The figures of a run as they are found: keys and values."""

    def __init__(self) -> None:
        self.keys: list[Key] = []
        self.values: list[float] = []

    def add(self, track: str, unit: str, year: int, figure: str, value: float) -> None:
        self.keys.append((track, unit, year, figure))
        self.values.append(float(value))

    def stages(self, track: str, unit: str, year: int, values: dict[str, float]) -> None:
        """The stage counts in ``values`` with the two rates derived from them, in STAGES order."""
        values = {
            **values,
            "fill_rate": _ratio(values["enrolled"], values["quota"]),
            "completion_rate": _ratio(values["completed"], values["attended"]),
        }
        for k in STAGES:
            self.add(track, unit, year, k, values[k])


def _cohort_cost(c: Cohort) -> dict[str, float]:
    return {line: float(v.sum()) for line, v in c.cost.items()}


def _add(into: dict[str, float], more: dict[str, float]) -> dict[str, float]:
    for k, v in more.items():
        into[k] = into.get(k, 0.0) + v
    return into


def _day(model: ProgramModel, day: float | None) -> float:
    return np.nan if day is None else float(model.date(day).toordinal())


def _track_rows(rows: _Rows, model: ProgramModel, ts: TrackState) -> dict[str, float]:
    """A sub-program's rows; returns its totals (for the program's)."""
    t = ts.track
    new = [c for i, c in enumerate(ts.cohorts) if i == 0 or t.new_cohort_each_year]
    finishing = ts.cohorts if t.new_cohort_each_year else ts.cohorts[-1:]
    credits_each = ts.credits_each
    cost_by_line: dict[str, float] = {}
    for c in ts.cohorts:
        _add(cost_by_line, _cohort_cost(c))
    completed = sum(float(c.completed.sum()) for c in finishing)
    totals = {
        "quota": sum(float(c.seats.sum()) for c in new),
        "enrolled": sum(float(c.enrolled.sum()) for c in new),
        "attended": sum(float(c.attended.sum()) for c in new),
        "completed": completed,
        "credits": completed * credits_each,
        "cost_yuan": sum(cost_by_line.values()),
    }
    rows.stages(t.id, "", ALL_YEARS, totals)
    rows.add(t.id, "", ALL_YEARS, "credits", totals["credits"])
    if t.mode == "course_selection":
        planned = float(ts.seats.sum())
        selection = {
            "demand": ts.demand,
            # Chose a course but ended without an approved seat (full courses or a principal's refusal).
            "chose_but_not_enrolled": max(0.0, ts.demand - totals["enrolled"]),
            "planned_seats": planned,
            "fill_rate_of_planned_seats": _ratio(totals["enrolled"], planned),
            "seats_added": float(ts.added.sum()),
            "rejected_by_school": ts.rejected,
            "projects_declared": ts.projects_declared,
            "projects_without_leaders": max(0.0, ts.projects_wanted - ts.projects_declared),
            "projects_approved": ts.projects_approved,
        }
        for k in COURSE_SELECTION:
            rows.add(t.id, "", ALL_YEARS, k, selection[k])
    for line, v in cost_by_line.items():
        rows.add(t.id, "", ALL_YEARS, f"cost:{line}", v)
    if any(ts.units):
        _unit_rows(rows, ts, new, finishing, credits_each)
    for c in ts.cohorts:
        rows.stages(t.id, "", c.year, _year_values(c))
    for event, day in _track_events(ts).items():
        rows.add(t.id, "", ALL_YEARS, f"event:{event}", _day(model, day))
    return {**totals, **{f"cost:{line}": v for line, v in cost_by_line.items()}}


def _unit_rows(rows: _Rows, ts: TrackState, new: list[Cohort], finishing: list[Cohort], credits_each: float) -> None:
    at = {u: i for i, u in enumerate(dict.fromkeys(ts.units))}  # a dict: list.index per cell was quadratic
    units = list(at)
    index = np.array([at[u] for u in ts.units])

    def per_unit(arrays) -> np.ndarray:
        """Sum per-cell arrays into per-unit totals."""
        total = np.zeros(len(units))
        for values in arrays:
            np.add.at(total, index, values)
        return total

    q, e, a = (per_unit(getattr(c, attr) for c in new) for attr in ("seats", "enrolled", "attended"))
    done = per_unit(c.completed for c in finishing)
    cost = per_unit(v for c in ts.cohorts for v in c.cost.values())
    for i, u in enumerate(units):
        values = {"quota": q[i], "enrolled": e[i], "attended": a[i], "completed": done[i], "cost_yuan": cost[i]}
        rows.stages(ts.track.id, u, ALL_YEARS, values)
        rows.add(ts.track.id, u, ALL_YEARS, "credits", float(done[i]) * credits_each)


def _year_values(c: Cohort) -> dict[str, float]:
    return {
        "quota": float(c.seats.sum()),
        "enrolled": float(c.enrolled.sum()),
        "attended": float(c.attended.sum()),
        "completed": float(c.completed.sum()),
        "cost_yuan": sum(_cohort_cost(c).values()),
    }


def _track_events(ts: TrackState) -> dict[str, float | None]:
    """Model days of a sub-program's events, in EVENTS order (None: not in this run)."""
    cohorts = [c for c in ts.cohorts if len(c.start)]

    def edge(attr: str, pick) -> float | None:
        """Earliest (pick=min) or latest (pick=max) day of ``attr`` over the cohorts."""
        return pick(pick(getattr(c, attr)) for c in cohorts) if cohorts else None

    found: dict[str, float | None] = {
        "delivery_start": edge("start", min),
        "delivery_end": edge("end", max),
        "assessed": edge("assessed", max),
        "credits_registered": edge("credited", max),
        "settlement_done": edge("settle", max),
    }
    return {e: found[e] if e in found else ts.events.get(e) for e in EVENTS}


def _daily(model: ProgramModel) -> dict[str, dict[dt.date, float]]:
    """Money settled with providers (or reimbursed to teachers) per calendar day, and sign-ups per day."""
    flows: dict[int, dict[str, float]] = defaultdict(lambda: {"settled_yuan": 0.0, "teacher_advance_yuan": 0.0})
    for ts in model.tracks:
        payer = {line.id: line.payer for line in ts.track.cost_lines}
        for c in ts.cohorts:
            settle_days, settle_at = np.unique(c.settle, return_inverse=True)
            start_days, start_at = np.unique(c.start, return_inverse=True)
            for line, per_cell in c.cost.items():
                for day, amount in zip(
                    settle_days, np.bincount(settle_at, weights=per_cell, minlength=len(settle_days))
                ):
                    flows[int(day)]["settled_yuan"] += float(amount)
                if payer[line] == "teacher_reimbursed":
                    for day, amount in zip(
                        start_days, np.bincount(start_at, weights=per_cell, minlength=len(start_days))
                    ):
                        flows[int(day)]["teacher_advance_yuan"] += float(amount)
    days = {day: model.date(day) for day in sorted(flows)}
    out = {k: {days[day]: flows[day][k] for day in days} for k in ("settled_yuan", "teacher_advance_yuan")}
    out["signed_up"] = {model.date(d): float(n) for d, n in sorted(model.sign_ups.items())}
    return out


def _timeline(model: ProgramModel) -> tuple[Phase, ...]:
    rows = [
        Phase(m.kind, m.id, m.names.model_dump(), start, end, m.tracks, m.year, provenance(m, model.program))
        for m, start, end in model.milestones
    ]
    return tuple(sorted(rows, key=lambda r: (r.start or r.end, r.end)))


def _budget(rows: _Rows, model: ProgramModel, years: Iterable[int]) -> None:
    """Schools' training fund under the 5% rule, and the part of this scenario's cost schools pay:
    all of the lines schools (or teachers, reimbursed) pay, and ``school_cost_share`` of the lines
    the provider's budget pays (none where the program has no such share)."""
    funds = model.p.param("school_public_funds")
    share = model.p.param("training_fund_share")
    if funds is None or share is None:
        return
    n_years = len(set(years))
    annual = float(funds) * float(share)
    budget_share = float(model.p.param("school_cost_share", 0.0))
    school_paid = 0.0
    for ts in model.tracks:
        part = {
            line.id: 1.0 if line.payer in ("school", "teacher_reimbursed") else budget_share
            for line in ts.track.cost_lines
        }
        school_paid += sum(part[key] * float(v.sum()) for c in ts.cohorts for key, v in c.cost.items())
    budget = {
        "annual_training_fund_yuan": annual,
        "years": n_years,
        "training_fund_yuan": annual * n_years,
        "school_paid_yuan": school_paid,
        "cost_share_of_fund": _ratio(school_paid, annual * n_years),
    }
    for k, v in budget.items():
        rows.add("", "", ALL_YEARS, f"budget:{k}", v)


def summarise(model: ProgramModel) -> Replication:
    rows = _Rows()
    program_rows = _Rows()  # the program's totals come first in the table but are known only at the end
    totals: dict[str, float] = {}
    years: dict[int, dict[str, float]] = {}
    for ts in model.tracks:
        _add(totals, _track_rows(rows, model, ts))
        for c in ts.cohorts:
            _add(years.setdefault(c.year, {}), _year_values(c))
    program_rows.stages("", "", ALL_YEARS, {k: totals.get(k, 0.0) for k in STAGES if "rate" not in k})
    program_rows.add("", "", ALL_YEARS, "credits", totals.get("credits", 0.0))
    for k in totals:
        if k.startswith("cost:"):
            program_rows.add("", "", ALL_YEARS, k, totals[k])
    for y in sorted(years):
        program_rows.stages("", "", y, years[y])
    _budget(rows, model, years)
    busy = pool_rows(model, lambda unit, figure, value: program_rows.add("", unit, ALL_YEARS, figure, value))
    keys = (*program_rows.keys, *rows.keys)
    for figure in {k[3] for k in keys}:
        spec(figure)  # an undeclared figure stops the run here instead of being averaged as a number later
    tracks = tuple(
        TrackInfo(ts.track.id, ts.track.names.model_dump(), ts.track.group, ts.track.mode) for ts in model.tracks
    )
    cost_lines = {line.id: line.names.model_dump() for ts in model.tracks for line in ts.track.cost_lines}
    pools = tuple(PoolInfo(p.id, p.names.model_dump()) for p in model.program.capacity.delivery)
    layout = Layout(model.program.id, cost_lines, tracks, _timeline(model), pools)
    values = np.array(program_rows.values + rows.values)
    return Replication(layout, keys, values, tuple(deadline_checks(model)), {**_daily(model), **busy})


def key_figures(rep: Replication) -> dict[str, float]:
    """The program's KEY_FIGURES in one replication (its first rows: the totals)."""
    values = {key[3]: v for key, v in zip(rep.keys[: len(STAGES)], rep.values)}
    return {k: float(values[k]) for k in KEY_FIGURES}
