"""Words and number formats in Chinese and English, shared by the CLI, the dashboard and the reports.

The words come from the message catalogs in ``locale/`` (see ``catalogs``); codes the model
carries map to their message keys in ``keys``.
"""

from .catalogs import LANGS
from .formatting import FORMATS, beijing, comma, date, delta, figure, number, pct, signed, timestamp
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
from .messages import deadline_name, deadline_what, extension_sentence, finding_text, nowcast_sentence, nowcast_where

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
    "extension_sentence",
    "nowcast_sentence",
    "nowcast_where",
    "delta",
    "figure",
    "finding_text",
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
    "comma",
    "unit_in",
    "unit_label",
]
