"""Capacity and gates: classes queue for their institutions' slots, declared projects for the
reviewers, and steps wait for the events of the steps before them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import numpy as np
import pytest
import simpy

from sim.base import DataError
from sim.catalog.capacity import check_capacity
from sim.model.calendar import Window
from sim.model.capacity import ClassPool, ReviewBoard
from sim.run import run
from sim.scenario import make_scenario


def _det(catalog, pid, **overrides):
    program = catalog.program(pid)
    return run(program, make_scenario(program, overrides), deterministic=True)


def _pool(summary, pool_id):
    return next(p for p in summary.capacity if p.id == pool_id)


def test_classes_wait_for_a_free_slot():
    # 2 slots, 5 three-day classes all planned for day 0: two run days 0-2, two days 3-5, one days 6-8.
    env = simpy.Environment()
    pool = ClassPool("p", 2, simpy.Resource(env, capacity=2))
    start = np.zeros(5)
    started = env.event()
    env.process(pool.open_classes(env, 0, 3, Window(None, 0, 6), start, [np.array([i]) for i in range(5)], started))
    fired = []

    def watch():
        yield started
        fired.append(env.now)

    env.process(watch())
    env.run()
    assert start.tolist() == [0, 0, 3, 3, 6]
    assert pool.ended == [2, 2, 5, 5, 8]
    assert fired == [6]  # the day's classes have all started once the fifth gets its slot
    # waits 0+0+3+3+6 = 12 days over 5 classes; the last ends on day 8, after the window's day 6
    assert sum(s - w for s, w in zip(pool.started, pool.wished)) == 12
    assert sum(e > w for e, w in zip(pool.ended, pool.window_end)) == 1


def test_reviewers_get_through_so_many_projects_a_day():
    # 250 projects at 120 a day: 120 on day 10, 120 on day 11, the last 10 on day 12.
    # A second track's 150 submitted on day 10 too wait behind them: 110 of them are reviewed on day
    # 12 (beside a's last 10), the other 40 on day 13.
    env = simpy.Environment()
    board = ReviewBoard(env, "b", 120)
    done = {}

    def submit(name, n):
        yield env.timeout(10)
        done[name] = yield board.review(n)

    env.process(submit("a", 250))
    env.process(submit("b", 150))
    env.run()
    assert done == {"a": 12, "b": 13}


def test_zhejiang_baseline_meets_every_documented_date(catalog):
    s = _det(catalog, "zhejiang-2021h2").summary
    assert not [d.key for d in s.deadlines if d.at_risk]
    assert all(p.classes_late.mean == 0 and p.classes_waited.mean == 0 for p in s.capacity)
    ss = s.track("self-selected").events
    # 1,070 projects declared (68 + 850 + 120 + 32 under the caps and the leader rule) at 120 a day
    # from 25 July: 9 days (8.9), done 2 August
    assert ss.reviewed.mean == dt.date(2021, 8, 2) and ss.published.mean == dt.date(2021, 8, 10)


# Tripled caps with enough qualified leaders to declare them (the leader rule binds first otherwise).
TRIPLED = {"quota_scale": 3, "leaders_zjnu_hznu": 40, "leaders_other": 20, "leaders_remote": 30, "leaders_new": 5}


def test_tripled_caps_without_more_leaders_stop_at_the_leader_rule(catalog):
    """quota_scale=3 alone: 3 x 1,295 caps x 85% would be 3,302 projects, but 2x12, 40x6, 5x6 and
    8x1 leaders x 4 projects each allow 96 + 960 + 120 + 32 = 1,208."""
    s = _det(catalog, "zhejiang-2021h2", quota_scale=3).summary
    selection = s.track("self-selected").selection
    assert selection.projects_declared.mean == pytest.approx(1208)
    assert selection.projects_without_leaders.mean == pytest.approx(3 * 1295 * 0.85 - 1208)  # 2,094.25
    assert not next(d for d in s.deadlines if d.key == "delivery").at_risk


def test_run_says_what_stops_tripled_caps_and_what_capacity_does(tmp_path):
    """The command line names the binding limit: the leader rule, or once there are leaders, the
    institutions' slots (with their use, waits and late classes) and the delivery deadline."""

    def cli(*sets):
        args = [sys.executable, "-m", "sim", "--lang", "en", "run", "zhejiang-2021h2", "--deterministic"]
        out = subprocess.run([*args, *(x for s in sets for x in ("--set", s))], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        return out.stdout

    leaders = cli("quota_scale=3")
    assert "could not be declared for want of qualified leaders" in leaders
    assert "deadline at risk" not in leaders.lower()
    slots = cli(*(f"{k}={v}" for k, v in TRIPLED.items()))
    assert "120 classes at once" in slots and "ended after the deadline" in slots
    assert "at risk" in slots.lower()


def test_tripled_quotas_overrun_the_institutions(catalog):
    """Three times the projects: the province-wide providers' 40 x 3 = 120 slots are full, classes
    wait and the last ones end after 31 December."""
    s = _det(catalog, "zhejiang-2021h2", **TRIPLED).summary
    providers = _pool(s, "providers")
    assert providers.slots.mean == 120
    assert providers.utilisation.mean > 0.95 and providers.classes_late.mean > 0
    assert providers.mean_wait_days.mean > 0
    delivery = next(d for d in s.deadlines if d.key == "delivery")
    assert delivery.at_risk and delivery.simulated.mean > dt.date(2021, 12, 31)
    # ~3,302 projects at 120 a day from 25 July take 28 days: the review ends 21 August, after its
    # documented 5 August, and publication waits for it (22 August instead of 10 August)
    ev = s.track("self-selected").events
    assert ev.reviewed.mean == dt.date(2021, 8, 21) and ev.published.mean == dt.date(2021, 8, 22)


def test_more_capacity_relieves_the_overrun(catalog):
    tight = _det(catalog, "zhejiang-2021h2", **TRIPLED).summary
    roomy = _det(
        catalog,
        "zhejiang-2021h2",
        **TRIPLED,
        classes_each_university=30,
        classes_each_provider=10,
        classes_each_remote=20,
        classes_each_new=4,
        review_projects_per_day=400,
    ).summary
    assert all(p.classes_late.mean == 0 for p in roomy.capacity)
    assert _pool(roomy, "providers").slots.mean == 400
    assert not next(d for d in roomy.deadlines if d.key == "delivery").at_risk
    assert roomy.track("self-selected").events.published.mean == dt.date(2021, 8, 10)
    assert tight.totals.completed.mean == pytest.approx(roomy.totals.completed.mean)  # late, not lost


def test_henan_universities_share_one_capacity_over_project_types(catalog):
    """Backbone, trainer, city-trainer and rural classes draw on the same 10 x 3 slots: one
    university with 2 slots makes them all wait."""
    base = _det(catalog, "henan-2021").summary
    one = _det(catalog, "henan-2021", n_universities=1, classes_each_university=2).summary
    assert _pool(base, "universities").slots.mean == 30 and _pool(one, "universities").slots.mean == 2
    assert _pool(base, "universities").classes_waited.mean == 0
    assert _pool(one, "universities").classes_waited.mean > 0
    late = [
        t.id
        for t in one.subprograms
        if t.events.delivery_end and t.events.delivery_end.mean > base.track(t.id).events.delivery_end.mean
    ]
    assert {"backbone", "rural"} <= set(late)


def test_capacity_over_time_is_reported_per_day(catalog):
    s = _det(catalog, "zhejiang-2021h2").summary
    providers = _pool(s, "providers")
    assert providers.busy and providers.busy[0].date >= dt.date(2021, 9, 20)
    assert max(day.classes.mean for day in providers.busy) == providers.peak.mean <= providers.slots.mean


# -- gates --------------------------------------------------------------------


def test_sign_ups_after_the_course_opened_miss_it(catalog):
    """Zhejiang vocational: selection moved to close on 20 December, after the courses ran (the
    secondary-school courses are dated inside 16 November - 31 December): whoever is picked after
    their course opened does not attend it, so attendance and cost fall."""
    base = _det(catalog, "zhejiang-voc-2020").summary
    late = _det(catalog, "zhejiang-voc-2020", **{"sec-selection.end": "2020-12-20"}).summary
    assert late.totals.attended.mean < 0.9 * base.totals.attended.mean
    assert late.totals.cost_yuan.mean < base.totals.cost_yuan.mean
    x1 = [t for t in late.subprograms if t.group == "x1"]  # their own selection is not moved
    assert all(t.totals.attended.mean == base.track(t.id).totals.attended.mean for t in x1)


def test_jiangxi_registration_past_the_start_loses_the_late_registrants(catalog):
    base = _det(catalog, "jiangxi-2022").summary
    late = _det(catalog, "jiangxi-2022", **{"registration.end": "2022-08-10"}).summary
    assert late.totals.enrolled.mean < base.totals.enrolled.mean


def test_the_timetable_rule_holds_courses_until_five_days_after_the_opening_dates(catalog):
    """Henan: opening dates submitted by 30 August instead of 10 August; the timetable is due 5 days
    before opening, so no course opens before 4 September (30 August + 5)."""
    s = _det(catalog, "henan-2021", **{"schedule.end": "2021-08-30"}).summary
    starts = [t.events.delivery_start.mean for t in s.subprograms if t.events.delivery_start]
    assert min(starts) == dt.date(2021, 9, 4)
    assert min(t.events.delivery_start.mean for t in _det(catalog, "henan-2021").summary.subprograms) < dt.date(
        2021, 9, 4
    )


# -- data ---------------------------------------------------------------------


def test_capacity_data_errors_are_located(catalog):
    program = catalog.program("zhejiang-2021h2")
    cap = program.capacity
    wrong_track = cap.delivery[0].model_copy(update={"serves": ["nowhere/other"]})
    with pytest.raises(DataError, match=r"capacity\.delivery\[0\]\.serves: no track 'nowhere'") as err:
        check_capacity(
            "z.yaml", program.model_copy(update={"capacity": cap.model_copy(update={"delivery": [wrong_track]})})
        )
    assert err.value.params["expected"].code == "error_no_track_known"  # worded in either language
    twice = [cap.delivery[1], cap.delivery[1].model_copy(update={"id": "again"})]
    with pytest.raises(
        DataError, match=r"capacity\.delivery\[1\]\.serves: 'self-selected/other' already draws on pool 'providers'"
    ):
        check_capacity("z.yaml", program.model_copy(update={"capacity": cap.model_copy(update={"delivery": twice})}))
    bad_unit = cap.delivery[0].model_copy(update={"classes_each": cap.review[0].projects_per_day})
    with pytest.raises(
        DataError, match=r"classes_each -> parameters\.review_projects_per_day\.unit: expected unit `classes`"
    ):
        check_capacity(
            "z.yaml", program.model_copy(update={"capacity": cap.model_copy(update={"delivery": [bad_unit]})})
        )


def test_capacities_are_assumed_knobs_with_reasons(catalog):
    program = catalog.program("zhejiang-2021h2")
    for pid in ("classes_each_university", "classes_each_provider", "review_projects_per_day"):
        q = program.parameters[pid]
        assert q.assumed and q.reason
    make_scenario(program, {"classes_each_provider": 5})  # a scenario may set it


@pytest.mark.parametrize(
    "pid", ["guopei-2021-2025", "henan-2021", "jiangxi-2022", "zhejiang-2021h2", "zhejiang-voc-2020"]
)
def test_every_bundled_baseline_meets_its_documented_dates(catalog, pid):
    """At the documents' values (and the assumed capacities), no deadline is at risk in any of 10
    seeded runs and no class ends late."""
    program = catalog.program(pid)
    s = run(program, make_scenario(program), replications=10, seed=3).summary
    assert not [d.key for d in s.deadlines if d.at_risk]
    assert all(p.classes_late.high == 0 for p in s.capacity)


def test_a_slow_review_delays_publication_and_the_choices_that_wait_for_it(catalog):
    """1,070 declared projects at 40 a day from 25 July take 27 days (26.75): reviewed 20 August,
    published 21 August, after the documented 5 and 10 August -- both deadlines at risk -- but before
    round 1 opens on 24 August, so teachers choose as before. At 20 a day (54 days: 16 September,
    published 17 September) both rounds (to 3 and to 16 September) close before anything is
    published, so no teacher can choose a self-selected course."""
    base = _det(catalog, "zhejiang-2021h2").summary
    slow = _det(catalog, "zhejiang-2021h2", review_projects_per_day=40).summary
    ev = slow.track("self-selected").events
    assert ev.reviewed.mean == dt.date(2021, 8, 20) and ev.published.mean == dt.date(2021, 8, 21)
    risky = {d.key for d in slow.deadlines if d.at_risk}
    assert {"review", "publication"} <= risky
    assert slow.track("self-selected").totals.enrolled.mean == pytest.approx(
        base.track("self-selected").totals.enrolled.mean
    )
    stalled = _det(catalog, "zhejiang-2021h2", review_projects_per_day=20).summary
    assert stalled.track("self-selected").events.published.mean == dt.date(2021, 9, 17)
    assert stalled.track("self-selected").totals.enrolled.mean == 0
    assert stalled.track("order-based").totals.enrolled.mean == base.track("order-based").totals.enrolled.mean
    assert not {d.key for d in base.deadlines if d.at_risk} & {"review", "publication"}
