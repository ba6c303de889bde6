"""What-if and report pages in AppTest: saved scenarios, compare, sensitivity, goal seek, report downloads."""

from __future__ import annotations

import io

import openpyxl
import pytest

from sim import load_catalog, make_scenario
from sim.scenario import dashboard_keys
from sim.store import ScenarioSpec, ScenarioStore
from sim.whatif import compare, goal_seek
from tests.apptest import _app, _det, charts
from ui import data

CATALOG = load_catalog()
PID = "henan-2021"


@pytest.fixture
def store_url(dashboard_store):
    return dashboard_store


def _saved(url: str, *specs: tuple[str, dict]) -> None:
    store = ScenarioStore(CATALOG, url=url)
    for name, overrides in specs:
        store.save(ScenarioSpec(program=PID, name=name, overrides=overrides, seed=0, replications=2))
    store.close()


def test_save_list_load_rename_duplicate_delete(store_url):
    at = _app("saved", **_det(PID))
    at.slider(key=f"{PID}:attendance_rate").set_value(0.8).run()
    at.text_input(key="save_name").input("报到率八成")
    at.text_area(key="save_note").input("张科长")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    assert any("报到率八成" in s.value for s in at.success)
    table = at.dataframe[0].value
    assert table["情景名称"].tolist() == ["报到率八成"] and table["备注（作者、用途）"].iloc[0] == "张科长"
    saved = ScenarioStore(CATALOG, url=store_url).load(PID, "报到率八成")
    assert saved.overrides == {"attendance_rate": 0.8}

    at.slider(key=f"{PID}:attendance_rate").set_value(0.5).run()
    load = next(b for b in at.button if b.label == "载入到左侧")
    load.click().run()
    assert at.slider(key=f"{PID}:attendance_rate").value == 0.8

    at.text_input(key="saved_new_name").input("方案B").run()
    next(b for b in at.button if b.label == "复制为新名称").click().run()
    assert sorted(at.dataframe[0].value["情景名称"]) == ["报到率八成", "方案B"]
    next(b for b in at.button if b.label == "删除").click().run()
    assert at.dataframe[0].value["情景名称"].tolist() == ["方案B"]


def test_saving_a_taken_name_is_refused_with_a_message(store_url):
    _saved(store_url, ("方案A", {"quota_scale": 1.2}))
    at = _app("saved", **_det(PID))
    at.text_input(key="save_name").input("方案A")
    at.button[0].click().run()
    assert not at.exception
    assert any("方案A" in e.value for e in at.error)


def test_compare_page_matches_the_library(store_url):
    _saved(store_url, ("扩招", {"quota_scale": 1.2}), ("提标", {"fee_face": 450.0}))
    at = _app("compare", program_id=PID, **{f"{PID}:reps": 2, f"{PID}:unk": False})  # as the library's default
    assert not at.exception
    figures = at.dataframe[0].value
    assert figures["情景名称"].tolist() == ["基线（文件默认）", "当前情景（左侧设置）", "扩招", "提标"]
    expected = compare(
        CATALOG.program(PID),
        {"扩招": make_scenario(CATALOG.program(PID), {"quota_scale": 1.2})},
        replications=2,
        seed=0,
    )
    quota = expected.scenarios[0].figures["quota"].mean
    assert figures.set_index("情景名称").loc["扩招", "名额"].startswith(f"{quota:,.0f}")
    drivers = [df for _, frames in charts(at) for df in frames if "driver" in df.columns]
    fees_only = drivers[0][drivers[0]["scenario"] == "提标"]
    assert fees_only["driver"].tolist() == ["经费标准"]  # a fee-only change is all fees


def test_sensitivity_tornado_and_grid(store_url):
    at = _app("sensitivity", **_det(PID))
    assert not at.exception and not any(m.value == "None" for m in at.markdown)
    specs = charts(at)
    tornado_rows = [df for _, frames in specs for df in frames if "swing" in df.columns]
    assert len(tornado_rows) == 2
    knobs = set(tornado_rows[0]["knob"])
    assert len(knobs) == len(dashboard_keys(CATALOG.program(PID)))
    grid = [df for _, frames in specs for df in frames if "quota_scale" in df.columns]
    assert len(grid) == 1 and len(grid[0]) == 25 and set(grid[0]["figure"]) == {"completed"}
    assert at.get("download_button")  # the whole grid as CSV


def test_goal_seek_answers_and_shows_its_search(store_url):
    at = _app("goal_seek", **_det(PID))
    at.number_input(key=f"goal_target_{PID}_completed").set_value(10000.0)
    next(b for b in at.button if b.label == "开始求解").click().run()
    assert not at.exception
    expected = goal_seek(CATALOG.program(PID), make_scenario(CATALOG.program(PID), {}), 10000, deterministic=True)
    assert expected.status == "reached"
    assert f"{expected.value_at_probability:,.2f}" in at.success[0].value
    trace = [df for _, frames in charts(at) for df in frames if "feasible" in df.columns]
    assert len(trace[0]) == len(expected.trace)


def test_goal_seek_over_budget_is_said_plainly(store_url):
    at = _app("goal_seek", **_det(PID))
    at.number_input(key=f"goal_target_{PID}_completed").set_value(12000.0)
    at.checkbox(key="goal_use_cap").check()
    at.number_input(key=f"goal_cap_{PID}").set_value(1_000_000.0)
    next(b for b in at.button if b.label == "开始求解").click().run()
    assert any("经费上限" in e.value for e in at.error)


def test_reports_page_builds_a_workbook_for_download(store_url):
    at = _app("reports", **_det(PID, **{f"{PID}:reps": 2, f"{PID}:det": False}))
    assert not at.exception
    assert len(at.get("download_button")) == 3, "one download button per format, each building when clicked"
    asked, named = at.session_state["_report_offered"]  # what a click builds; the bytes come from the shared cache
    built = data.report(*asked, "xlsx", "zh", None, named)
    assert built.file_name.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(built.data))
    assert len(book.sheetnames) >= 4


def test_a_saved_scenario_the_data_no_longer_accepts_is_a_message(store_url):
    _saved(store_url, ("旧方案", {"quota_scale": 1.1}))
    import sqlalchemy as sa

    engine = sa.create_engine(store_url)
    with engine.begin() as conn:  # as if the data changed since it was saved: a key the program lacks
        conn.execute(sa.text("UPDATE tt_scenarios SET overrides = :o"), {"o": '{"no_such_knob": 1}'})
    at = _app("compare", program_id=PID, **{f"{PID}:reps": 2})
    assert not at.exception
    assert any(r"no\_such\_knob" in e.value for e in at.error)  # named, and escaped for Markdown


def test_deterministic_toggle_reaches_compare_and_reports(store_url):
    _saved(store_url, ("扩招", {"quota_scale": 1.2}))
    at = _app("compare", **_det(PID))
    expected = compare(
        CATALOG.program(PID), {"扩招": make_scenario(CATALOG.program(PID), {"quota_scale": 1.2})}, deterministic=True
    )
    figures = at.dataframe[0].value.set_index("情景名称")
    completed = expected.scenarios[0].figures["completed"]
    assert completed.low == completed.high  # one expected-value run: no spread
    assert figures.loc["扩招", "结业"].startswith(f"{completed.mean:,.0f}")
    at.switch_page("pages/reports.py").run()
    assert not at.exception and len(at.get("download_button")) == 3  # one click each: built when clicked
    at.multiselect(key=f"report_saved_{PID}").select("扩招").run()
    asked, named = at.session_state["_report_offered"]
    assert named == (("扩招", (("quota_scale", 1.2),)),)  # the saved scenario, by its name
    built = data.report(*asked, "xlsx", "zh", None, named)
    book = openpyxl.load_workbook(io.BytesIO(built.data))
    cells = [str(c.value) for ws in book.worksheets[:4] for row in ws.iter_rows() for c in row if c.value]
    assert any("期望值" in c for c in cells) and any("扩招" in c for c in cells)


def test_rename_uses_the_name_typed_just_before_the_click(store_url):
    _saved(store_url, ("甲", {"quota_scale": 1.2}))
    at = _app("saved", **_det(PID))
    at.text_input(key="saved_new_name").input("乙").run()
    at.text_input(key="saved_new_name").input("丙")  # typed, then the click: one rerun for both
    next(b for b in at.button if b.label == "改名").click().run()
    assert not at.exception
    assert at.dataframe[0].value["情景名称"].tolist() == ["丙"]
    assert any("丙" in s.value for s in at.success)


def test_goal_seek_cautions_are_worded_in_the_page_language(store_url):
    at = _app("goal_seek", **_det(PID))
    at.selectbox(key=f"goal_knob_{PID}").set_value("fee_face")
    next(b for b in at.button if b.label == "开始求解").click().run()
    assert not at.exception
    assert any("调整它无法达到目标" in w.value for w in at.warning)


def test_a_second_session_gets_the_comparison_from_the_shared_cache(store_url, monkeypatch):
    """Every scenario's run and drivers are cached across sessions: a colleague asking the same
    comparison runs nothing, and a changed scenario runs that one alone."""
    _saved(store_url, ("扩招", {"quota_scale": 1.2}))
    runs, drivers = [], []
    library_run, library_drivers = data.run, data.driver_breakdown
    monkeypatch.setattr(data, "run", lambda *a, **k: runs.append(a) or library_run(*a, **k))
    monkeypatch.setattr(data, "driver_breakdown", lambda *a, **k: drivers.append(a) or library_drivers(*a, **k))
    data.simulate.clear()
    data._levers.clear()
    state = {"program_id": PID, f"{PID}:reps": 2, f"{PID}:seed": 17}
    first = _app("compare", **state)
    done = len(runs), len(drivers)
    assert done[0] >= 2 and done[1] >= 1  # the baseline and 扩招 at least, and 扩招's drivers
    second = _app("compare", **state)  # another session, the same question
    assert (len(runs), len(drivers)) == done
    assert not second.exception
    assert second.dataframe[0].value.equals(first.dataframe[0].value)
    _app("compare", **state, **{f"{PID}:attendance_rate": 0.9})  # the current scenario changed
    changed = [a[1].overrides for a in runs[done[0] :]]
    assert changed and all(dict(o) == {"attendance_rate": 0.9} for o in changed)  # that scenario alone


def test_goal_seek_with_the_unknowns_answers_over_plausible_cases_and_applies(store_url):
    """With the unknowns on, the confidence is over the plausible worlds: the answer is the library's,
    said as "在90%的合理情形下", and the apply button sets it."""
    at = _app("goal_seek", query={"program": PID, "unk": "1", "reps": "4"})
    at.number_input(key=f"goal_target_{PID}_completed").set_value(10000.0)
    at.slider(key="goal_probability").set_value(0.9)
    next(b for b in at.button if b.label == "开始求解").click().run()
    assert not at.exception
    program = CATALOG.program(PID)
    expected = goal_seek(program, make_scenario(program, {}), 10000, confidence=0.9)
    assert expected.status == "reached" and expected.confidence == 0.9
    assert f"至少取 {expected.value_at_probability:,.2f}" in at.success[0].value
    assert "90%的合理情形下" in at.success[0].value
    assert any("按当前取值" in c.value for c in at.caption)
    next(b for b in at.button if b.label.startswith("把名额/限额倍数设为")).click().run()
    assert at.slider(key=f"{PID}:quota_scale").value == pytest.approx(expected.value_at_probability)


def test_costs_page_says_how_likely_each_rule_fails_with_the_unknowns(store_url):
    at = _app("costs", query={"program": "jiangxi-2022", "unk": "1", "reps": "6"})
    assert not at.exception
    checks = [m.value for m in at.success] + [m.value for m in at.error]
    assert checks and all("失败概率" in c for c in checks)
    plain = _app("costs", query={"program": "jiangxi-2022", "unk": "0", "reps": "6"})  # chance alone
    assert not any("失败概率" in m.value for m in plain.success)
