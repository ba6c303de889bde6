"""What institutions and reviewers can handle at once, as SimPy resources that classes and declared
projects queue for.

A *pool* is the institutions that run a set of classes (a supplier category, or the universities
behind several project types): ``institutions x classes_each`` classes at once, a ``simpy.Resource``
each class holds from its first course day to its last. A class that finds every slot taken waits,
so it starts later than planned and may end after the delivery window closes. A *review board* gets
through so many declared projects a day, first come first served over the tracks it serves; the
projects are published only once it is done.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Generator
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import simpy
from simpy.resources.resource import Request

from sim.catalog import Program
from sim.catalog.capacity import pool_key, served_keys
from sim.scenario import Params

from .calendar import Window
from .state import EPS, Cohort, TrackState


@dataclass
class ClassPool:
    """One pool's slots and what happened in them: per class, the day it wished to start, the day it
    started, its last day and its delivery window's last day."""

    id: str
    slots: int
    resource: simpy.Resource
    wished: list[int] = field(default_factory=list)
    started: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    window_end: list[int] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)

    def open_classes(
        self,
        env: simpy.Environment,
        wish: int,
        days: int,
        w: Window,
        start: np.ndarray,
        classes: list[np.ndarray],
        started: simpy.Event,
    ) -> Generator[simpy.Event, object, None]:
        """The classes planned to open on day ``wish``: each asks for a slot that day, in turn, and holds
        it ``days`` days from the day it gets one; ``started`` fires once every one has its slot.

        One process per planned day rather than per class: a province plans thousands of classes on a
        few hundred days, and a class needs no process of its own to wait in the resource's queue.
        """
        if wish > env.now:
            yield env.timeout(wish - env.now)
        waiting = [len(classes)]
        for cells in classes:
            slot = self.resource.request()
            slot.callbacks.append(partial(self._seated, env, slot, wish, days, w, start, cells, started, waiting))

    def _seated(
        self,
        env: simpy.Environment,
        slot: Request,
        wish: int,
        days: int,
        w: Window,
        start: np.ndarray,
        cells: np.ndarray,
        started: simpy.Event,
        waiting: list[int],
        _: simpy.Event,
    ) -> None:
        """A class got its slot today: its first day is today, and the slot is free again ``days`` later."""
        day = int(env.now)
        start[cells] = day
        self.wished.append(wish)
        self.started.append(day)
        self.ended.append(day + days - 1)
        self.window_end.append(w.end)
        env.timeout(days).callbacks.append(partial(self._free, slot))
        waiting[0] -= 1
        if not waiting[0]:
            started.succeed()

    def _free(self, slot: Request, _: simpy.Event) -> None:
        self.resource.release(slot)


class ReviewBoard:
    """Reviewers who get through ``per_day`` declared projects a day, in the order they were submitted."""

    def __init__(self, env: simpy.Environment, board_id: str, per_day: float):
        self.env, self.id, self.per_day = env, board_id, per_day
        self.queue: deque[list] = deque()  # [projects left, event fired with the day the last is done]
        self.working = False

    def review(self, projects: float) -> simpy.Event:
        """Submit ``projects`` today; the event's value is the day the board finishes them."""
        done = self.env.event()
        if projects <= EPS:
            done.succeed(int(self.env.now))
            return done
        self.queue.append([projects, done])
        if not self.working:
            self.working = True
            self.env.process(self._work())
        return done

    def _work(self):
        while self.queue:
            left = self.per_day
            while self.queue and left > EPS:
                item = self.queue[0]
                take = min(item[0], left)
                item[0] -= take
                left -= take
                if item[0] <= EPS:
                    self.queue.popleft()
                    item[1].succeed(int(self.env.now))
            yield self.env.timeout(1)
        self.working = False


class Capacities:
    """The pools and boards of one run, and which of them a track's classes and projects draw on."""

    def __init__(self, env: simpy.Environment, program: Program, params: Params):
        self.pools: dict[str, ClassPool] = {}
        self._served: dict[str, ClassPool] = {}
        suppliers = {s.id: s for t in program.tracks for s in t.suppliers or []}
        tracks = {t.id: t for t in program.tracks}
        for spec in program.capacity.delivery:
            if spec.institutions is not None:
                institutions = float(params.param(spec.institutions.param))
            else:  # one supplier category: its institutions, as the scenario counts them
                track_id, _, supplier = spec.serves[0].partition("/")
                institutions = float(params.slot(tracks[track_id], "institutions", suppliers[supplier].institutions))
            slots = max(1, math.floor(institutions * float(params.param(spec.classes_each.param)) + EPS))
            pool = ClassPool(spec.id, slots, simpy.Resource(env, capacity=slots))
            self.pools[spec.id] = pool
            self._served.update({key: pool for target in spec.serves for key in served_keys(program, target)})
        self.boards: dict[str, ReviewBoard] = {}
        self._boards: dict[str, ReviewBoard] = {}
        for b in program.capacity.review:
            board = ReviewBoard(env, b.id, float(params.param(b.projects_per_day.param)))
            self.boards[b.id] = board
            self._boards.update(dict.fromkeys(b.serves, board))

    def pool(self, ts: TrackState, unit: str) -> ClassPool | None:
        """The pool a cell's class draws on (cells of supplier tracks report under their category)."""
        key = pool_key(ts.track.id, unit) if ts.track.suppliers else ts.track.id
        return self._served.get(key)

    def board(self, track_id: str) -> ReviewBoard | None:
        return self._boards.get(track_id)


def queue_classes(env: simpy.Environment, cap: Capacities, ts: TrackState, c: Cohort, days: int) -> list[simpy.Event]:
    """Queue every class of the cohort that draws on a pool; ``c.start`` holds each class's planned
    first day and is moved to the day it gets a slot. Returns one event per pool and planned day,
    fired when all its classes have started."""
    if ts.shared_schedule:  # the cells are allocations of one class
        groups = [np.arange(len(c.seats))] if c.seats.sum() > EPS else []
    else:
        groups = [np.array([i]) for i in np.flatnonzero(c.seats > EPS)]
    planned: dict[tuple[str, int], tuple[ClassPool, list[np.ndarray]]] = {}
    for cells in groups:
        pool = cap.pool(ts, ts.units[int(cells[0])] if ts.units else "")
        if pool is None:
            continue
        if c.window not in pool.windows:
            pool.windows.append(c.window)
        planned.setdefault((pool.id, int(c.start[cells[0]])), (pool, []))[1].append(cells)
    # In order of planned day, as the classes' own timeouts would have been taken from the queue.
    out = []
    for (_, wish), (pool, classes) in sorted(planned.items(), key=lambda item: item[0][1]):
        started = env.event()
        env.process(pool.open_classes(env, wish, days, c.window, c.start, classes, started))
        out.append(started)
    return out
