"""Scenario store: CRUD, concurrent writers (threads and processes), crash safety, exchange files."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import sim.store.db as store_module
from sim.base import DataError, StoreError
from sim.catalog import load_catalog
from sim.store import ENV_URL, NameTaken, NotFound, ScenarioSpec, ScenarioStore, VersionConflict, scenario_of
from tests.documented import ROOT

HENAN = "henan-2021"


def spec(name="扩招", **kw) -> ScenarioSpec:
    return ScenarioSpec(**{"program": HENAN, "name": name, "overrides": {"quota_scale": 1.2}, **kw})


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(catalog, tmp_path):
    store = ScenarioStore(catalog, path=tmp_path / "store.sqlite")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == store_module.BUSY_TIMEOUT_MS


def test_save_load_update_rename_duplicate_delete(store):
    first = store.save(spec(note="初稿", seed=3, replications=50))
    assert (first.version, first.note, first.seed, first.replications) == (1, "初稿", 3, 50)
    assert store.load(HENAN, "扩招") == first
    second = store.save(first.spec().model_copy(update={"note": "二稿"}), expected_version=1)
    assert second.version == 2 and second.created_at == first.created_at and second.updated_at >= first.updated_at
    renamed = store.rename(HENAN, "扩招", "扩招20%", expected_version=2)
    assert renamed.name == "扩招20%" and renamed.version == 3
    with pytest.raises(NotFound):
        store.load(HENAN, "扩招")
    copy = store.duplicate(HENAN, "扩招20%", "副本")
    assert (copy.version, copy.overrides, copy.note) == (1, renamed.overrides, "二稿")
    assert [s.name for s in store.list(HENAN)] == ["副本", "扩招20%"]
    assert store.list("jiangxi-2022") == []
    store.delete(HENAN, "副本")
    assert [s.name for s in store.list()] == ["扩招20%"]


def test_names_are_unique_per_program_and_stale_writes_conflict(store):
    store.save(spec())
    with pytest.raises(NameTaken):
        store.save(spec())
    store.save(ScenarioSpec(program="jiangxi-2022", name="扩招"))  # same name, other program: fine
    store.save(spec("其他"))
    with pytest.raises(NameTaken):
        store.rename(HENAN, "其他", "扩招", expected_version=1)
    store.save(spec(note="A"), expected_version=1)
    with pytest.raises(VersionConflict) as err:
        store.save(spec(note="B"), expected_version=1)  # B loaded version 1 too, A saved first
    assert err.value.current == 2 and store.load(HENAN, "扩招").note == "A"
    with pytest.raises(VersionConflict):
        store.delete(HENAN, "扩招", expected_version=1)
    with pytest.raises(NotFound):
        store.save(spec("没有"), expected_version=1)


def test_knobs_are_validated_and_normalised_on_save(store):
    with pytest.raises(Exception, match="quota_scale"):
        store.save(spec(overrides={"quota_scale": 99}))
    with pytest.raises(Exception, match="unknown program"):
        store.save(ScenarioSpec(program="nowhere", name="x"))
    saved = store.save(spec(overrides={"attendance_rate": "0.9", "delivery.end": "2021-12-20"}))
    assert saved.overrides == {"attendance_rate": 0.9, "delivery.end": "2021-12-20"}
    scenario, seed, reps = scenario_of(store, HENAN, "扩招")
    assert scenario.overrides["attendance_rate"] == 0.9 and (seed, reps) == (0, 20)


def _increment(store: ScenarioStore, name: str, times: int) -> int:
    """Add one to the saved seed ``times`` times, reloading on every conflict; returns the retries."""
    retries = 0
    for _ in range(times):
        while True:
            current = store.load(HENAN, name)
            try:
                store.save(current.spec().model_copy(update={"seed": current.seed + 1}), current.version)
                break
            except VersionConflict:
                retries += 1
    return retries


def test_threads_writing_at_once_lose_no_update(store):
    store.save(spec("counter", seed=0))
    threads = [threading.Thread(target=_increment, args=(store, "counter", 15)) for _ in range(6)]
    creators = [threading.Thread(target=store.save, args=(spec(f"t{i}"),)) for i in range(6)]
    for t in threads + creators:
        t.start()
    for t in threads + creators:
        t.join()
    final = store.load(HENAN, "counter")
    assert final.seed == 90 and final.version == 91
    assert {f"t{i}" for i in range(6)} <= {s.name for s in store.list(HENAN)}


def _process_worker(url: str, worker: int, times: int) -> int:
    s = ScenarioStore(load_catalog(), url=url)
    s.save(spec(f"p{worker}"))
    return _increment(s, "counter", times)


def test_processes_writing_at_once_lose_no_update(catalog, store_url):
    ScenarioStore(catalog, url=store_url).save(spec("counter", seed=0))
    with ProcessPoolExecutor(4, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(_process_worker, [store_url] * 4, range(4), [10] * 4))
    s = ScenarioStore(catalog, url=store_url)
    assert s.load(HENAN, "counter").seed == 40
    assert {f"p{i}" for i in range(4)} <= {x.name for x in s.list(HENAN)}


def test_an_exception_inside_the_transaction_keeps_the_previous_version(store, monkeypatch):
    store.save(spec(note="保留"))

    def fail(row):
        raise RuntimeError("injected failure after the UPDATE, before the commit")

    monkeypatch.setattr(store_module, "_saved", fail)
    with pytest.raises(RuntimeError):
        store.save(spec(note="丢失"), expected_version=1)
    monkeypatch.undo()
    kept = store.load(HENAN, "扩招")
    assert (kept.note, kept.version) == ("保留", 1)


CRASH = """
import os, sys
sys.path.insert(0, {root!r})
import sim.store.db as m
from sim.catalog import load_catalog
from sim.store import ScenarioSpec
s = m.ScenarioStore(load_catalog(), url={url!r})
m._saved = lambda row: os._exit(3)  # the process dies after the UPDATE, inside the transaction
s.save(ScenarioSpec(program="henan-2021", name="扩招", note="丢失"), expected_version=1)
"""


def test_a_process_killed_mid_save_leaves_the_previous_version(store):
    store.save(spec(note="保留"))
    url = store.engine.url.render_as_string(hide_password=False)
    out = subprocess.run(
        [sys.executable, "-c", CRASH.format(root=str(ROOT), url=url)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 3, out.stderr
    kept = store.load(HENAN, "扩招")
    assert (kept.note, kept.version) == ("保留", 1)
    assert store.save(spec(note="之后"), expected_version=1).version == 2  # the lock died with the process


def test_environment_variable_selects_the_database(catalog, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'from-env.sqlite'}"
    monkeypatch.setenv(ENV_URL, url)
    s = ScenarioStore(catalog)
    s.save(spec())
    assert s.url == url and (tmp_path / "from-env.sqlite").is_file()
    explicit = ScenarioStore(catalog, path=tmp_path / "explicit.sqlite")  # an argument beats the variable
    assert explicit.list() == []


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_export_then_import_round_trips(store, catalog, tmp_path, suffix):
    store.save(spec(note="说明", overrides={"quota_scale": 1.2, "delivery.end": "2021-12-20"}))
    store.save(ScenarioSpec(program="jiangxi-2022", name="线上", overrides={"fee_per_hour": 2}))
    path = store.export(tmp_path / f"out{suffix}")
    other = ScenarioStore(catalog, path=tmp_path / "other.sqlite")
    imported = other.import_file(path)
    assert [s.spec() for s in imported] == [s.spec() for s in store.list()]
    with pytest.raises(NameTaken):
        other.import_file(path)
    assert [s.version for s in other.import_file(path, replace=True)] == [2, 2]


def test_import_is_all_or_nothing(store, tmp_path):
    store.save(spec("已有"))
    path = tmp_path / "two.json"
    path.write_text(
        json.dumps(
            {
                "format": "tt-scenarios/1",
                "scenarios": [{"program": HENAN, "name": "新的"}, {"program": HENAN, "name": "已有"}],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(NameTaken):
        store.import_file(path)
    assert [s.name for s in store.list()] == ["已有"]


GOOD = {"program": HENAN, "name": "a", "overrides": {"quota_scale": 1.1}}


def _doc(**item):
    return {"format": "tt-scenarios/1", "scenarios": [{**GOOD, **item}]}


@pytest.mark.parametrize(
    "content, field, expected",
    [
        ('{"format": "tt-scenarios/1",\n "scenarios": [}', "line 2", "not valid JSON"),
        ({"format": "other/2", "scenarios": []}, "format", "tt-scenarios/1"),
        ({"format": "tt-scenarios/1", "scenarios": [], "extra": 1}, "extra", "unknown key"),
        ([1, 2], "", "expected a mapping"),
        (_doc(colour="red"), "scenarios[0].colour", "unknown key"),
        ({"format": "tt-scenarios/1", "scenarios": [{"program": HENAN}]}, "scenarios[0].name", "required"),
        (_doc(seed=-1), "scenarios[0].seed", "greater than or equal to 0"),
        (_doc(replications=0), "scenarios[0].replications", "greater than or equal to 1"),
        (_doc(name="   "), "scenarios[0].name", "visible character"),
        (_doc(program="nowhere"), "scenarios[0].program", "unknown program"),
        (_doc(overrides={"quota_scal": 1}), "scenarios[0].overrides.quota_scal", "unknown key"),
        (_doc(overrides={"quota_scale": 20}), "scenarios[0].overrides.quota_scale", "at most 10"),
        (_doc(overrides={"attendance_rate": "high"}), "scenarios[0].overrides.attendance_rate", "expected a number"),
        (_doc(overrides={"delivery.end": "2021-08-01"}), "scenarios[0].overrides.delivery.end", "before start"),
        (
            _doc(overrides={"delivery.start": "2021-12-01", "delivery.end": "2021-11-01"}),
            "scenarios[0].overrides",
            "before start",
        ),
        ({"format": "tt-scenarios/1", "scenarios": [GOOD, GOOD]}, "scenarios[1].name", "unique per program"),
    ],
)
def test_bad_files_are_refused_with_a_located_error(store, tmp_path, content, field, expected):
    path = tmp_path / "bad.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    with pytest.raises(DataError) as err:
        store.import_file(path)
    assert (err.value.file, err.value.field) == (str(path), field)
    assert expected in err.value.expected
    assert store.list() == []


def test_bad_yaml_and_bad_file_names(store, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("format: tt-scenarios/1\nscenarios:\n  - program: henan-2021\n    program: x\n", encoding="utf-8")
    with pytest.raises(DataError, match="duplicate key") as err:
        store.import_file(path)
    assert err.value.field == "line 4"
    with pytest.raises(DataError, match="ending in"):
        store.import_file(tmp_path / "scenarios.txt")
    with pytest.raises(DataError, match="does not exist"):
        store.export(tmp_path / "missing" / "out.json")
    assert not list(Path(tmp_path).glob("*.tmp"))


def test_new_names_from_rename_and_duplicate_get_the_same_checks(store):
    saved = store.save(spec("原方案"))
    assert store.duplicate(saved.program, "原方案", "  副本  ").name == "副本"
    assert store.load(saved.program, "副本").name == "副本"
    for bad in ("", "   "):
        with pytest.raises(StoreError, match="scenario name"):
            store.duplicate(saved.program, "原方案", bad)
        with pytest.raises(StoreError, match="scenario name"):
            store.rename(saved.program, "原方案", bad, saved.version)
    assert sorted(x.name for x in store.list(saved.program)) == sorted(["副本", "原方案"])
