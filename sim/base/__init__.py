"""Shared ground for every layer: located errors and atomic file writes."""

from .atomic import checked_output, write_atomically
from .errors import DataError, NameTaken, NotFound, ScenarioError, StoreError, UnknownProgram, VersionConflict

__all__ = [
    "DataError",
    "NameTaken",
    "NotFound",
    "ScenarioError",
    "StoreError",
    "UnknownProgram",
    "VersionConflict",
    "checked_output",
    "write_atomically",
]
