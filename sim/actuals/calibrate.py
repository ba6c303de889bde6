"""Calibration: the assumed rates re-estimated from what actually happened.

Each assumed rate the actuals inform gets a posterior: the prior is the rate's plausible range as a
beta on [0, 1] with the value as its mean and the range's variance, no narrower than flat over the
range (``prior_beta``; the data may move the rate outside the range the data file guessed), the
likelihood is the counts, per unit of a track:

| rate | trials | successes | the model's rule (sim/model) |
|---|---|---|---|
| ``participation_rate`` | seats × ``candidate_ratio`` (quota modes), or ``eligible`` teachers (course selection) | registrations, else the roster's enrolled | ``enrolment.enrol_quota``, ``selection.select_courses`` |
| ``attendance_rate`` | enrolled | attended | ``movers.show_up`` |
| ``completion_rate`` | attended | completed | ``movers.show_up``: a continuing track passes once a year, so ``completed`` is ``rate ** years`` of ``attended`` |

A quota that filled with more candidates than seats (Henan's 1:1.2) says only that at least that
many signed up: the unit counts as censored (P(signed up >= seats)). With ``as_of``, only the
registrations up to that day count, against the share of the window's sign-ups the model's own
arrival curve (``movers.arrival_profile``) expects by then: the trials thin to that share.

The posterior is computed on a grid (exact for the power and the censoring; for a plain binomial
it is the conjugate Beta(α + k, β + n − k)). Units that disagree more than binomial noise allows
(Pearson's X² over the units beyond its chi-squared 95th percentile) widen it: the log-likelihood is divided
by the dispersion φ = X² / (units − 1), as a quasi-likelihood does. Each track's rate is the
posterior pooled over its units; the program-wide rate pools every track that takes it. A
documented value is never calibrated. The calibrated range is a beta (``Range.shape == "beta"``)
with the posterior's mean and variance, worded from the evidence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from sim.base import N_, DataError
from sim.catalog import Program
from sim.catalog.schema import BETA_WEIGHT, Names, Range
from sim.model import ENROLMENT_KINDS, Draws, ProgramModel, TrackState
from sim.model.movers import arrival_profile, dropouts_barred
from sim.run.unknowns import Unknown
from sim.scenario import Knob, Params, knobs, make_scenario

from .validate import program_dates

RATES = ("participation_rate", "attendance_rate", "completion_rate")
CONFIDENCE = 0.90  # the interval the calibration reports (and the coverage test checks)
GRID = 4001  # points of the posterior's grid, laid twice: over (0, 1), then over where its mass is
DISPERSION_TEST = 0.05  # units disagreeing beyond binomial noise at this level widen the posterior
RECORD_COLUMNS = ("track", "unit", "date", "figure", "value")  # the store's layout: one row per figure

Words = Callable[..., str]
"""``word(key, lang, **params)``: a catalog message in a language (``sim.text.text``), given by the face."""


@dataclass(frozen=True)
class Observation:
    """One unit's counts for one rate: ``successes`` of ``trials``, each with probability
    ``share × rate ** power``; ``censored``: at least ``successes`` (a quota that filled)."""

    unit: str
    successes: float
    trials: float
    records: int
    power: int = 1
    share: float = 1.0
    censored: bool = False

    def loglik(self, theta: np.ndarray) -> np.ndarray:
        from scipy import stats

        g = np.clip(self.share * theta**self.power, 1e-300, 1 - 1e-16)
        if self.censored:
            return np.asarray(stats.binom.logsf(self.successes - 1, self.trials, g))
        return self.successes * np.log(g) + (self.trials - self.successes) * np.log1p(-g)


@dataclass(frozen=True)
class Posterior:
    mean: float
    sd: float
    low: float  # the CONFIDENCE interval
    high: float


@dataclass(frozen=True)
class UnitPosterior:
    """A unit's own posterior (the track's prior, its counts alone)."""

    unit: str
    records: int
    teachers: int
    successes: int
    posterior: Posterior


@dataclass(frozen=True)
class Calibrated:
    """One knob re-estimated: what was assumed, what the actuals say, and how much evidence."""

    key: str  # the knob: ``participation_rate`` (program-wide) or ``TRACK.participation_rate``
    rate: str
    track: str | None
    unit: str  # the knob's unit ("ratio")
    value: float  # the assumed value
    assumed: Range
    posterior: Posterior
    calibrated: Range  # shape beta, mean = posterior.mean, the reason worded from the evidence
    records: int  # rows of the files that informed it
    teachers: int  # trials: seats, enrolled or attended teachers
    dispersion: float  # φ >= 1: how much more the units disagree than binomial noise allows
    units: tuple[UnitPosterior, ...]  # per unit, where the track reports more than one

    @property
    def mean(self) -> float:
        return self.posterior.mean


@dataclass(frozen=True)
class Calibration:
    program: str
    as_of: dt.date | None
    values: Mapping[str, Calibrated]  # by knob key, in knob order

    def __bool__(self) -> bool:
        return bool(self.values)


def calibrated_ranges(cal: Calibration) -> dict[str, Range]:
    """The calibrated range of every knob the actuals informed."""
    return {k: c.calibrated for k, c in cal.values.items()}


def calibrated_unknowns(cal: Calibration) -> dict[str, Unknown]:
    """What a calibrated run draws in place of the assumed ranges (``sim.run.run(..., ranges=...)``):
    each knob at its posterior mean with its calibrated range."""
    return {k: Unknown(k, c.unit, c.mean, c.calibrated) for k, c in cal.values.items()}


# --- the prior ------------------------------------------------------------------------------


def range_variance(r: Range, value: float) -> float:
    """The variance of the range's distribution (the shape the unknowns draw from)."""
    span = r.high - r.low
    if r.shape == "beta":
        a, b = r.beta_parameters(value)
        return span**2 * a * b / ((a + b) ** 2 * (a + b + 1))
    if r.shape == "triangular":
        lo, hi, c = r.low, r.high, value
        return (lo * lo + hi * hi + c * c - lo * hi - lo * c - hi * c) / 18
    return span**2 / 12


def prior_beta(r: Range, value: float) -> tuple[float, float]:
    """A beta on [0, 1] with the value as its mean and the range's variance (a moment fit), but no
    narrower than a flat belief over the range: a range says where a guess plausibly lies, not how
    sure the guess is inside it, so as evidence it weighs no more than that (Henan's participation
    range 0.90-0.99 counts as some 40 teachers, not the 145 its beta shape would)."""
    v = max(range_variance(r, value), (r.high - r.low) ** 2 / 12)
    kappa = value * (1 - value) / v - 1
    return value * kappa, (1 - value) * kappa


# --- the posterior --------------------------------------------------------------------------


def _logpost(theta: np.ndarray, prior: tuple[float, float], obs: list[Observation], phi: float) -> np.ndarray:
    a, b = prior
    lp = (a - 1) * np.log(theta) + (b - 1) * np.log1p(-theta)
    return lp + sum((o.loglik(theta) for o in obs), np.zeros_like(theta)) / phi


def posterior(prior: tuple[float, float], obs: list[Observation], phi: float = 1.0) -> Posterior:
    """The posterior of the rate on a grid: first over (0, 1), then again where its mass lies."""
    edge = 1e-9
    theta = np.linspace(edge, 1 - edge, GRID)
    lp = _logpost(theta, prior, obs, phi)
    step = theta[1] - theta[0]
    held = theta[lp > lp.max() - 40]  # e^-40: nothing of the posterior lies beyond
    theta = np.linspace(max(held.min() - step, edge), min(held.max() + step, 1 - edge), GRID)
    lp = _logpost(theta, prior, obs, phi)
    w = np.exp(lp - lp.max())
    w /= w.sum()
    mean = float((w * theta).sum())
    sd = float(np.sqrt((w * (theta - mean) ** 2).sum()))
    cdf = np.cumsum(w)
    tail = (1 - CONFIDENCE) / 2
    low, high = (float(np.interp(q, cdf, theta)) for q in (tail, 1 - tail))
    return Posterior(mean, sd, low, high)


def dispersion(obs: list[Observation]) -> float:
    """φ = Pearson's X² / (units − 1) at the pooled rate when the units disagree more than binomial
    noise allows (X² beyond its chi-squared 95th percentile), else 1; 1 with fewer than two units.
    (Widening on every chance excess of X² would pull the estimate towards the prior for nothing.)"""
    from scipy import stats

    plain = [o for o in obs if not o.censored and o.trials > 0]
    if len(plain) < 2:
        return 1.0
    theta = np.linspace(1e-6, 1 - 1e-6, GRID)
    ll = sum((o.loglik(theta) for o in plain), np.zeros_like(theta))
    rate = theta[int(np.argmax(ll))]
    x2 = 0.0
    for o in plain:
        g = min(max(o.share * rate**o.power, 1e-9), 1 - 1e-9)
        x2 += (o.successes - o.trials * g) ** 2 / (o.trials * g * (1 - g))
    df = len(plain) - 1
    return x2 / df if stats.chi2.sf(x2, df) < DISPERSION_TEST else 1.0


def beta_range(post: Posterior, reason: Names) -> Range:
    """A beta Range (α + β = BETA_WEIGHT on [low, high]) with the posterior's mean and variance; its
    support leans as the posterior's interval does, and stays inside [0, 1]."""
    m, v = post.mean, post.sd**2
    lean = (m - post.low) / (post.high - post.low) if post.high > post.low else 0.5
    lean = min(max(lean, 0.05), 0.95)
    width = np.sqrt((BETA_WEIGHT + 1) * v / (lean * (1 - lean)))
    low, high = m - lean * width, m + (1 - lean) * width
    # Against an end of [0, 1], solve the other end so the mean and variance still match:
    # with high = 1 and u = 1 − low, u(1 − p) = 1 − m and u²p(1 − p) = (w + 1)v give u = (w + 1)v/(1 − m) + (1 − m).
    if high > 1:
        low, high = 1 - ((BETA_WEIGHT + 1) * v / (1 - m) + (1 - m)), 1.0
    if low < 0:
        low, high = 0.0, m + (BETA_WEIGHT + 1) * v / m
    return Range(low=max(low, 0.0), high=min(high, 1.0), shape="beta", reason=reason)


# --- the evidence ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _TrackFacts:
    """What the model offers a track (its documented baseline, expected values)."""

    mode: str
    seats: dict[str, float]  # by unit ("" the track as a whole)
    ratio: float  # candidates invited per seat
    eligible: float | None  # course selection: the teachers who may choose
    intakes: int  # cohorts that sign up: the years of a new-cohort-each-year track, else 1
    completion_power: int | None  # years a continuing trainee passes; None: not told apart
    window: tuple[dt.date, list[float]] | None  # first sign-up window: its first day and the arrival profile


def _facts(program: Program) -> dict[str, _TrackFacts]:
    params = Params(program, make_scenario(program, {}))
    model = ProgramModel(program, params, Draws(0, 0, program.id, deterministic=True)).run()
    out = {}
    for ts in model.tracks:
        out[ts.track.id] = _track_facts(model, ts)
    return out


def _track_facts(model: ProgramModel, ts: TrackState) -> _TrackFacts:
    t = ts.track
    seats: dict[str, float] = {"": float(ts.seats.sum())}
    for unit, s in zip(ts.units, ts.seats):
        if unit:
            seats[unit] = seats.get(unit, 0.0) + float(s)
    windows = model.calendar.windows(t, ENROLMENT_KINDS)
    window = None
    if windows and len(windows[0].days):
        w = windows[0]
        window = (model.date(w.start), list(arrival_profile(len(w.days), model.p.rate(t, "arrival_rush", 1.0))))
    continuing = ts.years > 1 and not t.new_cohort_each_year
    power = (ts.years if dropouts_barred(model.ctx) else None) if continuing else 1
    eligible = model.ctx.num(t, "eligible") if t.mode == "course_selection" else None
    return _TrackFacts(
        t.mode,
        seats,
        model.ctx.num(t, "candidate_ratio", 1.0),
        eligible,
        ts.years if t.new_cohort_each_year else 1,
        power,
        window,
    )


def expected_share(program: Program, as_of: dt.date) -> dict[str, float]:
    """Per track with a dated sign-up window, the share of its sign-ups the model's arrival curve
    expects by the end of ``as_of`` (0 before the window opens, 1 once it has closed)."""
    return {tid: _share(f, as_of) for tid, f in _facts(program).items() if f.window is not None}


def _share(f: _TrackFacts, as_of: dt.date) -> float:
    assert f.window is not None
    first, profile = f.window
    days = (as_of - first).days + 1
    return float(sum(profile[: max(days, 0)]))


Totals = dict[tuple[str, str], dict[str, tuple[float, int]]]
"""(track, figure) -> unit -> (the figure's total, the rows that gave it)."""


def totals(records: pd.DataFrame, as_of: dt.date | None = None) -> Totals:
    """The records summed per track, figure and unit; with ``as_of``, registrations after it left out."""
    if as_of is not None:
        late = (records["figure"] == "registered") & (records["date"] > as_of)
        records = records[~late]
    grouped = records.groupby(["track", "figure", "unit"], sort=False)["value"].agg(["sum", "size"])
    out: Totals = {}
    for (track, figure, unit), (total, n) in zip(grouped.index, grouped.itertuples(index=False)):
        out.setdefault((track, figure), {})[unit] = (float(total), int(n))
    return out


def _participation(f: _TrackFacts, tid: str, found: Totals, as_of: dt.date | None) -> list[Observation]:
    share = 1.0
    if as_of is not None:
        if f.window is None:  # sign-ups all on one day: nothing to pace against
            return []
        share = _share(f, as_of)
    counts = found.get((tid, "registered"), {})
    if not counts and as_of is None:  # no registrations: the rosters' enrolled
        counts = found.get((tid, "enrolled"), {})
    if share <= 0 or not counts:
        return []
    if f.mode == "course_selection":  # choices are per course, the rate per eligible teacher
        if f.eligible is None:
            return []
        k, n_rows = sum(v for v, _ in counts.values()), sum(n for _, n in counts.values())
        cap = f.seats[""] * f.intakes
        return [Observation("", min(k, f.eligible), f.eligible, n_rows, share=share, censored=k >= cap)]
    out = []
    for unit, (k, n_rows) in counts.items():
        seats = f.seats.get(unit, 0.0) * f.intakes
        trials = round(seats * f.ratio)
        if trials <= 0:
            continue
        # More candidates than seats: a quota that filled says only "at least this many".
        censored = f.ratio > 1 and k >= seats
        out.append(Observation(unit, min(k, trials), trials, n_rows, share=share, censored=censored))
    return out


def _roster(f: _TrackFacts, tid: str, found: Totals, rate: str) -> list[Observation]:
    of, out_of = ("attended", "enrolled") if rate == "attendance_rate" else ("completed", "attended")
    power = 1 if rate == "attendance_rate" else f.completion_power
    if power is None:
        return []
    got, base = found.get((tid, of), {}), found.get((tid, out_of), {})
    return [
        Observation(u, k, base[u][0], n_rows, power=power)
        for u, (k, n_rows) in got.items()
        if u in base and base[u][0] > 0
    ]


def observations(f: _TrackFacts, tid: str, found: Totals, rate: str, as_of: dt.date | None) -> list[Observation]:
    if rate == "participation_rate":
        return _participation(f, tid, found, as_of)
    return _roster(f, tid, found, rate)


# --- the whole calibration --------------------------------------------------------------------


def records_of(tables: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Tables of the formats (by kind, the format's columns; e.g. ``Actuals.rows``) in the store's
    layout, one row per figure: what ``calibrate`` reads without a store."""
    parts = []
    for frame in tables.values():
        base = pd.DataFrame(
            {
                "track": frame["track"],
                "unit": frame.get("unit", ""),
                "date": [dt.date.fromisoformat(d) if isinstance(d, str) else d for d in frame["date"]]
                if "date" in frame
                else None,
            }
        )
        for figure in frame.columns:
            if figure not in ("track", "unit", "date", "line"):
                parts.append(base.assign(figure=figure, value=frame[figure].astype(float)))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(RECORD_COLUMNS))


def check_records(records: pd.DataFrame, name: str = "actuals") -> None:
    missing = [c for c in RECORD_COLUMNS if c not in records.columns]
    if missing:
        raise DataError(
            name,
            "",
            f"expected the columns {', '.join(RECORD_COLUMNS)}; missing {', '.join(missing)}",
            N_("error_calibrate_columns"),
            columns=", ".join(RECORD_COLUMNS),
            missing=", ".join(missing),
        )


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _reason(word: Words, records: int, teachers: int, post: Posterior, phi: float, as_of: dt.date | None) -> Names:
    def words(lang: str) -> str:
        out = word(
            N_("calibrated_reason"),
            lang,
            records=f"{records:,}",
            teachers=f"{teachers:,}",
            mean=_pct(post.mean),
            low=_pct(post.low),
            high=_pct(post.high),
        )
        if phi > 1:
            out += word(N_("calibrated_reason_dispersed"), lang, times=f"{phi:.1f}")
        if as_of is not None:
            out += word(N_("calibrated_reason_as_of"), lang, date=as_of.isoformat())
        return out

    return Names(zh=words("zh"), en=words("en"))


def _calibrated(
    key: str,
    knob: Knob,
    rate: str,
    track: str | None,
    by_unit: list[Observation],
    word: Words,
    as_of: dt.date | None,
    per_unit: bool,
) -> Calibrated:
    assert knob.range is not None
    value = float(knob.default)
    prior = prior_beta(knob.range, value)
    phi = dispersion(by_unit)
    post = posterior(prior, by_unit, phi)
    records, teachers = sum(o.records for o in by_unit), int(round(sum(o.trials for o in by_unit)))
    units = tuple(
        UnitPosterior(o.unit, o.records, int(round(o.trials)), int(round(o.successes)), posterior(prior, [o]))
        for o in by_unit
        if per_unit and o.unit
    )
    reason = _reason(word, records, teachers, post, phi, as_of)
    return Calibrated(
        key, rate, track, knob.unit, value, knob.range, post, beta_range(post, reason), records, teachers, phi, units
    )


def calibrate(program: Program, records: pd.DataFrame, word: Words, as_of: dt.date | None = None) -> Calibration:
    """The program's assumed rates re-estimated from ``records`` (the store's rows of every actuals
    file: ``track, unit, date, figure, value``). ``as_of``: only the registrations up to that day,
    paced against the model's arrival curve. A rate no record informs is left out."""
    check_records(records)
    if as_of is not None:
        first, last = program_dates(program)
        if not first <= as_of <= last:
            raise DataError(
                program.id,
                "as_of",
                f"expected a date from {first} to {last} (the program's period), got {as_of}",
                N_("error_calibrate_as_of"),
                first=first.isoformat(),
                last=last.isoformat(),
                value=as_of.isoformat(),
            )
    found = knobs(program)
    tracks = {t.id: t for t in program.tracks}
    facts = _facts(program) if len(records) else {}
    out: dict[str, Calibrated] = {}
    pooled: dict[str, list[Observation]] = {r: [] for r in RATES}
    found_totals = totals(records, as_of) if len(records) else {}
    for tid, f in facts.items():
        for rate in RATES:
            knob = found.get(f"{tid}.{rate}")
            if knob is None or not knob.assumed or knob.range is None:  # a documented value stays as it is
                continue
            obs = observations(f, tid, found_totals, rate, as_of)
            if not obs:
                continue
            out[knob.key] = _calibrated(knob.key, knob, rate, tid, obs, word, as_of, per_unit=len(obs) > 1)
            if rate not in tracks[tid].parameters:  # the track takes the program-wide value
                pooled[rate] += [replace(o, unit=f"{tid}:{o.unit}") for o in obs]
    for rate, obs in pooled.items():
        knob = found.get(rate)
        if obs and knob is not None and knob.assumed and knob.range is not None:
            out[rate] = _calibrated(rate, knob, rate, None, obs, word, as_of, per_unit=False)
    order = list(found)
    return Calibration(program.id, as_of, dict(sorted(out.items(), key=lambda kv: order.index(kv[0]))))


def _range_dict(r: Range) -> dict[str, Any]:
    return {"low": r.low, "high": r.high, "shape": r.shape}


def _posterior_dict(p: Posterior) -> dict[str, float]:
    return {"mean": p.mean, "sd": p.sd, "low": p.low, "high": p.high}


def calibration_dict(cal: Calibration) -> dict[str, Any]:
    """The calibration as codes and numbers (``actuals calibrate --json``): per knob the assumed
    value and range, the calibrated range, the posterior (mean, sd, CONFIDENCE interval), the
    evidence and each unit's own posterior."""
    return {
        "program": cal.program,
        "as_of": cal.as_of.isoformat() if cal.as_of else None,
        "confidence": CONFIDENCE,
        "values": [
            {
                "key": c.key,
                "rate": c.rate,
                "track": c.track,
                "value": c.value,
                "assumed": _range_dict(c.assumed),
                "calibrated": {**_range_dict(c.calibrated), "reason": c.calibrated.reason.model_dump()},
                "posterior": _posterior_dict(c.posterior),
                "records": c.records,
                "teachers": c.teachers,
                "dispersion": c.dispersion,
                "units": [
                    {
                        "unit": u.unit,
                        "records": u.records,
                        "teachers": u.teachers,
                        "successes": u.successes,
                        "posterior": _posterior_dict(u.posterior),
                    }
                    for u in c.units
                ],
            }
            for c in cal.values.values()
        ],
    }
