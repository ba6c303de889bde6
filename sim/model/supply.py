"""Seats: the cells a track starts with, before any step runs."""

from __future__ import annotations

import math

import numpy as np

from sim.catalog import Program, Track
from sim.scenario import Params

from .context import Context
from .rules import county_minimum
from .state import EPS, TrackState


def classes(n_classes: float, class_size: float, unit: str) -> tuple[list[str], np.ndarray]:
    """Cells for ``n_classes`` classes; a fractional expectation makes a last, partial class.

    There is always at least one cell (with no seats if need be), so every unit reports.
    """
    whole = int(math.floor(n_classes + EPS))
    part = n_classes - whole
    seats = [class_size] * whole + ([class_size * part] if part > EPS else [])
    return [unit] * max(len(seats), 1), np.array(seats or [0.0], dtype=float)


def studios_for(members: float, per_studio: float) -> float:
    """Studios of ``per_studio`` trainees each (the "10" of "1+10") that seat ``members``: a last,
    smaller studio takes whoever is left."""
    return float(math.ceil(members / per_studio - EPS)) if per_studio > 0 and members > EPS else 0.0


def _host_places(ctx: Context, track: Track) -> float:
    """Trainees the host track's planned studios take: studios x ``per_host_studio``
    ("1 名省级名师+10 名省级骨干教师培育对象+50 至 100 名新入职教师": 100 new teachers a studio at most)."""
    host = next(t for t in ctx.program.tracks if t.id == track.hosted_by)
    studios = studios_for(float(_plan_cells(ctx, host)[1].sum()), ctx.required(host, "studio_members"))
    return studios * ctx.required(track, "per_host_studio")


def _plan_cells(ctx: Context, track: Track) -> tuple[list[str], np.ndarray, bool]:
    """(unit per cell, seats per cell, whether the cells share one schedule)."""
    d, scale = ctx.draws, ctx.params.quota_scale
    if track.allocation is not None:
        people = np.array(list(track.allocation.values.values()), dtype=float)
        seats = d.count(people * scale)
        if track.allocation.population:  # there are no more teachers to seat than there are
            seats = np.minimum(seats, people)
        return list(track.allocation.values), seats, track.class_size is None
    if track.projects is not None:
        projects = max(
            float(d.count(ctx.required(track, "projects") * scale)), county_minimum(ctx.program, ctx.params, track)
        )
        per_project = ctx.num(track, "classes_per_project", 1.0)
        units, cells = classes(projects * per_project, ctx.required(track, "class_size"), "")
        return units, cells, False
    if track.suppliers is not None:
        return [], np.zeros(0), False  # classes appear when the declared projects are published
    quota = float(d.count(ctx.required(track, "quota") * scale))
    if track.hosted_by is not None:
        quota = min(quota, _host_places(ctx, track))
    class_size = ctx.num(track, "class_size")
    if not class_size:
        return [""], np.array([quota]), True
    units, cells = classes(quota / class_size, class_size, "")
    if not d.deterministic:  # whole teachers: the last class takes whoever is left
        cells[-1] = quota - class_size * (len(cells) - 1)
    return units, cells, False


def credits_each(ctx: Context, track: Track) -> float:
    """Credits one completion earns: the track's hours ÷ ``hours_per_credit`` where credits follow hours
    ("每 20学时计算一个学分": 60 h -> 3), else ``credits_per_completion``. A completer of a multi-year
    track has done all of its hours."""
    per_credit = ctx.num(track, "hours_per_credit")
    if per_credit is not None:
        return ctx.num(track, "online_hours", 0.0) / per_credit if per_credit > 0 else 0.0
    return ctx.num(track, "credits_per_completion", 0.0)


def track_state(ctx: Context, track: Track) -> TrackState:
    units, seats, shared = _plan_cells(ctx, track)
    years = max(int(round(ctx.num(track, "years", 1.0))), 1)
    base_year = ctx.calendar.date(ctx.calendar.delivery_window(track, 0).start).year
    ts = TrackState(track, units, seats, np.zeros_like(seats), shared, years, base_year)
    ts.credits_each = credits_each(ctx, track)
    return ts


def cell_estimate(program: Program, params: Params) -> int:
    """How many cells (classes, or allocated units) one replication of the program will hold at most.

    Plain arithmetic on the scenario's values, mirroring ``_plan_cells`` and the declaration step
    (every declarable project approved), so a run's size is known before any array is made.
    """
    total = 0.0
    for t in program.tracks:

        def value(slot: str, default: float = 0.0, track: Track = t) -> float:
            v = params.slot(track, slot) if getattr(track, slot, None) is not None else None
            return default if v is None else float(v)

        scale = params.quota_scale
        if t.allocation is not None:
            cells = float(len(t.allocation.values))
        elif t.projects is not None:
            projects = max(value("projects") * scale, county_minimum(program, params, t))
            cells = math.ceil(projects * value("classes_per_project", 1.0))
        elif t.suppliers is not None:
            caps = sum(
                float(params.slot(t, "institutions", s.institutions))
                * float(params.slot(t, "project_cap", s.project_cap))
                for s in t.suppliers
            )
            cells = math.ceil(caps * scale * value("classes_per_project", 1.0))
        else:
            size = value("class_size")
            cells = math.ceil(value("quota") * scale / size) if size else 1.0
        total += max(cells, 1.0) * max(int(round(value("years", 1.0))), 1)
    return int(total)
