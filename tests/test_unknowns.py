"""The values the documents leave open, drawn from their ranges: the design, its use by the runner,
and what baseline and scenario share."""

from __future__ import annotations

import re

import numpy as np
import pytest

from sim.cli import main
from sim.results import rule_checks
from sim.run import drawn_scenarios, run, run_once, unknowns
from sim.scenario import make_scenario


def _values(scenarios, key):
    return np.array([s.overrides[key] for s in scenarios], dtype=float)


def test_every_ranged_knob_is_an_unknown_once(catalog):
    program = catalog.program("zhejiang-2021h2")
    keys = [u.key for u in unknowns(program)]
    assert len(keys) == len(set(keys))
    assert "participation_rate" in keys and "classes_each_provider" in keys
    # the order-based track has its own participation rate (0.95, assumed): drawn as its own
    assert "order-based.participation_rate" in keys
    # a track's rate that takes the program's value is drawn through the program's key only
    assert "self-selected.participation_rate" not in keys
    assert "quota_scale" not in keys and "teachers" in keys


def test_draws_stay_in_their_ranges_fill_them_and_follow_the_shape(catalog):
    program = catalog.program("jiangxi-2022")
    n = 400
    scenarios = drawn_scenarios(program, make_scenario(program), n, seed=3)
    for u in unknowns(program):
        x = _values(scenarios, u.key)
        assert u.range.low <= x.min() and x.max() <= u.range.high
        # a Latin hypercube puts one point in each of the n strata: the ends are reached within 1/n
        span = u.range.high - u.range.low
        assert x.min() - u.range.low <= 2 * span / n + 1 and u.range.high - x.max() <= 2 * span / n + 1
    attendance = next(u for u in unknowns(program) if u.key == "attendance_rate")
    # beta on [0.90, 0.99] with mean 0.97 (the value): alpha = 6 x (0.97 - 0.90) / 0.09 = 4.67
    assert attendance.range.shape == "beta"
    assert _values(scenarios, "attendance_rate").mean() == pytest.approx(0.97, abs=0.002)


def test_the_same_seed_gives_every_scenario_the_same_worlds(catalog):
    program = catalog.program("henan-2021")
    base = drawn_scenarios(program, make_scenario(program), 20, seed=5)
    dearer = drawn_scenarios(program, make_scenario(program, {"fee_face": 450}), 20, seed=5)
    other_seed = drawn_scenarios(program, make_scenario(program), 20, seed=6)
    key = "attendance_rate"
    assert np.array_equal(_values(base, key), _values(dearer, key))
    assert not np.array_equal(_values(base, key), _values(other_seed, key))
    assert all(s.overrides["fee_face"] == 450 for s in dearer)


def test_a_setting_the_scenario_makes_is_not_drawn(catalog):
    program = catalog.program("henan-2021")
    scenarios = drawn_scenarios(program, make_scenario(program, {"attendance_rate": 0.8}), 10, seed=1)
    assert {s.overrides["attendance_rate"] for s in scenarios} == {0.8}
    assert len({s.overrides["completion_rate"] for s in scenarios}) == 10


def test_a_figure_of_one_unknown_spans_the_deterministic_figures_at_its_ends(catalog):
    """Jiangxi attended = quota x participation (0.97) x attendance, by city, at expected values: with only
    the attendance rate drawn over [0.90, 0.99] it spans attended(0.90) .. attended(0.99)."""
    program = catalog.program("jiangxi-2022")
    base = make_scenario(program)

    def attended(scenario) -> float:
        f = run_once(program, scenario, seed=0, replication=0, deterministic=True).figures
        return float(f.value[(f.track == "") & (f.unit == "") & (f.year == 0) & (f.figure == "attended")].item())

    low, high = (attended(make_scenario(program, {"attendance_rate": x})) for x in (0.90, 0.99))
    assert low == pytest.approx(530_000 * 0.97 * 0.90, rel=1e-3) and high == pytest.approx(
        530_000 * 0.97 * 0.99, rel=1e-3
    )
    worlds = drawn_scenarios(program, base, 40, seed=2, only={"attendance_rate"})
    values = np.array([attended(s) for s in worlds])
    assert all(set(s.overrides) == {"attendance_rate"} for s in worlds)  # nothing else moved
    # linear in the one unknown: each world's figure is the deterministic one at its own rate
    assert values == pytest.approx(530_000 * 0.97 * _values(worlds, "attendance_rate"), rel=1e-3)
    assert low <= values.min() and values.max() <= high


def test_the_runner_widens_intervals_by_the_unknowns(catalog):
    """Chance alone puts Jiangxi's cost within about ±0.1%; its open rates (participation 0.90-0.99,
    attendance 0.90-0.99, ...) within several percent -- and without chance, the unknowns alone do."""
    program = catalog.program("jiangxi-2022")
    s = make_scenario(program)

    def width(**mode) -> float:
        f = run(program, s, replications=30, seed=1, **mode).summary.totals.cost_yuan
        return (f.high - f.low) / f.mean

    chance, both, open_only = width(), width(unknowns=True), width(unknowns=True, deterministic=True)
    assert chance < 0.005 and both > 0.03 and open_only > 0.03
    assert open_only == pytest.approx(both, rel=0.2)


def test_a_fee_change_moves_no_completion_in_any_shared_world(catalog):
    """Baseline and a fee-only change with the unknowns on: the same worlds and the same random
    streams, so completions agree run by run and the difference has no spread at all."""
    program = catalog.program("henan-2021")
    runs = [
        run(program, make_scenario(program, o), replications=12, seed=4, unknowns=True).table
        for o in ({}, {"fee_face": 450})
    ]

    def completed(t):
        return t[(t.track == "") & (t.unit == "") & (t.year == 0) & (t.figure == "completed")].value.to_numpy()

    assert np.array_equal(completed(runs[0]), completed(runs[1]))
    assert np.ptp(completed(runs[0])) > 0  # and the worlds do differ


def test_a_rule_check_says_how_likely_it_is_to_fail(catalog):
    """Jiangxi with every unknown fixed but the schools' public funds F (uniform 3.5-5.5 bn yuan): the
    cost C is then the same in every world, and the 5% rule fails where C > 5% x F, i.e. F < 20 C.
    The fee is set so that C = 200 m yuan: 20 C = 4.0 bn, the 25% point of F's range, and a Latin
    hypercube of 40 puts exactly 10 worlds (strata 0-9) below it: a failure probability of 25%."""
    program = catalog.program("jiangxi-2022")
    fixed = {u.key: u.value for u in unknowns(program) if u.key != "school_public_funds"}
    one_yuan = run(program, make_scenario(program, {**fixed, "fee_per_hour": 1.0}), deterministic=True)
    fee = 200e6 / one_yuan.summary.totals.cost_yuan.mean  # cost is linear in the hourly fee
    s = make_scenario(program, {**fixed, "fee_per_hour": fee})
    result = run(program, s, replications=40, seed=3, deterministic=True, unknowns=True)
    checks = {c.kind: c for c in rule_checks(program, result)}
    fund = checks["training_fund_share"]
    assert fund.fail_share == pytest.approx(10 / 40)
    assert fund.passed  # on the mean (fund 225 m yuan > 200 m yuan) it passes
    assert checks["fee_standard"].fail_share == 1.0 and not checks["fee_standard"].passed  # above 1.5 in every run
    chance_only = {c.kind: c for c in rule_checks(program, run(program, s, deterministic=True))}
    assert chance_only["training_fund_share"].fail_share == 0.0  # at the documents' 4.5 bn yuan it fits


def test_the_command_line_says_both_intervals_in_words(capsys):
    assert main(["--lang", "zh", "run", "jiangxi-2022", "-n", "12", "--unknowns", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.strip().startswith("经费：仅计随机波动为"))
    chance, both = re.findall(r"([\d,.]+) 万元 至 ([\d,.]+) 万元", line)  # money in 万元, as the bureau reads it
    width = [float(b.replace(",", "")) - float(a.replace(",", "")) for a, b in (chance, both)]
    assert 0 < width[0] < width[1] / 10  # chance alone is far narrower than with the unknowns
    assert "失败概率" in out
    assert main(["--lang", "en", "run", "jiangxi-2022", "-n", "12", "--unknowns", "--workers", "1"]) == 0
    assert "from chance alone" in capsys.readouterr().out
