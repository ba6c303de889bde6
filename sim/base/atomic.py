"""Atomic file output: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import DataError


def checked_output(path: Path | str, suffixes: tuple[str, ...]) -> Path:
    """``path`` if it can be written as one of ``suffixes``; a located DataError otherwise."""
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        raise DataError(str(path), "", f"expected a file name ending in {' or '.join(suffixes)}")
    if path.is_dir():
        raise DataError(str(path), "", "expected a file name, got a folder")
    if not path.parent.is_dir():
        raise DataError(str(path), "", f"folder {path.parent} does not exist")
    return path


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temp)`` on a temporary file next to ``path``, then move it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        with open(tmp, "rb+") as f:  # on disk before the rename, so a crash cannot leave an empty file
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; give it the mode a plain open() would
        os.replace(tmp, path)  # same folder, so the same file system: the rename is atomic
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
