"""Calibration: the assumed rates re-estimated from actuals (sim/actuals/calibrate.py).

One posterior by hand; coverage over many seeds of actuals the model makes with planted rates;
the bundled Henan sample moves the ranges towards its planted rates; a nowcast's as_of widens the
participation interval; no actuals change nothing; the calibrated scenario and the commands."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pandas as pd
import pytest
from scipy import stats

from sim.actuals import (
    calibrate,
    calibrated_ranges,
    calibrated_unknowns,
    calibration_dict,
    expected_share,
    read_actuals,
    records_of,
)
from sim.actuals.calibrate import Observation, dispersion, posterior, prior_beta
from sim.actuals.sample import planted_records
from sim.base import DataError, ScenarioError, shown
from sim.catalog.schema import Names, Range
from sim.cli.actuals import parse_as_of
from sim.run import drawn_scenarios, run, unknowns
from sim.scenario import make_scenario
from sim.text import text
from tests.documented import ROOT

SAMPLES = ROOT / "data" / "examples" / "actuals"
# data/examples/actuals/README.md: the rates the sample was made with (assumed: 0.97, 0.93, 0.96).
PLANTED = {"participation_rate": 0.92, "attendance_rate": 0.88, "completion_rate": 0.94}
HALF_WAY = dt.date(2021, 7, 24)  # Henan's selection runs 19-30 July 2021: day 6 of 12


def _records(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["track", "unit", "date", "figure", "value"])


def _sample(henan) -> pd.DataFrame:
    tables = {}
    for kind in ("registrations", "attendance", "payments"):
        a = read_actuals(henan, SAMPLES / f"henan-2021-{kind}.csv")
        tables[kind] = a.rows
    return records_of(tables)


def test_one_posterior_by_hand(henan):
    # Henan's show-up rate: assumed 0.93, range 0.85-0.98 (beta). The prior is a beta on [0, 1]
    # with mean 0.93 and the range's variance, no narrower than flat over the range:
    #   beta shape: α = 6 × (0.93 − 0.85)/0.13 = 3.6923, β = 2.3077,
    #     var = 0.13² × 3.6923 × 2.3077 / (6² × 7) = 0.000571
    #   flat: 0.13² / 12 = 0.001408 (larger: taken)
    #   κ = 0.93 × 0.07 / 0.001408 − 1 = 45.225, α0 = 0.93κ = 42.059, β0 = 0.07κ = 3.166
    # The backbone track's roster: 908 enrolled, 800 attended -> Beta(42.059 + 800, 3.166 + 108)
    #   mean = 842.059 / 953.225 = 0.88338
    a0, b0 = prior_beta(Range(low=0.85, high=0.98, shape="beta", reason=Names(zh="范围", en="range")), 0.93)
    assert (a0, b0) == (pytest.approx(42.059, abs=1e-3), pytest.approx(3.166, abs=1e-3))
    cal = calibrate(
        henan, _records(("backbone", "", None, "enrolled", 908), ("backbone", "", None, "attended", 800)), text
    )
    c = cal.values["backbone.attendance_rate"]
    exact = stats.beta(a0 + 800, b0 + 108)
    assert c.mean == pytest.approx(842.059 / 953.225, abs=1e-4) == pytest.approx(0.88338, abs=1e-4)
    assert c.posterior.sd == pytest.approx(exact.std(), rel=1e-3)
    assert (c.posterior.low, c.posterior.high) == (
        pytest.approx(exact.ppf(0.05), abs=2e-4),
        pytest.approx(exact.ppf(0.95), abs=2e-4),
    )
    assert (c.records, c.teachers, c.dispersion) == (1, 908, 1.0)
    # The calibrated range: a beta (α + β = 6 on [low, high]) with the posterior's mean and variance.
    r = c.calibrated
    a, b = r.beta_parameters(c.mean)
    span = r.high - r.low
    assert r.shape == "beta" and r.low < c.mean < r.high
    assert span**2 * a * b / (36 * 7) == pytest.approx(exact.var(), rel=1e-2)
    assert "908" in r.reason.zh and "88.3%" in r.reason.en
    # The program-wide rate takes the same evidence (the one track with a roster).
    assert cal.values["attendance_rate"].mean == pytest.approx(c.mean, abs=1e-6)
    assert "completion_rate" not in cal.values  # no completions given: that rate stays assumed


def _covers(c) -> bool:
    return c.posterior.low <= PLANTED[c.rate] <= c.posterior.high


def test_the_90_percent_interval_holds_the_planted_rate_in_most_seeds(henan):
    # The coverage test: actuals the model makes with the planted rates, one set per seed.
    seeds = range(60)
    hits = dict.fromkeys([*PLANTED, "as_of"], 0)
    for seed in seeds:
        records = planted_records(henan, PLANTED, 7000 + seed)
        cal = calibrate(henan, records, text)
        for rate in PLANTED:
            hits[rate] += _covers(cal.values[rate])
        hits["as_of"] += _covers(calibrate(henan, records, text, as_of=HALF_WAY).values["participation_rate"])
    shares = {k: v / len(seeds) for k, v in hits.items()}
    assert all(s >= 0.85 for s in shares.values()), shares


def test_the_bundled_sample_moves_the_ranges_towards_the_planted_rates(henan):
    cal = calibrate(henan, _sample(henan), text)
    for rate, planted in PLANTED.items():
        c = cal.values[rate]
        assert c.posterior.low <= planted <= c.posterior.high, rate
        assert abs(c.mean - planted) < 0.005 < abs(c.value - planted)
        assert c.calibrated.high - c.calibrated.low < (c.assumed.high - c.assumed.low) / 4
    # Each track's own posterior, pooled over its units; per county as well.
    county = cal.values["county-system.attendance_rate"]
    assert len(county.units) == 13 and {u.unit for u in county.units} >= {"新县", "兰考县"}
    assert county.records == 13 and county.teachers == sum(u.teachers for u in county.units)
    # The trainers' quota filled from 1.2 candidates a seat: it says only "at least", so the
    # participation posterior stays near the prior's 0.97.
    assert cal.values["trainer.participation_rate"].mean > 0.95
    assert set(calibrated_ranges(cal)) == set(cal.values)


def test_half_way_through_sign_up_the_participation_interval_is_wider_and_still_holds(henan):
    records = _sample(henan)
    full = calibrate(henan, records, text).values["participation_rate"]
    half = calibrate(henan, records, text, as_of=HALF_WAY)
    early = half.values["participation_rate"]
    assert early.posterior.low <= 0.92 <= early.posterior.high
    assert early.posterior.high - early.posterior.low > 2 * (full.posterior.high - full.posterior.low)
    assert early.records < full.records  # only the registrations up to the day
    assert "2021-07-24" in early.calibrated.reason.zh
    # Rosters are not dated: attendance is calibrated as without as_of.
    assert half.values["attendance_rate"].mean == calibrate(henan, records, text).values["attendance_rate"].mean
    # The model's arrival curve (rush 1.5 over 12 days): weights 1 + 0.5 i/11, i = 0..11, sum 15;
    # the first 6 days: (6 + 0.5 × 15/11) / 15 = 0.4455.
    assert expected_share(henan, HALF_WAY)["backbone"] == pytest.approx((6 + 0.5 * 15 / 11) / 15)
    assert expected_share(henan, dt.date(2021, 7, 18))["backbone"] == 0.0


def test_no_actuals_change_nothing(henan):
    cal = calibrate(henan, _records(), text)
    assert not cal and calibrated_ranges(cal) == {} and calibrated_unknowns(cal) == {}
    scenario = make_scenario(henan, {})
    plain = run(henan, scenario, replications=3, seed=5)
    same = run(henan, scenario, replications=3, seed=5, ranges=calibrated_unknowns(cal))
    assert not same.calibrated and not same.unknowns
    assert same.summary.totals == plain.summary.totals
    assert unknowns(henan, {}) == unknowns(henan)


def test_units_that_disagree_widen_the_interval():
    prior = (1.0, 1.0)  # flat: the data alone, so the widening shows as it is
    alike = [Observation(f"u{i}", 90, 100, 1) for i in range(6)]
    apart = [Observation(f"u{i}", k, 100, 1) for i, k in enumerate((70, 99, 80, 98, 75, 95))]
    assert dispersion(alike) == 1.0
    # Pearson: rates 0.70-0.99 around 0.86 on 100 teachers each is far beyond binomial noise.
    phi = dispersion(apart)
    assert phi > 5
    tight, wide = posterior(prior, apart), posterior(prior, apart, phi)
    # The log-likelihood divided by φ: as if 600 / φ teachers, so the interval √φ times as wide.
    assert (wide.high - wide.low) == pytest.approx((tight.high - tight.low) * phi**0.5, rel=0.05)
    assert wide.mean == pytest.approx(tight.mean, abs=0.02)  # the flat prior counts a little more


def test_the_calibrated_scenario_draws_the_posteriors(henan):
    cal = calibrate(henan, _sample(henan), text)
    ranges = calibrated_unknowns(cal)
    # A track's rate that takes the program's value is drawn apart once calibrated on its own.
    keys = [u.key for u in unknowns(henan, ranges)]
    assert "backbone.attendance_rate" in keys and "backbone.attendance_rate" not in [u.key for u in unknowns(henan)]
    worlds = drawn_scenarios(henan, make_scenario(henan, {}), 16, seed=1, ranges=ranges)
    r = cal.values["rural.attendance_rate"].calibrated
    drawn = [dict(w.overrides)["rural.attendance_rate"] for w in worlds]
    assert all(r.low <= x <= r.high for x in drawn)
    result = run(henan, make_scenario(henan, {}), replications=4, seed=1, deterministic=True, ranges=ranges)
    assert result.calibrated and result.unknowns
    rate = result.summary.totals.fill_rate.mean
    assert rate == pytest.approx(0.92, abs=0.01)  # the assumed 0.97 moved to the sample's 0.92
    with pytest.raises(ScenarioError) as e:
        unknowns(henan, {"fee_face": ranges["attendance_rate"]})  # a documented fee is not open
    assert e.value.code == "error_range_not_open"


def test_bad_input_says_where(henan):
    with pytest.raises(DataError) as e:
        calibrate(henan, pd.DataFrame({"track": []}), text)
    assert e.value.params["expected"].code == "error_calibrate_columns"
    with pytest.raises(DataError) as e:
        calibrate(henan, _records(), text, as_of=dt.date(2030, 1, 1))
    assert e.value.field == "as_of" and e.value.params["expected"].code == "error_calibrate_as_of"


def test_a_bad_as_of_is_refused_with_its_words():
    with pytest.raises(ScenarioError) as e:
        parse_as_of("2021-13-01")
    assert e.value.code == "error_as_of_not_a_date" and e.value.params == {"got": shown("2021-13-01")}


def test_commands_calibrate_and_run_calibrated(tmp_path):
    env = {**os.environ, "TT_STORE_URL": f"sqlite:///{tmp_path / 's.sqlite'}"}

    def sim(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "sim", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
        )

    none = sim("actuals", "calibrate", "henan-2021")
    assert none.returncode == 0 and "没有已导入的实际数据" in none.stdout
    for kind in ("registrations", "attendance"):
        assert sim("actuals", "import", "henan-2021", str(SAMPLES / f"henan-2021-{kind}.csv")).returncode == 0
    zh = sim("actuals", "calibrate", "henan-2021")
    assert "报到率（attendance_rate）：假定 93.0%（85.0%–98.0%）→ 校准 87.8%" in zh.stdout
    en = sim("--lang", "en", "actuals", "calibrate", "henan-2021", "--as-of", "2021-07-24")
    assert "calibrated on its actuals (as of 24 Jul 2021)" in en.stdout and "Show-up rate" in en.stdout
    data = json.loads(sim("actuals", "calibrate", "henan-2021", "--json").stdout)
    first = data["values"][0]
    assert first["key"] == "participation_rate" and first["records"] == 214 and first["calibrated"]["shape"] == "beta"
    ran = json.loads(sim("run", "henan-2021", "--calibrated", "-n", "3", "--json").stdout)
    assert ran["calibrated"] and ran["unknowns"]
    assert ran["totals"]["fill_rate"]["mean"] == pytest.approx(0.92, abs=0.015)


def test_the_store_gives_the_records_the_files_hold(catalog, store_url, henan):
    from sim.store import ActualsStore, ScenarioStore

    store = ScenarioStore(catalog, url=store_url)
    try:
        actuals = ActualsStore(store)
        assert actuals.records(henan.id).empty
        for kind in ("registrations", "attendance"):
            actuals.add(read_actuals(henan, SAMPLES / f"henan-2021-{kind}.csv"))
        stored = calibrate(henan, actuals.records(henan.id), text)
    finally:
        store.close()
    files = records_of(
        {k: read_actuals(henan, SAMPLES / f"henan-2021-{k}.csv").rows for k in ("registrations", "attendance")}
    )
    assert calibration_dict(stored) == calibration_dict(calibrate(henan, files, text))
