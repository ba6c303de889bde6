"""Atomic writes: a writer killed at the moment it created its temporary file leaves nothing for long."""

from __future__ import annotations

import os
import subprocess
import sys

from sim.base import remove_leftovers, write_atomically
from tests.documented import ROOT

KILLED = """
import os, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from sim.base import write_atomically
write_atomically(Path({target!r}), lambda tmp: os._exit(9))  # dies right after the temporary file exists
"""


def test_a_killed_writers_temp_file_is_removed_by_the_next_write(tmp_path):
    target = tmp_path / "target.csv"
    out = subprocess.run([sys.executable, "-c", KILLED.format(root=str(ROOT), target=str(target))], timeout=60)
    assert out.returncode == 9
    left = list(tmp_path.glob(".target.csv.*.tmp"))
    assert len(left) == 1 and left[0].stat().st_size == 0  # the 0-byte leftover the issue saw
    write_atomically(tmp_path / "other.pdf", lambda tmp: tmp.write_bytes(b"%PDF"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.pdf"]


def test_a_live_writers_temp_file_and_other_hidden_files_are_kept(tmp_path):
    mine = tmp_path / f".report.xlsx.{os.getpid()}.abc123.tmp"  # a writer still at work: this process
    mine.write_bytes(b"half")
    unrelated = tmp_path / ".notes.tmp"  # not written by us: no writer id in its name
    unrelated.write_text("keep", encoding="utf-8")
    assert remove_leftovers(tmp_path) == []
    assert mine.exists() and unrelated.exists()
