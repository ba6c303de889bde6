"""What every step of a flow is given, and the shapes of steps and movers.

A *step* is a SimPy process function: a generator that waits (``yield from ctx.until(day)``)
for the dates the documents set and changes the track's state when they come. *Movers* are the
places where teachers themselves act (sign up, choose a course, show up and pass): the cohort
model moves whole arrays of teachers at once, the reference model one process per teacher, and
both run the very same steps.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias, TypeVar, overload

import numpy as np
import simpy

from sim.catalog import Program, Track
from sim.scenario import Params

from .calendar import Calendar, Window
from .capacity import Capacities
from .draws import Draws
from .state import Cohort, Intake, TrackState

T = TypeVar("T")
Process: TypeAlias = Generator[simpy.Event, Any, T]


class Movers(Protocol):
    """The places where teachers act. ``name`` arguments name the random stream a cohort draws from."""

    def sign_up(
        self, ctx: Context, ts: TrackState, k: int, w: Window, invited: np.ndarray, rate: float, last: np.ndarray
    ) -> Process[np.ndarray]:
        """Of ``invited`` teachers per cell, those who sign up (each with ``rate``) over window ``w``
        no later than the cell's ``last`` day (a later sign-up misses the course), counted when the
        window closes; records the day the year-0 seats fill (``seats_filled``)."""
        ...

    def choose(
        self, ctx: Context, ts: TrackState, r: int, w: Window, pool: float, approved: np.ndarray, weights: np.ndarray
    ) -> Process[tuple[np.ndarray, np.ndarray, float]]:
        """Round ``r``: ``pool`` teachers arrive over ``w`` and choose free courses by popularity;
        returns (choices per course, teachers left without any seat by their full favourite, teachers
        left without a course)."""
        ...

    def approve(self, ctx: Context, name: str, chosen: np.ndarray, rate: float) -> np.ndarray:
        """Of ``chosen`` teachers per cell, those a reviewer approves (each with ``rate``)."""
        ...

    def retry(self, ctx: Context, name: str, teachers: float, rate: float) -> float:
        """Of ``teachers``, those who try again (each with ``rate``)."""
        ...

    def withdraw(self, ctx: Context, name: str, enrolled: np.ndarray, rate: float) -> np.ndarray:
        """Of ``enrolled`` trainees per cell, those who withdraw (each with ``rate``)."""
        ...

    def show_up(self, ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None) -> Process[None]:
        """Trainees show up on each cell's ``c.start`` and pass or fail on its ``c.assessed`` day;
        ``previous`` is last year's cohort when this one continues it (its completers come back)."""
        ...


@dataclass(frozen=True)
class Context:
    """The clock, the calendar, the scenario's values, the random streams and the movers of one run."""

    env: simpy.Environment
    program: Program
    calendar: Calendar
    params: Params
    draws: Draws
    movers: Movers
    sign_ups: dict[int, float]  # seats taken per day over all tracks (course choices before review)
    capacity: Capacities

    @property
    def today(self) -> int:
        return int(self.env.now)

    def until(self, day: int) -> Process[None]:
        """Wait for ``day``; a day already reached (or past) does not wait at all."""
        if day > self.env.now:
            yield self.env.timeout(day - self.env.now)

    def until_close(
        self, track: Track, kind: str, round_no: int | None = None, last: bool = False
    ) -> Process[int | None]:
        """Wait for the end of the track's first (or ``last``) phase of ``kind``: the day it closed,
        or None, at once, where the documents date no such phase."""
        windows = self.calendar.windows(track, (kind,), round_no=round_no)
        if not windows:
            return None
        closed = windows[-1 if last else 0].end
        yield from self.until(closed)
        return closed

    @overload
    def num(self, track: Track, slot: str) -> float | None: ...
    @overload
    def num(self, track: Track, slot: str, default: float) -> float: ...
    def num(self, track: Track, slot: str, default: float | None = None) -> float | None:
        """A track quantity (``quota``, ``class_size`` ...) under the scenario, or ``default`` if the track has none."""
        v = self.params.slot(track, slot) if getattr(track, slot, None) is not None else None
        return default if v is None else float(v)

    def required(self, track: Track, slot: str) -> float:
        """A quantity the track's data must give for the step that reads it."""
        v = self.num(track, slot)
        if v is None:
            raise ValueError(f"{self.program.id}: track {track.id!r} needs `{slot}`")
        return v

    def per_cohort(self, ts: TrackState, slot: str) -> float | None:
        """A quantity the documents give for the whole track (``face_days``), as one cohort's share:
        all of it when every year is a new cohort, else one year's."""
        total = self.num(ts.track, slot)
        if total is None:
            return None
        return total if ts.track.new_cohort_each_year else total / ts.years


TrackStep: TypeAlias = Callable[[Context, TrackState], Process[None]]
EnrolStep: TypeAlias = Callable[[Context, TrackState, Intake], Process[np.ndarray]]
CohortStep: TypeAlias = Callable[[Context, TrackState, Cohort, Cohort | None], Process[None]]


def at_once(decide: Callable[[Context, TrackState, Cohort, Cohort | None], None]) -> CohortStep:
    """A cohort step that decides the moment the step before it ends, waiting for no date of its own."""

    @functools.wraps(decide)
    def step(ctx: Context, ts: TrackState, c: Cohort, previous: Cohort | None) -> Process[None]:
        decide(ctx, ts, c, previous)
        yield from ()

    return step
