"""Words and number formats in Chinese and English, shared by the CLI, the dashboard and the reports."""

from .formatting import FORMATS, date, delta, figure, pct
from .labels import cite, colon, name_in, text, unit_in
from .messages import deadline_name, deadline_what, finding_text

__all__ = [
    "FORMATS",
    "cite",
    "colon",
    "date",
    "deadline_name",
    "deadline_what",
    "delta",
    "figure",
    "finding_text",
    "name_in",
    "pct",
    "text",
    "unit_in",
]
