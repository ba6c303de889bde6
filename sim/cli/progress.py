"""A terminal progress bar on stderr (no package needed): the CLI's ``on_progress(done, total)``."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class StderrProgress:
    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30):
        self.label = label
        self.stream = stream or sys.stderr
        self.width = width
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // max(total, 1)
        elapsed = time.perf_counter() - self.started
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} {elapsed:.1f}s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
