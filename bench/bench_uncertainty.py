"""Speed of runs that draw the unknowns (issue 12, point 6). Prints figures; asserts nothing.

    python bench/bench_uncertainty.py            # all figures
    python bench/bench_uncertainty.py --quick    # fewer rounds, a smaller Sobol sample

1. 256 draws of the unknowns (one replication each, chance on) of every bundled program at full
   scale on 2 worker processes of the shared local pool (started before the clock, as the
   dashboard's is): seconds. Target: <= 5 s for each program.
2. How replications run together, measured side by side in one process on the same 32 draws:
   each in its own SimPy environment (what the workers do), against all of a chunk in one
   environment (``ProgramModel(env=...)``; each keeping its own draws, pools and boards). The
   ratio is shared / own: above 1 means sharing the event queue is slower.
3. The Sobol analysis of each program's cost (``uncertainty_shares``, chance off, base sample 32, or
   16 with --quick: 32 x (unknowns + 2) runs): seconds. Target: <= 30 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import simpy  # noqa: E402

from sim.catalog import load_catalog  # noqa: E402
from sim.model import Draws, ProgramModel  # noqa: E402
from sim.results import summarise  # noqa: E402
from sim.run import drawn_scenarios, run, run_once, shared_pool  # noqa: E402
from sim.scenario import Params, make_scenario  # noqa: E402

WORKERS = 2
DRAWS = 256
DRAWS_TARGET = 5.0
SOBOL_TARGET = 30.0


def _own_environments(program, worlds) -> float:
    t = time.perf_counter()
    for r, s in enumerate(worlds):
        run_once(program, s, 0, r)
    return time.perf_counter() - t


def _one_environment(program, worlds) -> float:
    t = time.perf_counter()
    env = simpy.Environment()
    models = [
        ProgramModel(program, Params(program, s), Draws(0, r, program.id), env=env).start()
        for r, s in enumerate(worlds)
    ]
    env.run()
    for m in models:
        summarise(m)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rounds = 1 if args.quick else 3
    catalog = load_catalog()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")
    shared_pool(WORKERS).submit(int).result()

    print(
        f"\n1. {DRAWS} draws of the unknowns at full scale on {WORKERS} workers (median of {rounds}; target <= {DRAWS_TARGET} s)"
    )
    for pid, program in catalog.programs.items():
        scenario = make_scenario(program)
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            run(program, scenario, replications=DRAWS, unknowns=True, workers=WORKERS)
            times.append(time.perf_counter() - t)
        print(f"   {pid:20s} {statistics.median(times):6.2f} s")

    print("\n2. 32 draws in one process: each replication in its own environment vs all in one (shared / own)")
    for pid, program in catalog.programs.items():
        worlds = drawn_scenarios(program, make_scenario(program), 32, 0)
        own, shared = [], []
        for _ in range(rounds):  # side by side, so load from other work falls on both alike
            own.append(_own_environments(program, worlds))
            shared.append(_one_environment(program, worlds))
        o, s = statistics.median(own), statistics.median(shared)
        print(f"   {pid:20s} own {o:6.3f} s  one environment {s:6.3f} s  ratio {s / o:4.2f}")

    from sim.whatif.attribution import uncertainty_shares

    print(f"\n3. Sobol analysis of the cost on {WORKERS} workers (target <= {SOBOL_TARGET} s)")
    for pid, program in catalog.programs.items():
        t = time.perf_counter()
        uncertainty_shares(program, make_scenario(program), "cost_yuan", 16 if args.quick else 32, workers=WORKERS)
        print(f"   {pid:20s} {time.perf_counter() - t:6.2f} s")


if __name__ == "__main__":
    main()
