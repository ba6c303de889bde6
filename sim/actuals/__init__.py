"""What actually happened in a program, as its training platform exports it: the file formats and
their checks (located problems; a file with any is refused whole)."""

from .formats import FORMATS, Format, Kind
from .validate import Actuals, ActualsRejected, program_dates, read_actuals, units_of

__all__ = ["FORMATS", "Actuals", "ActualsRejected", "Format", "Kind", "program_dates", "read_actuals", "units_of"]
