"""Withdrawal when a published project changes: its trainees may leave it before it runs."""

from __future__ import annotations

from .context import Context, at_once
from .state import Cohort, TrackState


@at_once
def withdraw_on_change(ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None) -> None:
    """Published projects run as planned, but one the bureau lets change materially must let its
    trainees withdraw (浙江 二（二）: 如确有特殊情况需作较大调整的……且允许学员退选).

    Waits for nothing: decides the moment enrolment ends. Rules, where the program has the rule
    ``withdrawal_allowed_on_change``: ``project_change_share`` of the classes change and
    ``withdrawal_rate_on_change`` of their enrolled trainees withdraw (movers ``withdraw``); the seats
    they leave stay empty, as sign-up is over. A continuing cohort (a later year) has nobody to withdraw.
    """
    t, p = ts.track, ctx.params
    if previous is not None or not any(r.kind == "withdrawal_allowed_on_change" for r in ctx.program.rules):
        return
    changed = ctx.draws.bernoulli(f"{t.id}/y{c.year}/changed", p.rate(t, "project_change_share", 0.0), len(c.seats))
    rate = p.rate(t, "withdrawal_rate_on_change", 0.0)
    c.enrolled = c.enrolled - ctx.movers.withdraw(ctx, f"{t.id}/y{c.year}/withdraw", c.enrolled * changed, rate)
