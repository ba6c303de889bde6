"""Shared ground for every layer: located errors, limits on input files, atomic file writes and the
mark on message keys."""

from .atomic import checked_output, remove_leftovers, write_atomically
from .errors import (
    DataError,
    NameTaken,
    NotFound,
    ScenarioError,
    StoreError,
    UnknownProgram,
    VersionConflict,
    Worded,
    at_line,
    first_line,
)
from .inputs import MAX_BYTES, MAX_DEPTH, check_text, read_text, shown
from .messages import N_

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "N_",
    "DataError",
    "NameTaken",
    "NotFound",
    "ScenarioError",
    "StoreError",
    "UnknownProgram",
    "VersionConflict",
    "Worded",
    "at_line",
    "check_text",
    "checked_output",
    "first_line",
    "read_text",
    "remove_leftovers",
    "shown",
    "write_atomically",
]
