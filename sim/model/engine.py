"""SimPy model of one program's declaration-to-settlement timeline.

Time is in calendar days from the program's first dated event. Teachers move
in daily cohorts: each track keeps numpy arrays over its *cells* (classes, or
the cities/counties a quota is allocated to) and every SimPy event updates a
whole array at once, so a province of 600,000 teachers costs a few hundred
events, not one process per teacher.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import simpy

from sim.catalog import Milestone, Program, Track
from sim.scenario import Params

from .draws import Draws

EPS = 1e-9
ENROLMENT_KINDS = ("enrolment", "selection")


@dataclass
class Window:
    milestone: Milestone | None
    start: int
    end: int

    @property
    def days(self) -> range:
        return range(self.start, self.end + 1)


@dataclass
class Cohort:
    """One year's delivery of a track."""

    year: int
    seats: np.ndarray
    enrolled: np.ndarray
    window: Window
    attended: np.ndarray = None  # type: ignore[assignment]
    completed: np.ndarray = None  # type: ignore[assignment]
    start: np.ndarray = None  # type: ignore[assignment]
    end: np.ndarray = None  # type: ignore[assignment]
    assessed: np.ndarray = None  # type: ignore[assignment]
    credited: np.ndarray = None  # type: ignore[assignment]
    settle: np.ndarray = None  # type: ignore[assignment]
    cost: dict[str, np.ndarray] = field(default_factory=dict)  # per cost line, per cell


@dataclass
class TrackState:
    track: Track
    units: list[str]  # the unit each cell reports under (city, supplier category ...)
    seats: np.ndarray  # planned seats per cell (after quota_scale)
    added: np.ndarray  # seats added by class expansion
    shared_schedule: bool  # cells are allocations of one class, so they share dates
    years: int
    base_year: int  # calendar year of the first delivery
    cohorts: list[Cohort] = field(default_factory=list)
    events: dict[str, int | None] = field(default_factory=dict)
    projects_declared: float = 0.0
    projects_approved: float = 0.0
    demand: float = 0.0  # teachers who chose a course (course selection)
    rejected: float = 0.0  # choices principals turned down


def _shift_year(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def course_preferences(weights: np.ndarray, open_: np.ndarray, attempt: int) -> np.ndarray:
    """Choice probabilities: by popularity over all courses first, then over the open ones only."""
    pv = weights if attempt == 0 else weights * open_
    if pv.sum() <= 0:  # every open course is vanishingly unpopular: choose among them evenly
        pv = open_.astype(float)
    return pv / pv.sum()


def arrival_profile(days: int, rush: float) -> np.ndarray:
    """Share of a window's sign-ups on each day, rising linearly to ``rush`` x the first day's."""
    if days <= 1:
        return np.ones(max(days, 1))
    w = 1.0 + (rush - 1.0) * np.arange(days) / (days - 1)
    return w / w.sum()


class ProgramModel:
    def __init__(self, program: Program, params: Params, draws: Draws):
        self.program = program
        self.p = params
        self.draws = draws
        self.env = simpy.Environment()
        self.milestones = [
            (m, params.date(m.id, "start", m.start), params.date(m.id, "end", m.end)) for m in program.milestones
        ]
        firsts = [s or e for _, s, e in self.milestones]
        if program.document.issued is not None:
            firsts.append(program.document.issued.value)
        self.origin: dt.date = min(firsts)
        self.tracks: list[TrackState] = []
        # Seats taken per day over all tracks (course choices before the principals' review).
        self.sign_ups: dict[int, float] = defaultdict(float)

    # -- calendar -------------------------------------------------------
    def day(self, d: dt.date) -> int:
        return (d - self.origin).days

    def date(self, day: float) -> dt.date:
        return self.origin + dt.timedelta(days=int(day))

    def _until(self, day: int):
        if day > self.env.now:
            yield self.env.timeout(day - self.env.now)

    def _windows(
        self, track: Track, kinds: tuple[str, ...], year: int | None = None, round_no: int | None = None
    ) -> list[Window]:
        out = []
        for m, start, end in self.milestones:
            if m.kind not in kinds or (round_no is not None and (m.round or 1) != round_no):
                continue
            if m.tracks is not None and track.id not in m.tracks and track.group not in m.tracks:
                continue
            if year is not None and m.year is not None and m.year != year:
                continue
            out.append((m.round or 1, start or end, Window(m, self.day(start or end), self.day(end))))
        return [w for *_, w in sorted(out, key=lambda x: (x[0], x[1]))]

    def _shifted(self, w: Window, years: int) -> Window:
        """The same window ``years`` later, for a later year of a window the document dates once."""
        s, e = (_shift_year(self.date(x), years) for x in (w.start, w.end))
        return Window(w.milestone, self.day(s), self.day(e))

    def delivery_window(self, track: Track, k: int) -> Window:
        windows = self._windows(track, ("delivery",))
        if not windows:
            raise ValueError(f"{self.program.id}: track {track.id!r} has no delivery milestone")
        base_year = self.date(windows[0].start).year
        dated = [w for w in windows if w.milestone.year == base_year + k]
        if dated:
            return dated[0]
        if k < len(windows) and all(w.milestone.year is None for w in windows):
            return windows[k]
        last = windows[-1]
        shift = k - (len(windows) - 1)
        return self._shifted(last, shift)

    def phase_window(self, ts: TrackState, kinds: tuple[str, ...], c: Cohort) -> Window | None:
        """A phase's window for one cohort: dated for its year, else the undated one moved by as many
        years as the cohort is after the track's first."""
        windows = self._windows(ts.track, kinds)
        dated = [w for w in windows if w.milestone.year == c.year]
        if dated:
            return dated[0]
        undated = [w for w in windows if w.milestone.year is None]
        if not undated:
            return None
        w, shift = undated[0], c.year - ts.base_year
        if not shift:
            return w
        return self._shifted(w, shift)

    # -- supply ---------------------------------------------------------
    def _num(self, track: Track, slot: str, default=None):
        v = self.p.slot(track, slot) if getattr(track, slot, None) is not None else None
        return default if v is None else float(v)

    @staticmethod
    def _classes(n_classes: float, class_size: float, unit: str) -> tuple[list[str], list[float]]:
        """Cells for ``n_classes`` classes; a fractional expectation makes a last, partial class.

        There is always at least one cell (with no seats if need be), so every unit reports.
        """
        whole = int(math.floor(n_classes + EPS))
        part = n_classes - whole
        seats = [class_size] * whole + ([class_size * part] if part > EPS else [])
        seats = seats or [0.0]
        return [unit] * len(seats), seats

    def _plan_cells(self, track: Track):
        scale = self.p.quota_scale
        d = self.draws
        if track.allocation is not None:
            seats = d.count(np.array(list(track.allocation.values.values()), dtype=float) * scale)
            return list(track.allocation.values), seats, track.class_size is None
        class_size = self._num(track, "class_size")
        if track.suppliers is None and track.projects is None:
            quota = float(d.count(self._num(track, "quota") * scale))
            if class_size:
                units, seats = self._classes(quota / class_size, class_size, "")
                if not d.deterministic:
                    seats[-1] = quota - class_size * (len(seats) - 1)
                return units, np.array(seats, dtype=float), False
            return [""], np.array([quota]), True
        per_project = self._num(track, "classes_per_project", 1.0)
        if track.projects is not None:
            projects = float(d.count(self._num(track, "projects") * scale))
            units, seats = self._classes(projects * per_project, class_size, "")
            return units, np.array(seats, dtype=float), False
        return [], np.zeros(0), False  # suppliers: classes appear when projects are published

    def _declare(self, ts: TrackState):
        """Declaration -> review -> publication of supplier projects, creating classes."""
        t, d, p = ts.track, self.draws, self.p
        share = p.rate(t, "declared_share", 1.0)
        pass_rate = p.rate(t, "review_pass_rate", 1.0)
        class_size = self._num(t, "class_size")
        per_project = self._num(t, "classes_per_project", 1.0)
        caps = (
            np.array(
                [
                    self.p.slot(t, "institutions", s.institutions) * self.p.slot(t, "project_cap", s.project_cap)
                    for s in t.suppliers
                ],
                dtype=float,
            )
            * p.quota_scale
        )
        declared = d.binomial(f"{t.id}/declared", d.count(caps), share)
        decl = self._windows(t, ("declaration",))
        if decl:
            yield from self._until(decl[0].end)
            ts.events["declaration_closed"] = decl[0].end
        review = self._windows(t, ("review",))
        if review:
            yield from self._until(review[-1].end)
        approved = d.binomial(f"{t.id}/approved", declared, pass_rate)
        publication = self._windows(t, ("publication",))
        if publication:
            yield from self._until(publication[0].end)
            ts.events["published"] = publication[0].end
        ts.projects_declared, ts.projects_approved = float(declared.sum()), float(approved.sum())
        for s, n in zip(t.suppliers, approved):
            units, seats = self._classes(n * per_project, class_size, s.id)
            ts.units += units
            ts.seats = np.concatenate([ts.seats, seats])
        ts.added = np.zeros_like(ts.seats)

    # -- enrolment ------------------------------------------------------
    def _sign_ups(self, ts: TrackState, w: Window, pool, name: str) -> np.ndarray:
        """Spread ``pool`` sign-ups (a count, or one per cell) over the window's days."""
        profile = arrival_profile(len(w.days), self.p.rate(ts.track, "arrival_rush", 1.0))
        return self.draws.multinomial(name, pool, profile)

    def _enrol_quota(self, ts: TrackState, k: int, windows: list[Window], seats: np.ndarray):
        """Assigned quotas and open registration: sign-ups fill seats over the window."""
        t, d, p = ts.track, self.draws, self.p
        ratio = self._num(t, "candidate_ratio", 1.0)
        candidates = d.binomial(f"{t.id}/y{k}/sign-up", d.count(seats * ratio), p.rate(t, "participation_rate"))
        w = windows[0] if windows else Window(None, self.env.now, self.env.now)
        daily = self._sign_ups(ts, w, candidates, f"{t.id}/y{k}/days")
        cum = np.zeros_like(seats)
        for i, day in enumerate(w.days):
            yield from self._until(day)
            taken = np.minimum(cum, seats).sum()
            cum += daily[:, i]
            self.sign_ups[day] += float(np.minimum(cum, seats).sum() - taken)
            if k == 0 and "seats_filled" not in ts.events and np.minimum(cum, seats).sum() >= seats.sum() - EPS:
                ts.events["seats_filled"] = day
        yield from self._until(w.end)
        ts.events.setdefault("enrolment_closed", w.end)
        # The institution picks its seats from the candidates (1:1.2 selection) at the close.
        return np.minimum(candidates, seats)

    def _place(self, name: str, arrivals: float, free: np.ndarray, weights: np.ndarray):
        """Seat ``arrivals`` teachers by popularity; a full favourite turns them to other open classes.

        Demand that meets a full class is the signal institutions use to ask for expansion.
        """
        placed = np.zeros_like(free)
        excess = np.zeros_like(free)
        remaining = float(arrivals)
        for attempt in range(4):
            room = free - placed
            open_ = room > EPS
            if remaining <= EPS or not open_.any():
                break
            pv = course_preferences(weights, open_, attempt)
            demand = self.draws.multinomial(name, remaining, pv)
            take = np.minimum(demand, room)
            if attempt == 0:  # only a full favourite signals demand; later overflow is an artefact of daily batches
                excess += demand - take
            placed += take
            remaining = float((demand - take).sum())
        return placed, excess, remaining

    def _enrol_courses(self, ts: TrackState, rounds: list[Window]):
        """Two-round course selection with principal review, class expansion and re-check."""
        t, d, p = ts.track, self.draws, self.p
        weights = d.popularity(f"{t.id}/popularity", len(ts.seats), p.rate(t, "popularity_spread", 0.0))
        eligible = float(d.count(self._num(t, "eligible")))
        choosers = float(d.binomial(f"{t.id}/choosers", eligible, p.rate(t, "participation_rate")))
        retry_rate = p.rate(t, "round2_participation_rate", 1.0)
        needs_first = any(r.kind == "second_round_requires_first" for r in self.program.rules)
        ts.demand = choosers
        approved = np.zeros_like(ts.seats)
        pool = choosers
        for r, w in enumerate(rounds, start=1):
            chosen, excess, unplaced = yield from self._choose(ts, r, w, pool, approved, weights)
            review = self._windows(t, ("school_review",), round_no=r)
            if review:
                yield from self._until(review[0].end)
            ok = self._approve(f"{t.id}/r{r}/review", chosen, p.rate(t, "school_approval_rate", 1.0))
            approved += ok
            rejected = float((chosen - ok).sum())
            ts.rejected += rejected
            if r == 1:
                yield from self._expand(ts, excess)
            recheck = self._windows(t, ("recheck",), round_no=r)
            if recheck:
                yield from self._until(recheck[0].end)
            # Only teachers who chose in round 1 may choose again (when the rule says so).
            newcomers = 0.0 if needs_first or r > 1 else eligible - choosers
            joining = self._retry(f"{t.id}/r{r + 1}/new", newcomers, retry_rate)
            pool = self._retry(f"{t.id}/r{r + 1}/pool", unplaced + rejected, retry_rate) + joining
            ts.demand += joining
        ts.events["enrolment_closed"] = self.env.now
        return approved

    def _choose(self, ts: TrackState, r: int, w: Window, pool: float, approved: np.ndarray, weights: np.ndarray):
        """One round's choices, a day's arrivals at a time: returns (chosen, turned-away demand, unplaced)."""
        t = ts.track
        arrivals = self._sign_ups(ts, w, pool, f"{t.id}/r{r}/days")
        chosen = np.zeros_like(ts.seats)
        excess = np.zeros_like(ts.seats)
        unplaced = 0.0
        for i, day in enumerate(w.days):
            yield from self._until(day)
            free = ts.seats + ts.added - approved - chosen
            got, turned, left = self._place(f"{t.id}/r{r}/place", arrivals[i], free, weights)
            chosen += got
            self.sign_ups[day] += float(got.sum())
            excess += turned
            unplaced += left
            if r == 1 and "seats_filled" not in ts.events and (free - got).sum() <= EPS:
                ts.events["seats_filled"] = day
        return chosen, excess, unplaced

    def _approve(self, name: str, chosen: np.ndarray, rate: float) -> np.ndarray:
        return self.draws.binomial(name, chosen, rate)

    def _retry(self, name: str, teachers: float, rate: float) -> float:
        return float(self.draws.binomial(name, teachers, rate))

    def _expand(self, ts: TrackState, excess: np.ndarray):
        t, d, p = ts.track, self.draws, self.p
        request = self._windows(t, ("expansion_request",))
        approval = self._windows(t, ("expansion_approval",))
        if not request and not approval:
            return
        class_size = self._num(t, "class_size")
        want = np.minimum(excess, class_size * p.rate(t, "expansion_share", 0.0))
        if request:
            yield from self._until(request[0].end)
        asked = want > EPS
        granted = d.bernoulli(f"{t.id}/expansion", p.rate(t, "expansion_approval_rate", 1.0), len(want)) * asked
        if approval:
            yield from self._until(approval[0].end)
        ts.added = ts.added + d.count(want * granted)
        ts.events["expansion_decided"] = self.env.now

    # -- delivery and settlement ---------------------------------------
    def _per_cohort(self, track: Track, slot: str, years: int) -> float | None:
        total = self._num(track, slot)
        if total is None:
            return None
        return total if track.new_cohort_each_year else total / years

    def _deliver(self, ts: TrackState, c: Cohort, previous: Cohort | None):
        days = self._schedule(ts, c)
        yield from self._attend_and_complete(ts, c, previous)
        registration = self.phase_window(ts, ("credit_registration",), c)
        c.credited = np.maximum(c.assessed, registration.end) if registration else c.assessed
        self._costs(ts, c, days)
        self._settle(ts, c)

    def _schedule(self, ts: TrackState, c: Cohort) -> float | None:
        """Course dates inside the delivery window; returns face-to-face days per trainee."""
        t = ts.track
        w = c.window
        days = self._per_cohort(t, "face_days", ts.years)
        span = w.end - w.start + 1
        duration = int(math.ceil(days - EPS)) if days else span  # online-only courses run the whole window
        n = 1 if ts.shared_schedule else len(c.seats)
        offsets = self.draws.offsets(f"{t.id}/y{c.year}/start", max(0, span - duration), n)
        c.start = np.broadcast_to(w.start + offsets, c.seats.shape).copy() if n == 1 else w.start + offsets
        c.end = c.start + duration - 1
        # Where the document has an assessment phase, passing is decided there, not on the last course day.
        assessment = self.phase_window(ts, ("assessment",), c)
        c.assessed = np.maximum(c.end, assessment.end) if assessment else c.end
        return days

    def _attend_and_complete(self, ts: TrackState, c: Cohort, previous: Cohort | None):
        """Show-up at each course start, pass or fail at assessment, every cell due that day at once.

        Each cell's outcome is sampled from the cohort's own stream when the cohort is
        scheduled and revealed on its day, so outcomes do not depend on event order.
        """
        t, d, p = ts.track, self.draws, self.p
        if previous is None:
            shows = d.binomial(f"{t.id}/y{c.year}/attend", c.enrolled, p.rate(t, "attendance_rate"))
        else:  # continuing trainees: last year's completers
            shows = previous.completed
        passes = d.binomial(f"{t.id}/y{c.year}/complete", shows, p.rate(t, "completion_rate"))
        c.attended = np.zeros_like(c.seats)
        c.completed = np.zeros_like(c.seats)
        for day in np.unique(np.concatenate([c.start, c.assessed])):
            yield from self._until(int(day))
            starting = c.start == day
            c.attended[starting] = shows[starting]
            assessed = c.assessed == day
            c.completed[assessed] = passes[assessed]

    def _costs(self, ts: TrackState, c: Cohort, days: float | None):
        t = ts.track
        hours = self._per_cohort(t, "online_hours", ts.years) or 0.0
        for line in t.cost_lines:
            rate = float(self.p.slot(t, "rate", line.rate))
            if line.driver == "studios":
                # Studio grants are paid once per cohort, shared over cells by seats so units add up.
                first = c.year == ts.base_year or t.new_cohort_each_year
                studios = float(self.draws.count(self._num(t, "studios", 0.0) * self.p.quota_scale)) if first else 0.0
                total = c.seats.sum()
                share = c.seats / total if total > 0 else np.full(len(c.seats), 1.0 / len(c.seats))
                c.cost[line.id] = share * studios * rate
                continue
            per_person = {"person_days": days or 0.0, "person_hours": hours, "persons": 1.0}[line.driver]
            c.cost[line.id] = c.attended * per_person * rate

    def _settle(self, ts: TrackState, c: Cohort):
        t = ts.track
        w = self.phase_window(ts, ("settlement",), c)
        if w is not None:
            c.settle = np.maximum(
                c.credited, w.start + self.draws.offsets(f"{t.id}/y{c.year}/settle", w.end - w.start, len(c.end))
            )
        else:
            delay = self.p.rate(t, "settlement_delay_days", 0.0)
            c.settle = c.credited + self.draws.delays(f"{t.id}/y{c.year}/settle", delay, len(c.end))

    # -- orchestration --------------------------------------------------
    def _track_process(self, ts: TrackState):
        t = ts.track
        if t.suppliers is not None:
            yield from self._declare(ts)
        base_year = ts.base_year
        previous: Cohort | None = None
        for k in range(ts.years):
            w = self.delivery_window(t, k)
            if k == 0 or t.new_cohort_each_year:
                year = base_year + k
                windows = self._windows(t, ENROLMENT_KINDS, year=year)
                if k and not any(x.milestone.year == year for x in windows):
                    windows = []  # later cohorts are picked when their year's delivery opens
                if t.mode == "course_selection":
                    enrolled = yield from self._enrol_courses(ts, windows)
                else:
                    if not windows:
                        yield from self._until(w.start)
                    enrolled = yield from self._enrol_quota(ts, k, windows, ts.seats)
                cohort = Cohort(base_year + k, ts.seats + ts.added, enrolled, w)
                previous = None
            else:
                cohort = Cohort(base_year + k, ts.seats + ts.added, previous.enrolled, w)
            ts.cohorts.append(cohort)
            yield from self._until(w.start)
            yield from self._deliver(ts, cohort, previous)
            previous = cohort

    def run(self) -> ProgramModel:
        for t in self.program.tracks:
            units, seats, shared = self._plan_cells(t)
            years = int(round(self._num(t, "years", 1.0)))
            base_year = self.date(self.delivery_window(t, 0).start).year
            ts = TrackState(t, units, seats, np.zeros_like(seats), shared, max(years, 1), base_year)
            self.tracks.append(ts)
            self.env.process(self._track_process(ts))
        self.env.run()
        return self
