"""Quota enrolment: seats handed down (assigned) or open to all (registration) fill over a window."""

from __future__ import annotations

import numpy as np

from .calendar import Window
from .context import Context, Process
from .delivery import planned_start, sign_up_by
from .state import Intake, TrackState

# The phases teachers sign up in: their own enrolment, or a bureau's selection for assigned quotas.
ENROLMENT_KINDS = ("enrolment", "selection")


def enrol_quota(ctx: Context, ts: TrackState, intake: Intake) -> Process[np.ndarray]:
    """Candidates sign up over the year's first sign-up window (or, where none is dated, on the day
    delivery opens) and the institution picks its seats from them when the window closes.

    Waits for each day of the window (movers ``sign_up``). Rules: ``candidate_ratio`` candidates per
    seat are invited (1:1.2 selection), ``participation_rate`` of them sign up, arriving faster
    towards the deadline (``arrival_rush``); the seats taken are at most the seats planned. The
    courses are dated before sign-up (``delivery.planned_start``): who signs up after the course
    opened, or after its arrival notice went out, misses it.
    """
    t, p = ts.track, ctx.params
    if intake.windows:
        w = intake.windows[0]
        last = sign_up_by(ctx, ts, planned_start(ctx, ts, intake.delivery, ts.base_year + intake.k))
    else:  # no dated sign-up: the roster stands when delivery opens, so no one is too late
        yield from ctx.until(intake.delivery.start)
        w = Window(None, ctx.today, ctx.today)
        last = np.full(len(ts.seats), w.end)
    invited = ctx.draws.count(ts.seats * ctx.num(t, "candidate_ratio", 1.0))
    rate = p.rate(t, "participation_rate")
    if len(w.days):
        candidates = yield from ctx.movers.sign_up(ctx, ts, intake.k, w, invited, rate, last)
    else:  # the window closed before its courses were published: nobody could sign up
        candidates = np.zeros_like(ts.seats)
    ts.events.setdefault("enrolment_closed", w.end)
    return np.minimum(candidates, ts.seats)
