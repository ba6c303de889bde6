"""The seeded runs behind the back-tests: the documented baseline and one changed scenario, each as a
few stochastic replications and the deterministic run."""

from __future__ import annotations

from sim import make_scenario, run_once

from .table import REPLICATIONS, SEED, rows

# A scenario that moves every lever at once, so the back-tests cover more than the defaults.
CHANGED = {"quota_scale": 1.3, "participation_rate": 0.8, "attendance_rate": 0.85, "completion_rate": 0.9}


def program_table(program) -> list[tuple[str, ...]]:
    table: list[tuple[str, ...]] = []
    for name, overrides in (("baseline", {}), ("changed", CHANGED)):
        scenario = make_scenario(program, overrides)
        for rep in REPLICATIONS:
            table += rows(program.id, name, str(rep), run_once(program, scenario, SEED, rep))
        table += rows(program.id, name, "deterministic", run_once(program, scenario, SEED, 0, deterministic=True))
    return table
