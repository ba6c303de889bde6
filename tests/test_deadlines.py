"""Deadline checks over replications: one row per deadline, and none where the documents date none."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from sim.results import result_dict
from sim.run import run
from sim.scenario import make_scenario
from tests.conftest import ROOT

# Delivery, plus the sign-up of each of the 36 sub-programs of the 2020 vocational programme.
VOC_DEADLINES = 1 + 36


def voc(catalog, replications: int, **overrides):
    program = catalog.program("zhejiang-voc-2020")
    return run(program, make_scenario(program, overrides), replications=replications, seed=4, workers=1)


def test_one_row_per_deadline_over_replications(catalog):
    """Regression: rows were keyed by each run's deadline date too, so a sign-up check whose deadline
    (the first course's start - 1) moved between runs came once per date: 524 rows for 36 tracks."""
    result = voc(catalog, 12)
    rows = result.summary.deadlines
    assert len(rows) == len({d.key for d in rows}) == VOC_DEADLINES
    checks = result.checks
    for d in rows:
        runs = checks[checks.key == d.key]
        assert len(runs) == 12  # every replication checked it, and it is summarised once
        assert d.deadline == min(runs.deadline) <= d.deadline_range.low  # the earliest, and the range's
        assert d.deadline_range.low <= d.deadline_range.mean <= d.deadline_range.high
        assert d.simulated.low <= d.simulated.mean <= d.simulated.high
        assert d.at_risk_share == runs.at_risk.mean() and d.at_risk == runs.at_risk.any()
    moving = [d for d in rows if d.phase == "enrolment" and d.deadline_range.low < d.deadline_range.high]
    assert moving  # the sign-up deadlines follow the simulated first course


def test_a_late_sign_up_is_one_row_with_its_share_at_risk(catalog):
    # sign-up for the secondary-school tracks closes 2020-12-20, after their courses have started
    result = voc(catalog, 4, **{"sec-selection.end": dt.date(2020, 12, 20)})
    late = [d for d in result.summary.deadlines if d.at_risk]
    assert late and all(d.phase == "enrolment" and d.simulated.mean == dt.date(2020, 12, 20) for d in late)
    assert len({d.key for d in late}) == len(late) and all(d.at_risk_share == 1.0 for d in late)
    rows = result_dict(result)["deadlines"]
    assert len(rows) == VOC_DEADLINES
    assert {"code", "key", "deadline", "deadline_range", "simulated", "at_risk", "at_risk_share"} <= set(rows[0])
    assert set(rows[0]["deadline_range"]) == {"mean", "low", "high", "share_of_runs"}


def test_no_sign_up_check_where_no_window_is_dated(catalog):
    """Regression: Guopei dates no sign-up window, so teachers sign up the day delivery opens; the
    check compared that day with the first course's start - 1 and flagged enrolment at risk."""
    program = catalog.program("guopei-2021-2025")
    summary = run(program, make_scenario(program), replications=3, seed=1, workers=1).summary
    assert summary.subprograms[0].events.enrolment_closed is not None  # the model still signs them up
    assert not [d for d in summary.deadlines if d.phase == "enrolment"]
    assert not [d for d in summary.deadlines if d.at_risk]
    # where a window is dated the check stays (Henan's selection closes 2021-07-30)
    henan = catalog.program("henan-2021")
    checked = run(henan, make_scenario(henan), deterministic=True).summary.deadlines
    assert {d.key for d in checked if d.phase == "enrolment"} == {f"{t.id}:enrolment" for t in henan.tracks}


def test_guopei_run_prints_no_deadline_at_risk():
    out = subprocess.run(
        [sys.executable, "-m", "sim", "run", "guopei-2021-2025"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "deadline at risk" not in out.stdout
