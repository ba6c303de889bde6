"""Settlement: what a cohort cost, by cost line, and when the providers are paid."""

from __future__ import annotations

import numpy as np

from .context import Context, at_once
from .state import EPS, Cohort, TrackState
from .supply import studios_for


def _studio_grants(ctx: Context, ts: TrackState, c: Cohort) -> np.ndarray:
    """Studios per cell, paid once per cohort, and only studios that have members.

    With ``studio_members`` the studios follow the trainees ("1 名培训专家带领 10 名省级培训师":
    ceil(enrolled / 10) studios, shared over cells by trainees); with a fixed ``studios`` count
    (scaled with the quotas) a cell whose trainees are none runs no studio.
    """
    t = ts.track
    if not (c.year == ts.base_year or t.new_cohort_each_year):
        return np.zeros(len(c.seats))
    members = float(c.enrolled.sum())
    size = ctx.num(t, "studio_members")
    if size is not None:
        share = c.enrolled / members if members > EPS else np.zeros(len(c.seats))
        return share * studios_for(members, size)
    studios = float(ctx.draws.count(ctx.num(t, "studios", 0.0) * ctx.params.quota_scale))
    seats = c.seats.sum()
    share = c.seats / seats if seats > 0 else np.full(len(c.seats), 1.0 / len(c.seats))
    return share * studios * (c.enrolled > EPS)


def _costs(ctx: Context, ts: TrackState, c: Cohort) -> None:
    t, p = ts.track, ctx.params
    per_person = {
        "person_days": ctx.per_cohort(ts, "face_days") or 0.0,
        "person_hours": ctx.per_cohort(ts, "online_hours") or 0.0,
        "persons": 1.0,
    }
    for line in t.cost_lines:
        rate = float(p.slot(t, "rate", line.rate))
        if line.driver == "studios":
            c.cost[line.id] = _studio_grants(ctx, ts, c) * rate
        else:
            c.cost[line.id] = c.attended * per_person[line.driver] * rate


@at_once
def settle(ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None) -> None:
    """Costs follow the trainees who actually attended (settled on actual participants) at the cost
    lines' rates; the provider is paid on a day inside the year's ``settlement`` phase, not before
    credits are registered, or ``settlement_delay_days`` (on average) after, where none is dated."""
    _costs(ctx, ts, c)
    t, d = ts.track, ctx.draws
    w = ctx.calendar.phase_window(t, ("settlement",), c.year, ts.base_year)
    if w is not None:
        c.settle = np.maximum(c.credited, w.start + d.offsets(f"{t.id}/y{c.year}/settle", w.end - w.start, len(c.end)))
    else:
        delay = ctx.params.rate(t, "settlement_delay_days", 0.0)
        c.settle = c.credited + d.delays(f"{t.id}/y{c.year}/settle", delay, len(c.end))
