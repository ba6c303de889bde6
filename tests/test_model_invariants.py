"""Properties every run must have, whatever the scenario and seed."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.results import key_figures
from sim.run import run, run_once
from sim.scenario import make_scenario
from tests.documented import IDS

# Zhejiang at full scale is the slowest case; a smaller province keeps property runs quick.
SMALL = {"zhejiang-2021h2": {"teachers": 60000}}


def _check_run(result):
    summary = result.summary
    tracks = summary.subprograms
    totals = [summary.totals, *(t.totals for t in tracks), *(u for t in tracks for u in t.by_unit), *summary.units]
    for figures in totals:
        row = {k: figures.figure(k).mean for k in ("quota", "enrolled", "attended", "completed", "cost_yuan")}
        assert 0 <= figures.fill_rate.mean <= 1 + 1e-9
        assert row["enrolled"] <= row["quota"] + 1e-9
        assert row["attended"] <= row["enrolled"] + 1e-9
        assert row["completed"] <= row["attended"] + 1e-9
        assert 0 <= figures.completion_rate.mean <= 1 + 1e-9
        assert row["cost_yuan"] >= 0
    for t in tracks:
        lines = [v.mean for v in t.totals.cost_by_line.values()]
        assert all(v >= 0 for v in lines)
        assert t.totals.cost_yuan.mean == pytest.approx(sum(lines))
        for key in ("quota", "enrolled", "completed", "cost_yuan") if t.by_unit else ():
            assert sum(u.figure(key).mean for u in t.by_unit) == pytest.approx(t.totals.figure(key).mean, abs=1e-6)
    assert summary.totals.cost_yuan.mean == pytest.approx(sum(t.totals.cost_yuan.mean for t in tracks))
    flows = summary.cashflow
    if flows:
        assert flows[-1].cumulative_settled_yuan.mean == pytest.approx(summary.totals.cost_yuan.mean)
        assert all(a.date < b.date for a, b in zip(flows, flows[1:]))
    for t in tracks:
        ev = t.events
        if ev.delivery_start and ev.settlement_done:
            assert ev.delivery_start.mean <= ev.delivery_end.mean <= ev.settlement_done.mean
    # the tidy table holds every replication's rows, the same rows in each
    per_replication = result.table.groupby("replication").size()
    assert len(per_replication) == result.replications and per_replication.nunique() == 1


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pid=st.sampled_from(IDS),
    rates=st.tuples(*[st.floats(0, 1)] * 3),
    scale=st.sampled_from([0.001, 0.01, 0.05]) | st.floats(0.05, 3),
    seed=st.integers(0, 2**31),
    deterministic=st.booleans(),
)
def test_pipeline_invariants(catalog, pid, rates, scale, seed, deterministic):
    program = catalog.program(pid)
    overrides = {
        **SMALL.get(pid, {}),
        "quota_scale": scale,
        "participation_rate": rates[0],
        "attendance_rate": rates[1],
        "completion_rate": rates[2],
    }
    result = run(program, make_scenario(program, overrides), seed=seed, deterministic=deterministic)
    _check_run(result)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pid=st.sampled_from(IDS), scale=st.sampled_from([0.001, 0.05, 1.0]), seed=st.integers(0, 2**31))
def test_replicated_figures_keep_their_shape_and_order(catalog, pid, scale, seed):
    program = catalog.program(pid)
    scenario = make_scenario(program, {**SMALL.get(pid, {}), "quota_scale": scale})
    result = run(program, scenario, replications=3, seed=seed, workers=1)
    runs = [key_figures(run_once(program, scenario, seed, r)) for r in range(3)]
    for key in ("quota", "enrolled", "attended", "completed", "cost_yuan"):
        figure, values = result.summary.totals.figure(key), [r[key] for r in runs]
        # each figure summarises its own three replications, not a neighbour's or another seed's
        assert figure.mean == pytest.approx(sum(values) / 3)
        assert min(values) <= figure.low <= figure.high <= max(values)
    assert [t.id for t in result.summary.subprograms] == [t.id for t in program.tracks]
    _check_run(result)


def test_a_provider_category_with_no_projects_still_reports(catalog):
    """Replications where a category gets no approved project keep the same rows (no misaligned columns)."""
    program = catalog.program("zhejiang-2021h2")
    scenario = make_scenario(program, {"n_new": 1, "declared_share": 0.3, "teachers": 60000})
    result = run(program, scenario, replications=12, seed=0, workers=1)
    by_unit = result.summary.subprograms[0].by_unit
    assert [u.unit for u in by_unit] == ["zjnu-hznu", "other", "remote", "new"]
    new = by_unit[3].quota
    assert new.low == 0 < new.high  # some replications approve a new provider's project, some none


@pytest.mark.parametrize("pid", IDS)
def test_same_seed_same_results_different_seed_different_draws(catalog, pid):
    program = catalog.program(pid)
    scenario = make_scenario(program, SMALL.get(pid, {}))
    a, b = run_once(program, scenario, seed=11), run_once(program, scenario, seed=11)
    assert a == b
    c = run_once(program, scenario, seed=12)
    assert a.keys == c.keys and (a.values != c.values).any()


@pytest.mark.parametrize(
    "pid,fee", [("henan-2021", "fee_face"), ("jiangxi-2022", "fee_per_hour"), ("zhejiang-2021h2", "fee_per_person_day")]
)
def test_common_random_numbers_across_scenarios(catalog, pid, fee):
    """A fee change moves costs only: the same seed gives the same teachers in both scenarios."""
    program = catalog.program(pid)
    base = run_once(program, make_scenario(program, SMALL.get(pid, {})), seed=5, replication=3)
    dearer = run_once(program, make_scenario(program, {**SMALL.get(pid, {}), fee: 999}), seed=5, replication=3)
    base_totals, dearer_totals = key_figures(base), key_figures(dearer)
    for key in ("quota", "enrolled", "attended", "completed"):
        assert base_totals[key] == dearer_totals[key]
    assert dearer_totals["cost_yuan"] > base_totals["cost_yuan"]


# Jiangxi's allocations count every teacher there is: its quotas scale down, not up.
@pytest.mark.parametrize(
    "pid, scale", [("henan-2021", 2), ("jiangxi-2022", 0.5), ("zhejiang-voc-2020", 2), ("guopei-2021-2025", 2)]
)
def test_scaling_quotas_scales_costs(catalog, pid, scale):
    program = catalog.program(pid)
    one = run(program, make_scenario(program), deterministic=True).summary.totals
    two = run(program, make_scenario(program, {"quota_scale": scale}), deterministic=True).summary.totals
    assert two.quota.mean == pytest.approx(scale * one.quota.mean)
    assert two.cost_yuan.mean == pytest.approx(scale * one.cost_yuan.mean)


def test_scaling_course_caps_never_lowers_enrolment(catalog):
    program = catalog.program("zhejiang-2021h2")
    values = [
        run(program, make_scenario(program, {"quota_scale": s}), deterministic=True).summary.totals.enrolled.mean
        for s in (0.5, 1, 2)
    ]
    assert values == sorted(values)


def test_replications_give_an_interval_around_the_deterministic_value(catalog):
    program = catalog.program("henan-2021")
    scenario = make_scenario(program)
    many = run(program, scenario, replications=30, seed=1, workers=1).summary.totals.attended
    exact = run(program, scenario, deterministic=True).summary.totals.attended
    assert exact.low == exact.mean == exact.high  # one run: the same shape, no spread
    assert many.low <= exact.mean <= many.high
    assert many.low < many.high


def test_interval_width_is_the_binomial_spread(henan):
    """With every seat filled, show-ups are Binomial(12,500, 0.93): the interval must be as wide as that."""
    scenario = make_scenario(henan, {"participation_rate": 1})
    replications = 400
    attended = run(henan, scenario, replications=replications, seed=1, workers=1).summary.totals.attended
    n, p = 12_500, henan.parameters["attendance_rate"].value
    sd = math.sqrt(n * p * (1 - p))  # 28.5 teachers
    assert attended.mean == pytest.approx(n * p, abs=4 * sd / math.sqrt(replications))  # 4 standard errors
    # The 2.5th-97.5th percentile width of 400 draws is 2 x 1.96 sd times a factor that simulating
    # 200,000 such sets puts in [0.84, 1.16] 99.9% of the time (the tails of 400 draws are noisy).
    # [0.83, 1.17] fails a spread that is a sixth or more off: no draw (width 0), one show-up draw
    # per class of 50 (x 7), or show-ups drawn with the completion rate (x 0.77) or sign-up rate (x 0.67).
    width = attended.high - attended.low
    assert 0.83 <= width / (2 * 1.96 * sd) <= 1.17


def test_parallel_replications_equal_serial(catalog):
    program = catalog.program("zhejiang-voc-2020")
    scenario = make_scenario(program)
    serial = run(program, scenario, replications=6, seed=4, workers=1)
    parallel = run(program, scenario, replications=6, seed=4, workers=2)
    assert serial.summary == parallel.summary and serial.table.equals(parallel.table)
