"""The actuals page: upload, check, preview or every problem, import (and replace), the stored list, delete.

AppTest cannot hand a file to ``st.file_uploader``: the facade functions the page calls are tested on the
sample files, and the page gets an upload by standing in for the uploader (it runs in this process).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import streamlit as st

from sim import load_catalog
from sim.actuals import read_actuals
from sim.store import ActualsStore, PermissionDenied, Role, ScenarioStore, User
from tests.apptest import _app, read
from tests.documented import ROOT
from ui import data

CATALOG = load_catalog()
PID = "henan-2021"
SAMPLES = ROOT / "data" / "examples" / "actuals"
ATTENDANCE = SAMPLES / "henan-2021-attendance.csv"
PAYMENTS = SAMPLES / "henan-2021-payments.csv"
ANALYST = User("李分析", Role.ANALYST)
VIEWER = User("王科员", Role.VIEWER)
ADMIN = User("张处长", Role.ADMIN)  # only an administrator deletes (or replaces) a stored file
# Line 3 names a track Henan does not have; line 4 repeats line 2's track and unit and has a fractional count.
BAD = b"track,unit,enrolled,attended,completed\nbackbone,,908,800,755\nnosuch,,10,5,5\nbackbone,,1.5,1,1\n"


@pytest.fixture(autouse=True)
def store_url(dashboard_store):
    return dashboard_store


def _stored(url: str, *paths: Path) -> None:
    store = ScenarioStore(CATALOG, url=url)
    for p in paths:
        ActualsStore(store).add(read_actuals(CATALOG.program(PID), p))
    store.close()


class _Upload:
    """What ``st.file_uploader`` returns for a chosen file: its own name and its bytes."""

    def __init__(self, name: str, content: bytes):
        self.name, self._content = name, content

    def getvalue(self) -> bytes:
        return self._content


def _uploading(monkeypatch, name: str, content: bytes) -> None:
    monkeypatch.setattr(st, "file_uploader", lambda *a, **k: _Upload(name, content))


# -- the facade --------------------------------------------------------------------------------------


def test_a_sample_file_checks_as_the_library_reads_it():
    checked, problems = data.check_actuals(PID, ATTENDANCE.read_bytes(), ATTENDANCE.name)
    expected = read_actuals(CATALOG.program(PID), ATTENDANCE)
    assert problems == []
    assert checked.name == ATTENDANCE.name and checked.sha256 == expected.sha256
    pd.testing.assert_frame_equal(checked.rows, expected.rows)


def test_a_bad_upload_gives_every_problem_located_under_its_own_name():
    checked, problems = data.check_actuals(PID, BAD, "河南参训.csv")
    assert checked is None
    where = sorted((p.file, p.field) for p in problems)
    assert where == [
        ("河南参训.csv", "line 3, column track"),
        ("河南参训.csv", "line 4, column enrolled"),
        ("河南参训.csv", "line 4, column track"),
    ]


def test_a_file_of_another_kind_is_one_problem_not_a_crash():
    checked, problems = data.check_actuals(PID, b"{}", "scenario.json")
    assert checked is None and [p.code for p in problems] == ["error_data_in"]


def test_import_list_rows_and_delete_through_the_facade():
    checked, _ = data.check_actuals(PID, ATTENDANCE.read_bytes(), ATTENDANCE.name)
    record, changed = data.import_actuals(checked, ANALYST)
    assert changed and record.rows == len(checked.rows)
    assert data.import_actuals(checked, ANALYST)[1] is False  # the same bytes again: nothing changes
    assert [(f.name, f.kind, f.imported_by) for f in data.list_actuals(PID)] == [
        (ATTENDANCE.name, "attendance", "李分析")
    ]
    rows = data.actuals_rows(PID, ATTENDANCE.name)
    # The file's own columns back, counts whole: its second line is backbone, whole track, 908 / 800 / 755.
    assert rows.columns.tolist() == ["line", "track", "unit", "enrolled", "attended", "completed"]
    assert rows.iloc[0].tolist() == [2, "backbone", "", 908, 800, 755]
    pd.testing.assert_frame_equal(rows, checked.rows[rows.columns.tolist()], check_dtype=False)
    for who in (VIEWER, ANALYST):
        with pytest.raises(PermissionDenied):
            data.delete_actuals(PID, ATTENDANCE.name, who)
    data.delete_actuals(PID, ATTENDANCE.name, ADMIN)
    assert data.list_actuals(PID) == []


def test_a_file_repeating_an_earlier_one_is_refused_until_replacing():
    checked, _ = data.check_actuals(PID, ATTENDANCE.read_bytes(), ATTENDANCE.name)
    data.import_actuals(checked, ANALYST)
    again, _ = data.check_actuals(PID, ATTENDANCE.read_bytes() + b"\n", "河南参训-更正.csv")  # other bytes
    with pytest.raises(data.ActualsOverlap):
        data.import_actuals(again, ANALYST)
    with pytest.raises(PermissionDenied):  # replacing deletes the earlier file
        data.import_actuals(again, ANALYST, replace=True)
    data.import_actuals(again, ADMIN, replace=True)
    assert [f.name for f in data.list_actuals(PID)] == ["河南参训-更正.csv"]


# -- the page -----------------------------------------------------------------------------------------


def test_the_page_lists_stored_files_and_shows_one(store_url):
    _stored(store_url, ATTENDANCE, PAYMENTS)
    at = _app("actuals", program_id=PID)
    assert at.title[0].value == "实际数据"
    assert any(h.value == "已导入的文件（2）" for h in at.subheader)
    listed = at.dataframe[0].value
    assert listed["文件名"].tolist() == [ATTENDANCE.name, PAYMENTS.name]
    assert listed["格式"].tolist() == ["参训", "付款"]
    rows = at.dataframe[1].value  # the first file's rows, in words: sub-program by name, the whole track
    assert rows.columns.tolist() == ["行号", "子项目", "单位", "报名人数", "参训人数", "结业人数"]
    assert rows.iloc[0].tolist() == [2, "省级骨干教师培育", "（整个子项目）", 908, 800, 755]


def test_the_page_in_english_names_everything_in_english(store_url):
    _stored(store_url, PAYMENTS)
    at = _app("actuals", program_id=PID, lang="en")
    assert at.title[0].value == "Actuals"
    rows = at.dataframe[1].value
    assert rows.columns.tolist() == ["Line", "Sub-program", "Date", "Paid (yuan)"]
    assert rows["Sub-program"].iloc[0] == "Rural backbone teacher training"


def test_a_rejected_upload_shows_each_problem_and_stores_nothing(monkeypatch, store_url):
    _uploading(monkeypatch, "河南参训.csv", BAD)
    at = _app("actuals", program_id=PID)
    message = read(at.error[0].value)
    assert "河南参训.csv 未通过核对，未保存：共3处问题" in message
    assert "河南参训.csv：第 3 行 track 列：须为本方案的子项目之一" in message
    assert "第 4 行 enrolled 列：须为不小于0的整数人数，实为 '1.5'" in message
    assert not any(b.label == "导入" for b in at.button)
    assert data.list_actuals(PID) == []


def test_an_upload_is_previewed_imported_then_replaced_when_it_repeats(monkeypatch, store_url):
    _uploading(monkeypatch, ATTENDANCE.name, ATTENDANCE.read_bytes())
    at = _app("actuals", program_id=PID)
    preview = at.dataframe[0].value
    assert preview["参训人数"].iloc[0] == 800 and len(preview) == len(
        read_actuals(CATALOG.program(PID), ATTENDANCE).rows
    )
    next(b for b in at.button if b.label == "导入").click().run()
    assert any(f"已导入：{ATTENDANCE.name}" in read(s.value) for s in at.success)

    _uploading(monkeypatch, "更正.csv", ATTENDANCE.read_bytes() + b"\n")
    at.run()
    next(b for b in at.button if b.label == "导入").click().run()
    assert any(ATTENDANCE.name in read(w.value) and "重复" in read(w.value) for w in at.warning)
    assert [f.name for f in data.list_actuals(PID)] == [ATTENDANCE.name]  # nothing replaced yet
    next(b for b in at.button if b.label == f"替换 {ATTENDANCE.name}").click().run()
    assert [f.name for f in data.list_actuals(PID)] == ["更正.csv"]


def test_delete_on_the_page(store_url):
    _stored(store_url, ATTENDANCE, PAYMENTS)
    at = _app("actuals", program_id=PID)
    at.selectbox(key="actuals_pick").select(PAYMENTS.name).run()
    next(b for b in at.button if b.label == "删除").click().run()
    assert any(PAYMENTS.name in read(s.value) for s in at.success)
    assert at.dataframe[0].value["文件名"].tolist() == [ATTENDANCE.name]


def test_a_viewer_can_look_but_not_import_or_delete(monkeypatch, store_url):
    import ui.auth

    _stored(store_url, ATTENDANCE)
    monkeypatch.setattr(ui.auth, "current_user", lambda: VIEWER)
    _uploading(monkeypatch, PAYMENTS.name, PAYMENTS.read_bytes())
    at = _app("actuals", program_id=PID)
    assert len(at.dataframe) == 3  # the preview, the list, the stored file's rows
    assert next(b for b in at.button if b.label == "导入").disabled
    assert next(b for b in at.button if b.label == "删除").disabled


def test_an_analyst_imports_but_cannot_replace_or_delete(monkeypatch, store_url):
    import ui.auth

    _stored(store_url, ATTENDANCE)
    monkeypatch.setattr(ui.auth, "current_user", lambda: ANALYST)
    _uploading(monkeypatch, "更正.csv", ATTENDANCE.read_bytes() + b"\n")
    at = _app("actuals", program_id=PID)
    next(b for b in at.button if b.label == "导入").click().run()
    assert next(b for b in at.button if b.label == f"替换 {ATTENDANCE.name}").disabled
    assert next(b for b in at.button if b.label == "删除").disabled
