"""The discrete-event model of one program's declaration-to-settlement timeline.

``flows.FLOWS`` lists each track mode's steps; ``ProgramModel`` walks them, one SimPy process per
track; ``TeacherModel`` runs the same steps with per-teacher movers, for validation.
"""

from .context import Context, Movers
from .draws import Draws
from .engine import ProgramModel
from .enrolment import ENROLMENT_KINDS
from .flows import FLOWS, Flow
from .reference import TeacherModel
from .state import Cohort, TrackState
from .supply import cell_estimate

__all__ = [
    "ENROLMENT_KINDS",
    "FLOWS",
    "Cohort",
    "Context",
    "Draws",
    "Flow",
    "Movers",
    "ProgramModel",
    "TeacherModel",
    "TrackState",
    "cell_estimate",
]
