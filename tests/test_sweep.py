"""Sweeps: tidy output, identical numbers on any executor, files read back, CLI."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from distributed import LocalCluster

from sim.base import DataError, ScenarioError
from sim.whatif import KEY_FIGURES, parse_grid, sweep, write_table
from tests.documented import ROOT

GRID = {"quota_scale": [0.8, 1.2], "participation_rate": [0.8, 0.9, 1.0]}


@pytest.fixture(scope="module")
def local(henan):
    return sweep(henan, GRID, {"attendance_rate": 0.9}, replications=4, seed=5, workers=2)


def test_one_row_per_combination_and_replication(local):
    assert len(local) == 6 * 4
    assert list(local.columns) == ["program", "combination", "replication", *GRID, *KEY_FIGURES]
    combos = local.drop_duplicates("combination")[list(GRID)].to_records(index=False).tolist()
    assert combos == [(q, p) for q in GRID["quota_scale"] for p in GRID["participation_rate"]]
    assert (local.groupby("combination")["replication"].apply(list) == [list(range(4))] * 6).all()
    # the seats scale with the quota multiplier in every replication
    assert set(local.loc[local.quota_scale == 1.2, "quota"]) == {15000.0}


def test_same_seed_same_table_whatever_the_worker_count(henan, local):
    one = sweep(henan, GRID, {"attendance_rate": 0.9}, replications=4, seed=5, workers=1)
    pd.testing.assert_frame_equal(one, local)
    progress = []
    three = sweep(
        henan,
        GRID,
        {"attendance_rate": 0.9},
        replications=4,
        seed=5,
        workers=3,
        on_progress=lambda done, total: progress.append((done, total)),
    )
    pd.testing.assert_frame_equal(three, local)
    assert progress[-1] == (24, 24) and [d for d, _ in progress] == sorted(d for d, _ in progress)
    other_seed = sweep(henan, GRID, {"attendance_rate": 0.9}, replications=4, seed=6, workers=2)
    assert not other_seed["completed"].equals(local["completed"])


def test_dask_cluster_gives_the_same_table(henan, local):
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        remote = sweep(
            henan, GRID, {"attendance_rate": 0.9}, replications=4, seed=5, dask_address=cluster.scheduler_address
        )
    pd.testing.assert_frame_equal(remote, local)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_written_files_read_back(local, tmp_path, suffix):
    path = write_table(local, tmp_path / f"sweep{suffix}")
    back = pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
    pd.testing.assert_frame_equal(back, local, check_dtype=False)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_bad_grids_and_paths_are_refused(henan, local, tmp_path):
    with pytest.raises(ScenarioError, match="KEY=V1,V2"):
        parse_grid(["quota_scale"])
    with pytest.raises(ScenarioError, match="twice"):
        parse_grid(["quota_scale=1", "quota_scale=2"])
    with pytest.raises(ScenarioError, match="quota_scale"):
        sweep(henan, {"quota_scale": [1, 11]})
    with pytest.raises(ScenarioError, match="unknown key"):
        sweep(henan, {"quota": [1]})
    with pytest.raises(ScenarioError, match="no values"):
        sweep(henan, {"quota_scale": []})
    with pytest.raises(DataError, match="ending in"):
        write_table(local, tmp_path / "out.xlsx")
    with pytest.raises(DataError, match="does not exist"):
        write_table(local, tmp_path / "no" / "out.csv")


def test_cli_sweep_writes_the_table_and_shows_progress(tmp_path, local):
    out = tmp_path / "s.parquet"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "--lang",
            "en",
            "sweep",
            "henan-2021",
            "--grid",
            "quota_scale=0.8,1.2",
            "--grid",
            "participation_rate=0.8,0.9,1.0",
            "--set",
            "attendance_rate=0.9",
            "-n",
            "4",
            "--seed",
            "5",
            "--workers",
            "2",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "24/24" in done.stderr and "24 rows (6 combinations)" in done.stdout
    pd.testing.assert_frame_equal(pd.read_parquet(out), local, check_dtype=False)
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "--lang",
            "en",
            "sweep",
            "henan-2021",
            "--grid",
            "quota_scale=1",
            "--out",
            str(tmp_path / "x.txt"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "ending in .parquet or .csv" in bad.stderr and "Traceback" not in bad.stderr
