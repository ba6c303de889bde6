"""Atomic file output: a reader sees the old file or the new one, never half of one.

The temporary file sits next to the target as ``.NAME.PID.RANDOM.tmp``. A writer killed between
creating it and the rename leaves it behind; the next write into that folder removes every such
file whose writer is no longer running, so leftovers never pile up.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import DataError
from .messages import N_


def checked_output(path: Path | str, suffixes: tuple[str, ...]) -> Path:
    """``path`` if it can be written as one of ``suffixes``; a located DataError otherwise."""
    path = Path(path)
    if path.suffix.lower() not in suffixes:
        raise DataError(
            str(path),
            "",
            f"expected a file name ending in {' or '.join(suffixes)}",
            N_("error_output_suffix"),
            suffixes=", ".join(suffixes),
        )
    if path.is_dir():
        raise DataError(str(path), "", "expected a file name, got a folder", N_("error_output_is_folder"))
    if not path.parent.is_dir():
        raise DataError(
            str(path), "", f"folder {path.parent} does not exist", N_("error_no_folder"), folder=str(path.parent)
        )
    return path


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(temp)`` on a temporary file next to ``path``, then move it into place."""
    remove_leftovers(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
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


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files of writers in ``folder`` that died before their rename."""
    removed = []
    for tmp in folder.glob(".*.tmp"):
        pid = _writer_pid(tmp.name)
        if pid is not None and not _running(pid):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _writer_pid(name: str) -> int | None:
    """The writer's process id in ``.NAME.PID.RANDOM.tmp``, or None for a file that is not ours."""
    parts = name.split(".")
    if len(parts) < 5 or not parts[-3].isdigit():
        return None
    return int(parts[-3])


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # somebody else's live process
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
