"""What actually happened in a program, as its training platform exports it: the file formats and
their checks (located problems; a file with any is refused whole), the calibration of the
assumed rates the actuals inform, and the comparison with the plan."""

from .calibrate import (
    Calibrated,
    Calibration,
    calibrate,
    calibrated_ranges,
    calibrated_unknowns,
    calibration_dict,
    expected_share,
    records_of,
)
from .formats import FORMATS, Format, Kind
from .plan_actual import DayPoint, FillGap, Gap, Observed, PlanActual, Series, compare
from .validate import Actuals, ActualsRejected, program_dates, read_actuals, units_of

__all__ = [
    "FORMATS",
    "Actuals",
    "ActualsRejected",
    "Calibrated",
    "Calibration",
    "DayPoint",
    "FillGap",
    "Format",
    "Gap",
    "Kind",
    "Observed",
    "PlanActual",
    "Series",
    "calibrate",
    "calibrated_ranges",
    "calibrated_unknowns",
    "calibration_dict",
    "compare",
    "expected_share",
    "program_dates",
    "read_actuals",
    "records_of",
    "units_of",
]
