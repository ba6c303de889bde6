"""What every figure in the tidy tables measures and how replications of it combine.

Each figure a run reports is declared here once, with its kind and its aggregation, so a new field
has to say how it combines instead of being averaged because it happens to be a number: a figure
that is not declared stops the run (``UndeclaredFigure``).

Figure names in the tables are a field (``quota``) or a family and a detail (``cost:tuition``,
``event:published``); a family is declared once for all its details.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Literal

Kind = Literal["count", "ratio", "yuan", "date"]


class Agg(enum.Enum):
    INTERVAL = "interval"  # mean and 2.5th-97.5th percentile of the replications
    DATE = "date"  # a day ordinal: interval over the runs where it happened, with their share
    DAILY = "daily"  # a flow on a day: a run without that day counts as zero, then an interval
    LABEL = "label"  # the same in every run (the scenario fixes it); kept, never averaged


@dataclass(frozen=True)
class FieldSpec:
    kind: Kind
    agg: Agg


class UndeclaredFigure(KeyError):
    """A figure with no FieldSpec: it must say how its replications combine before it is reported."""


def _interval(kind: Kind) -> FieldSpec:
    return FieldSpec(kind, Agg.INTERVAL)


# The stages every level (program, sub-program, unit, year) reports.
STAGES = ("quota", "enrolled", "attended", "completed", "cost_yuan", "fill_rate", "completion_rate")

FIELDS: dict[str, FieldSpec] = {
    "quota": _interval("count"),
    "enrolled": _interval("count"),
    "attended": _interval("count"),
    "completed": _interval("count"),
    "credits": _interval("count"),
    "cost_yuan": _interval("yuan"),
    "fill_rate": _interval("ratio"),
    "completion_rate": _interval("ratio"),
    "cost": _interval("yuan"),  # family: cost:LINE
    # course selection
    "demand": _interval("count"),
    "chose_but_not_enrolled": _interval("count"),
    "planned_seats": _interval("count"),
    "fill_rate_of_planned_seats": _interval("ratio"),
    "seats_added": _interval("count"),
    "rejected_by_school": _interval("count"),
    "projects_declared": _interval("count"),
    "projects_without_leaders": _interval("count"),
    "projects_approved": _interval("count"),
    "event": FieldSpec("date", Agg.DATE),  # family: event:NAME
    # the 5% rule
    "budget:annual_training_fund_yuan": _interval("yuan"),
    "budget:years": FieldSpec("count", Agg.LABEL),
    "budget:training_fund_yuan": _interval("yuan"),
    "budget:school_paid_yuan": _interval("yuan"),
    "budget:cost_share_of_fund": _interval("ratio"),
    # institutions' capacity, per pool (sim.results.capacity)
    "pool": _interval("count"),  # family: pool:classes, pool:classes_waited, pool:mean_wait_days ...
    "pool:utilisation": _interval("ratio"),
    # dated flows: a replication's amount per day
    "settled_yuan": FieldSpec("yuan", Agg.DAILY),
    "teacher_advance_yuan": FieldSpec("yuan", Agg.DAILY),
    "signed_up": FieldSpec("count", Agg.DAILY),
    "busy": FieldSpec("count", Agg.DAILY),  # family: busy:POOL, classes running
}

COURSE_SELECTION = (
    "demand",
    "chose_but_not_enrolled",
    "planned_seats",
    "fill_rate_of_planned_seats",
    "seats_added",
    "rejected_by_school",
    "projects_declared",
    "projects_without_leaders",
    "projects_approved",
)


def spec(figure: str) -> FieldSpec:
    """The declaration of ``figure``: its own, else its family's (the part before the first colon)."""
    found = FIELDS.get(figure) or FIELDS.get(figure.partition(":")[0])
    if found is None:
        raise UndeclaredFigure(f"figure {figure!r} has no FieldSpec in sim.results.fields")
    return found
