"""Replications give the same numbers however they are run together: one by one, in chunks on the
worker pool, or several in one SimPy environment (each with its own draws, pools and boards)."""

from __future__ import annotations

import pytest
import simpy

from sim.model import Draws, ProgramModel
from sim.results import summarise
from sim.run import Job, drawn_scenarios, run_jobs, run_once
from sim.scenario import Params, make_scenario

# Henan with one university slot: capacity binds, so a pool shared across replications would show.
CASES = [
    ("henan-2021", {"n_universities": 1, "classes_each_university": 1}),
    ("zhejiang-2021h2", {}),
    ("jiangxi-2022", {}),
]


@pytest.mark.parametrize(("pid", "overrides"), CASES)
def test_one_environment_for_several_replications_changes_no_number(catalog, pid, overrides):
    program = catalog.program(pid)
    worlds = drawn_scenarios(program, make_scenario(program, overrides), 4, seed=3)
    alone = [run_once(program, s, 3, r) for r, s in enumerate(worlds)]
    env = simpy.Environment()
    models = [
        ProgramModel(program, Params(program, s), Draws(3, r, program.id), env=env).start()
        for r, s in enumerate(worlds)
    ]
    env.run()
    assert [summarise(m) for m in models] == alone
    waited = [s - w for m in models for pool in m.capacity.pools.values() for s, w in zip(pool.started, pool.wished)]
    if pid == "henan-2021":  # one slot binds: classes queued in the same environment, each world in its own pool
        assert max(waited) > 0


def test_the_pools_chunks_give_the_replications_run_one_by_one(catalog):
    program = catalog.program("zhejiang-voc-2020")
    jobs = [Job(s, r) for r, s in enumerate(drawn_scenarios(program, make_scenario(program), 12, seed=5))]
    assert run_jobs(program, jobs, 5, workers=2) == run_jobs(program, jobs, 5, workers=1)
