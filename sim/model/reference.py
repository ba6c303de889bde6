"""Per-teacher reference model: one SimPy process per teacher, for validation only.

It runs the cohort model's flows and steps unchanged and plugs in its own movers: the places where
teachers move (quota sign-up, course choice and the principals' review, show-up and completion)
become individual processes and coin flips. Tests check that both models agree statistically; the
benchmark measures how much faster cohorts are. Use it on small cases: its cost grows with the
number of teachers.
"""

from __future__ import annotations

import numpy as np

from sim.catalog import Program
from sim.scenario import Params

from .calendar import Window
from .context import Context, Process
from .draws import Draws
from .engine import ProgramModel
from .movers import arrival_profile, course_preferences, dropouts_barred
from .state import EPS, Cohort, TrackState


class TeacherMovers:
    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def _arrival_days(self, ctx: Context, ts: TrackState, w: Window, n: int) -> np.ndarray:
        profile = arrival_profile(len(w.days), ctx.params.rate(ts.track, "arrival_rush", 1.0))
        return w.start + self.rng.choice(len(profile), size=n, p=profile)

    def _wait_past(self, ctx: Context, day: int) -> Process[None]:
        """Wait until ``day`` and let every teacher process due that day act first.

        A teacher due today does not wait at all (``until`` yields nothing), so it acts in its
        start-up step, before this controller's zero-delay timeout comes round."""
        yield from ctx.until(day)
        yield ctx.env.timeout(0)

    def sign_up(
        self, ctx: Context, ts: TrackState, k: int, w: Window, invited: np.ndarray, rate: float, last: np.ndarray
    ) -> Process[np.ndarray]:
        seats = ts.seats
        counts = np.zeros_like(seats)

        def teacher(cell: int, day: int) -> Process[None]:
            yield from ctx.until(day)
            counts[cell] += 1
            if k == 0 and "seats_filled" not in ts.events and np.minimum(counts, seats).sum() >= seats.sum() - EPS:
                ts.events["seats_filled"] = day

        for cell, n in enumerate(invited.astype(int)):
            signing = int((self.rng.random(n) < rate).sum())
            for day in self._arrival_days(ctx, ts, w, signing):
                if day <= last[cell]:  # a later sign-up misses the course
                    ctx.env.process(teacher(cell, int(day)))
        yield from self._wait_past(ctx, w.end)
        return counts

    def choose(
        self, ctx: Context, ts: TrackState, r: int, w: Window, pool: float, approved: np.ndarray, weights: np.ndarray
    ) -> Process[tuple[np.ndarray, np.ndarray, float]]:
        chosen = np.zeros_like(ts.seats)
        excess = np.zeros_like(ts.seats)
        unplaced = [0]

        def teacher(day: int) -> Process[None]:
            yield from ctx.until(day)
            favourite = 0
            for attempt in range(4):  # a full favourite turns the teacher to other open courses
                free = ts.seats + ts.added - approved - chosen
                open_ = free > EPS
                if attempt and not open_.any():  # the favourite is chosen even if every course is full
                    break
                pick = self.rng.choice(len(weights), p=course_preferences(weights, open_, attempt))
                if free[pick] >= 1 - EPS:
                    chosen[pick] += 1
                    if r == 1 and "seats_filled" not in ts.events and (free.sum() - 1) <= EPS:
                        ts.events["seats_filled"] = day
                    return
                favourite = pick if attempt == 0 else favourite
            excess[favourite] += 1  # only a teacher left without any seat asks for one more
            unplaced[0] += 1

        for day in self._arrival_days(ctx, ts, w, int(round(pool))):
            ctx.env.process(teacher(int(day)))
        yield from self._wait_past(ctx, w.end)
        return chosen, excess, float(unplaced[0])

    def _each(self, teachers: np.ndarray, rate: float) -> np.ndarray:
        """Per cell, how many of its teachers a coin flip with ``rate`` says yes to."""
        return np.array([float((self.rng.random(int(round(n))) < rate).sum()) for n in teachers])

    def approve(self, ctx: Context, name: str, chosen: np.ndarray, rate: float) -> np.ndarray:
        return self._each(chosen, rate)

    def retry(self, ctx: Context, name: str, teachers: float, rate: float) -> float:
        return float((self.rng.random(int(round(teachers))) < rate).sum())

    def withdraw(self, ctx: Context, name: str, enrolled: np.ndarray, rate: float) -> np.ndarray:
        return self._each(enrolled, rate)

    def show_up(self, ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None) -> Process[None]:
        t, p = ts.track, ctx.params
        c.attended = np.zeros_like(c.seats)
        c.completed = np.zeros_like(c.seats)
        attendance = p.rate(t, "attendance_rate")
        completion = p.rate(t, "completion_rate")

        def teacher(cell: int, continuing: bool) -> Process[None]:
            yield from ctx.until(int(c.start[cell]))
            if not continuing and self.rng.random() >= attendance:
                return
            c.attended[cell] += 1
            yield from ctx.until(int(c.assessed[cell]))
            if self.rng.random() < completion:
                c.completed[cell] += 1

        # A continuing cohort: last year's completers come back, and those who attended but did not
        # complete unless barred; a new cohort is everyone enrolled.
        if previous is None:
            completers, others = np.zeros_like(c.seats), c.enrolled
        else:
            completers = previous.completed
            others = np.zeros_like(c.seats) if dropouts_barred(ctx) else previous.attended - completers
        for cell in range(len(c.seats)):
            for continuing, n in ((True, completers[cell]), (False, others[cell])):
                for _ in range(int(np.floor(n + 0.5))):
                    ctx.env.process(teacher(cell, continuing))
        yield from self._wait_past(ctx, int(c.assessed.max()) if len(c.assessed) else ctx.today)


class TeacherModel(ProgramModel):
    """The program's model with per-teacher movers, on its own random streams."""

    def __init__(self, program: Program, params: Params, seed: int, replication: int):
        draws = Draws(seed, replication, program.id + "/reference")
        super().__init__(program, params, draws, TeacherMovers(np.random.default_rng([seed, replication, 7])))
