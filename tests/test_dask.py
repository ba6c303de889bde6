"""Replications on a Dask cluster give the same results as local ones."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from distributed import LocalCluster

from sim.run import run
from sim.scenario import make_scenario
from tests.documented import ROOT


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c.scheduler_address


def test_dask_replications_equal_local_ones(catalog, cluster):
    program = catalog.program("henan-2021")
    scenario = make_scenario(program, {"attendance_rate": 0.85})
    local = run(program, scenario, replications=10, seed=3, workers=1)
    remote = run(program, scenario, replications=10, seed=3, dask_address=cluster)
    assert remote.summary == local.summary


def test_unreachable_cluster_is_a_clear_error():
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}
    out = subprocess.run(
        [sys.executable, "-m", "sim", "--lang", "en", "run", "henan-2021", "-n", "8", "--dask", "tcp://127.0.0.1:9"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 2 and "error:" in out.stderr and "Traceback" not in out.stderr
