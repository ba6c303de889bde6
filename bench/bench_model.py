"""Speed and memory of the model. Prints figures; asserts nothing (targets are in the README).

    python bench/bench_model.py            # all figures
    python bench/bench_model.py --quick    # fewer repetitions

1. One replication at bundled (full province) scale for each program: median seconds and peak
   memory (RSS) of a fresh process. Target: <= 0.1 s median for every program.
2. 100 replications of each of the five programs on 2 worker processes (the shared local pool of
   ``sim.run``, started before the clock, as the dashboard's is): seconds. Target: <= 20 s. The
   same runs in this process (1 worker), program by program in turn, give the speed-up the pool
   gets now: on a machine others are using it falls towards 1x.
3. Cohort model vs the per-teacher reference model on the same small cases: speed-up.

bench/bench_scale.py has the figures at larger scale (Zhejiang x10, the summary step's growth).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.catalog import load_catalog  # noqa: E402
from sim.results import key_figures  # noqa: E402
from sim.run import (  # noqa: E402
    run,
    run_once,
    run_reference,  # noqa: E402
)
from sim.scenario import make_scenario  # noqa: E402

ONE_RUN = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from sim.catalog import load_catalog
from sim.run import run_once
from sim.scenario import make_scenario
program = load_catalog().program({pid!r})
scenario = make_scenario(program)
run_once(program, scenario, seed=0, replication=0)
times = []
for r in range({repeats}):
    t = time.perf_counter(); run_once(program, scenario, seed=0, replication=r); times.append(time.perf_counter() - t)
print(json.dumps({{"seconds": sorted(times)[len(times) // 2],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""

ONE_TARGET = 0.1  # seconds, median of one replication at bundled scale (issue 11, point 6)
MANY_TARGET = 20  # seconds, 100 replications x 5 programs on 2 cores
WORKERS = 2

# (program, overrides): small cases, and Henan at full scale to show how the gap grows with teachers.
CASES = [
    ("henan-2021", {"quota_scale": 0.1}),
    ("zhejiang-2021h2", {"quota_scale": 0.02, "teachers": 12000}),
    ("henan-2021", {}),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    catalog = load_catalog()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")

    print(
        f"\n1. one replication at full scale (median of {repeats}; target <= {ONE_TARGET} s), peak memory of a fresh process"
    )
    for pid, program in catalog.programs.items():
        out = subprocess.run(
            [sys.executable, "-c", ONE_RUN.format(root=str(ROOT), pid=pid, repeats=repeats)],
            capture_output=True,
            text=True,
            check=True,
        )
        fig = json.loads(out.stdout)
        teachers = key_figures(run_once(program, make_scenario(program), seed=0))["quota"]
        print(f"   {pid:<20} {fig['seconds']:.3f} s   peak {fig['peak_mb']:.0f} MB   ({teachers:,.0f} seats)")

    reps = 100
    print(f"\n2. {reps} replications of all five programs, {WORKERS} worker processes (target <= {MANY_TARGET} s)")
    first = next(iter(catalog.programs.values()))
    run(first, make_scenario(first), replications=WORKERS * 2, workers=WORKERS)  # start the pool's processes
    seconds = {1: 0.0, WORKERS: 0.0}
    for program in catalog.programs.values():  # one worker (this process) alongside: what the pool gains now
        for workers in seconds:
            start = time.perf_counter()
            run(program, make_scenario(program), replications=reps, seed=1, workers=workers)
            seconds[workers] += time.perf_counter() - start
    print(
        f"   total {seconds[WORKERS]:.1f} s   (1 worker, the same runs: {seconds[1]:.1f} s;"
        f" speed-up {seconds[1] / seconds[WORKERS]:.2f}x)"
    )

    print("\n3. cohort model vs per-teacher reference model, same case (seconds per replication)")
    n = 3 if args.quick else 10
    for pid, overrides in CASES:
        program = catalog.program(pid)
        scenario = make_scenario(program, overrides)
        cohort, teacher = [], []
        for r in range(n):
            t = time.perf_counter()
            run_once(program, scenario, seed=2, replication=r)
            cohort.append(time.perf_counter() - t)
            t = time.perf_counter()
            run_reference(program, scenario, seed=2, replication=r)
            teacher.append(time.perf_counter() - t)
        c, p = statistics.median(cohort), statistics.median(teacher)
        seats = key_figures(run_once(program, scenario, seed=2))["quota"]
        print(f"   {pid:<20} cohort {c:.4f} s   per-teacher {p:.4f} s   speed-up {p / c:.1f}x   ({seats:,.0f} seats)")


if __name__ == "__main__":
    main()
