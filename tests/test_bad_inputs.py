"""Every case of the bad-input corpus (tests/bad_inputs/corpus.py) is refused with one located line.

Each case runs ``python -m sim ...`` in a fresh process under a time limit: exit code 2, one line on
stderr starting ``error:`` that names what was wrong, no traceback, no hang, and no file written.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.bad_inputs.corpus import CASES, ROOT

TIMEOUT_S = 60


def _files(folder) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 60
    assert len({case_id for case_id, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("case_id", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_input_is_one_located_line(tmp_path, case_id, build, expected):
    args = build(tmp_path)
    before = _files(tmp_path)
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "3s", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "sim", "--lang", "en", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        errors="replace",
    )
    assert "Traceback" not in out.stderr, out.stderr[-3000:]
    assert out.returncode == 2, (out.returncode, out.stderr[-2000:])
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), out.stderr[-2000:]
    assert expected in lines[0], lines[0]
    assert "9" * 100 not in lines[0] and "[" * 100 not in lines[0], "a message echoes only a short part of the input"
    assert "\x1b" not in out.stderr and "\x00" not in out.stderr
    written = _files(tmp_path) - before
    assert not written, f"refused, yet wrote {sorted(written)}"


def test_names_with_terminal_escapes_are_printed_escaped(tmp_path):
    """A name with ANSI codes already in a store (saved before names were checked) is listed escaped."""
    import sqlite3

    store = tmp_path / "store.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def cli(*args):
        return subprocess.run(
            [sys.executable, "-m", "sim", "scenarios", "--store", f"sqlite:///{store}", *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            cwd=ROOT,
            env=env,
        )

    assert cli("save", "henan-2021", "正常").returncode == 0
    with sqlite3.connect(store) as db:
        db.execute("UPDATE tt_scenarios SET name = ?, note = ?", ("红\x1b[31m色\x07", "清屏\x1b[2J"))
    out = cli("list", "henan-2021")
    assert out.returncode == 0, out.stderr
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    assert "红\\x1b[31m色\\x07" in out.stdout


def test_the_word_writer_drops_what_xml_cannot_hold():
    """A control character in any text of a brief (a name from an older file, a note) cannot break the Word file."""
    import io

    import docx

    from reports.brief import Brief, Bullets, Heading, Paragraph
    from reports.docx_brief import render_docx

    bad = "方案\x0b甲\x00\x1b[31m"
    brief = Brief(bad, bad, "zh", [Heading(bad), Paragraph(bad), Bullets((bad,))])
    text = [p.text for p in docx.Document(io.BytesIO(render_docx(brief))).paragraphs]
    assert text[:2] == ["方案甲[31m", "方案甲[31m"] and all("\x1b" not in t and "\x0b" not in t for t in text)
