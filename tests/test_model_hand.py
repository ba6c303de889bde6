"""Deterministic runs checked against hand arithmetic from the documents' numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from sim.run import run
from sim.scenario import make_scenario
from tests.documented import FULL


def det(catalog, pid, **overrides):
    program = catalog.program(pid)
    return run(program, make_scenario(program, overrides), deterministic=True)


def sub(result, track_id):
    return result.summary.track(track_id)


def test_henan_city_trainer_cost_at_full_participation(catalog):
    r = det(catalog, "henan-2021", **FULL)
    # 200 trainees x (20 days x 400 yuan + 100 online hours x 3 yuan)
    city = sub(r, "city-trainer").totals
    assert city.cost_yuan.mean == pytest.approx(200 * (20 * 400 + 100 * 3))
    assert {k: v.mean for k, v in city.cost_by_line.items()} == pytest.approx(
        {"face": 200 * 20 * 400, "online": 200 * 100 * 3, "studio": 0}
    )


def test_henan_continuing_cohort_at_realistic_rates(catalog):
    """Year 2 of the trainer programme is attended by year 1's completers, and completion applies again."""
    t = sub(det(catalog, "henan-2021", participation_rate=0.9, attendance_rate=0.8, completion_rate=0.75), "trainer")
    year1, year2 = t.by_year
    assert year1.attended.mean == pytest.approx(150 * 0.8)  # 162 candidates fill all 150 seats
    assert year1.completed.mean == pytest.approx(150 * 0.8 * 0.75)
    assert year2.attended.mean == pytest.approx(150 * 0.8 * 0.75)
    assert year2.completed.mean == pytest.approx(150 * 0.8 * 0.75**2)
    assert t.totals.attended.mean == pytest.approx(120)
    assert t.totals.completed.mean == pytest.approx(150 * 0.8 * 0.75**2)
    per_year = 25 * 400 + 60 * 3
    assert t.totals.cost_yuan.mean == pytest.approx((year1.attended.mean + year2.attended.mean) * per_year + 15 * 20000)


def test_henan_studio_grants_reach_the_counties(catalog):
    t = sub(det(catalog, "henan-2021", **FULL), "county-system")
    assert len(t.by_unit) == 13
    assert sum(u.cost_yuan.mean for u in t.by_unit) == pytest.approx(t.totals.cost_yuan.mean)
    # each county: 50 members x (15 days x 400 + 60 hours x 3) in 2021 and 2022, plus 10 studios x 20,000
    assert t.by_unit[0].cost_yuan.mean == pytest.approx(2 * 50 * (15 * 400 + 60 * 3) + 10 * 20000)


def test_henan_trainer_two_years_with_studios(catalog):
    t = sub(det(catalog, "henan-2021", **FULL), "trainer")
    # 150 trainers, 25 days + 60 online hours a year for 2 years, 15 expert studios x 20,000 once
    assert t.totals.cost_yuan.mean == pytest.approx(150 * (50 * 400 + 120 * 3) + 15 * 20000)
    years = {y.year: y.cost_yuan.mean for y in t.by_year}
    assert years == pytest.approx({2021: 150 * (25 * 400 + 60 * 3) + 15 * 20000, 2022: 150 * (25 * 400 + 60 * 3)})


def test_henan_one_to_one_point_two_candidate_selection(catalog):
    # 1:1.2 -> 180 candidates; at 90% sign-up 162 candidates still fill 150 seats
    r = det(catalog, "henan-2021", participation_rate=0.9)
    assert sub(r, "trainer").totals.enrolled.mean == pytest.approx(150)
    assert sub(r, "city-trainer").totals.enrolled.mean == pytest.approx(180)  # no candidate buffer: 200 x 0.9
    assert sub(det(catalog, "henan-2021", participation_rate=0.8), "trainer").totals.enrolled.mean == pytest.approx(144)


def test_jiangxi_settled_on_actual_participants(catalog):
    r = det(catalog, "jiangxi-2022")
    participants = 530000 * 0.97 * 0.97
    totals = r.summary.totals
    assert totals.attended.mean == pytest.approx(participants)
    assert totals.cost_yuan.mean == pytest.approx(participants * 60 * 1.5)
    assert totals.credits.mean == pytest.approx(participants * 0.95 * 3)  # 60 h / 20 h per credit
    first = sub(r, "jiaopei").by_unit[0]
    assert first.unit == "赣州市"
    assert {k: v.mean for k, v in vars(first).items() if k != "unit"} == pytest.approx(
        {
            "quota": 120000,
            "enrolled": 120000 * 0.97,
            "attended": 120000 * 0.97**2,
            "completed": 120000 * 0.97**2 * 0.95,
            "credits": 120000 * 0.97**2 * 0.95 * 3,
            "cost_yuan": 120000 * 0.97**2 * 90,
            "fill_rate": 0.97,
            "completion_rate": 0.95,
        }
    )
    settled = [row.date for row in r.summary.cashflow if row.settled_yuan.mean > 0]
    assert min(settled) >= dt.date(2022, 12, 1) and max(settled) <= dt.date(2022, 12, 31)
    assert r.summary.cashflow[-1].cumulative_settled_yuan.mean == pytest.approx(totals.cost_yuan.mean)


def test_zhejiang_voc_fee_cap_and_reimbursement(catalog):
    r = det(catalog, "zhejiang-voc-2020", **FULL)
    x1 = [t for t in r.summary.subprograms if t.group == "x1"]
    assert len(x1) == 15 and all(t.totals.cost_yuan.mean == pytest.approx(50 * 3200) for t in x1)
    secondary = sum(t.totals.cost_yuan.mean for t in r.summary.subprograms if t.group != "x1")
    assert secondary == pytest.approx((650 - 40) * 10 * 450 + 40 * 5 * 450)
    # teachers pay first and are reimbursed: advances equal reimbursements
    advances = sum(row.teacher_advance_yuan.mean for row in r.summary.cashflow)
    assert advances == pytest.approx(r.summary.totals.cost_yuan.mean)


def test_zhejiang_seats_from_project_caps(catalog):
    r = det(catalog, "zhejiang-2021h2")
    ss = sub(r, "self-selected")
    chosen = ss.selection
    # 85% of each category's cap declared, at most its leaders x 4 (tests/test_rules_zhejiang.py):
    # ZJNU/HZNU 2x40x85% = 68 (<= 2x12x4 = 96); other 40x25x85% = 850 (<= 40x6x4 = 960);
    # remote 5x35x85% = 148.75 > 5x6x4 = 120; new 8x5x85% = 34 > 8x1x4 = 32
    declared = 68 + 850 + 120 + 32
    # x 90% approved x 2 classes x 50 seats
    assert chosen.planned_seats.mean == pytest.approx(declared * 0.9 * 2 * 50)
    # seats after expansion
    assert ss.totals.quota.mean == pytest.approx(chosen.planned_seats.mean + chosen.seats_added.mean)
    assert chosen.projects_approved.mean == pytest.approx(declared * 0.9)
    assert sub(r, "order-based").totals.quota.mean == pytest.approx(180 * 50)
    ev = ss.events
    assert ev.published.mean == dt.date(2021, 8, 10)
    assert ev.enrolment_closed.mean == dt.date(2021, 9, 19)
    assert ev.delivery_start.mean >= dt.date(2021, 9, 20) and ev.delivery_end.mean <= dt.date(2021, 12, 31)
    assert chosen.seats_added.mean > 0  # popular courses were expanded


def test_zhejiang_round_two_only_for_round_one_choosers(catalog):
    r = det(catalog, "zhejiang-2021h2", participation_rate=0)
    assert sub(r, "self-selected").totals.enrolled.mean == 0
    program = catalog.program("zhejiang-2021h2")
    without_rule = program.model_copy(
        update={"rules": [x for x in program.rules if x.kind != "second_round_requires_first"]}
    )
    r2 = run(without_rule, make_scenario(without_rule, {"participation_rate": 0}), deterministic=True)
    assert sub(r2, "self-selected").totals.enrolled.mean > 0


def test_guopei_yearly_cycle(catalog):
    r = det(catalog, "guopei-2021-2025")
    assert [y.year for y in r.summary.by_year] == [2021, 2022, 2023, 2024, 2025]
    per_year = {y.year: y.cost_yuan.mean for y in r.summary.by_year}
    assert len({round(v, 6) for v in per_year.values()}) == 1  # same plan every year
    one_year = 21000 * 0.95 * 0.93  # attended per year
    assert r.summary.by_year[0].attended.mean == pytest.approx(one_year)
    assert r.summary.budget.annual_training_fund_yuan.mean == pytest.approx(6e9 * 0.05)
    reports = {d.milestone: d for d in r.summary.deadlines if d.phase == "reporting"}
    assert set(reports) == {
        "reporting-2021",
        "reporting-2022",
        "reporting-2023",
        "reporting-2024",
        "reporting-2025",
        "reporting-2026",
    }
    assert not any(d.at_risk for d in reports.values())
    assert {d.code for d in reports.values()} == {"plan_and_review_ready"}


def test_moving_a_deadline_puts_it_at_risk(catalog):
    r = det(catalog, "guopei-2021-2025", **{"reporting-2023.end": "2023-01-10"})
    risk = {d.milestone: d.at_risk for d in r.summary.deadlines}
    assert risk["reporting-2023"] and not risk["reporting-2024"]


def test_timeline_carries_documented_phases_with_sources(catalog):
    r = det(catalog, "zhejiang-2021h2")
    phases = {row.id: row for row in r.summary.timeline}
    assert phases["round2"].start == dt.date(2021, 9, 13) and phases["round2"].source["kind"] == "source"
    assert [row.start or row.end for row in r.summary.timeline] == sorted(
        row.start or row.end for row in r.summary.timeline
    )
