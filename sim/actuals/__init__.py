"""What actually happened in a program, as its training platform exports it: the file formats and
their checks (located problems; a file with any is refused whole), and the calibration of the
assumed rates the actuals inform."""

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
from .validate import Actuals, ActualsRejected, program_dates, read_actuals, units_of

__all__ = [
    "FORMATS",
    "Actuals",
    "ActualsRejected",
    "Calibrated",
    "Calibration",
    "Format",
    "Kind",
    "calibrate",
    "calibrated_ranges",
    "calibrated_unknowns",
    "calibration_dict",
    "expected_share",
    "program_dates",
    "read_actuals",
    "records_of",
    "units_of",
]
