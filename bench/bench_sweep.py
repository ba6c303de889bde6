"""Sweep speed: 1 worker vs 2 on a 100-run sweep, and the UI-sized what-if calls. Prints figures.

    python bench/bench_sweep.py

1. A 5 x 4 grid (quota_scale x participation_rate) x 5 replications of Henan = 100 runs, on 1 and
   on 2 local worker processes (pools warmed first, as in the dashboard): seconds and speed-up.
2. What the what-if pages ask for, on 2 workers: a 3 x 3 grid x 20 replications, a tornado
   (dashboard knobs, 20 replications), a goal seek (20 replications), a 3-scenario comparison.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sim.catalog import load_catalog  # noqa: E402
from sim.scenario import (
    dashboard_keys,  # noqa: E402
    make_scenario,  # noqa: E402
)
from sim.whatif import (
    compare,  # noqa: E402
    goal_seek,  # noqa: E402
    sweep,  # noqa: E402
    tornado,  # noqa: E402
)

GRID = {"quota_scale": [0.6, 0.8, 1.0, 1.2, 1.4], "participation_rate": [0.7, 0.8, 0.9, 1.0]}
SMALL = {"quota_scale": [0.8, 1.0, 1.2], "participation_rate": [0.8, 0.9, 1.0]}


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    program = load_catalog().program("henan-2021")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for workers in (1, 2):  # start the pools, so the figures measure runs, not process start-up
        sweep(program, SMALL, replications=2, workers=workers)
    seconds = {
        w: min(timed(lambda w=w: sweep(program, GRID, replications=5, seed=1, workers=w)) for _ in range(3))
        for w in (1, 2)
    }
    print("\n1. 5 x 4 grid x 5 replications = 100 runs of henan-2021 (best of 3)")
    print(
        f"   1 worker  {seconds[1]:.2f} s\n   2 workers {seconds[2]:.2f} s\n   speed-up  {seconds[1] / seconds[2]:.2f}x"
    )

    s = make_scenario(program)
    print("\n2. what-if calls on 2 workers (henan-2021, 20 replications)")
    print(f"   3 x 3 grid x 20 replications  {timed(lambda: sweep(program, SMALL, replications=20, workers=2)):.2f} s")
    print(
        f"   tornado, {len(dashboard_keys(program))} knobs x 2 ends   {timed(lambda: tornado(program, s, replications=20, workers=2)):.2f} s"
    )
    print(
        f"   goal seek (completed >= 10,000) {timed(lambda: goal_seek(program, s, 10_000, replications=20, workers=2)):.2f} s"
    )
    three = {
        "扩招": make_scenario(program, {"quota_scale": 1.2}),
        "降费": make_scenario(program, {"fee_face": 350}),
        "提高出勤": make_scenario(program, {"attendance_rate": 0.97, "quota_scale": 0.9}),
    }
    print(
        f"   compare 3 scenarios + drivers  {timed(lambda: compare(program, three, replications=20, workers=2)):.2f} s"
    )


if __name__ == "__main__":
    main()
