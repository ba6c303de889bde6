"""Documented deadlines against the simulated dates that have to meet them, read from the model's state.

A check carries codes and dates only: which deadline (a milestone, a sub-program's sign-up, the
arrival notice), what has to be done by then (``code``), and when the run did it. Faces word it
through ``sim.text`` (``deadline_name``, ``text("deadline_" + code)``). Over replications each
deadline is one :class:`Deadline` row with its dates as intervals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sim.model import ENROLMENT_KINDS, Cohort, ProgramModel, TrackState

from .figures import DateFigure, Figure

NOTICE = "notice"  # the key of the arrival-notice check, which no milestone names


@dataclass(frozen=True)
class DeadlineCheck:
    key: str  # the milestone id, "{track}:enrolment" or NOTICE
    milestone: str | None  # the milestone whose end is the deadline, if a milestone's
    track: str | None  # the sub-program, for its sign-up check
    phase: str
    code: str  # what has to be done by the deadline, e.g. last_course_end
    deadline: dt.date
    simulated: dt.date

    @property
    def at_risk(self) -> bool:
        return self.simulated > self.deadline


# What each phase's deadline holds back: (cohort attribute, extra-days parameter, code).
WAITS_FOR: dict[str, tuple[str, str | None, str]] = {
    "delivery": ("end", None, "last_course_end"),
    "assessment": ("assessed", None, "assessment_done"),
    "credit_registration": ("credited", None, "credits_registered"),
    "settlement": ("settle", None, "settlement_done"),
    "self_assessment": ("end", "report_days_after_end", "self_assessment_due"),
}


# Phases whose deadline a track's own step must meet: (its event in ``TrackState.events``, code).
STEP_EVENTS: dict[str, tuple[str, str]] = {
    "review": ("reviewed", "review_done"),  # where reviewers' capacity is modelled
    "publication": ("published", "published"),
}


def _latest(cohorts: list[Cohort], attr: str) -> float | None:
    values = [getattr(c, attr).max() for c in cohorts if len(getattr(c, attr))]
    return max(values) if values else None


def _dated_sign_ups(model: ProgramModel) -> list[tuple[TrackState, int]]:
    """Each track whose sign-up the documents date, with the day it closed. Where no window is dated
    teachers sign up the day delivery opens: no documented deadline to be late for."""
    return [
        (ts, ts.events["enrolment_closed"])
        for ts in model.tracks
        if ts.events.get("enrolment_closed") is not None and model.calendar.windows(ts.track, ENROLMENT_KINDS)
    ]


def deadline_checks(model: ProgramModel) -> list[DeadlineCheck]:
    out: list[DeadlineCheck] = []
    p = model.p

    def check(key: str, milestone: str | None, track: str | None, phase: str, deadline: dt.date, day, code: str):
        if day is not None:
            out.append(DeadlineCheck(key, milestone, track, phase, code, deadline, model.date(day)))

    for m, _start, end in model.milestones:
        applies = [
            ts for ts in model.tracks if m.tracks is None or ts.track.id in m.tracks or ts.track.group in m.tracks
        ]
        # A dated milestone speaks for its year's cohorts; an undated one for the first year's.
        cohorts = [c for ts in applies for c in ts.cohorts if c.year == (m.year or ts.base_year)]
        if m.kind in WAITS_FOR:
            attr, lag_key, code = WAITS_FOR[m.kind]
            lag = 0 if lag_key is None else p.param(lag_key)
            done = _latest(cohorts, attr)
            if lag is not None and done is not None:
                check(m.id, m.id, None, m.kind, end, done + lag, code)
        elif m.kind in STEP_EVENTS:
            event, code = STEP_EVENTS[m.kind]
            days = [ts.events[event] for ts in applies if event in ts.events]
            if days:
                check(m.id, m.id, None, m.kind, end, max(days), code)
        elif m.kind == "reporting" and m.year is not None:
            ready = []
            previous = _latest([c for ts in applies for c in ts.cohorts if c.year == m.year - 1], "end")
            if previous is not None:
                ready.append(previous + p.param("report_prep_days", 0))
            funding = [f for f, _fs, _fe in model.milestones if f.kind == "funding" and f.year == m.year]
            if funding:
                ready.append(model.day(funding[0].end) + p.param("planning_delay_days", 0))
            if ready:
                check(m.id, m.id, None, m.kind, end, max(ready), "plan_and_review_ready")
    signed_up = _dated_sign_ups(model)
    for ts, closed in signed_up:  # nobody should still be signing up when the first course starts
        first = ts.cohorts[0] if ts.cohorts else None
        if first is not None and len(first.start):
            key = f"{ts.track.id}:enrolment"
            check(key, None, ts.track.id, "enrolment", model.date(first.start.min() - 1), closed, "sign_up_closes")
    notice = p.param("notice_days_before_start")
    if notice is not None:
        closes = [closed for _ts, closed in signed_up]
        starts = [c.start.min() for ts in model.tracks for c in ts.cohorts[:1] if len(c.start)]
        if closes and starts:
            check(
                NOTICE, None, None, "notice", model.date(min(starts) - notice), max(closes), "selection_before_notice"
            )
    return out


@dataclass(frozen=True)
class Deadline:
    """One deadline over the runs: ``deadline`` is the earliest over them (a documented date is the
    same in every run; one that follows a simulated date, like the first course's start, moves),
    ``deadline_range`` its interval and ``simulated`` the interval of the date that has to meet it, over
    the runs that made the check. ``names``/``track_names`` are the catalog's, for
    ``sim.text.deadline_name``."""

    key: str
    milestone: str | None
    track: str | None
    phase: str
    code: str
    deadline: dt.date
    deadline_range: DateFigure
    simulated: DateFigure
    at_risk: bool  # in any run
    at_risk_share: float  # of the runs
    names: dict[str, str] | None
    track_names: dict[str, str] | None


def combine_checks(
    runs: Sequence[Sequence[DeadlineCheck]],
    milestone_names: Mapping[str, dict[str, str]],
    track_names: Mapping[str, dict[str, str]],
) -> tuple[Deadline, ...]:
    """One row per deadline (its ``key``) over the runs' checks, in the order they first appear."""
    keyed: dict[str, list[DeadlineCheck]] = {}
    for checks in runs:
        for c in checks:
            keyed.setdefault(c.key, []).append(c)
    n = len(runs)

    def dates(days: list[dt.date]) -> DateFigure:
        return DateFigure.from_days(Figure.of([d.toordinal() for d in days]), len(days) / n)

    rows = []
    for key, checks in keyed.items():
        c = checks[0]
        rows.append(
            Deadline(
                key,
                c.milestone,
                c.track,
                c.phase,
                c.code,
                min(x.deadline for x in checks),
                dates([x.deadline for x in checks]),
                dates([x.simulated for x in checks]),
                any(x.at_risk for x in checks),
                sum(x.at_risk for x in checks) / n,
                milestone_names.get(c.milestone) if c.milestone else None,
                track_names.get(c.track) if c.track else None,
            )
        )
    return tuple(rows)
