"""Actuals files: the three formats, every bad row located, nothing stored from a refused file,
the same file twice changes nothing, a later file for the same days replaces only when asked."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from sim.actuals import ActualsRejected, read_actuals
from sim.base import DataError
from sim.store import ActualsOverlap, ActualsStore, PermissionDenied, Role, ScenarioStore, User
from tests.documented import ROOT

SAMPLES = ROOT / "data" / "examples" / "actuals"


def _csv(path: Path, header: tuple[str, ...], *rows: tuple) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


REG = ("track", "unit", "date", "registered")
ATT = ("track", "unit", "enrolled", "attended", "completed")


@pytest.fixture
def actuals(catalog, store_url):
    store = ScenarioStore(catalog, url=store_url)
    yield ActualsStore(store)
    store.close()


def test_the_samples_load_and_say_the_planted_rates(catalog, actuals):
    henan = catalog.program("henan-2021")
    for kind in ("registrations", "attendance", "payments"):
        record, changed = actuals.add(read_actuals(henan, SAMPLES / f"henan-2021-{kind}.csv"))
        assert changed and record.kind == kind
    att = read_actuals(henan, SAMPLES / "henan-2021-attendance.csv").rows
    # planted: attendance 88%, completion 94% (README.md beside the samples); binomial noise on ~16,000
    assert att.attended.sum() / att.enrolled.sum() == pytest.approx(0.88, abs=0.01)
    assert att.completed.sum() / att.attended.sum() == pytest.approx(0.94, abs=0.015)
    rows = actuals.rows("henan-2021", "henan-2021-attendance.csv")
    assert len(rows) == 3 * len(att) and rows.line.min() == 2  # three figures a row; the header is line 1


def test_the_same_file_twice_changes_nothing(catalog, actuals):
    henan = catalog.program("henan-2021")
    first, changed = actuals.add(read_actuals(henan, SAMPLES / "henan-2021-registrations.csv"))
    again, changed_again = actuals.add(read_actuals(henan, SAMPLES / "henan-2021-registrations.csv"))
    assert changed and not changed_again and again.id == first.id
    assert len(actuals.list("henan-2021")) == 1


def test_a_later_file_for_the_same_days_replaces_only_when_asked(catalog, actuals, tmp_path):
    henan = catalog.program("henan-2021")
    old = _csv(tmp_path / "week1.csv", REG, ("backbone", "", "2021-07-20", 100), ("backbone", "", "2021-07-21", 50))
    new = _csv(tmp_path / "week1-corrected.csv", REG, ("backbone", "", "2021-07-21", 60))
    other = _csv(tmp_path / "week2.csv", REG, ("backbone", "", "2021-07-27", 70))
    actuals.add(read_actuals(henan, old))
    with pytest.raises(ActualsOverlap, match="week1.csv"):
        actuals.add(read_actuals(henan, new))
    actuals.add(read_actuals(henan, other))  # other days: added beside
    actuals.add(read_actuals(henan, new), replace=True)
    names = [f.name for f in actuals.list("henan-2021")]
    assert names == ["week2.csv", "week1-corrected.csv"]
    assert sum(actuals.rows("henan-2021", n).value.sum() for n in names) == 130  # 70 + 60, never 100 + 50 + 60


BAD = [
    (("nowhere", "", "2021-07-20", "1"), "track", "error_actuals_unknown_track"),
    (("county-system", "北京", "2021-07-20", "1"), "unit", "error_actuals_unknown_unit"),
    (("backbone", "", "2031-07-20", "1"), "date", "error_actuals_date_outside"),
    (("backbone", "", "20 July", "1"), "date", "error_actuals_not_a_date"),
    (("backbone", "", "2021-07-20", "-4"), "registered", "error_actuals_not_a_count"),
    (("backbone", "", "2021-07-21", "2.5"), "registered", "error_actuals_not_a_count"),
]


@pytest.mark.parametrize(("row", "column", "code"), BAD, ids=[b[2] + ":" + b[1] for b in BAD])
def test_each_bad_row_is_located(catalog, tmp_path, row, column, code):
    path = _csv(tmp_path / "bad.csv", REG, ("backbone", "", "2021-07-19", "3"), row)
    with pytest.raises(ActualsRejected) as e:
        read_actuals(catalog.program("henan-2021"), path)
    (problem,) = e.value.problems
    assert problem.file == "bad.csv" and problem.field == f"line 3, column {column}"
    assert problem.params["expected"].code == code


def test_attendance_rules_and_duplicates(catalog, tmp_path):
    path = _csv(
        tmp_path / "att.csv",
        ATT,
        ("backbone", "", "100", "120", "90"),  # line 2: more attended than enrolled
        ("rural", "", "100", "90", "95"),  # line 3: more completed than attended
        ("rural", "", "100", "90", "80"),  # line 4: rural reported twice
    )
    with pytest.raises(ActualsRejected) as e:
        read_actuals(catalog.program("henan-2021"), path)
    found = {(p.field, p.params["expected"].code) for p in e.value.problems}
    assert found == {
        ("line 2, column attended", "error_actuals_attended_over_enrolled"),
        ("line 3, column completed", "error_actuals_completed_over_attended"),
        ("line 4, column track", "error_actuals_duplicate"),
    }


def test_a_refused_file_stores_nothing(catalog, actuals, tmp_path):
    path = _csv(tmp_path / "mixed.csv", REG, ("backbone", "", "2021-07-20", "5"), ("nowhere", "", "2021-07-20", "1"))
    with pytest.raises(ActualsRejected):
        actuals.add(read_actuals(catalog.program("henan-2021"), path))
    assert actuals.list() == []


def test_wrong_files_say_what_was_expected(catalog, tmp_path):
    henan = catalog.program("henan-2021")
    cases = {
        _csv(tmp_path / "cols.csv", ("track", "day", "n"), ("backbone", "2021-07-20", "1")): "error_actuals_header",
        _csv(tmp_path / "empty.csv", REG): "error_actuals_empty",
        _csv(tmp_path / "notes.txt", REG, ("backbone", "", "2021-07-20", "1")): "error_actuals_suffix",
    }
    for path, code in cases.items():
        with pytest.raises(DataError) as e:
            read_actuals(henan, path)
        assert e.value.params["expected"].code == code, path


def test_a_csv_not_in_utf8_is_said_at_its_line(catalog, tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(
        b"track,unit,date,registered\nbackbone,,2021-07-20,3\n" + "county-system,兰考县,2021-07-20,1\n".encode("gbk")
    )
    with pytest.raises(DataError) as e:
        read_actuals(catalog.program("henan-2021"), path)
    assert (
        e.value.file == "gbk.csv" and e.value.field == "line 3" and e.value.params["expected"].code == "error_not_utf8"
    )


def test_excel_files_are_read_like_csv(catalog, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (ATT, ("backbone", "", 100, 90, 85), ("county-system", "兰考县", 50, 48, 46)):
        sheet.append(list(row))
    book.save(tmp_path / "att.xlsx")
    a = read_actuals(catalog.program("henan-2021"), tmp_path / "att.xlsx")
    assert a.format.kind == "attendance" and a.rows.attended.tolist() == [90, 48]


def test_a_viewer_may_not_import(catalog, actuals):
    viewer = User("guest", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        actuals.add(read_actuals(catalog.program("henan-2021"), SAMPLES / "henan-2021-payments.csv"), by=viewer)


def test_command_line_import_list_show_delete(tmp_path):
    env = {**os.environ, "TT_STORE_URL": f"sqlite:///{tmp_path / 's.sqlite'}"}

    def sim(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "sim", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
        )

    sample = str(SAMPLES / "henan-2021-attendance.csv")
    out = sim("actuals", "import", "henan-2021", sample)
    assert out.returncode == 0 and "已导入 henan-2021：henan-2021-attendance.csv（attendance，18行）" in out.stdout
    assert "此前已导入" in sim("actuals", "import", "henan-2021", sample).stdout
    assert "henan-2021-attendance.csv" in sim("--lang", "en", "actuals", "list").stdout
    assert "county-system" in sim("actuals", "show", "henan-2021", "henan-2021-attendance.csv").stdout
    bad = _csv(tmp_path / "bad.csv", REG, ("nowhere", "", "2021-07-20", "1"), ("backbone", "", "2021-07-20", "-1"))
    refused = sim("actuals", "import", "henan-2021", str(bad))
    assert refused.returncode == 2 and refused.stderr.count("错误：bad.csv：第 ") == 2
    assert "共2处问题" in refused.stderr
    english = sim("--lang", "en", "actuals", "import", "henan-2021", str(bad))
    assert "error: bad.csv: line 2, column track: expected one of the program's tracks" in english.stderr
    assert sim("actuals", "delete", "henan-2021", "henan-2021-attendance.csv").returncode == 0
    assert sim("actuals", "list").stdout == ""
