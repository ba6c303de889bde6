"""Words and number formats in Chinese and English, shared by the CLI, the dashboard and the reports.

The words come from the message catalogs in ``locale/`` (see ``catalogs``); codes the model
carries map to their message keys in ``keys``.
"""

from .catalogs import LANGS
from .formatting import FORMATS, beijing, date, delta, figure, number, pct, signed, timestamp
from .keys import (
    CHECK_LABEL,
    END_LABEL,
    EVENT_LABEL,
    FIGURE_LABEL,
    LEVER_LABEL,
    MODE_LABEL,
    N_,
    SHAPE_LABEL,
    UNIT_LABEL,
)
from .labels import (
    cite,
    clause_in,
    colon,
    error_in,
    knob_label,
    label_in,
    name_in,
    note_in,
    proper_in,
    quoted,
    reason_in,
    text,
    unit_in,
    unit_label,
)
from .messages import (
    FIGURE_WORDS,
    assumed_range,
    deadline_name,
    deadline_what,
    driver_sentence,
    finding_text,
    two_intervals,
)

__all__ = [
    "CHECK_LABEL",
    "END_LABEL",
    "EVENT_LABEL",
    "FIGURE_LABEL",
    "FORMATS",
    "LANGS",
    "LEVER_LABEL",
    "MODE_LABEL",
    "SHAPE_LABEL",
    "N_",
    "UNIT_LABEL",
    "cite",
    "clause_in",
    "colon",
    "date",
    "deadline_name",
    "deadline_what",
    "error_in",
    "delta",
    "figure",
    "finding_text",
    "FIGURE_WORDS",
    "driver_sentence",
    "two_intervals",
    "assumed_range",
    "knob_label",
    "label_in",
    "name_in",
    "note_in",
    "number",
    "pct",
    "proper_in",
    "quoted",
    "reason_in",
    "signed",
    "text",
    "timestamp",
    "beijing",
    "unit_in",
    "unit_label",
]
