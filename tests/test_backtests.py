"""Back-tests: seeded runs of every bundled program equal the saved CSVs, number for number.

A failure means a change moved a result. If that was the point, regenerate the CSVs
(``python -m tests.backtests.generate``) and commit them alone, saying which rule moved them.
"""

from __future__ import annotations

import pytest

from tests.backtests.runs import program_table
from tests.backtests.table import read

PROGRAMS = ["guopei-2021-2025", "henan-2021", "jiangxi-2022", "zhejiang-2021h2", "zhejiang-voc-2020"]


@pytest.mark.parametrize("program_id", PROGRAMS)
def test_seeded_runs_match_saved_results(catalog, program_id):
    saved = read(program_id)
    now = program_table(catalog.program(program_id))
    assert len(now) == len(saved), f"{program_id}: {len(now)} rows now, {len(saved)} saved"
    moved = [(old, new) for old, new in zip(saved, now) if old != new]
    assert not moved, f"{program_id}: {len(moved)} rows differ, first: {moved[0]}"


def test_every_bundled_program_has_a_back_test(catalog):
    assert sorted(catalog.programs) == PROGRAMS
