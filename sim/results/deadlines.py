"""Documented deadlines against the simulated dates that have to meet them, read from the model's state.

A check carries codes and dates only: which deadline (a milestone, a sub-program's sign-up, the
arrival notice), what has to be done by then (``code``), and when the run did it. Faces word it
through ``sim.text`` (``deadline_name``, ``text("deadline_" + code)``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sim.model import Cohort, ProgramModel

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


def _latest(cohorts: list[Cohort], attr: str) -> float | None:
    values = [getattr(c, attr).max() for c in cohorts if len(getattr(c, attr))]
    return max(values) if values else None


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
    for ts in model.tracks:  # nobody should still be signing up when the first course starts
        first = ts.cohorts[0] if ts.cohorts else None
        closed = ts.events.get("enrolment_closed")
        if first is not None and len(first.start) and closed is not None:
            key = f"{ts.track.id}:enrolment"
            check(key, None, ts.track.id, "enrolment", model.date(first.start.min() - 1), closed, "sign_up_closes")
    notice = p.param("notice_days_before_start")
    if notice is not None:
        closes = [ts.events["enrolment_closed"] for ts in model.tracks if ts.events.get("enrolment_closed") is not None]
        starts = [c.start.min() for ts in model.tracks for c in ts.cohorts[:1] if len(c.start)]
        if closes and starts:
            check(
                NOTICE, None, None, "notice", model.date(min(starts) - notice), max(closes), "selection_before_notice"
            )
    return out
