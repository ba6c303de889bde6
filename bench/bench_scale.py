"""The model at scale: Zhejiang ten times larger, and how the summary step grows with cells. Prints figures.

    python bench/bench_scale.py                  # all figures
    python bench/bench_scale.py --quick          # fewer rounds
    python bench/bench_scale.py --against DIR    # section 2 for another checkout too (e.g. `git archive` of
                                                 # an older commit unpacked in DIR), round by round with this one

1. zhejiang-2021h2 at 10x its bundled scale, with 1x alongside. "10x" means ten times the cells:
   quota_scale=10 (ten times the project caps, hence the classes) with ten times the qualified
   project leaders (the leader rule would stop the declarations otherwise) and teachers=6,000,000
   (ten times the assumed 600,000), so that demand keeps pace with the seats and the classes fill
   as at 1x; quota_scale alone would leave most seats empty and time a lighter run. Every class
   queues for its institutions' slots (Model 2's capacity), so at 10x the pools are full. Median seconds of one replication (run_once: the model and its tables)
   and of a run of one replication (run: with the summary too), and the ratio 10x / 1x.
2. The summary step on Jiangxi-like many-unit data: each of Jiangxi's 11 cities split into 30
   units (330 units, one cell each, its teachers shared out), then x1, x10 and x100 that
   (330, 3,300 and 33,000 units). Per scale: the tables of one replication (summarise) and the
   summary of 10 replications (aggregate), in microseconds per cell. The step is linear when the
   time per cell stays flat from x1 to x100. The summary is made of some half a million small
   objects at x100, and Python's cyclic garbage collector, which runs more full passes the more
   objects a process holds, adds its own share on top: "gc paused" times the same summary with
   the collector off, to show the step's own growth apart from it. Each round is a fresh process measuring every scale
   (and, with --against, the other checkout next), so load from other work on a shared machine
   falls on all of them alike: read the ratios more than the seconds.
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
from sim.model import Draws, ProgramModel  # noqa: E402
from sim.run import run, run_once  # noqa: E402
from sim.scenario import Params, make_scenario  # noqa: E402

ZHEJIANG = "zhejiang-2021h2"
TEACHERS = 600_000  # Zhejiang's assumed teachers (data/programs/zhejiang-2021h2.yaml, `teachers`)
SPLIT = 30  # units per Jiangxi city at x1
SCALES = (1, 10, 100)
SUMMARY_REPLICATIONS = 10

# One round of section 2 in a fresh process on the checkout at {root}: JSON {scale: figures}.
SUMMARY_ROUND = """
import gc, json, sys, time
sys.path.insert(0, {root!r})
from sim.catalog import load_catalog
from sim.model import Draws, ProgramModel
from sim.results import aggregate, summarise
from sim.scenario import Params, make_scenario

base = load_catalog().program("jiangxi-2022")
out = {{}}
for scale in {scales!r}:
    k = {split} * scale
    tracks = []
    for t in base.tracks:
        values = {{f"{{city}}{{i}}": max(v // k, 1) for city, v in t.allocation.values.items() for i in range(k)}}
        tracks.append(t.model_copy(update={{"allocation": t.allocation.model_copy(update={{"values": values}})}}))
    program = base.model_copy(update={{"tracks": tracks}})
    params = Params(program, make_scenario(program))
    models = [ProgramModel(program, params, Draws(0, r, program.id, False)).run() for r in range({reps})]
    cells = sum(len(ts.units) for ts in models[0].tracks)
    t = time.perf_counter(); reps = [summarise(m) for m in models]; tables = (time.perf_counter() - t) / len(models)
    t = time.perf_counter(); aggregate(reps); summary = time.perf_counter() - t
    gc.collect(); gc.disable()
    t = time.perf_counter(); aggregate(reps); paused = time.perf_counter() - t
    gc.enable()
    out[scale] = {{"cells": cells, "summarise": tables, "aggregate": summary, "aggregate, gc paused": paused}}
print(json.dumps(out))
"""


def summary_round(root: Path) -> dict[int, dict[str, float]]:
    code = SUMMARY_ROUND.format(root=str(root), scales=SCALES, split=SPLIT, reps=SUMMARY_REPLICATIONS)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return {int(scale): figures for scale, figures in json.loads(out.stdout).items()}


def cell_count(program, scenario) -> int:
    """Classes (cells) one seeded replication of the scenario holds."""
    model = ProgramModel(program, Params(program, scenario), Draws(0, 0, program.id)).run()
    return sum(len(ts.units) for ts in model.tracks)


def zhejiang(rounds: int) -> None:
    program = load_catalog().program(ZHEJIANG)
    # The qualified leaders grow with the caps too: the leader rule would otherwise stop the
    # declarations at some 1,200 projects whatever the quota_scale.
    leaders = {pid: q.value for pid, q in program.parameters.items() if pid.startswith("leaders_")}

    def scaled(scale: int) -> dict[str, float]:
        return {"quota_scale": scale, "teachers": TEACHERS * scale, **{k: v * scale for k, v in leaders.items()}}

    scenarios = {scale: make_scenario(program, scaled(scale)) for scale in (1, 10)}
    cells = {scale: cell_count(program, scenario) for scale, scenario in scenarios.items()}
    once: dict[int, list[float]] = {1: [], 10: []}
    whole: dict[int, list[float]] = {1: [], 10: []}
    for r in range(rounds):  # the scales alternate, so a busy spell slows both
        for scale, scenario in scenarios.items():
            t = time.perf_counter()
            run_once(program, scenario, seed=0, replication=r)
            once[scale].append(time.perf_counter() - t)
            t = time.perf_counter()
            run(program, scenario, replications=1, seed=r, workers=1)
            whole[scale].append(time.perf_counter() - t)
    print(f"\n1. {ZHEJIANG}, one replication at 1x and 10x cells (median of {rounds}; target at 10x <= 1 s)")
    print(f"   cells (classes): 1x {cells[1]:,}   10x {cells[10]:,}")
    for label, times in (("run_once (model + tables)", once), ("run, 1 replication (+ summary)", whole)):
        one, ten = statistics.median(times[1]), statistics.median(times[10])
        print(f"   {label:<32} 1x {one:.3f} s   10x {ten:.3f} s   ratio {ten / one:.1f}")


def summary_scaling(rounds: int, against: Path | None) -> None:
    roots = {"this checkout": ROOT, **({f"against {against}": against} if against else {})}
    figures: dict[str, list[dict[int, dict[str, float]]]] = {name: [] for name in roots}
    for _ in range(rounds):
        for name, root in roots.items():
            figures[name].append(summary_round(root))
    print(
        f"\n2. summary step on Jiangxi-like data, cells x1 / x10 / x100 (median of {rounds} rounds;"
        f" summarise: one replication's tables, aggregate: {SUMMARY_REPLICATIONS} replications' summary)"
    )
    for name, found in figures.items():
        print(f"   {name}")
        for step in ("summarise", "aggregate", "aggregate, gc paused"):
            per_cell = {scale: statistics.median(f[scale][step] / f[scale]["cells"] for f in found) for scale in SCALES}
            seconds = {scale: statistics.median(f[scale][step] for f in found) for scale in SCALES}
            row = "   ".join(
                f"{found[0][scale]['cells']:>6,} cells {seconds[scale]:7.3f} s {per_cell[scale] * 1e6:6.1f} µs/cell"
                for scale in SCALES
            )
            print(f"     {step:<20} {row}   per cell x100/x1 {per_cell[SCALES[-1]] / per_cell[SCALES[0]]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--against", type=Path, help="another checkout whose summary step to time alongside")
    args = parser.parse_args()
    rounds = 3 if args.quick else 7
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}")
    zhejiang(rounds)
    summary_scaling(rounds, args.against)


if __name__ == "__main__":
    main()
