"""The shared worker pool survives a dead worker and drops work nobody waits for."""

from __future__ import annotations

import os
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from sim import make_scenario, run
from sim.run import on_pool, shared_pool


def _die(_):
    os._exit(3)  # a worker killed mid-task, as by the out-of-memory killer


def _nap(seconds):
    time.sleep(seconds)
    return [seconds]


def test_a_dead_worker_does_not_break_later_runs(catalog):
    with pytest.raises(BrokenProcessPool):
        on_pool(2, _die, [0, 1])
    program = catalog.program("henan-2021")
    result = run(program, make_scenario(program, {}), replications=4, workers=2)
    assert result.replications == 4


def test_an_abandoned_run_does_not_queue_ahead_of_the_next():
    def stop(done):
        raise KeyboardInterrupt  # what Streamlit's rerun does to a script waiting on the pool

    with pytest.raises(KeyboardInterrupt):
        on_pool(2, _nap, [0.5] * 40, done=stop)
    started = time.perf_counter()
    assert on_pool(2, _nap, [0.0, 0.0]) == [[0.0], [0.0]]
    assert time.perf_counter() - started < 5  # not behind the ~38 cancelled naps (≈ 10 s on 2 workers)
    shared_pool.cache_clear()
