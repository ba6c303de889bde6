"""SimPy model of one program's declaration-to-settlement timeline.

Time is in calendar days from the program's first dated event. Each track is one SimPy process
that walks the steps its mode's flow lists (``flows.FLOWS``); teachers move through the steps'
movers, in daily cohorts unless another set of movers is given.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import simpy

from sim.catalog import Program
from sim.scenario import Params

from .calendar import Calendar
from .capacity import Capacities
from .context import Context, Movers
from .draws import Draws
from .flows import FLOWS, run_flow
from .movers import COHORTS
from .state import TrackState
from .supply import track_state


class ProgramModel:
    def __init__(
        self,
        program: Program,
        params: Params,
        draws: Draws,
        movers: Movers = COHORTS,
        env: simpy.Environment | None = None,
    ):
        self.program = program
        self.p = params
        self.draws = draws
        # Several replications may share one environment (``sim.run.once.run_batch``): each keeps its
        # own draws, pools and boards, so they only share the clock and the event queue.
        self.env = simpy.Environment() if env is None else env
        self.calendar = Calendar(program, params)
        self.milestones = self.calendar.milestones
        self.tracks: list[TrackState] = []
        self.sign_ups: dict[int, float] = defaultdict(float)
        self.capacity = Capacities(self.env, program, params)
        self.ctx = Context(self.env, program, self.calendar, params, draws, movers, self.sign_ups, self.capacity)

    def day(self, d: dt.date) -> int:
        return self.calendar.day(d)

    def date(self, day: float) -> dt.date:
        return self.calendar.date(day)

    def start(self) -> ProgramModel:
        """Start every track's flow; the environment's run does the rest."""
        for t in self.program.tracks:
            flow = FLOWS.get(t.mode)
            if flow is None:
                raise ValueError(f"{self.program.id}: track {t.id!r} has mode {t.mode!r}, which no flow in FLOWS runs")
            ts = track_state(self.ctx, t)
            self.tracks.append(ts)
            self.env.process(run_flow(self.ctx, ts, flow))
        return self

    def run(self) -> ProgramModel:
        self.start()
        self.env.run()
        return self
