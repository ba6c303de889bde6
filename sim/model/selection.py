"""Course selection: teachers choose among published classes in rounds, principals review the
choices, and institutions whose favourite classes overflowed add seats."""

from __future__ import annotations

import numpy as np

from .context import Context, Process
from .state import EPS, Intake, TrackState


def select_courses(ctx: Context, ts: TrackState, intake: Intake) -> Process[np.ndarray]:
    """Rounds of choice (the year's ``enrolment`` windows, by ``round``), each followed by the
    principals' review and the institutions' re-check of rosters; returns the approved choices.

    Per round waits for each day of the window (movers ``choose``), then for the end of its
    ``school_review`` and ``recheck`` phases; after round 1, for class expansion. Rules:
    ``participation_rate`` of the ``eligible`` teachers choose, principals approve
    ``school_approval_rate`` of the choices, and ``round2_participation_rate`` of those left without
    a course try again, joined by the teachers who sat out round 1 unless the rule
    ``second_round_requires_first`` bars them.
    """
    t, d, p = ts.track, ctx.draws, ctx.params
    weights = d.popularity(f"{t.id}/popularity", len(ts.seats), p.rate(t, "popularity_spread", 0.0))
    eligible = float(d.count(ctx.required(t, "eligible")))
    choosers = float(d.binomial(f"{t.id}/choosers", eligible, p.rate(t, "participation_rate")))
    retry_rate = p.rate(t, "round2_participation_rate", 1.0)
    needs_first = any(rule.kind == "second_round_requires_first" for rule in ctx.program.rules)
    ts.demand = choosers
    approved = np.zeros_like(ts.seats)
    pool = choosers
    for r, w in enumerate(intake.windows, start=1):
        if len(w.days):
            chosen, excess, unplaced = yield from ctx.movers.choose(ctx, ts, r, w, pool, approved, weights)
        else:  # the round closed before its courses were published: its teachers found nothing to choose
            chosen, excess, unplaced = np.zeros_like(ts.seats), np.zeros_like(ts.seats), pool
        yield from ctx.until_close(t, "school_review", round_no=r)
        ok = ctx.movers.approve(ctx, f"{t.id}/r{r}/review", chosen, p.rate(t, "school_approval_rate", 1.0))
        approved += ok
        rejected = float((chosen - ok).sum())
        ts.rejected += rejected
        if r == 1:
            yield from expand_classes(ctx, ts, excess)
        yield from ctx.until_close(t, "recheck", round_no=r)
        newcomers = 0.0 if needs_first or r > 1 else eligible - choosers
        joining = ctx.movers.retry(ctx, f"{t.id}/r{r + 1}/new", newcomers, retry_rate)
        pool = ctx.movers.retry(ctx, f"{t.id}/r{r + 1}/pool", unplaced + rejected, retry_rate) + joining
        ts.demand += joining
    ts.events["enrolment_closed"] = ctx.today
    return approved


def expand_classes(ctx: Context, ts: TrackState, excess: np.ndarray) -> Process[None]:
    """Classes whose favourite-choice demand found no seat at all ask for more seats, and the bureau
    grants some. (A teacher turned away by a full favourite but seated in another class is no demand
    for an extra seat.)

    Waits for the ends of the ``expansion_request`` and ``expansion_approval`` phases; without either
    there is no expansion. Rules: a class may grow by at most ``expansion_share`` of ``class_size``,
    and a request is granted with ``expansion_approval_rate``.
    """
    t, d, p = ts.track, ctx.draws, ctx.params
    if not ctx.calendar.windows(t, ("expansion_request", "expansion_approval")):
        return
    want = np.minimum(excess, ctx.required(t, "class_size") * p.rate(t, "expansion_share", 0.0))
    yield from ctx.until_close(t, "expansion_request")
    asked = want > EPS
    granted = d.bernoulli(f"{t.id}/expansion", p.rate(t, "expansion_approval_rate", 1.0), len(want)) * asked
    yield from ctx.until_close(t, "expansion_approval")
    ts.added = ts.added + d.count(want * granted)
    ts.events["expansion_decided"] = ctx.today
