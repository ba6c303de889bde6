"""The discrete-event model of one program's declaration-to-settlement timeline."""

from .draws import Draws
from .engine import Cohort, ProgramModel, TrackState
from .reference import TeacherModel

__all__ = ["Cohort", "Draws", "ProgramModel", "TrackState", "TeacherModel"]
