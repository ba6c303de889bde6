"""The cohort model agrees with a one-process-per-teacher model on small cases."""

from __future__ import annotations

import numpy as np
import pytest

from sim.model import TeacherModel
from sim.results import ALL_YEARS
from sim.run import run_once, run_reference
from sim.scenario import make_scenario

N = 60
CASES = {
    "henan-2021": {"quota_scale": 0.05},
    # 2 counties: the county minimum (2 projects each) would keep 180 order-based projects at any scale
    "zhejiang-2021h2": {"quota_scale": 0.02, "teachers": 12000, "counties": 2},
    "zhejiang-voc-2020": {},
    "jiangxi-2022": {"quota_scale": 0.003},
}


@pytest.mark.parametrize("pid", CASES)
def test_cohort_and_per_teacher_models_agree(catalog, pid):
    program = catalog.program(pid)
    scenario = make_scenario(program, CASES[pid])
    cohort = [run_once(program, scenario, seed=21, replication=r) for r in range(N)]
    teacher = [run_reference(program, scenario, seed=21, replication=r) for r in range(N)]
    figures = [("totals", key) for key in ("enrolled", "attended", "completed", "cost_yuan")]
    if pid == "zhejiang-2021h2":  # the course-selection rounds themselves
        figures += [("self-selected", key) for key in ("enrolled", "seats_added", "rejected_by_school")]

    def value(rep, where, key):
        f = rep.figures
        track = "" if where == "totals" else where
        return f.value[(f.track == track) & (f.unit == "") & (f.year == ALL_YEARS) & (f.figure == key)].item()

    for where, key in figures:
        a = np.array([value(x, where, key) for x in cohort])
        b = np.array([value(x, where, key) for x in teacher])
        se = np.sqrt(a.var(ddof=1) / N + b.var(ddof=1) / N)
        # Means within 4 standard errors (two-sample z); exact equality when neither varies.
        assert abs(a.mean() - b.mean()) <= 4 * se + 1e-9 * max(1.0, abs(a.mean())), (key, a.mean(), b.mean(), se)


def test_the_reference_model_brings_movers_and_overrides_no_step():
    """It runs the cohort model's flows unchanged; only where teachers move differs."""
    assert [name for name in vars(TeacherModel) if not name.startswith("__")] == []
