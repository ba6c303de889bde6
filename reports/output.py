"""Where a report goes: the format from the path, clear messages for unusable paths, atomic writes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from sim.base import write_atomically

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


class OutputPathError(OSError):
    """The output path cannot take the report (a bad folder, suffix or format)."""


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise OutputPathError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    return fmt


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format given, else the one the suffix names; the suffix must agree with the format."""
    suffix = path.suffix.lower().lstrip(".")
    if fmt is None:
        if suffix not in FORMATS:
            raise OutputPathError(
                f"{path}: cannot tell the format from the suffix {path.suffix or '(none)'!r}; "
                f"name the file .xlsx, .docx or .pdf, or pass --format"
            )
        return suffix
    check_format(fmt)
    if suffix != fmt:
        raise OutputPathError(
            f"{path}: the suffix {path.suffix or '(none)'!r} does not match the format {fmt!r}; name the file *.{fmt}"
        )
    return fmt


def check_path(path: Path) -> None:
    if path.is_dir():
        raise OutputPathError(f"{path}: is a folder; give a file name such as {path / 'report.xlsx'}")
    parent = path.parent
    if not parent.is_dir():
        raise OutputPathError(f"{path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputPathError(f"{path}: the folder {parent} is not writable")


def write_atomic(path: Path, build: Callable[[], bytes]) -> None:
    """Build the bytes, then write them to ``path`` atomically (see ``sim.base.atomic``).

    A failure while building or writing leaves ``path`` as it was and no temporary file behind.
    """
    data = build()
    write_atomically(path, lambda tmp: tmp.write_bytes(data))
