"""Tornado and two-way tables: ranges clipped, sorted by swing, hand arithmetic, common random numbers."""

from __future__ import annotations

import pytest

from sim.base import ScenarioError
from sim.run import run
from sim.scenario import make_scenario
from sim.whatif import knob_low_high, tornado, two_way
from tests.documented import FULL, HENAN_COST_AT_FULL, HENAN_PERSON_DAYS


def test_low_and_high_stay_inside_each_knobs_range(henan):
    s = make_scenario(henan)
    assert knob_low_high(henan, s, "attendance_rate", 0.2) == pytest.approx((0.744, 0.93, 1.0))  # not 1.116
    assert knob_low_high(henan, s, "quota_scale", 0.2) == pytest.approx((0.8, 1.0, 1.2))
    assert knob_low_high(henan, s, "trainer_quota", 0.33) == (100.0, 150.0, 200.0)  # whole persons
    zero = make_scenario(henan, {"completion_rate": 0})
    assert knob_low_high(henan, zero, "completion_rate", 0.2) == (0.0, 0.0, 0.2)


def test_deterministic_tornado_by_hand(henan):
    table = tornado(henan, make_scenario(henan, FULL), deterministic=True)
    cost = table[table.metric == "cost_yuan"].set_index("knob")
    assert (cost.at_current == HENAN_COST_AT_FULL).all()
    # fee_face +-20% of 400 yuan on every person-day
    assert cost.loc["fee_face", ["at_low", "at_high"]].tolist() == pytest.approx(
        [HENAN_COST_AT_FULL - 80 * HENAN_PERSON_DAYS, HENAN_COST_AT_FULL + 80 * HENAN_PERSON_DAYS]
    )
    # quota +-20%: cost is linear in the quota multiplier
    assert cost.loc["quota_scale", "swing"] == pytest.approx(0.4 * HENAN_COST_AT_FULL)
    # at full rates a rate can only fall: the high end is clipped at 1 and changes nothing
    assert cost.loc["attendance_rate", ["value_high", "at_high"]].tolist() == [1.0, HENAN_COST_AT_FULL]
    completed = table[table.metric == "completed"].set_index("knob")
    assert completed.loc[["fee_face", "fee_online", "studio_grant"], "swing"].tolist() == [0, 0, 0]
    assert completed.loc["completion_rate", "at_low"] == pytest.approx(12_500 * 0.8, rel=0.02)


def test_rows_are_sorted_by_swing_and_share_random_numbers(henan):
    s = make_scenario(henan, {"attendance_rate": 0.9})
    table = tornado(henan, s, keys=["quota_scale", "fee_face", "attendance_rate"], replications=4, seed=3, workers=2)
    for _, rows in table.groupby("metric"):
        assert rows.swing.tolist() == sorted(rows.swing, reverse=True)
    current = run(henan, s, replications=4, seed=3).summary.totals
    completed = table[table.metric == "completed"].set_index("knob")
    assert completed.at_current.iloc[0] == pytest.approx(current.completed.mean)
    assert completed.loc["fee_face", "swing"] == 0  # same draws: a fee moves no trainee


def test_two_way_grid_is_a_tidy_heat_map_table(henan):
    grid = two_way(
        henan,
        make_scenario(henan),
        ("quota_scale", [0.8, 1, 1.2]),
        ("participation_rate", [0.8, 0.9, 1.0]),
        replications=3,
        seed=1,
        workers=2,
    )
    assert list(grid.columns) == ["quota_scale", "participation_rate", "figure", "mean", "low", "high"]
    assert len(grid) == 9 * 7
    quota = grid[grid.figure == "quota"]
    assert (quota["mean"] == 12_500 * quota["quota_scale"]).all()
    enrolled = grid[grid.figure == "enrolled"].set_index(["quota_scale", "participation_rate"])["mean"]
    assert enrolled[(1.2, 1.0)] > enrolled[(1.2, 0.8)] and enrolled[(1.2, 0.8)] > enrolled[(0.8, 0.8)]
    # seats are set, not drawn: no spread; show-up is drawn in every cell of the grid
    assert (quota["low"] == quota["high"]).all()
    attended = grid[grid.figure == "attended"]
    assert (attended["low"] < attended["high"]).all()


def test_bad_requests_are_refused(henan):
    s = make_scenario(henan)
    with pytest.raises(ScenarioError, match="numeric knob"):
        tornado(henan, s, keys=["delivery.end"])
    with pytest.raises(ScenarioError, match="relative"):
        tornado(henan, s, relative=0)
    with pytest.raises(ScenarioError, match="two different"):
        two_way(henan, s, ("quota_scale", [1]), ("quota_scale", [2]))
