"""What the command line prints is safe for a terminal: names and notes come from users and files,
and an ANSI escape or other control character in them would otherwise act on the screen."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

# Line breaks, tabs and the progress bar's carriage return are layout; every other C0/C1 control is shown.
_SHOWN = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0)) if chr(c) not in "\n\t\r"}


def escaped(text: str) -> str:
    return text.translate(_SHOWN)


class SafeStream:
    """A text stream that writes control characters as ``\\xNN``."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(escaped(text))

    def __getattr__(self, name: str):  # flush, fileno, isatty, encoding ...
        return getattr(self._stream, name)


@contextmanager
def safe_output() -> Iterator[None]:
    """stdout and stderr escape control characters while the block runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(out), SafeStream(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
