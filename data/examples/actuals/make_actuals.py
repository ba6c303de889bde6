"""Write the sample actuals of Henan 2021 in this folder: what a platform would export had the
program run with the rates in PLANTED (README.md beside this file says them too).

    python data/examples/actuals/make_actuals.py

The rows come from ``sim.actuals.sample.planted_actuals``: one seeded run of the model with the
planted rates (the calibration's coverage test draws its actuals the same way, over many seeds).
Calibration (``python -m sim actuals calibrate henan-2021``) should find the planted rates again.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from sim.actuals import FORMATS  # noqa: E402
from sim.actuals.sample import planted_actuals  # noqa: E402
from sim.catalog import load_catalog  # noqa: E402

PROGRAM = "henan-2021"
PLANTED = {"participation_rate": 0.92, "attendance_rate": 0.88, "completion_rate": 0.94}
SEED = 2021


def main() -> None:
    rows = planted_actuals(load_catalog().program(PROGRAM), PLANTED, SEED)
    for kind, found in rows.items():
        with (HERE / f"{PROGRAM}-{kind}.csv").open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(FORMATS[kind].columns)
            w.writerows(found)


if __name__ == "__main__":
    main()
