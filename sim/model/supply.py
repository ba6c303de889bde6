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


def _plan_cells(ctx: Context, track: Track) -> tuple[list[str], np.ndarray, bool]:
    """(unit per cell, seats per cell, whether the cells share one schedule)."""
    d, scale = ctx.draws, ctx.params.quota_scale
    if track.allocation is not None:
        seats = d.count(np.array(list(track.allocation.values.values()), dtype=float) * scale)
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
    class_size = ctx.num(track, "class_size")
    if not class_size:
        return [""], np.array([quota]), True
    units, cells = classes(quota / class_size, class_size, "")
    if not d.deterministic:  # whole teachers: the last class takes whoever is left
        cells[-1] = quota - class_size * (len(cells) - 1)
    return units, cells, False


def track_state(ctx: Context, track: Track) -> TrackState:
    units, seats, shared = _plan_cells(ctx, track)
    years = max(int(round(ctx.num(track, "years", 1.0))), 1)
    base_year = ctx.calendar.date(ctx.calendar.delivery_window(track, 0).start).year
    return TrackState(track, units, seats, np.zeros_like(seats), shared, years, base_year)


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
