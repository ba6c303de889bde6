"""Per-teacher reference model: one SimPy process per teacher, for validation only.

It shares the cohort model's calendar, supply and cost rules but replaces the
three places where teachers move (quota sign-up, course selection, show-up and
completion) with individual processes and coin flips. Tests check that both
models agree statistically; the benchmark measures how much faster cohorts are.
Use it on small cases: its cost grows with the number of teachers.
"""

from __future__ import annotations

import numpy as np

from sim.catalog import Program
from sim.scenario import Params

from .draws import Draws
from .engine import EPS, Cohort, ProgramModel, TrackState, Window, arrival_profile, course_preferences


class TeacherModel(ProgramModel):
    def __init__(self, program: Program, params: Params, seed: int, replication: int):
        super().__init__(program, params, Draws(seed, replication, program.id + "/reference"))
        self.rng = np.random.default_rng([seed, replication, 7])

    def _arrival_days(self, w: Window, rush: float, n: int) -> np.ndarray:
        profile = arrival_profile(len(w.days), rush)
        return w.start + self.rng.choice(len(profile), size=n, p=profile)

    def _wait_past(self, day: int):
        """Wait until ``day`` and let every teacher process due that day act first.

        A teacher due today does not wait at all (``_until`` yields nothing), so it acts in its
        start-up step, before this controller's zero-delay timeout comes round."""
        yield from self._until(day)
        yield self.env.timeout(0)

    def _enrol_quota(self, ts: TrackState, k: int, windows: list[Window], seats: np.ndarray):
        t, p = ts.track, self.p
        ratio = self._num(t, "candidate_ratio", 1.0)
        w = windows[0] if windows else Window(None, self.env.now, self.env.now)
        counts = np.zeros_like(seats)
        rate = p.rate(t, "participation_rate")
        rush = p.rate(t, "arrival_rush", 1.0)

        def teacher(cell: int, day: int):
            yield from self._until(day)
            counts[cell] += 1
            if k == 0 and "seats_filled" not in ts.events and np.minimum(counts, seats).sum() >= seats.sum() - EPS:
                ts.events["seats_filled"] = day

        for cell, n in enumerate(np.floor(seats * ratio + 0.5).astype(int)):
            signing = int((self.rng.random(n) < rate).sum())
            for day in self._arrival_days(w, rush, signing):
                self.env.process(teacher(cell, int(day)))
        yield from self._wait_past(w.end)
        ts.events.setdefault("enrolment_closed", w.end)
        return np.minimum(counts, seats)

    def _choose(self, ts: TrackState, r: int, w: Window, pool: float, approved: np.ndarray, weights: np.ndarray):
        t, p = ts.track, self.p
        chosen = np.zeros_like(ts.seats)
        excess = np.zeros_like(ts.seats)
        unplaced = [0]

        def teacher(day: int):
            yield from self._until(day)
            for attempt in range(4):  # a full favourite turns the teacher to other open courses
                free = ts.seats + ts.added - approved - chosen
                open_ = free > EPS
                if not open_.any():
                    break
                pick = self.rng.choice(len(weights), p=course_preferences(weights, open_, attempt))
                if free[pick] >= 1 - EPS:
                    chosen[pick] += 1
                    if r == 1 and "seats_filled" not in ts.events and (free.sum() - 1) <= EPS:
                        ts.events["seats_filled"] = day
                    return
                excess[pick] += 1
            unplaced[0] += 1

        for day in self._arrival_days(w, p.rate(t, "arrival_rush", 1.0), int(round(pool))):
            self.env.process(teacher(int(day)))
        yield from self._wait_past(w.end)
        return chosen, excess, float(unplaced[0])

    def _approve(self, name: str, chosen: np.ndarray, rate: float) -> np.ndarray:
        return np.array([float((self.rng.random(int(n)) < rate).sum()) for n in chosen])

    def _retry(self, name: str, teachers: float, rate: float) -> float:
        return float((self.rng.random(int(round(teachers))) < rate).sum())

    def _attend_and_complete(self, ts: TrackState, c: Cohort, previous: Cohort | None):
        t, p = ts.track, self.p
        c.attended = np.zeros_like(c.seats)
        c.completed = np.zeros_like(c.seats)
        attendance = p.rate(t, "attendance_rate")
        completion = p.rate(t, "completion_rate")

        def teacher(cell: int, continuing: bool):
            yield from self._until(int(c.start[cell]))
            if not continuing and self.rng.random() >= attendance:
                return
            c.attended[cell] += 1
            yield from self._until(int(c.assessed[cell]))
            if self.rng.random() < completion:
                c.completed[cell] += 1

        source = c.enrolled if previous is None else previous.completed
        for cell, n in enumerate(np.floor(source + 0.5).astype(int)):
            for _ in range(n):
                self.env.process(teacher(cell, previous is not None))
        yield from self._wait_past(int(c.assessed.max()) if len(c.assessed) else self.env.now)
