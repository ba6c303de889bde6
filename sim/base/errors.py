"""Errors that name the file, the field and what was expected."""

from __future__ import annotations

from typing import Any

from .messages import N_


class Worded(Exception):
    """An error in English (its str(), for the CLI and logs) and, when it has one, a message ``code``
    (a catalog key) with the values it names, so a face can word it in its own language."""

    def __init__(self, message: str, code: str | None = None, **params: Any):
        super().__init__(message)
        self.code, self.params = code, params


class DataError(Worded, ValueError):
    """Bad input in a data file: where it is (``file``, ``field``) and what was expected.

    ``expected`` is the English; ``code`` and ``params`` word it in a face's language. The location
    stays apart from the words so every language shows it: ``field`` is a field path (identifiers)
    or, for a line of the file, :func:`at_line`.
    """

    def __init__(self, file: str, field: str | Worded, expected: str, code: str | None = None, **params: Any):
        self.file = file
        self.field = str(field)
        self.expected = expected
        what = Worded(expected, code, **params)
        if field:
            super().__init__(f"{file}: {field}: {expected}", N_("error_data_at"), file=file, field=field, expected=what)
        else:
            super().__init__(f"{file}: {expected}", N_("error_data_in"), file=file, expected=what)


def at_line(line: int) -> Worded:
    """A DataError's location when it is a line of the file rather than a field."""
    return Worded(f"line {line}", N_("error_at_line"), line=line)


class ScenarioError(Worded, ValueError):
    """A scenario override that names an unknown knob or an illegal value."""


class UnknownProgram(ScenarioError, KeyError):
    """A program id the catalog does not have (a KeyError too, for code that looks programs up)."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


class StoreError(Worded):
    """A scenario-store operation that cannot be done as asked."""


class NotFound(StoreError, KeyError):
    def __str__(self) -> str:  # KeyError's own str() would quote the message
        return str(self.args[0])


class NameTaken(StoreError):
    """The program already has a saved scenario of that name."""


class VersionConflict(StoreError):
    """Someone saved the scenario after it was loaded: reload, re-apply the change, save again."""

    def __init__(self, program: str, name: str, expected: int, current: int):
        self.expected, self.current = expected, current
        super().__init__(
            f"{program}/{name} was changed by someone else (version {current}, you had {expected}); "
            "reload it, re-apply your change and save again",
            N_("error_version_conflict"),
            name=name,
            current=current,
            expected=expected,
        )


def first_line(e: BaseException) -> str:
    """An exception's first line of text (drivers and libraries append detail below it), else its type."""
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__
