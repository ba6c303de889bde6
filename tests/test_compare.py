"""Compare: intervals, differences from the baseline, and Shapley driver parts that add up."""

from __future__ import annotations

from dataclasses import astuple

import pytest

from sim.base import ScenarioError
from sim.results import Figure
from sim.run import run
from sim.scenario import make_scenario
from sim.whatif import BASELINE, MAX_SCENARIOS, compare, driver_breakdown, lever_overrides, shapley
from tests.documented import FULL, HENAN_COST_AT_FULL, HENAN_PERSON_DAYS


def test_shapley_of_a_small_game_by_hand():
    v = {frozenset(): 0, frozenset("a"): 1, frozenset("b"): 2, frozenset("ab"): 6}
    # a: half of (1 - 0) + half of (6 - 2); b: half of (2 - 0) + half of (6 - 1)
    assert shapley(["a", "b"], v) == pytest.approx({"a": 2.5, "b": 3.5})
    sym = {frozenset(s): len(s) ** 2 for s in ["", "x", "y", "z", "xy", "xz", "yz", "xyz"]}
    assert shapley(["x", "y", "z"], sym) == pytest.approx({"x": 3, "y": 3, "z": 3})


def test_levers_group_the_knobs(henan):
    s = make_scenario(
        henan,
        {
            "quota_scale": 1.1,
            "trainer_quota": 100,
            "rural.attendance_rate": 0.8,
            "fee_face": 450,
            "completion_rate": 0.9,
            "settlement_delay_days": 30,
        },
    )
    assert {g: sorted(k) for g, k in lever_overrides(henan, s).items()} == {
        "quota": ["quota_scale", "trainer_quota"],
        "attendance": ["rural.attendance_rate"],
        "completion": ["completion_rate"],
        "fees": ["fee_face"],
        "other": ["settlement_delay_days"],
    }


def test_driver_parts_add_up_to_the_change(henan):
    s = make_scenario(
        henan,
        {
            "quota_scale": 1.3,
            "attendance_rate": 0.85,
            "participation_rate": 0.9,
            "fee_face": 500,
            "completion_rate": 0.9,
        },
    )
    for d in driver_breakdown(henan, {"mix": s}):
        assert list(d.parts) == ["quota", "participation", "attendance", "completion", "fees"]
        assert sum(d.parts.values()) == pytest.approx(d.change, rel=1e-12, abs=1e-6)
        assert d.baseline == pytest.approx(
            run(henan, make_scenario(henan), deterministic=True).summary.totals.figure(d.metric).mean
        )
        assert d.value == pytest.approx(run(henan, s, deterministic=True).summary.totals.figure(d.metric).mean)
    completed = next(d for d in driver_breakdown(henan, {"mix": s}) if d.metric == "completed")
    assert completed.parts["fees"] == 0  # fees move money, not people


def test_a_fee_only_change_is_all_fees(henan):
    cost, completed = driver_breakdown(henan, {"fee": make_scenario(henan, {"fee_face": 500})})
    assert cost.parts == pytest.approx({"fees": cost.change}) and cost.change > 0
    assert completed.parts == {"fees": 0.0} and completed.change == 0
    # by hand at full rates: 100 yuan more on every person-day
    both = driver_breakdown(henan, {"x": make_scenario(henan, {**FULL, "fee_face": 500})}, metrics=["cost_yuan"])[0]
    assert sum(both.parts.values()) == pytest.approx(both.change)
    assert both.value == pytest.approx(HENAN_COST_AT_FULL + HENAN_PERSON_DAYS * 100)


def test_quota_and_fee_share_their_interaction_equally(henan):
    """cost = seats x fee + the rest: each lever gets its own effect plus half the cross term."""
    q, f = 1.5, 500
    d = driver_breakdown(henan, {"x": make_scenario(henan, {"quota_scale": q, "fee_face": f})}, ["cost_yuan"])[0]
    det = lambda o: run(henan, make_scenario(henan, o), deterministic=True).summary.totals.cost_yuan.mean  # noqa: E731
    base, only_q, only_f, both = (
        det({}),
        det({"quota_scale": q}),
        det({"fee_face": f}),
        det({"quota_scale": q, "fee_face": f}),
    )
    cross = both - only_q - only_f + base
    assert cross > 0
    assert d.parts["quota"] == pytest.approx(only_q - base + cross / 2)
    assert d.parts["fees"] == pytest.approx(only_f - base + cross / 2)


def test_figures_and_differences_use_the_same_random_numbers(henan):
    scenarios = {"扩招": make_scenario(henan, {"quota_scale": 1.2}), "降费": make_scenario(henan, {"fee_face": 350})}
    c = compare(henan, scenarios, replications=6, seed=4, workers=2)
    assert [s.name for s in c.scenarios] == ["扩招", "降费"] and c.baseline.name == BASELINE
    base = run(henan, make_scenario(henan), replications=6, seed=4).summary.totals
    assert astuple(c.baseline.figures["completed"]) == pytest.approx(astuple(base.completed))
    up = c.scenarios[0]
    assert astuple(up.difference["quota"]) == pytest.approx((2500, 2500, 2500))
    for f in ("completed", "cost_yuan"):
        assert up.difference[f].mean == pytest.approx(up.figures[f].mean - c.baseline.figures[f].mean)
    fee = c.scenarios[1]  # common random numbers: a fee change leaves every replication's people unchanged
    assert fee.difference["completed"] == Figure(0.0, 0.0, 0.0)
    table = c.figures_table()
    assert len(table) == 3 * 7 and set(table.columns) >= {"scenario", "figure", "mean", "low", "high", "diff_mean"}
    drivers = c.drivers_table()
    sums = drivers.groupby(["scenario", "metric"]).agg(parts=("contribution", "sum"), total=("total_change", "first"))
    assert sums["parts"].to_numpy() == pytest.approx(sums["total"].to_numpy())


def test_bad_comparisons_are_refused(henan, catalog):
    s = make_scenario(henan, {"quota_scale": 1.1})
    with pytest.raises(ScenarioError, match="1 to 6"):
        compare(henan, {f"s{i}": s for i in range(MAX_SCENARIOS + 1)}, replications=2)
    with pytest.raises(ScenarioError, match="not henan"):
        compare(henan, {"other": make_scenario(catalog.program("jiangxi-2022"))}, replications=2)
    with pytest.raises(ScenarioError, match="baseline"):
        compare(henan, {BASELINE: s}, replications=2)
