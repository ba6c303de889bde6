"""Accounts and roles in the scenario library, on SQLite and PostgreSQL: who may do what, who created
and changed each scenario, and the audit of every change (users are injected; no identity provider)."""

from __future__ import annotations

import csv
import json

import pytest

from sim.store import LOCAL, PermissionDenied, Role, ScenarioSpec, User

HENAN = "henan-2021"
VIEWER = User("王科员", Role.VIEWER)
ANNA = User("anna", Role.ANALYST)
BO = User("bo", Role.ANALYST)
ADMIN = User("admin", Role.ADMIN)


def spec(name="扩招", **kw) -> ScenarioSpec:
    return ScenarioSpec(**{"program": HENAN, "name": name, "overrides": {"quota_scale": 1.2}, **kw})


def test_a_viewer_reads_and_exports_but_changes_nothing(store, tmp_path):
    saved = store.save(spec(), by=ANNA)
    assert [s.name for s in store.list(HENAN)] == ["扩招"]  # reading needs no role beyond viewer
    store.export(tmp_path / "out.yaml", HENAN)
    refused = [
        lambda: store.save(spec("新的"), by=VIEWER),
        lambda: store.save(saved.spec().model_copy(update={"note": "x"}), expected_version=1, by=VIEWER),
        lambda: store.rename(HENAN, "扩招", "改名", 1, by=VIEWER),
        lambda: store.duplicate(HENAN, "扩招", "副本", by=VIEWER),
        lambda: store.delete(HENAN, "扩招", by=VIEWER),
        lambda: store.import_file(tmp_path / "out.yaml", replace=True, by=VIEWER),
    ]
    for attempt in refused:
        with pytest.raises(PermissionDenied, match="viewer"):
            attempt()
    assert [(s.name, s.version, s.note) for s in store.list(HENAN)] == [("扩招", 1, "")]
    assert [e["action"] for e in store.audit_log()] == ["create"]


def test_an_analyst_changes_their_own_and_only_duplicates_others(store):
    store.save(spec("anna的"), by=ANNA)
    store.save(spec("bo的"), by=BO)
    updated = store.save(spec("anna的", note="改了"), expected_version=1, by=ANNA)
    assert (updated.version, updated.created_by, updated.updated_by) == (2, "anna", "anna")
    assert store.rename(HENAN, "anna的", "anna方案", 2, by=ANNA).name == "anna方案"
    with pytest.raises(PermissionDenied, match=r"bo的 \(created by bo\)"):
        store.save(spec("bo的", note="偷改"), expected_version=1, by=ANNA)
    with pytest.raises(PermissionDenied, match="created by bo"):
        store.rename(HENAN, "bo的", "x", 1, by=ANNA)
    copy = store.duplicate(HENAN, "bo的", "bo的副本", by=ANNA)
    assert (copy.created_by, copy.version) == ("anna", 1)  # the copy belongs to whoever made it
    with pytest.raises(PermissionDenied, match="administrators"):
        store.delete(HENAN, "anna方案", by=ANNA)  # deleting is for administrators, even one's own
    assert store.load(HENAN, "bo的").note == ""


def test_an_admin_changes_and_deletes_everything(store):
    store.save(spec("bo的"), by=BO)
    changed = store.save(spec("bo的", note="管理员改"), expected_version=1, by=ADMIN)
    assert (changed.created_by, changed.updated_by) == ("bo", "admin")
    store.delete(HENAN, "bo的", by=ADMIN)
    assert store.list(HENAN) == []


def test_import_replaces_only_what_the_analyst_may_change(store, tmp_path):
    store.save(spec("bo的"), by=BO)
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps(
            {
                "format": "tt-scenarios/1",
                "scenarios": [
                    {"program": HENAN, "name": "anna新", "overrides": {}},
                    {"program": HENAN, "name": "bo的", "overrides": {"quota_scale": 2}},
                ],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(PermissionDenied, match="created by bo"):
        store.import_file(path, replace=True, by=ANNA)
    assert [s.name for s in store.list(HENAN)] == ["bo的"]  # one transaction: the new one was not kept either
    assert store.load(HENAN, "bo的").overrides == {"quota_scale": 1.2}


def test_every_change_is_in_the_audit_with_before_and_after(store, tmp_path):
    store.save(spec(), by=ANNA)
    store.save(spec(note="第二版"), expected_version=1, by=ANNA)
    store.rename(HENAN, "扩招", "扩招20%", 2, by=ADMIN)
    store.delete(HENAN, "扩招20%", by=ADMIN)
    log = store.audit_log(HENAN)
    assert [(e["action"], e["user"], e["role"]) for e in log] == [
        ("delete", "admin", "admin"),
        ("rename", "admin", "admin"),
        ("update", "anna", "analyst"),
        ("create", "anna", "analyst"),
    ]
    delete, rename, update, create = log
    assert create["before"] is None and create["after"]["version"] == 1
    assert (update["before"]["note"], update["after"]["note"]) == ("", "第二版")
    assert (rename["name"], rename["after"]["name"]) == ("扩招", "扩招20%")
    assert delete["before"]["name"] == "扩招20%" and delete["after"] is None
    assert all(e["at"].tzinfo is not None for e in log)
    exported = store.export_audit(tmp_path / "audit.csv")
    rows = list(csv.DictReader(exported.open(encoding="utf-8")))
    assert [r["action"] for r in rows] == ["delete", "rename", "update", "create"]
    assert json.loads(rows[2]["after"])["note"] == "第二版"
    assert json.loads(store.export_audit(tmp_path / "audit.json").read_text(encoding="utf-8"))[0]["action"] == "delete"


def test_an_exported_audit_runs_no_formula_in_a_spreadsheet(store, tmp_path):
    store.save(spec('=HYPERLINK("http://example.invalid","点我")'), by=User("=cmd", Role.ANALYST))
    rows = list(csv.DictReader(store.export_audit(tmp_path / "audit.csv").open(encoding="utf-8")))
    assert rows[0]["name"].startswith("'=") and rows[0]["user"] == "'=cmd"


def test_the_command_line_and_a_local_dashboard_are_the_local_admin(store):
    saved = store.save(spec())
    assert (saved.created_by, LOCAL.role) == ("local", Role.ADMIN)
    store.delete(HENAN, "扩招")


def test_a_store_from_before_accounts_gains_the_columns(catalog, tmp_path):
    import sqlite3

    from sim.store import ScenarioStore

    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:  # the table as the first release made it
        db.execute(
            "CREATE TABLE tt_scenarios (id INTEGER PRIMARY KEY, program VARCHAR(100) NOT NULL, "
            "name VARCHAR(200) NOT NULL, overrides JSON NOT NULL, seed INTEGER NOT NULL, "
            "replications INTEGER NOT NULL, note TEXT NOT NULL, version INTEGER NOT NULL, "
            "created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, UNIQUE (program, name))"
        )
        db.execute(
            "INSERT INTO tt_scenarios VALUES (1, 'henan-2021', '旧方案', '{}', 0, 20, '', 1, "
            "'2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    store = ScenarioStore(catalog, path=path)
    old = store.load(HENAN, "旧方案")
    assert (old.created_by, old.updated_by) == ("local", "local")
    store.save(spec("新方案"), by=ANNA)
    store.close()


@pytest.mark.parametrize("name", ["", "   ", "x" * 201, "a\x1b[31mb", "a\x00b"])
def test_a_user_needs_a_printable_name(name):
    from sim.base import StoreError

    with pytest.raises(StoreError, match="user name"):
        User(name, Role.ANALYST)
