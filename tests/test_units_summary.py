"""Per-unit figures at many units: each unit gets its own cells' figures, summed over sub-programs.

The per-unit steps were rewritten to stay linear in units (bench/bench_scale.py times them); these
tests pin what they compute, on hand-made rows and on a province split into thousands of units.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.results import Figure
from sim.results.summary import UNIT_COUNTS, _units
from sim.results.tables import ALL_YEARS
from sim.run import run
from sim.scenario import make_scenario


def _rows(track: str, unit: str, counts: dict[str, list[float]]) -> list[tuple[tuple, list[float]]]:
    return [((track, unit, ALL_YEARS, f), counts.get(f, [0.0, 0.0])) for f in UNIT_COUNTS]


def test_units_sum_over_sub_programs_in_order_of_first_appearance():
    # 甲 in both sub-programs, 乙 in one; a year row and a sub-program total that must not count.
    rows = [
        *_rows("a", "乙", {"quota": [10, 10], "enrolled": [5, 7]}),
        *_rows("a", "甲", {"quota": [40, 40], "enrolled": [30, 34], "attended": [20, 20], "completed": [15, 18]}),
        *_rows("b", "甲", {"quota": [60, 60], "enrolled": [50, 56], "attended": [30, 40], "completed": [30, 30]}),
        (("b", "甲", 2021, "quota"), [1000.0, 1000.0]),
        (("b", "", ALL_YEARS, "quota"), [1000.0, 1000.0]),
    ]
    keys = [k for k, _ in rows]
    values = np.array([v for _, v in rows], dtype=float)
    first, second = _units(keys, values)
    assert (first.unit, second.unit) == ("乙", "甲")
    # 甲: quota 40 + 60 = 100 in both runs; enrolled 30 + 50 = 80 and 34 + 56 = 90.
    assert second.quota == Figure(100.0, 100.0, 100.0)
    # Two runs: mean, and the 2.5th/97.5th percentiles interpolated between them (80 + 0.025 x 10 ...).
    assert second.enrolled == Figure(85.0, 80.25, 89.75)
    # fill rate per run 80/100 = 0.8 and 90/100 = 0.9; completion (15+30)/(20+30) = 0.9 and (18+30)/(20+40) = 0.8.
    assert second.fill_rate.mean == pytest.approx(0.85)
    assert second.completion_rate.mean == pytest.approx(0.85)
    # 乙 attended nobody: its completion rate is 0, not a division by zero.
    assert first.completion_rate == Figure(0.0, 0.0, 0.0)
    assert first.fill_rate.mean == pytest.approx((5 / 10 + 7 / 10) / 2)


def test_thousands_of_units_each_keep_their_own_cells(catalog):
    # Jiangxi's 11 cities each split into 300 units with distinct teacher counts: 3,300 units.
    base = catalog.program("jiangxi-2022")
    tracks, expected = [], {}
    for t in base.tracks:
        values = {f"{city}{i}": 100 + i for city in t.allocation.values for i in range(300)}
        expected.update(values)
        tracks.append(t.model_copy(update={"allocation": t.allocation.model_copy(update={"values": values})}))
    program = base.model_copy(update={"tracks": tracks})
    summary = run(program, make_scenario(program), deterministic=True).summary
    # Expected values: each unit's quota is its teacher count (quota_scale 1), in the data's order.
    assert [(u.unit, u.quota.mean) for u in summary.units] == list(expected.items())
    by_unit = [(u.unit, u.quota.mean) for t in summary.subprograms for u in t.by_unit]
    assert by_unit == list(expected.items())
