"""Limits every input file meets before it is parsed: a regular file, a sane size, text without
control characters, and a nesting depth a parser can take.

A FIFO or device in place of a file would block a reader forever, a huge or deeply nested file
would exhaust memory or the parser's recursion, and a NUL or escape byte has no business in data
(it breaks the Word writer and terminals later). Each problem is a located :class:`DataError`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import DataError, at_line
from .messages import N_

MAX_BYTES = 2_000_000  # the largest bundled program file is about 40 kB
MAX_DEPTH = 40  # the deepest bundled file nests 8 levels
_ALLOWED_CONTROLS = frozenset("\n\r\t")


def read_bytes(path: Path | str, max_bytes: int = MAX_BYTES, file: str | None = None) -> bytes:
    """A regular file's bytes, at most ``max_bytes``; DataError naming ``file`` (default: the path) otherwise."""
    path = Path(path)
    file = str(path) if file is None else file
    try:
        info = path.stat()
    except OSError as e:
        raise DataError(file, "", f"cannot read: {e.strerror}", N_("error_cannot_read"), reason=e.strerror) from None
    if not stat.S_ISREG(info.st_mode):
        raise DataError(file, "", "expected a regular file (not a folder, pipe or device)", N_("error_not_a_file"))
    if info.st_size > max_bytes:
        raise DataError(
            file,
            "",
            f"expected at most {max_bytes:,} bytes, got {info.st_size:,}",
            N_("error_file_too_large"),
            limit=max_bytes,
            size=info.st_size,
        )
    try:
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening does not hang.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as e:
        raise DataError(file, "", f"cannot read: {e.strerror}", N_("error_cannot_read"), reason=e.strerror) from None
    if len(raw) > max_bytes:
        raise DataError(file, "", f"expected at most {max_bytes:,} bytes", N_("error_file_grew"), limit=max_bytes)
    return raw


def decoded(file: str, raw: bytes) -> str:
    """UTF-8 text; DataError at the line of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DataError(file, at_line(line), "expected UTF-8 text", N_("error_not_utf8")) from None


def read_text(path: Path | str, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> str:
    """The file's text, once it passed the checks above; DataError naming the file (and line) otherwise."""
    file = str(path)
    text = decoded(file, read_bytes(path, max_bytes))
    check_text(file, text)
    depth, line = nesting(text)
    if depth > max_depth:
        raise DataError(
            file,
            at_line(line),
            f"expected at most {max_depth} levels of nesting, got {depth}",
            N_("error_too_deep"),
            limit=max_depth,
            depth=depth,
        )
    return text


def check_text(where: str, text: str) -> None:
    """Refuse control characters (other than line breaks and tabs), naming the line."""
    for i, ch in enumerate(text):
        if (ch < " " or "\x7f" <= ch <= "\x9f") and ch not in _ALLOWED_CONTROLS:
            line = text.count("\n", 0, i) + 1
            found = f"U+{ord(ch):04X}"
            raise DataError(
                where,
                at_line(line),
                f"expected text without control characters, found {found}",
                N_("error_control_character"),
                found=found,
            )


def nesting(text: str) -> tuple[int, int]:
    """(deepest nesting, its line) of a YAML or JSON text: block levels by indentation, flow levels by
    brackets outside quotes and comments.

    An estimate that errs high, which is all a guard needs: real nesting is never deeper.
    """
    deepest, where = 0, 1
    indents: list[int] = []  # indentation of the enclosing block levels
    brackets = 0  # flow collections open at this point
    base = 0  # block level at which the open flow collections started
    for number, line in enumerate(text.splitlines(), start=1):
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        if brackets == 0:  # inside brackets, indentation means nothing (YAML) or repeats them (JSON)
            indent = len(line) - len(body)
            while indents and indents[-1] >= indent:
                indents.pop()
            base = len(indents)
            indents.append(indent)
            while body.startswith("- "):  # each "- " opens a sequence item one level down
                base += 1
                body = body[2:].lstrip(" ")
        quote = ""
        for ch in body:
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "#":
                break
            elif ch in "[{":
                brackets += 1
            elif ch in "]}":
                brackets = max(0, brackets - 1)
            if base + brackets > deepest:
                deepest, where = base + brackets, number
        if base > deepest:
            deepest, where = base, number
    return deepest, where


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages that echo what someone typed."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
