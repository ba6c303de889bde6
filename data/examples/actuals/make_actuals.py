"""Write the sample actuals of Henan 2021 in this folder: what a platform would export had the
program run with the rates in PLANTED (README.md beside this file says them too).

    python data/examples/actuals/make_actuals.py

One seeded run of the model with the planted rates gives each track's and unit's enrolled,
attended and completed, and the providers' settlements per day; registrations per day spread each
unit's enrolled over the selection window with the model's own arrival profile. Calibration
should find the planted rates again from these files.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from sim.catalog import load_catalog  # noqa: E402
from sim.model import Draws, ProgramModel  # noqa: E402
from sim.model.movers import arrival_profile  # noqa: E402
from sim.scenario import Params, make_scenario  # noqa: E402

PROGRAM = "henan-2021"
PLANTED = {"participation_rate": 0.92, "attendance_rate": 0.88, "completion_rate": 0.94}
SEED = 2021


def _write(name: str, header: tuple[str, ...], rows: list[tuple]) -> None:
    with (HERE / name).open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main() -> None:
    program = load_catalog().program(PROGRAM)
    params = Params(program, make_scenario(program, PLANTED))
    model = ProgramModel(program, params, Draws(SEED, 0, program.id)).run()
    rng = np.random.default_rng(SEED)
    registrations, attendance, payments = [], [], defaultdict(float)
    for ts in model.tracks:
        first = ts.cohorts[0]
        by_unit: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for unit, e, a, c in zip(ts.units, first.enrolled, first.attended, ts.cohorts[-1].completed):
            for i, v in enumerate((e, a, c)):
                by_unit[unit][i] += v
        window = model.calendar.windows(ts.track, ("selection", "enrolment"))
        for unit, (e, a, c) in by_unit.items():
            attendance.append((ts.track.id, unit, int(e), int(a), int(c)))
            if window:
                w = window[0]
                days = rng.multinomial(int(e), arrival_profile(len(w.days), params.rate(ts.track, "arrival_rush", 1)))
                for day, n in zip(w.days, days):
                    if n:
                        registrations.append((ts.track.id, unit, model.date(day).isoformat(), int(n)))
        for c in ts.cohorts:
            for day, cost in zip(c.settle, sum(c.cost.values())):
                payments[(ts.track.id, model.date(day).isoformat())] += float(cost)
    _write(f"{PROGRAM}-registrations.csv", ("track", "unit", "date", "registered"), registrations)
    _write(f"{PROGRAM}-attendance.csv", ("track", "unit", "enrolled", "attended", "completed"), attendance)
    rows = [(t, d, round(v, 2)) for (t, d), v in sorted(payments.items(), key=lambda kv: (kv[0][1], kv[0][0]))]
    _write(f"{PROGRAM}-payments.csv", ("track", "date", "paid_yuan"), rows)


if __name__ == "__main__":
    main()
