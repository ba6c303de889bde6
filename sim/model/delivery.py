"""Delivery, assessment and credits: when each class runs, who shows up and passes, and when it counts."""

from __future__ import annotations

import math

import numpy as np

from .calendar import Window
from .capacity import queue_classes
from .context import Context, Process, at_once
from .rules import rule_number
from .state import EPS, Cohort, TrackState


def course_days(ctx: Context, ts: TrackState, w: Window) -> int:
    """How many days one course runs: the cohort's share of ``face_days``; online-only courses the whole window."""
    days = ctx.per_cohort(ts, "face_days")
    return int(math.ceil(days - EPS)) if days else w.end - w.start + 1


def _rule_days(ctx: Context, ts: TrackState, kind: str) -> int | None:
    """The days a documented rule of ``kind`` sets for the track (None: the program has no such rule)."""
    days = rule_number(ctx.program, ctx.params, ts.track, kind)
    return None if days is None else int(days)


def first_opening(ctx: Context, ts: TrackState, year: int) -> int | None:
    """The first day a course may open, where a rule says its timetable must be out so many days
    before: after the projects are published, or the opening dates submitted (``schedule`` phase)."""
    lead = _rule_days(ctx, ts, "timetable_before_start")
    if lead is None:
        return None
    phases = [ctx.calendar.phase_window(ts.track, (kind,), year, ts.base_year) for kind in ("publication", "schedule")]
    known = [w.end for w in phases if w is not None]
    if "published" in ts.events:  # a review that ran late published later than the documents date it
        known.append(ts.events["published"])
    return max(known) + lead if known else None


def sign_up_by(ctx: Context, ts: TrackState, start: np.ndarray) -> np.ndarray:
    """The last day a teacher may sign up for each cell's course: the day before it opens, or before
    the arrival notice goes out where a rule dates the notice so many days before opening."""
    return start - (_rule_days(ctx, ts, "notice_before_start") or 1)


def planned_start(ctx: Context, ts: TrackState, w: Window, year: int) -> np.ndarray:
    """The first course day each cell's class is planned for inside delivery window ``w``, not before
    the timetable may be out; planned once per cohort year, when its sign-up opens or its delivery does."""
    if year in ts.plans:
        return ts.plans[year]
    duration = course_days(ctx, ts, w)
    opens = max(w.start, first_opening(ctx, ts, year) or w.start)
    n = 1 if ts.shared_schedule else len(ts.seats)
    slack = max(0, w.end - duration + 1 - opens)
    offsets = ctx.draws.offsets(f"{ts.track.id}/y{year}/start", slack, n, ts.units if n > 1 else None)
    start = np.broadcast_to(opens + offsets, ts.seats.shape).copy() if n == 1 else opens + offsets
    ts.plans[year] = start
    return start


def deliver(ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None) -> Process[None]:
    """Waits for the delivery window to open; each class then waits for its planned first day and,
    where its institutions' capacity is modelled, for a free slot (``capacity.ClassPool``); trainees
    show up on the day it starts and pass or fail at its assessment -- movers ``show_up``.

    Rules: a course takes the cohort's share of ``face_days`` (online-only courses the whole window)
    and opens no earlier than the timetable rule allows (``timetable_days_before_start`` after
    publication or the submitted opening dates); cells that are allocations of one class share its
    dates; ``attendance_rate`` of the enrolled show up and ``completion_rate`` of them pass, at the
    ``assessment`` phase where the document has one. A continuing cohort (a later year of a
    multi-year track) is last year's completers.
    """
    yield from ctx.until(c.window.start)
    days = course_days(ctx, ts, c.window)
    c.start = planned_start(ctx, ts, c.window, c.year).copy()
    started = queue_classes(ctx.env, ctx.capacity, ts, c, days)
    if started:
        yield ctx.env.all_of(started)
    c.end = c.start + days - 1
    # Where the document has an assessment phase, passing is decided there, not on the last course day.
    assessment = ctx.calendar.phase_window(ts.track, ("assessment",), c.year, ts.base_year)
    c.assessed = np.maximum(c.end, assessment.end) if assessment else c.end
    yield from ctx.movers.show_up(ctx, ts, c, previous)


@at_once
def register_credits(ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None) -> None:
    """Completions count once entered in the credit bank: at the end of the year's
    ``credit_registration`` phase where the documents date one, else on the day passing is decided."""
    registration = ctx.calendar.phase_window(ts.track, ("credit_registration",), c.year, ts.base_year)
    c.credited = np.maximum(c.assessed, registration.end) if registration else c.assessed
