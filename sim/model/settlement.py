"""Settlement: what a cohort cost, by cost line, and when the providers are paid."""

from __future__ import annotations

import numpy as np

from .context import Context, at_once
from .state import Cohort, TrackState


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
            # Studio grants are paid once per cohort, shared over cells by seats so units add up.
            first = c.year == ts.base_year or t.new_cohort_each_year
            studios = float(ctx.draws.count(ctx.num(t, "studios", 0.0) * p.quota_scale)) if first else 0.0
            total = c.seats.sum()
            share = c.seats / total if total > 0 else np.full(len(c.seats), 1.0 / len(c.seats))
            c.cost[line.id] = share * studios * rate
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
