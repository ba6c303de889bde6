"""What a run builds up: per track, its cells (classes, or the cities/counties a quota is allocated
to) and one cohort per delivery year, each an array over the cells."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from sim.catalog import Track

from .calendar import Window

# Below this a count of teachers or seats is nothing: deterministic runs carry fractions.
EPS = 1e-9


def _unset() -> np.ndarray:
    return np.zeros(0)


@dataclass
class Cohort:
    """One year's delivery of a track. The arrays after ``window`` are filled in by the flow's steps."""

    year: int
    seats: np.ndarray
    enrolled: np.ndarray
    window: Window  # the delivery window
    attended: np.ndarray = field(default_factory=_unset)
    completed: np.ndarray = field(default_factory=_unset)
    start: np.ndarray = field(default_factory=_unset)  # first course day, per cell
    end: np.ndarray = field(default_factory=_unset)  # last course day
    assessed: np.ndarray = field(default_factory=_unset)  # the day passing is decided
    credited: np.ndarray = field(default_factory=_unset)  # the day credits are registered
    settle: np.ndarray = field(default_factory=_unset)  # the day the provider is paid
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
    plans: dict[int, np.ndarray] = field(default_factory=dict)  # planned first course day per cell, per year
    events: dict[str, int] = field(default_factory=dict)  # model day of seats_filled, enrolment_closed ...
    projects_wanted: float = 0.0  # projects institutions would declare before the leader rule
    projects_declared: float = 0.0
    projects_approved: float = 0.0
    credits_each: float = 0.0  # credits a completer earns (non-completers earn none)
    demand: float = 0.0  # teachers who chose a course (course selection)
    rejected: float = 0.0  # choices principals turned down


@dataclass(frozen=True)
class Intake:
    """A new cohort's sign-up: its year's index ``k``, the sign-up windows the documents date for
    that year (none: teachers sign up the day delivery opens) and the delivery window it feeds."""

    k: int
    windows: tuple[Window, ...]
    delivery: Window
