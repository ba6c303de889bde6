"""Which steps each kind of track goes through, in order: the one place a program's flow is declared.

A track's ``mode`` picks its :class:`Flow`. ``prepare`` runs once; then for every delivery year a
new cohort signs up through ``enrol`` (or, in a multi-year track, last year's cohort goes on) and
goes through the ``cohort`` steps. Adding a mode is adding an entry here (see data/README.md,
"Flows: modes and steps").
"""

from __future__ import annotations

from dataclasses import dataclass

from .calendar import Window
from .context import CohortStep, Context, EnrolStep, Process, TrackStep
from .declaration import declare_if_suppliers
from .delivery import deliver, register_credits
from .enrolment import ENROLMENT_KINDS, enrol_quota
from .selection import select_courses
from .settlement import settle
from .state import Cohort, Intake, TrackState
from .withdrawal import withdraw_on_change


@dataclass(frozen=True)
class Flow:
    """A track's steps: ``prepare`` once, then for each new cohort ``enrol``, for every cohort ``cohort``."""

    prepare: tuple[TrackStep, ...]
    enrol: EnrolStep
    cohort: tuple[CohortStep, ...]


DELIVERY = (withdraw_on_change, deliver, register_credits, settle)

# Registration differs from an assigned quota in who may sign up, which the track's seats already
# say, not in the steps.
FLOWS: dict[str, Flow] = {
    "assigned": Flow(prepare=(declare_if_suppliers,), enrol=enrol_quota, cohort=DELIVERY),
    "registration": Flow(prepare=(declare_if_suppliers,), enrol=enrol_quota, cohort=DELIVERY),
    "course_selection": Flow(prepare=(declare_if_suppliers,), enrol=select_courses, cohort=DELIVERY),
}


def _intake(ctx: Context, ts: TrackState, k: int, delivery: Window) -> Intake:
    """Year ``k``'s sign-up: the windows dated for its year, or undated (those serve the first year only)."""
    year = ts.base_year + k
    windows = ctx.calendar.windows(ts.track, ENROLMENT_KINDS, year=year)
    if k and not any(w.year == year for w in windows):
        windows = ()  # later cohorts are picked when their year's delivery opens
    published = ts.events.get("published")
    if published is not None:  # no one signs up for a course before it is published (a window may be left empty)
        windows = tuple(Window(w.milestone, max(w.start, published), w.end) for w in windows)
    return Intake(k, windows, delivery)


def run_flow(ctx: Context, ts: TrackState, flow: Flow) -> Process[None]:
    """One track's SimPy process: its flow's steps, one after another."""
    for prepare in flow.prepare:
        yield from prepare(ctx, ts)
    previous: Cohort | None = None
    for k in range(ts.years):
        delivery = ctx.calendar.delivery_window(ts.track, k)
        if previous is None or ts.track.new_cohort_each_year:
            previous = None
            enrolled = yield from flow.enrol(ctx, ts, _intake(ctx, ts, k, delivery))
        else:  # a later year of a multi-year track: the same trainees go on
            enrolled = previous.enrolled
        cohort = Cohort(ts.base_year + k, ts.seats + ts.added, enrolled, delivery)
        ts.cohorts.append(cohort)
        for step in flow.cohort:
            yield from step(ctx, ts, cohort, previous)
        previous = cohort
