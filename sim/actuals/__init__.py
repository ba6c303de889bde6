"""What actually happened in a program, as its training platform exports it: the file formats and
their checks (located problems; a file with any is refused whole), and the comparison with the plan."""

from .formats import FORMATS, Format, Kind
from .plan_actual import DayPoint, FillGap, Gap, Observed, PlanActual, Series, compare
from .validate import Actuals, ActualsRejected, program_dates, read_actuals, units_of

__all__ = [
    "FORMATS",
    "Actuals",
    "ActualsRejected",
    "DayPoint",
    "FillGap",
    "Format",
    "Gap",
    "Kind",
    "Observed",
    "PlanActual",
    "Series",
    "compare",
    "program_dates",
    "read_actuals",
    "units_of",
]
