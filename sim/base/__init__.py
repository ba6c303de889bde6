"""Shared ground for every layer: located errors, atomic file writes and the mark on message keys."""

from .atomic import checked_output, write_atomically
from .errors import (
    DataError,
    NameTaken,
    NotFound,
    ScenarioError,
    StoreError,
    UnknownProgram,
    VersionConflict,
    Worded,
)
from .messages import N_

__all__ = [
    "N_",
    "DataError",
    "NameTaken",
    "NotFound",
    "ScenarioError",
    "StoreError",
    "UnknownProgram",
    "VersionConflict",
    "Worded",
    "checked_output",
    "write_atomically",
]
