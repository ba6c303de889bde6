"""Streamlit pages render every program without errors, in Chinese and in English."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.test_catalog import IDS

APP = str(ROOT / "app.py")


def _app(page: str | None = None, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def test_overview_lists_programs_and_audit_findings():
    at = _app()
    assert at.title[0].value == "教师培训政策模拟与简报"
    table = at.dataframe[0].value
    assert len(table) == 5 and "浙教办函〔2021〕157号" in table["文号"].tolist()
    findings = at.dataframe[1].value
    assert (findings["文件所列"] == 85).any()


def test_english_switch():
    at = _app(lang="en")
    assert at.title[0].value == "Teacher-training policy simulation and briefing"


@pytest.mark.parametrize("pid", IDS)
def test_program_page_shows_provenance(pid):
    at = _app("app_pages/program.py", program_id=pid)
    params = at.dataframe[0].value
    assert set(params["出处"]) <= {"文件", "假设"} and (params["出处"] == "文件").any()


@pytest.mark.parametrize("pid", IDS)
def test_simulate_page_runs_each_program(pid):
    at = _app("app_pages/simulate.py", program_id=pid, **{f"{pid}:det": True})
    labels = [m.label for m in at.metric]
    assert "名额" in labels and "经费（元）" in labels


def test_slider_change_updates_the_result():
    pid = "henan-2021"
    at = _app("app_pages/simulate.py", program_id=pid, **{f"{pid}:det": True})
    before = next(m.value for m in at.metric if m.label == "经费（元）")
    at.slider(key=f"{pid}:attendance_rate").set_value(1.0).run()
    assert not at.exception
    after = next(m for m in at.metric if m.label == "经费（元）")
    assert after.value != before and after.delta.startswith("+")


def test_program_choice_survives_language_switches():
    at = _app("app_pages/simulate.py", program_id="henan-2021", **{"henan-2021:det": True, "jiangxi-2022:det": True})
    at.selectbox(key="program_picker_zh").set_value("jiangxi-2022").run()
    at.radio(key="lang").set_value("en").run()
    assert at.selectbox(key="program_picker_en").value == "jiangxi-2022"
    assert at.title[0].value.startswith("Jiangxi")
    at.selectbox(key="program_picker_en").set_value("henan-2021").run()
    at.radio(key="lang").set_value("zh").run()
    assert not at.exception
    assert at.selectbox(key="program_picker_zh").value == "henan-2021"
    assert at.title[0].value.startswith("河南")


def test_settings_survive_leaving_the_page_and_the_program():
    pid = "henan-2021"
    at = _app("app_pages/simulate.py", program_id=pid, **{f"{pid}:det": True})
    at.slider(key=f"{pid}:attendance_rate").set_value(0.5).run()
    at.switch_page("app_pages/overview.py").run()
    at.switch_page("app_pages/simulate.py").run()
    assert not at.exception
    assert at.slider(key=f"{pid}:attendance_rate").value == 0.5
    at.selectbox(key="program_picker_zh").set_value("jiangxi-2022").run()
    at.selectbox(key="program_picker_zh").set_value(pid).run()
    assert at.slider(key=f"{pid}:attendance_rate").value == 0.5
