"""Actuals made by the model with planted rates: what a platform would export had a program run with
them. The bundled sample (data/examples/actuals/make_actuals.py) and the calibration's coverage test
both come from here, so calibration is checked against the very process the sample shows.

One seeded run of the model with the planted rates gives each track's and unit's enrolled, attended
and completed, and the providers' settlements per day; registrations per day spread each unit's enrolled over the track's first
sign-up window with the model's own arrival profile.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from sim.catalog import Program
from sim.model import Draws, ProgramModel
from sim.model.enrolment import ENROLMENT_KINDS
from sim.model.movers import arrival_profile
from sim.scenario import Params, make_scenario

Rows = list[tuple[Any, ...]]


def planted_actuals(program: Program, rates: Mapping[str, float], seed: int) -> dict[str, Rows]:
    """The rows of each format (``registrations``, ``attendance``, ``payments``), in the formats'
    column order (sim.actuals.formats), from one run of the model at ``rates`` with ``seed``."""
    params = Params(program, make_scenario(program, dict(rates)))
    model = ProgramModel(program, params, Draws(seed, 0, program.id)).run()
    rng = np.random.default_rng(seed)
    registrations: Rows = []
    attendance: Rows = []
    payments: dict[tuple[str, str], float] = defaultdict(float)
    for ts in model.tracks:
        # A continuing track's roster is who started and who completed at its end; a track with a
        # new cohort each year reports every year's.
        rosters = [(c, c) for c in ts.cohorts] if ts.track.new_cohort_each_year else [(ts.cohorts[0], ts.cohorts[-1])]
        by_unit: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for first, last in rosters:
            for unit, e, a, c in zip(ts.units, first.enrolled, first.attended, last.completed):
                for i, v in enumerate((e, a, c)):
                    by_unit[unit][i] += v
        window = model.calendar.windows(ts.track, ENROLMENT_KINDS)
        for unit, (e, a, c) in by_unit.items():
            attendance.append((ts.track.id, unit, int(e), int(a), int(c)))
            if window:
                w = window[0]
                days = rng.multinomial(int(e), arrival_profile(len(w.days), params.rate(ts.track, "arrival_rush", 1)))
                for day, n in zip(w.days, days):
                    if n:
                        registrations.append((ts.track.id, unit, model.date(day).isoformat(), int(n)))
        for cohort in ts.cohorts:
            for day, cost in zip(cohort.settle, np.sum(list(cohort.cost.values()), axis=0)):
                payments[(ts.track.id, model.date(day).isoformat())] += float(cost)
    paid = [(t, d, round(v, 2)) for (t, d), v in sorted(payments.items(), key=lambda kv: (kv[0][1], kv[0][0]))]
    return {"registrations": registrations, "attendance": attendance, "payments": paid}


def planted_records(program: Program, rates: Mapping[str, float], seed: int) -> pd.DataFrame:
    """``planted_actuals`` in the store's layout (``calibrate``'s input)."""
    from .calibrate import records_of
    from .formats import FORMATS

    rows = planted_actuals(program, rates, seed)
    return records_of({kind: pd.DataFrame(r, columns=list(FORMATS[kind].columns)) for kind, r in rows.items()})
