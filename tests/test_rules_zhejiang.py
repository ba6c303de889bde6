"""Zhejiang 2021 H2 (浙教办函〔2021〕157号): the notice's rules that change numbers act, checked
against hand arithmetic in deterministic runs.

二（一）: 面向全省的项目原则上应当具有副高以上职称且每人至多申报 4个。
三（二）: 遴选承训机构，原则上每个县（市、区）不少于 2个项目。
二（二）: 如确有特殊情况需作较大调整的，须报相应教育行政部门同意，并向参训学员作充分说明取得理解，且允许学员退选。
"""

from __future__ import annotations

import pytest

from sim.model import cell_estimate
from sim.results import ALL_YEARS
from sim.run import run, run_once, run_reference
from sim.scenario import Params, make_scenario

PID = "zhejiang-2021h2"


def figure(rep, track: str, key: str) -> float:
    f = rep.figures
    return f.value[(f.track == track) & (f.unit == "") & (f.year == ALL_YEARS) & (f.figure == key)].item()


def det(program, **overrides):
    return run(program, make_scenario(program, overrides), deterministic=True).summary


def without(program, kind: str):
    return program.model_copy(update={"rules": [r for r in program.rules if r.kind != kind]})


def declared(summary) -> float:
    return summary.track("self-selected").selection.projects_declared.mean


# -- at most 4 projects per project leader ---------------------------------------


def test_leaders_cap_the_declared_projects(catalog):
    program = catalog.program(PID)
    # Each category declares 85% of institutions x cap, but no more than institutions x leaders x 4:
    # ZJNU/HZNU min(2x40x0.85 = 68, 2x12x4 = 96) = 68; other min(40x25x0.85 = 850, 40x6x4 = 960) = 850;
    # remote min(5x35x0.85 = 148.75, 5x6x4 = 120) = 120; new min(8x5x0.85 = 34, 8x1x4 = 32) = 32
    assert declared(det(program)) == pytest.approx(68 + 850 + 120 + 32)
    # without the rule every category declares its 85%: 68 + 850 + 148.75 + 34
    assert declared(det(without(program, "max_projects_per_leader"))) == pytest.approx(1100.75)


def test_fewer_leaders_declare_fewer_projects(catalog):
    # 3 leaders per other provider: 40 x 3 x 4 = 480 projects instead of 850
    assert declared(det(catalog.program(PID), leaders_other=3)) == pytest.approx(68 + 480 + 120 + 32)


def test_leaders_per_project_limit_is_a_knob(catalog):
    # 8 projects per leader: remote 5x6x8 = 240 and new 8x1x8 = 64 no longer bind: 68 + 850 + 148.75 + 34
    assert declared(det(catalog.program(PID), max_projects_per_leader=8)) == pytest.approx(1100.75)


def test_quota_scale_does_not_scale_the_leaders(catalog):
    # Caps doubled, leaders not: ZJNU/HZNU min(2x80x0.85 = 136, 96) = 96; other min(1700, 960) = 960;
    # remote min(297.5, 120) = 120; new min(68, 32) = 32
    assert declared(det(catalog.program(PID), quota_scale=2)) == pytest.approx(96 + 960 + 120 + 32)


# -- at least 2 order-based projects per county ------------------------------------


def order_seats(summary) -> float:
    return summary.track("order-based").totals.quota.mean


def test_order_based_projects_at_least_two_per_county(catalog):
    program = catalog.program(PID)
    # 180 assumed projects = 90 counties x 2: the minimum is met; 180 x 50 seats
    assert order_seats(det(program)) == pytest.approx(180 * 50)
    # half the quotas would be 90 projects, below 2 x 90 counties: still 180 projects
    assert order_seats(det(program, quota_scale=0.5)) == pytest.approx(180 * 50)
    assert order_seats(det(without(program, "min_projects_per_county"), quota_scale=0.5)) == pytest.approx(90 * 50)
    # fewer projects set directly: raised to the minimum; more: kept
    assert order_seats(det(program, **{"order-based.projects": 100})) == pytest.approx(180 * 50)
    assert order_seats(det(program, **{"order-based.projects": 250})) == pytest.approx(250 * 50)


def test_county_minimum_follows_counties_and_the_rule(catalog):
    program = catalog.program(PID)
    assert order_seats(det(program, counties=100)) == pytest.approx(2 * 100 * 50)  # 200 projects
    assert order_seats(det(program, min_projects_per_county=3)) == pytest.approx(3 * 90 * 50)  # 270 projects


def test_run_size_counts_the_county_minimum(catalog):
    program = catalog.program(PID)
    half = Params(program, make_scenario(program, {"quota_scale": 0.5}))
    none = Params(program, make_scenario(program, {"quota_scale": 0.5, "counties": 0}))
    # the order-based track keeps 2 x 90 = 180 one-class projects instead of 90
    assert cell_estimate(program, half) - cell_estimate(program, none) == 180 - 90


# -- withdrawal allowed when a project changes -------------------------------------


def enrolled(summary, track: str) -> float:
    return summary.track(track).totals.enrolled.mean


def test_trainees_withdraw_from_changed_projects(catalog):
    program = catalog.program(PID)
    base = det(program)
    # order-based: 9,000 seats x 95% sign-up = 8,550; 5% of the classes change and 30% of their
    # trainees withdraw: 8,550 x (1 - 0.05 x 0.3) = 8,421.75, and 95% of them attend
    assert enrolled(base, "order-based") == pytest.approx(8550 * (1 - 0.05 * 0.3))
    assert base.track("order-based").totals.attended.mean == pytest.approx(8550 * 0.985 * 0.95)
    unchanged = det(without(program, "withdrawal_allowed_on_change"))
    assert enrolled(unchanged, "order-based") == pytest.approx(8550)
    # self-selected: the same 1.5% of whoever the course rounds seated
    assert enrolled(base, "self-selected") == pytest.approx(enrolled(unchanged, "self-selected") * 0.985)


def test_every_trainee_of_every_changed_class_withdraws(catalog):
    s = det(catalog.program(PID), project_change_share=1, withdrawal_rate_on_change=1)
    assert s.totals.enrolled.mean == 0 and s.totals.attended.mean == 0 and s.totals.cost_yuan.mean == 0


def test_withdrawals_are_whole_trainees_in_a_random_run(catalog):
    program = catalog.program(PID)
    scenario = make_scenario(program, {"withdrawal_rate_on_change": 1})
    rules_off = without(program, "withdrawal_allowed_on_change")

    def order_enrolled(p, s):
        return figure(run_once(p, s, seed=3, replication=0), "order-based", "enrolled")

    # same seed, same sign-ups (common random numbers): the difference is who left changed classes,
    # about 5% of 8,550 trainees
    left = order_enrolled(rules_off, make_scenario(rules_off, {})) - order_enrolled(program, scenario)
    assert left == int(left) and 0.02 * 8550 < left < 0.1 * 8550


def test_the_per_teacher_model_withdraws_too(catalog):
    program = catalog.program(PID)
    # a small case: 2 counties x 2 = 4 order-based projects, 200 seats; every changed class empties
    small = {"quota_scale": 0.02, "teachers": 12000, "counties": 2}
    everyone = make_scenario(program, {**small, "project_change_share": 1, "withdrawal_rate_on_change": 1})
    assert figure(run_reference(program, everyone, seed=5, replication=0), "", "enrolled") == 0
    planned = run_reference(program, make_scenario(program, small), seed=5, replication=0)
    assert figure(planned, "order-based", "quota") == 4 * 50
