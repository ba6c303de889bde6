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


def _value(rep, track, unit, key):
    f = rep.figures
    return f.value[(f.track == track) & (f.unit == unit) & (f.year == ALL_YEARS) & (f.figure == key)].item()


def _agree(program, scenario, figures):
    """Both models' replications of each (track, unit, figure) have means within 4 standard errors
    (two-sample z); exact equality when neither varies."""
    cohort = [run_once(program, scenario, seed=21, replication=r) for r in range(N)]
    teacher = [run_reference(program, scenario, seed=21, replication=r) for r in range(N)]
    for track, unit, key in figures:
        a = np.array([_value(x, track, unit, key) for x in cohort])
        b = np.array([_value(x, track, unit, key) for x in teacher])
        se = np.sqrt(a.var(ddof=1) / N + b.var(ddof=1) / N)
        assert abs(a.mean() - b.mean()) <= 4 * se + 1e-9 * max(1.0, abs(a.mean())), (key, a.mean(), b.mean(), se)
    return cohort


@pytest.mark.parametrize("pid", CASES)
def test_cohort_and_per_teacher_models_agree(catalog, pid):
    program = catalog.program(pid)
    figures = [("", "", key) for key in ("enrolled", "attended", "completed", "cost_yuan")]
    if pid == "zhejiang-2021h2":  # the course-selection rounds themselves
        figures += [("self-selected", "", key) for key in ("enrolled", "seats_added", "rejected_by_school")]
    _agree(program, make_scenario(program, CASES[pid]), figures)


def test_the_models_agree_where_capacity_binds(catalog):
    """Henan's classes at 5% scale (about 6 face-to-face classes of 15-50 days) on one university
    slot: they queue, and both models wait alike and finish alike."""
    program = catalog.program("henan-2021")
    scenario = make_scenario(program, {"quota_scale": 0.05, "n_universities": 1, "classes_each_university": 1})
    figures = [("", "universities", f"pool:{k}") for k in ("classes_waited", "mean_wait_days", "classes_late")]
    figures += [("", "", key) for key in ("attended", "completed")]
    cohort = _agree(program, scenario, figures)
    assert np.mean([_value(x, "", "universities", "pool:mean_wait_days") for x in cohort]) > 1


def test_the_reference_model_brings_movers_and_overrides_no_step():
    """It runs the cohort model's flows unchanged; only where teachers move differs."""
    assert [name for name in vars(TeacherModel) if not name.startswith("__")] == []
