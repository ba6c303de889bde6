"""What already happened, kept: a run that replays what a program's platform reported up to a
reference date (``as_of``) and simulates only the rest.

``Observed`` holds the actuals as dates and counts; ``ObservedMovers`` are the cohort movers with
two places changed, so every step (delivery and its capacity queues, assessment, credits,
settlement, the deadline checks) runs as in any other run:

* **Sign-up** (``sign_ups``, called by the ``enrol`` step of assigned and registration tracks). In a
  sign-up window, the days up to ``as_of`` take each track's and unit's reported registrations,
  spread over the unit's cells in proportion to the teachers each still has to invite. The days
  after draw only the teachers who have not signed up yet, each with the chance the model gives a
  teacher still undecided on ``as_of``: a teacher signs up on window day i with p·profile[i]
  (``participation_rate`` p, the arrival profile), so undecided after the days before has
  p·S_after / (1 − p·S_before), S the profile's share of the window after and before the cut.
* **Show-up and completion** (``outcomes``, called by ``show_up``). A unit whose every class of the
  cohort ended by ``as_of`` keeps its reported attended; one whose every class was assessed by then
  keeps its reported completed. The attendance file has no year, so a multi-year track keeps its
  first year's attended and its last year's completed (what the platform's roster shows), and a
  track with a new cohort every year keeps nothing.

A track without reported registrations, or a window that opens after ``as_of``, is simulated as
in a plain run, from the same random streams. Course choices (course selection) are simulated.

``extra_days`` answers "what if registration stayed open longer": a sign-up window runs that many
days past its documented close, and on each extra day every teacher still undecided signs up with
an invited teacher's average chance a day during the window (``participation_rate`` / its days):
the window's pace goes on, drawn from those who have not signed up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .calendar import Window
from .context import Context, Process
from .movers import CohortMovers, arrival_profile
from .state import EPS, Cohort, TrackState


@dataclass(frozen=True)
class Observed:
    """Actuals known on ``as_of``: registrations per (track, unit) and day up to it; attendance per
    (track, unit) as (enrolled, attended, completed). Unit "" is a track reported as a whole."""

    as_of: dt.date
    registrations: Mapping[tuple[str, str], Mapping[dt.date, float]]
    attendance: Mapping[tuple[str, str], tuple[float, float, float]]
    registered_tracks: frozenset[str]  # tracks the registrations report (a day without a row: nobody)

    @classmethod
    def of(cls, records: Iterable[Mapping[str, Any]], as_of: dt.date) -> Observed:
        """From stored actuals rows (``track, unit, date, figure, value``, as ``ActualsStore.rows``
        gives them); registrations dated after ``as_of`` are not known yet and are left out."""
        registrations: dict[tuple[str, str], dict[dt.date, float]] = defaultdict(dict)
        attendance: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
        tracks = set()
        for r in records:
            key, figure, value = (str(r["track"]), str(r["unit"] or "")), str(r["figure"]), float(r["value"])
            if figure == "registered":
                tracks.add(key[0])
                day = _date(r["date"])
                if day <= as_of:
                    registrations[key][day] = registrations[key].get(day, 0.0) + value
            elif figure in ("enrolled", "attended", "completed"):
                attendance[key][figure] = value
        rosters = {k: (v["enrolled"], v["attended"], v["completed"]) for k, v in attendance.items() if len(v) == 3}
        return cls(as_of, dict(registrations), rosters, frozenset(tracks))

    def registered(self, track: str, unit: str | None = None) -> float:
        """Registrations reported up to ``as_of`` for the track (all its units) or one unit."""
        return sum(
            sum(days.values()) for (t, u), days in self.registrations.items() if t == track and unit in (None, u)
        )

    def units(self, track: str) -> list[str]:
        return [u for t, u in self.registrations if t == track]


def _date(x: Any) -> dt.date:
    if isinstance(x, dt.datetime):  # a pandas Timestamp is one
        return x.date()
    return x if isinstance(x, dt.date) else dt.date.fromisoformat(str(x)[:10])


def apportion(n: float, weights: np.ndarray) -> np.ndarray:
    """``n`` split over cells in proportion to ``weights`` (evenly if all are 0): whole numbers by
    largest remainder when ``n`` is whole, exact shares otherwise (deterministic runs carry fractions)."""
    w = np.maximum(np.asarray(weights, dtype=float), 0.0)
    share = w / w.sum() if w.sum() > EPS else np.full(len(w), 1.0 / len(w))
    exact = n * share
    if not float(n).is_integer():
        return exact
    out = np.floor(exact)
    left = int(round(n - out.sum()))
    out[np.argsort(out - exact, kind="stable")[:left]] += 1.0  # the largest remainders first
    return out


def _cells(ts: TrackState, unit: str) -> np.ndarray:
    """The cells a unit's reports cover: the unit's own, or every cell for the track as a whole."""
    if not unit:
        return np.ones(len(ts.units), dtype=bool)
    return np.array([u == unit for u in ts.units], dtype=bool)


class ObservedMovers(CohortMovers):
    """Cohort movers that keep what ``observed`` reports up to its date (see the module's notes);
    ``extra_days`` lengthens sign-up windows (milestone id -> days) for the extension question."""

    def __init__(self, observed: Observed, extra_days: Mapping[str, int] | None = None):
        self.observed = observed
        self.extra_days = dict(extra_days or {})

    def _cut(self, ctx: Context) -> int:
        return ctx.calendar.day(self.observed.as_of)

    def _extra(self, w: Window) -> int:
        return 0 if w.milestone is None else self.extra_days.get(w.milestone.id, 0)

    def sign_up(
        self, ctx: Context, ts: TrackState, k: int, w: Window, invited: np.ndarray, rate: float, last: np.ndarray
    ) -> Process[np.ndarray]:
        longer = Window(w.milestone, w.start, w.end + self._extra(w))
        return (yield from super().sign_up(ctx, ts, k, longer, invited, rate, last))

    def _reported(self, ctx: Context, ts: TrackState, days: np.ndarray, known: np.ndarray, invited: np.ndarray):
        """Per cell and day, the registrations reported for the ``known`` days (0 elsewhere)."""
        t, o = ts.track, self.observed
        daily = np.zeros((len(ts.seats), len(days)))
        for unit in o.units(t.id):
            cells = _cells(ts, unit)
            if not cells.any():
                continue
            counts = o.registrations[(t.id, unit)]
            for i in np.flatnonzero(known):
                n = counts.get(ctx.calendar.date(days[i]), 0.0)
                if n:  # to the cells with the most teachers still to sign up
                    daily[cells, i] += apportion(n, invited[cells] - daily[cells].sum(axis=1))
        return daily

    def sign_ups(
        self, ctx: Context, ts: TrackState, k: int, w: Window, invited: np.ndarray, rate: float
    ) -> tuple[np.ndarray, np.ndarray]:
        t, cut, extra = ts.track, self._cut(ctx), self._extra(w)
        reported = t.id in self.observed.registered_tracks and cut >= w.start
        if not reported and not extra:
            return super().sign_ups(ctx, ts, k, w, invited, rate)
        days = np.asarray(w.days)
        documented = len(days) - extra  # the window's own days; the extra ones follow
        known = days <= cut if reported else np.zeros(len(days), dtype=bool)
        daily = self._reported(ctx, ts, days, known, invited)
        profile = arrival_profile(documented, ctx.params.rate(t, "arrival_rush", 1.0))
        unknown = np.flatnonzero(~known[:documented])
        before, after = float(profile[known[:documented]].sum()), float(profile[unknown].sum())
        if after > EPS:
            undecided = np.maximum(invited - daily.sum(axis=1), 0.0)
            chance = min(1.0, rate * after / (1.0 - rate * before)) if rate * before < 1.0 else 0.0
            rest = ctx.draws.binomial(f"{t.id}/y{k}/sign-up-after", undecided, chance)
            daily[:, unknown] = ctx.draws.multinomial(f"{t.id}/y{k}/days-after", rest, profile[unknown] / after)
        # An extra day: each teacher still undecided signs up with an invited teacher's average chance
        # a day in the window (rate / its days). Each day draws its own stream, so a longer extension
        # repeats a shorter one's days and only adds to them.
        for j in range(documented, len(days)):
            if not known[j]:
                undecided = np.maximum(invited - daily.sum(axis=1), 0.0)
                daily[:, j] = ctx.draws.binomial(f"{t.id}/y{k}/extra-{j - documented}", undecided, rate / documented)
        return daily.sum(axis=1), daily

    def outcomes(
        self, ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None
    ) -> tuple[np.ndarray, np.ndarray]:
        shows, passes = super().outcomes(ctx, ts, c, previous)
        t, cut = ts.track, self._cut(ctx)
        if ts.years > 1 and t.new_cohort_each_year:
            return shows, passes
        first, last = c.year == ts.base_year, c.year == ts.base_year + ts.years - 1
        for (track, unit), (_, attended, completed) in self.observed.attendance.items():
            cells = _cells(ts, unit) if track == t.id else np.zeros(0, dtype=bool)
            if not cells.any():
                continue
            if first and (c.end[cells] <= cut).all():
                shows[cells] = apportion(attended, c.enrolled[cells])
                # passing among the reported attendees, unless it is reported too (below)
                passes[cells] = ctx.draws.binomial(
                    f"{t.id}/y{c.year}/complete-kept", shows[cells], ctx.params.rate(t, "completion_rate")
                )
            if last and (c.assessed[cells] <= cut).all():
                passes[cells] = np.minimum(apportion(completed, shows[cells]), shows[cells])
        return shows, passes
