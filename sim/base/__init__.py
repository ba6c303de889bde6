"""Shared ground for every layer: located errors, limits on input files, atomic file writes."""

from .atomic import checked_output, remove_leftovers, write_atomically
from .errors import DataError, NameTaken, NotFound, ScenarioError, StoreError, UnknownProgram, VersionConflict
from .inputs import MAX_BYTES, MAX_DEPTH, check_text, read_text, shown

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "DataError",
    "NameTaken",
    "NotFound",
    "ScenarioError",
    "StoreError",
    "UnknownProgram",
    "VersionConflict",
    "check_text",
    "checked_output",
    "read_text",
    "remove_leftovers",
    "shown",
    "write_atomically",
]
