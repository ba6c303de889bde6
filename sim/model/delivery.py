"""Delivery, assessment and credits: when each class runs, who shows up and passes, and when it counts."""

from __future__ import annotations

import math

import numpy as np

from .context import Context, Process, at_once
from .state import EPS, Cohort, TrackState


def _schedule(ctx: Context, ts: TrackState, c: Cohort) -> None:
    """Course dates inside the delivery window, and the day each cell's passing is decided."""
    t, w = ts.track, c.window
    days = ctx.per_cohort(ts, "face_days")
    span = w.end - w.start + 1
    duration = int(math.ceil(days - EPS)) if days else span  # online-only courses run the whole window
    n = 1 if ts.shared_schedule else len(c.seats)
    offsets = ctx.draws.offsets(f"{t.id}/y{c.year}/start", max(0, span - duration), n)
    c.start = np.broadcast_to(w.start + offsets, c.seats.shape).copy() if n == 1 else w.start + offsets
    c.end = c.start + duration - 1
    # Where the document has an assessment phase, passing is decided there, not on the last course day.
    assessment = ctx.calendar.phase_window(t, ("assessment",), c.year, ts.base_year)
    c.assessed = np.maximum(c.end, assessment.end) if assessment else c.end


def deliver(ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None) -> Process[None]:
    """Waits for the delivery window to open, dates each class's course inside it, then for each
    class's first day (trainees show up) and its assessment (they pass or fail) -- movers ``show_up``.

    Rules: a course takes the cohort's share of ``face_days`` (online-only courses the whole window);
    cells that are allocations of one class share its dates; ``attendance_rate`` of the enrolled
    show up and ``completion_rate`` of them pass, at the ``assessment`` phase where the document
    has one. A continuing cohort (a later year of a multi-year track) is last year's completers.
    """
    yield from ctx.until(c.window.start)
    _schedule(ctx, ts, c)
    yield from ctx.movers.show_up(ctx, ts, c, previous)


@at_once
def register_credits(ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None) -> None:
    """Completions count once entered in the credit bank: at the end of the year's
    ``credit_registration`` phase where the documents date one, else on the day passing is decided."""
    registration = ctx.calendar.phase_window(ts.track, ("credit_registration",), c.year, ts.base_year)
    c.credited = np.maximum(c.assessed, registration.end) if registration else c.assessed
