"""Errors that name the file, the field and what was expected."""
from __future__ import annotations


class DataError(ValueError):
    """Bad input in a data file: where it is and what was expected."""

    def __init__(self, file: str, field: str, expected: str):
        self.file = file
        self.field = field
        self.expected = expected
        super().__init__(f"{file}: {field}: {expected}" if field else f"{file}: {expected}")


class ScenarioError(ValueError):
    """A scenario override that names an unknown knob or an illegal value."""
