"""Plan against actual (``sim.actuals.compare``): the arithmetic on a tiny set by hand, the order of the
gaps, the daily series, and the stored files read back as one table per kind."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from sim.actuals import Observed, compare, read_actuals
from sim.run import run
from sim.scenario import make_scenario
from sim.store import ActualsStore, ScenarioStore
from tests.documented import ROOT

PID = "henan-2021"
SAMPLES = ROOT / "data" / "examples" / "actuals"


@pytest.fixture(scope="module")
def plan(henan):
    """Henan's documented defaults as expected values: one run, so each plan figure is a fixed number."""
    return run(henan, make_scenario(henan), deterministic=True)


@pytest.fixture(scope="module")
def plan_20(henan):
    return run(henan, make_scenario(henan), replications=20, seed=0)


def _planned(result, track, unit, figure):
    keys = result.replicates.keys
    return float(result.replicates.values[keys.index((track, unit, 0, figure))].mean())


def _tiny() -> Observed:
    return Observed.of(
        PID,
        ["tiny.csv"],
        {
            "attendance": pd.DataFrame(
                [
                    {"track": "backbone", "unit": "", "enrolled": 900, "attended": 800, "completed": 700},
                    {"track": "county-system", "unit": "新县", "enrolled": 40, "attended": 30, "completed": 20},
                ]
            ),
            "registrations": pd.DataFrame(
                [  # rural has no roster yet: its registrations are compared; backbone's roster wins over its own
                    {"track": "rural", "unit": "", "date": dt.date(2021, 7, 20), "registered": 1000},
                    {"track": "rural", "unit": "", "date": dt.date(2021, 7, 22), "registered": 500},
                    {"track": "backbone", "unit": "", "date": dt.date(2021, 7, 20), "registered": 850},
                ]
            ),
            "payments": pd.DataFrame(
                [
                    {"track": "backbone", "date": dt.date(2021, 10, 1), "paid_yuan": 1_000_000.0},
                    {"track": "backbone", "date": dt.date(2021, 11, 1), "paid_yuan": 2_000_000.0},
                ]
            ),
        },
    )


def test_the_tiny_set_by_hand(plan):
    pa = compare(_tiny(), plan)
    got = {(g.track, g.unit, g.figure): g for g in pa.gaps}
    # Each gap is actual - plan, over the plan; its weight is |gap| over the program's planned total.
    enrolled_total = _planned(plan, "", "", "enrolled")
    backbone = _planned(plan, "backbone", "", "enrolled")
    g = got[("backbone", "", "enrolled")]
    assert g.plan.mean == backbone and g.actual == 900
    assert g.difference == pytest.approx(900 - backbone)
    assert g.relative == pytest.approx((900 - backbone) / backbone)
    assert g.weight == pytest.approx(abs(900 - backbone) / enrolled_total)
    assert g.outside is None  # one run: no range to be outside of
    # 新县: a county of the county system, compared with its own simulated figures.
    completed = _planned(plan, "county-system", "新县", "completed")
    assert got[("county-system", "新县", "completed")].difference == pytest.approx(20 - completed)
    # rural: no roster, so its registrations 1000 + 500 = 1500 against its simulated enrolled.
    rural = got[("rural", "", "registered")]
    assert rural.actual == 1500 and rural.plan.mean == _planned(plan, "rural", "", "enrolled")
    assert ("backbone", "", "registered") not in got  # the roster is the word on backbone's enrolment
    # payments 1,000,000 + 2,000,000 = 3,000,000 yuan against backbone's simulated cost
    paid = got[("backbone", "", "paid_yuan")]
    cost = _planned(plan, "backbone", "", "cost_yuan")
    assert paid.actual == 3_000_000 and paid.plan.mean == cost
    assert paid.weight == pytest.approx(abs(3_000_000 - cost) / _planned(plan, "", "", "cost_yuan"))
    # totals over what the files give: enrolled = backbone 900 + 新县 40 against their two plans
    total = pa.totals["enrolled"]
    assert total.actual == 940
    assert total.plan.mean == pytest.approx(backbone + _planned(plan, "county-system", "新县", "enrolled"))
    assert pa.totals["registered"].actual == 1500


def test_a_whole_track_by_hand(plan):
    """Henan's provincial trainers: 附件三（一）「共计 150 人，培训对象采取 1:1.2 差额方式由承训高校遴选确定」,
    so 150 seats, all filled in the plan (the institution picks 150 of 180 candidates). A roster of 120: 120 - 150 = -30 people, -30 / 150 = -20%, fill
    120 / 150 = 80% against the plan's 100%."""
    roster = pd.DataFrame([{"track": "trainer", "unit": "", "enrolled": 120, "attended": 110, "completed": 100}])
    pa = compare(Observed.of(PID, ["trainer.csv"], {"attendance": roster}), plan)
    enrolled = next(g for g in pa.gaps if g.figure == "enrolled")
    assert (enrolled.plan.mean, enrolled.actual, enrolled.difference) == (150, 120, -30)
    assert enrolled.relative == pytest.approx(-0.2)
    (fill,) = pa.fill
    assert (fill.quota.mean, fill.plan.mean, fill.actual) == (150, 1.0, pytest.approx(0.8))
    assert pa.totals["enrolled"].actual == 120 and not pa.registrations.actual and pa.registrations.last is None


def test_gaps_come_heaviest_first(plan):
    pa = compare(_tiny(), plan)
    weights = [g.weight for g in pa.gaps]
    assert weights == sorted(weights, reverse=True) and len(weights) == 3 + 3 + 1 + 1  # rosters, rural, paid
    # A small county's whole roster moves the program less than backbone's shortfall of a hundred or so.
    order = [(g.track, g.unit, g.figure) for g in pa.gaps]
    assert order.index(("backbone", "", "completed")) < order.index(("county-system", "新县", "completed"))


def test_fill_rates_are_the_actual_enrolled_over_the_plans_seats(plan):
    pa = compare(_tiny(), plan)
    fills = {(f.track, f.unit): f for f in pa.fill}
    seats = _planned(plan, "backbone", "", "quota")
    assert fills[("backbone", "")].actual == pytest.approx(900 / seats)
    assert fills[("backbone", "")].plan.mean == pytest.approx(_planned(plan, "backbone", "", "enrolled") / seats)
    gaps = [abs(f.difference) for f in pa.fill]
    assert gaps == sorted(gaps, reverse=True)


def test_the_daily_series_are_cumulative_and_stop_at_the_files_last_day(plan):
    pa = compare(_tiny(), plan)
    reg = pa.registrations
    # 20 July: rural 1000 + backbone 850; 22 July: + 500
    assert [(p.date, p.cumulative.mean) for p in reg.actual] == [
        (dt.date(2021, 7, 20), 1850.0),
        (dt.date(2021, 7, 22), 2350.0),
    ]
    assert not reg.all_tracks and set(reg.tracks) == {"rural", "backbone"}
    aligned = reg.aligned()
    assert all(a is None for d, _, a in aligned if d > dt.date(2021, 7, 22))
    assert [a for d, _, a in aligned if d == dt.date(2021, 7, 21)] == [1850.0]  # carried over a day without rows
    day, actual, by_then = reg.last
    cumulative = {e.date: e.cumulative_signed_up.mean for e in plan.summary.enrolment}
    assert (day, actual) == (dt.date(2021, 7, 22), 2350.0)
    assert by_then.mean == cumulative[max(d for d in cumulative if d <= day)]
    assert pa.payments.last[1] == 3_000_000


def test_the_sample_against_twenty_runs_is_outside_the_plan_where_the_rates_were_planted_lower(
    catalog, henan, plan_20, tmp_path
):
    """The sample was made with participation 0.92, attendance 0.88, completion 0.94 against the assumed
    0.97, 0.93, 0.96: every unit falls short, the big sub-programs beyond the plan's range."""
    store = ScenarioStore(catalog, url=f"sqlite:///{tmp_path / 's.sqlite'}")
    for kind in ("registrations", "attendance", "payments"):
        ActualsStore(store).add(read_actuals(henan, SAMPLES / f"{PID}-{kind}.csv"))
    observed = ActualsStore(store).observed(PID)
    assert len(observed.attendance) == 18 and len(observed.payments) == 158 and len(observed.registrations) == 214
    pa = compare(observed, plan_20)
    assert pa.totals["enrolled"].actual == 11527  # the roster's enrolled, summed by hand from the file
    # completed / planned is about (0.92 * 0.88 * 0.94) / (0.97 * 0.93 * 0.96) - 1 = -12.1%
    assert pa.totals["completed"].relative == pytest.approx(0.92 * 0.88 * 0.94 / (0.97 * 0.93 * 0.96) - 1, abs=0.01)
    top = pa.gaps[0]
    assert top.outside and top.difference < 0 and top.track == "backbone-new-teachers"
    assert pa.registrations.all_tracks and pa.payments.all_tracks


def test_actuals_of_another_program_are_refused(plan):
    with pytest.raises(ValueError, match="compared with a plan of henan-2021"):
        compare(Observed.of("jiangxi-2022", [], {}), plan)
