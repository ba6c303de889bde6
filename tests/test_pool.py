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


def test_a_colleagues_small_run_does_not_wait_behind_a_big_one():
    import threading

    on_pool(2, _nap, [0.1] * 4)  # both workers started, with this module imported in them, before the clock runs
    big_done = threading.Event()

    def big():
        on_pool(2, _nap, [0.25] * 24)  # 3 s of work on two workers
        big_done.set()

    thread = threading.Thread(target=big)
    thread.start()
    time.sleep(0.4)  # the big run holds both workers now
    started = time.perf_counter()
    assert on_pool(2, _nap, [0.0]) == [[0.0]]
    waited = time.perf_counter() - started
    thread.join()
    assert big_done.is_set()
    # First in, first out it would wait for the big run's queued naps (about 2.5 s); sharing, for one nap.
    assert waited < 1.0, f"the small run waited {waited:.2f} s"


def test_a_run_over_its_time_limit_stops_and_says_so():
    from sim.run import RunTimeout

    started = time.perf_counter()
    with pytest.raises(RunTimeout, match="time limit"):
        on_pool(2, _nap, [0.3] * 20, time_limit=0.5)
    assert time.perf_counter() - started < 2.0
    assert on_pool(2, _nap, [0.0, 0.0]) == [[0.0], [0.0]]  # the pool is free for the next run soon after


def test_a_run_over_budget_is_refused_before_it_starts(henan):
    from sim.run import BudgetExceeded, Job, run_jobs

    with pytest.raises(BudgetExceeded):
        run_jobs(henan, [Job(make_scenario(henan, {"quota_scale": 10}))] * 3, budget=5_000)
