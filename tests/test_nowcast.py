"""Nowcast: the model keeps what the actuals report up to a reference date and simulates the rest
(sim/model/observed.py, sim/run/nowcast.py); the extension answer (sim/whatif/extension.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import numpy as np
import pytest

from sim.catalog import load_catalog
from sim.catalog.schema import Range
from sim.model import Draws, ProgramModel
from sim.model.movers import CohortMovers, arrival_profile
from sim.model.observed import Observed, ObservedMovers, apportion
from sim.results import ALL_YEARS, summarise
from sim.run import Unknown
from sim.run.nowcast import nowcast
from sim.scenario import Params, make_scenario

PROGRAM = "henan-2021"
MIDDLE = dt.date(2021, 7, 24)  # day 6 of Henan's selection window, 19-30 July 2021
PLANTED = {"participation_rate": 0.92, "attendance_rate": 0.88, "completion_rate": 0.94}


@pytest.fixture(scope="module")
def program():
    return load_catalog().program(PROGRAM)


class Recorder:
    """Movers that note each track's daily sign-ups per cell (what a platform would have exported)."""

    def sign_ups(self, ctx, ts, k, w, invited, rate):
        candidates, daily = super().sign_ups(ctx, ts, k, w, invited, rate)  # type: ignore[misc]
        self.seen[ts.track.id] = (w, daily.copy(), list(ts.units), ctx.calendar)  # type: ignore[attr-defined]
        return candidates, daily


class RecordingMovers(Recorder, CohortMovers):
    def __init__(self):
        self.seen = {}


class RecordingObserved(Recorder, ObservedMovers):
    def __init__(self, observed):
        super().__init__(observed)
        self.seen = {}


def per_unit_days(seen) -> dict[tuple[str, str, dt.date], float]:
    """Sign-ups per track, unit and day, as an actuals file reports them."""
    out: dict[tuple[str, str, dt.date], float] = defaultdict(float)
    for track, (w, daily, units, calendar) in seen.items():
        for cell, unit in enumerate(units):
            for i, day in enumerate(w.days):
                out[(track, unit, calendar.date(day))] += daily[cell, i]
    return dict(out)


def own_run(program, overrides, seed):
    """A plain run, its replication and its actuals rows (registrations per day, attendance per unit)."""
    movers = RecordingMovers()
    params = Params(program, make_scenario(program, overrides))
    model = ProgramModel(program, params, Draws(seed, 0, program.id), movers).run()
    rows = [
        {"track": t, "unit": u, "date": d, "figure": "registered", "value": v}
        for (t, u, d), v in per_unit_days(movers.seen).items()
        if v
    ]
    for ts in model.tracks:
        first, last = ts.cohorts[0], ts.cohorts[-1]
        for unit in dict.fromkeys(ts.units):
            cells = np.array([x == unit for x in ts.units])
            for figure, cohort in (("enrolled", first), ("attended", first), ("completed", last)):
                value = float(getattr(cohort, figure)[cells].sum())
                rows.append({"track": ts.track.id, "unit": unit, "date": None, "figure": figure, "value": value})
    return model, summarise(model), rows, movers.seen


def observed_run(program, overrides, seed, rows, as_of):
    movers = RecordingObserved(Observed.of(rows, as_of))
    params = Params(program, make_scenario(program, overrides))
    model = ProgramModel(program, params, Draws(seed, 0, program.id), movers).run()
    return model, summarise(model), movers.seen


def by_key(rep):
    return dict(zip(rep.keys, rep.values))


def test_apportion_keeps_whole_counts_and_shares():
    # 10 over weights 1:1:2 -> 2.5, 2.5, 5: floors 2, 2, 5 and the one left to the first largest remainder
    assert apportion(10, np.array([1.0, 1.0, 2.0])).tolist() == [3.0, 2.0, 5.0]
    assert apportion(3, np.zeros(3)).tolist() == [1.0, 1.0, 1.0]  # no weights: evenly
    assert apportion(2.5, np.array([1.0, 4.0])).tolist() == [0.5, 2.0]  # a deterministic run's fractions


def test_the_kept_part_matches_the_models_own_run_exactly(program):
    """Actuals that are the model's own run: up to the reference date the observed run's sign-ups per
    track, unit and day are those actuals exactly; after it the model draws again."""
    _, plain, rows, seen = own_run(program, {}, seed=5)
    _, kept, seen_kept = observed_run(program, {}, 5, rows, MIDDLE)
    before, after = per_unit_days(seen), per_unit_days(seen_kept)
    up_to = {k: v for k, v in before.items() if k[2] <= MIDDLE}
    assert up_to and all(after[k] == v for k, v in up_to.items())
    assert all(v == 0 for k, v in after.items() if k[2] <= MIDDLE and k not in up_to)
    later = [k for k in before if k[2] > MIDDLE]
    assert any(before[k] != after[k] for k in later)  # the rest is simulated afresh, not copied


def test_a_date_before_the_program_is_a_plain_run(program):
    _, plain, rows, _ = own_run(program, {}, seed=3)
    _, kept, _ = observed_run(program, {}, 3, rows, dt.date(2021, 1, 1))
    assert plain == kept


def test_after_the_program_every_reported_count_is_kept(program):
    """With the whole program reported, each unit's enrolled, attended and completed are the reported
    ones (the run that made them), and so is the cost of single-year tracks (it follows attendance)."""
    _, plain, rows, _ = own_run(program, PLANTED, seed=11)
    _, kept, _ = observed_run(program, {}, 11, rows, dt.date(2023, 6, 30))  # assumed rates: only the facts agree
    a, b = by_key(plain), by_key(kept)
    for t in program.tracks:
        units = {k[1] for k in a if k[0] == t.id}
        for unit in units:
            for figure in ("enrolled", "attended", "completed"):
                assert b[(t.id, unit, ALL_YEARS, figure)] == a[(t.id, unit, ALL_YEARS, figure)], (t.id, unit, figure)
    for track in ("rural", "city-trainer", "backbone"):  # one year each
        assert b[(track, "", ALL_YEARS, "cost_yuan")] == a[(track, "", ALL_YEARS, "cost_yuan")]


def test_the_rest_is_drawn_for_the_undecided_only(program):
    """Hand check of the remainder's chance on the deterministic model: rural's 3,000 seats, rate
    0.97, rush 1.5 over the 12 window days; profile weights 1 + 0.5 i/11, sum 15, the first 6 days
    6 + 0.5*15/11 = 6.6818 -> S_before = 0.44545. Reported 1,000 by 24 July: 2,000 undecided, each
    signing up later with 0.97*0.55455/(1 - 0.97*0.44545) = 0.53791/0.56791 = 0.94717 -> 1,894.3 more,
    2,894.3 in all."""
    day0 = dt.date(2021, 7, 19)
    rows = [
        {"track": "rural", "unit": "", "date": day0 + dt.timedelta(days=i), "figure": "registered", "value": v}
        for i, v in enumerate([100, 150, 150, 200, 200, 200])
    ]
    share = arrival_profile(12, 1.5)[:6].sum()
    assert share == pytest.approx(6.6818 / 15, abs=1e-4)
    movers = ObservedMovers(Observed.of(rows, MIDDLE))
    params = Params(program, make_scenario(program, {"rural_quota": 3000}))
    model = ProgramModel(program, params, Draws(0, 0, program.id, deterministic=True), movers).run()
    rural = next(ts for ts in model.tracks if ts.track.id == "rural")
    assert float(rural.cohorts[0].enrolled.sum()) == pytest.approx(
        1000 + 2000 * 0.97 * (1 - share) / (1 - 0.97 * share)
    )
    assert float(rural.cohorts[0].enrolled.sum()) == pytest.approx(2894.3, abs=0.1)


def test_the_90_percent_interval_holds_the_outcome_about_90_percent_of_the_time(program):
    """Actuals made by the model with planted rates, many seeds; a nowcast at the middle of the
    selection window with the participation range calibration would give (centred on the planted
    0.92) and the other open values as they were: each track's and county's final fill falls in the
    nowcast's 90% interval in about 90% of the cases."""
    fixed = {u: float(v) for u, v in _defaults(program).items()}
    truth_scenario = {**fixed, **PLANTED}
    nowcast_scenario = {k: v for k, v in truth_scenario.items() if k != "participation_rate"}
    reason = {"zh": "校准", "en": "calibrated"}
    centred = Range(low=0.91, high=0.93, shape="uniform", reason=reason)
    ranges = {"participation_rate": Unknown("participation_rate", "ratio", 0.92, centred)}
    hits = []
    for seed in range(100, 116):
        _, truth, rows, _ = own_run(program, truth_scenario, seed)
        final = by_key(truth)
        n = nowcast(
            program, make_scenario(program, nowcast_scenario), rows, MIDDLE, replications=50, seed=seed, ranges=ranges
        )
        for u in n.units:
            actual = final[(u.track, u.unit, ALL_YEARS, "fill_rate")]
            hits.append(u.fill.low - 1e-9 <= actual <= u.fill.high + 1e-9)
    coverage = float(np.mean(hits))
    assert 0.82 <= coverage <= 0.98, coverage


def _defaults(program):
    from sim.run import unknowns

    return {u.key: u.value for u in unknowns(program) if u.key not in PLANTED}


def _rural_reported():
    day0 = dt.date(2021, 7, 19)
    return [
        {"track": "rural", "unit": "", "date": day0 + dt.timedelta(days=i), "figure": "registered", "value": v}
        for i, v in enumerate([100, 150, 150, 200, 200, 200])
    ]


def test_extension_days_by_hand_and_monotone(program):
    """Deterministic rural at participation 0.8: 1,000 reported by 24 July; the rest of the window
    brings 2,000 x 0.8*0.55455/(1 - 0.8*0.44545) = 2,000 x 0.68927 = 1,378.5 -> 2,378.5 of 3,000
    (79.3%), 621.5 undecided. Each extra day signs up 0.8/12 = 1/15 of those still undecided, so
    95% (2,850; at most 150 undecided) needs (14/15)^d <= 150/621.5 = 0.24135:
    d >= ln 0.24135 / ln(14/15) = 20.6 -> 21 days, to 20 August (before the courses' arrival notices)."""
    from sim.whatif.extension import extensions

    scenario = make_scenario(program, {"rural_quota": 3000, "participation_rate": 0.8})
    rows = _rural_reported()
    fills = []
    for days in (0, 5, 20, 21, 40):
        movers = ObservedMovers(Observed.of(rows, MIDDLE), {"selection": days})
        model = ProgramModel(program, Params(program, scenario), Draws(0, 0, program.id, True), movers).run()
        rural = next(ts for ts in model.tracks if ts.track.id == "rural")
        fills.append(float(rural.cohorts[0].enrolled.sum()) / 3000)
    assert fills[0] == pytest.approx((1000 + 2000 * 0.8 * 0.55455 / (1 - 0.8 * 0.44545)) / 3000, abs=1e-4)
    assert fills[2] < 0.95 <= fills[3]
    assert fills == sorted(fills)  # more days never lower the fill

    # The same answer through the search, on the stochastic model: about 21 days, fewer for a
    # lower target.
    def answer(target):
        [e] = extensions(program, scenario, rows, MIDDLE, [("rural", "")], target=target, replications=20)
        return e

    e = answer(0.95)
    assert e.milestone == "selection" and e.closes == dt.date(2021, 7, 30)
    assert 19 <= e.days <= 23 and e.new_close == e.closes + dt.timedelta(days=e.days)
    assert e.share_reaching >= 0.9 and e.tried[e.days] >= 0.9 and e.tried[e.days - 1] < 0.9
    assert answer(0.90).days < e.days
    assert answer(0.75).days == 0  # reached already
    assert answer(1.0).days is None  # never all: some teachers never sign up in 60 days
