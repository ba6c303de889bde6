"""How teachers move, in daily cohorts: every SimPy event moves a whole array of cells at once, so a
province of 600,000 teachers costs a few hundred events, not one process per teacher.

The per-teacher reference model (``reference.py``) implements the same :class:`~.context.Movers`.
"""

from __future__ import annotations

import numpy as np

from .calendar import Window
from .context import Context, Process
from .state import EPS, Cohort, TrackState


def arrival_profile(days: int, rush: float) -> np.ndarray:
    """Share of a window's sign-ups on each day, rising linearly to ``rush`` x the first day's."""
    if days <= 1:
        return np.ones(max(days, 1))
    w = 1.0 + (rush - 1.0) * np.arange(days) / (days - 1)
    return w / w.sum()


def course_preferences(weights: np.ndarray, open_: np.ndarray, attempt: int) -> np.ndarray:
    """Choice probabilities: by popularity over all courses first, then over the open ones only."""
    pv = weights if attempt == 0 else weights * open_
    if pv.sum() <= 0:  # every open course is vanishingly unpopular: choose among them evenly
        pv = open_.astype(float)
    return pv / pv.sum()


def dropouts_barred(ctx: Context) -> bool:
    """Whether trainees who were dismissed or did not complete are kept out of the later years of a
    multi-year track: rule ``no_show_ban`` ("未参训、被劝退、未结业的学员在三年内不得再参加
    省级组织的集中培训项目") with a ban of at least the one year to the next. Without it they come back.

    A ban shorter than the track (a dropout back after it ends) is not told apart: Henan's tracks run
    two years under a three-year ban.
    """
    for rule in ctx.program.rules:
        if rule.kind == "no_show_ban":
            years = 1.0 if rule.param is None else float(ctx.params.param(rule.param))
            if years >= 1:
                return True
    return False


class CohortMovers:
    """Teachers move as arrays over a track's cells, one SimPy event per day or course date."""

    def _arrivals(self, ctx: Context, ts: TrackState, w: Window, pool: np.ndarray | float, name: str) -> np.ndarray:
        """Spread ``pool`` sign-ups (a count, or one per cell) over the window's days."""
        profile = arrival_profile(len(w.days), ctx.params.rate(ts.track, "arrival_rush", 1.0))
        return ctx.draws.multinomial(name, pool, profile)

    def sign_ups(
        self, ctx: Context, ts: TrackState, k: int, w: Window, invited: np.ndarray, rate: float
    ) -> tuple[np.ndarray, np.ndarray]:
        """Of ``invited`` per cell, those who sign up (each with ``rate``), and when: (per cell, per cell
        and window day), before the late ones are told they missed their course."""
        t = ts.track
        candidates = ctx.draws.binomial(f"{t.id}/y{k}/sign-up", invited, rate)
        return candidates, self._arrivals(ctx, ts, w, candidates, f"{t.id}/y{k}/days")

    def sign_up(
        self, ctx: Context, ts: TrackState, k: int, w: Window, invited: np.ndarray, rate: float, last: np.ndarray
    ) -> Process[np.ndarray]:
        seats = ts.seats
        candidates, daily = self.sign_ups(ctx, ts, k, w, invited, rate)
        late = np.asarray(w.days)[None, :] > last[:, None]  # sign-ups after the course opened miss it
        missed = (daily * late).sum(axis=1)
        daily[late] = 0.0
        cum = np.zeros_like(seats)
        total, taken = seats.sum(), 0.0
        for i, day in enumerate(w.days):
            yield from ctx.until(day)
            cum += daily[:, i]
            now_taken = np.minimum(cum, seats).sum()
            ctx.sign_ups[day] += float(now_taken - taken)
            if k == 0 and "seats_filled" not in ts.events and now_taken >= total - EPS:
                ts.events["seats_filled"] = day
            taken = now_taken
        yield from ctx.until(w.end)
        return candidates - missed

    def _place(
        self, ctx: Context, name: str, arrivals: float, free: np.ndarray, weights: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, float]:
        """Seat ``arrivals`` teachers by popularity; a full favourite turns them to other open classes.

        Returns (seated per class, teachers left without any seat by their favourite class, teachers
        left without any seat). Only demand that found no seat at all is the signal institutions ask
        to expand on: a teacher seated in another class needs no extra seat.
        """
        placed = np.zeros_like(free)
        overflow = np.zeros_like(free)  # by favourite: teachers whose first choice was full
        remaining = float(arrivals)
        for attempt in range(4):
            room = free - placed
            open_ = room > EPS
            if remaining <= EPS or (attempt and not open_.any()):  # a favourite is chosen even if all are full
                break
            pv = course_preferences(weights, open_, attempt)
            demand = ctx.draws.multinomial(name, remaining, pv)
            take = np.minimum(demand, room)
            if attempt == 0:
                overflow = demand - take
            placed += take
            remaining = float((demand - take).sum())
        if remaining <= EPS:
            return placed, np.zeros_like(free), 0.0
        # Where a turned-away teacher ends up does not depend on the favourite (later attempts choose
        # among the open classes alone), so the teachers left over came from each favourite in
        # proportion to its overflow.
        unseated = ctx.draws.multinomial(f"{name}/unseated", remaining, overflow / overflow.sum())
        return placed, unseated, remaining

    def choose(
        self, ctx: Context, ts: TrackState, r: int, w: Window, pool: float, approved: np.ndarray, weights: np.ndarray
    ) -> Process[tuple[np.ndarray, np.ndarray, float]]:
        t = ts.track
        arrivals = self._arrivals(ctx, ts, w, pool, f"{t.id}/r{r}/days")
        chosen = np.zeros_like(ts.seats)
        excess = np.zeros_like(ts.seats)
        unplaced = 0.0
        for i, day in enumerate(w.days):
            yield from ctx.until(day)
            free = ts.seats + ts.added - approved - chosen
            got, turned, left = self._place(ctx, f"{t.id}/r{r}/place", arrivals[i], free, weights)
            chosen += got
            ctx.sign_ups[day] += float(got.sum())
            excess += turned
            unplaced += left
            if r == 1 and "seats_filled" not in ts.events and (free - got).sum() <= EPS:
                ts.events["seats_filled"] = day
        return chosen, excess, unplaced

    def approve(self, ctx: Context, name: str, chosen: np.ndarray, rate: float) -> np.ndarray:
        return ctx.draws.binomial(name, chosen, rate)

    def retry(self, ctx: Context, name: str, teachers: float, rate: float) -> float:
        return float(ctx.draws.binomial(name, teachers, rate))

    def withdraw(self, ctx: Context, name: str, enrolled: np.ndarray, rate: float) -> np.ndarray:
        return ctx.draws.binomial(name, enrolled, rate)

    def outcomes(
        self, ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per cell, the trainees who will show up and those who will pass (see ``show_up``)."""
        t, d, p = ts.track, ctx.draws, ctx.params
        attendance = p.rate(t, "attendance_rate")
        if previous is None:
            shows = d.binomial(f"{t.id}/y{c.year}/attend", c.enrolled, attendance)
        elif dropouts_barred(ctx):
            shows = previous.completed
        else:
            failed = np.maximum(previous.attended - previous.completed, 0.0)
            shows = previous.completed + d.binomial(f"{t.id}/y{c.year}/return", failed, attendance)
        passes = d.binomial(f"{t.id}/y{c.year}/complete", shows, p.rate(t, "completion_rate"))
        return shows, passes

    def show_up(self, ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None) -> Process[None]:
        """Every cell due on a day at once. Each cell's outcome is sampled from the cohort's own stream
        when the cohort is scheduled and revealed on its day, so outcomes do not depend on event order.

        A continuing cohort is last year's completers, who all come back, and -- unless
        ``dropouts_barred`` -- those who attended last year but did not complete, who show up like a
        new cohort. (Last year's no-shows never started the programme.)"""
        shows, passes = self.outcomes(ctx, ts, c, previous)
        c.attended = np.zeros_like(c.seats)
        c.completed = np.zeros_like(c.seats)
        for day in np.unique(np.concatenate([c.start, c.assessed])):
            yield from ctx.until(int(day))
            starting = c.start == day
            c.attended[starting] = shows[starting]
            assessed = c.assessed == day
            c.completed[assessed] = passes[assessed]


COHORTS = CohortMovers()
