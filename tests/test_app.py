"""Dashboard pages in Streamlit's AppTest: widgets set, pages run, metrics, tables and chart data checked."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from sim import load_catalog, make_scenario, run
from sim.results import Summary
from sim.scenario import knobs
from sim.text import delta, knob_label
from tests.apptest import APP, _app, _det, charts, read
from tests.documented import IDS
from tests.language import out_of_place

PAGES = ["overview", "timeline", "fill_rates", "costs", "scenario", "sources"]
CATALOG = load_catalog()


def _expected(pid: str, overrides: dict | None = None) -> Summary:
    program = CATALOG.program(pid)
    return run(program, make_scenario(program, overrides or {}), deterministic=True).summary


def _frame_with(at: AppTest, column: str) -> pd.DataFrame:
    for _, frames in charts(at):
        for df in frames:
            if column in df.columns:
                return df
    raise AssertionError(f"no chart dataset with column {column!r}")


def _metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def test_overview_cards_and_audit():
    at = _app(**{f"{pid}:{k}": k == "det" for pid in IDS for k in ("det", "unk")})  # one expected-value run each
    assert at.title[0].value == "教师培训政策模拟与简报"
    costs = [m for m in at.metric if m.label == "预计经费"]
    assert len(costs) == 5
    henan = _expected("henan-2021")
    quotas = [m.value for m in at.metric if m.label == "名额"]
    assert f"{henan.totals.quota.mean:,.0f}" in quotas
    assert any("浙教办函〔2021〕157号" in c.value for c in at.caption)
    findings = at.dataframe[0].value
    assert (findings["文件所列"] == 85).any()


def test_overview_card_opens_the_programs_timeline():
    at = _app(**{f"{pid}:det": True for pid in IDS})
    at.button(key="open_jiangxi-2022").click().run()
    assert not at.exception
    assert at.session_state["program_id"] == "jiangxi-2022"
    assert at.title[0].value.startswith("江西")
    assert any(s.value == "时间线" for s in at.subheader)


def test_english_switch_changes_labels():
    at = _app("fill_rates", **_det("henan-2021"))
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value.startswith("Henan")
    assert "Quota" in at.dataframe[-1].value.columns
    funnel = _frame_with(at, "stage")
    assert funnel["stage"].tolist()[:2] == ["Quota", "Enrolled"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("pid", IDS)
def test_every_page_runs_for_every_program(page, pid):
    at = _app(page, **_det(pid))
    assert not at.error, [e.value for e in at.error]
    assert at.title


def test_timeline_overlays_simulated_dates_deadlines_and_sources():
    pid = "henan-2021"
    at = _app("timeline", **_det(pid))
    spec, frames = charts(at)[0]
    assert len(spec["layer"]) >= 2  # phases and deadline markers
    phases = next(df for df in frames if "kind" in df.columns)
    assert {"文件", "假设", "模拟"} <= set(phases["kind"])
    documented = phases[phases["kind"] == "文件"]
    assert documented["source"].str.contains("「").all()  # each documented phase shows its wording on hover
    marks = next(df for df in frames if "status" in df.columns)
    expected = _expected(pid)
    assert len(marks) == len(expected.deadlines)
    assert (marks["status"] == "有风险").sum() == sum(d.at_risk for d in expected.deadlines)
    curve = _frame_with(at, "n")
    assert curve["n"].max() == pytest.approx(expected.enrolment[-1].cumulative_signed_up.mean)


def test_timeline_marks_the_reference_date():
    pid = "zhejiang-2021h2"
    at = _app("timeline", **_det(pid))
    at.date_input(key=f"as_of:{pid}").set_value(dt.date(2021, 10, 1)).run()
    spec, frames = charts(at)[0]
    rule = next(df for df in frames if "label" in df.columns and "date" in df.columns and len(df) == 1)
    assert rule["label"].iloc[0] == "参照日期"


def test_at_risk_deadline_is_warned():
    pid = "guopei-2021-2025"
    assert not _app("timeline", **_det(pid)).warning  # Guopei meets its dates
    # 200 days to write a year's summary: the reports due each February come too late
    at = _app("timeline", query={"program": pid, "report_prep_days": "200", "det": "1", "unk": "0"})
    risky = [d for d in _expected(pid, {"report_prep_days": 200}).deadlines if d.at_risk]
    assert risky and len(at.warning) == len(risky)
    assert all("有风险" in w.value for w in at.warning)


def test_fill_rates_funnel_and_cities_equal_the_model():
    pid = "jiangxi-2022"
    at = _app("fill_rates", **_det(pid))
    res = _expected(pid)
    funnel = _frame_with(at, "stage").set_index("stage")["n"]
    assert funnel["名额"] == pytest.approx(res.totals.quota.mean)
    assert funnel["结业"] == pytest.approx(res.totals.completed.mean)
    assert funnel["登记学分（人）"] == pytest.approx(res.totals.completed.mean)  # every completer earns credits
    cities = at.dataframe[0].value
    assert len(cities) == len(res.units) == 11
    assert "南昌市" in cities["地区/类别"].tolist()


def test_costs_page_checks_fee_standards_with_the_clause():
    pid = "henan-2021"
    at = _app("costs", **_det(pid))
    assert any("符合" in s.value and "四（三）" in s.value for s in at.success)
    at.number_input(key=f"{pid}:fee_face").set_value(500.0).run()
    assert not at.exception
    failed = [e.value for e in at.error]
    assert any("不符合" in v and "400" in v and "500" in v for v in failed)
    lines = _frame_with(at, "yuan")
    res = _expected(pid, {"fee_face": 500.0})
    assert lines["yuan"].sum() == pytest.approx(res.totals.cost_yuan.mean)


def test_guopei_costs_by_year_cover_2021_to_2025():
    at = _app("costs", **_det("guopei-2021-2025"))
    years = [
        df
        for _, frames in charts(at)
        for df in frames
        if "label" in df.columns
        and "yuan" in df.columns
        and set(df["label"]) == {"2021", "2022", "2023", "2024", "2025"}
    ]
    assert years, "no by-year cost chart"


def test_scenario_page_shows_baseline_scenario_and_difference():
    pid = "henan-2021"
    at = _app("scenario", **_det(pid))
    at.slider(key=f"{pid}:attendance_rate").set_value(0.8).run()
    assert not at.exception
    changed = at.dataframe[0].value
    assert changed.iloc[0]["本情景"] == "0.8"
    table = at.dataframe[1].value.set_index("指标")
    base, now = _expected(pid), _expected(pid, {"attendance_rate": 0.8})
    diff = now.totals.attended.mean - base.totals.attended.mean
    assert table.loc["参训（报到）", "差异"] == delta(diff)
    changes = _frame_with(at, "direction").set_index("label")  # drawn as the change, not as two levels
    assert changes.loc["参训（报到）", "value"] == pytest.approx(diff) and diff < 0
    assert changes.loc["参训（报到）", "direction"] == "减少"
    assert changes.loc["名额", "direction"] == "不变"  # the quota does not move with the show-up rate
    points = (now.totals.fill_rate.mean - base.totals.fill_rate.mean) * 100
    assert changes.loc["名额完成率（百分点）", "value"] == pytest.approx(points)


def test_sources_page_lists_provenance_and_offers_the_file():
    at = _app("sources", program_id="zhejiang-voc-2020")
    params = at.dataframe[0].value
    assert set(params["出处"]) == {"文件", "⚠ 假设"}
    assert at.get("download_button")


def test_slider_change_updates_the_result():
    pid = "henan-2021"
    at = _app("scenario", **_det(pid))
    before = _metric(at, "经费（元）").value
    at.slider(key=f"{pid}:attendance_rate").set_value(1.0).run()
    assert not at.exception
    after = _metric(at, "经费（元）")
    assert after.value != before and after.delta.startswith("+")


def test_url_sets_program_and_scenario_and_follows_changes():
    at = _app(query={"program": "henan-2021", "attendance_rate": "0.8", "det": "1"})
    assert at.session_state["program_id"] == "henan-2021"
    assert at.slider(key="henan-2021:attendance_rate").value == 0.8
    at.slider(key="henan-2021:completion_rate").set_value(0.9).run()
    assert at.query_params["completion_rate"] == "0.9"
    assert at.query_params["program"] == "henan-2021"


def test_url_with_bad_values_gives_readable_errors():
    at = _app(query={"program": "henan-2021", "attendance_rate": "abc", "reps": "0"})
    errors = " ".join(read(e.value) for e in at.error)
    assert "attendance_rate=abc" in errors and "reps=0" in errors
    at = _app(query={"program": "nowhere"})
    assert "nowhere" in read(at.error[0].value)


def test_url_carries_settings_the_sidebar_does_not_show():
    key = "backbone.attendance_rate"
    at = _app("scenario", query={"program": "henan-2021", key: "0.5", "det": "1"})
    assert at.session_state["henan-2021:extra"] == {key: 0.5}
    words = knob_label(knobs(load_catalog().program("henan-2021"))[key], "zh")  # named, not by its key
    assert any(f"{words}=0.5" in read(c.value) for c in at.sidebar.caption)


def test_broken_data_file_is_a_readable_error(scratch_data, monkeypatch):
    folder = scratch_data(lambda d: d["parameters"]["fee_face"].update(value="lots"))
    monkeypatch.setenv("TT_DATA_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    shown = read(at.error[0].value)
    assert "example-2023.yaml" in shown and "fee_face" in shown


def test_program_choice_survives_language_switches():
    at = _app("scenario", **_det("henan-2021"), **{"jiangxi-2022:det": True})
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
    at = _app("scenario", **_det(pid))
    at.slider(key=f"{pid}:attendance_rate").set_value(0.5).run()
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/costs.py").run()
    assert not at.exception
    assert at.slider(key=f"{pid}:attendance_rate").value == 0.5
    at.selectbox(key="program_picker_zh").set_value("jiangxi-2022").run()
    at.selectbox(key="program_picker_zh").set_value(pid).run()
    assert at.slider(key=f"{pid}:attendance_rate").value == 0.5


def test_timeline_says_how_many_sub_programs_filled_their_seats():
    pid = "zhejiang-2021h2"
    at = _app("timeline", **_det(pid))
    subs = _expected(pid).subprograms
    filled = [s.events.seats_filled.mean for s in subs if s.events.seats_filled]
    note = next(c.value for c in at.caption if "个子项目名额报满" in c.value)
    assert f"{len(filled)}/{len(subs)} 个子项目名额报满" in note
    if len(filled) == len(subs):
        assert f"{max(filled).month}月{max(filled).day}日" in note


def test_a_link_beyond_the_slider_keeps_its_value_as_a_link_setting():
    at = _app("scenario", query={"program": "henan-2021", "quota_scale": "0.05", "det": "1", "unk": "0"})
    assert not at.exception
    assert at.session_state["henan-2021:extra"] == {"quota_scale": 0.05}
    assert _metric(at, "名额").value == f"{_expected('henan-2021', {'quota_scale': 0.05}).totals.quota.mean:,.0f}"
    at = _app("scenario", query={"program": "henan-2021", "quota_scale": "7.5", "det": "1", "unk": "0"})
    assert not at.exception
    assert at.session_state["henan-2021:extra"] == {"quota_scale": 7.5}  # beyond the slider, within the model
    at.slider(key="henan-2021:quota_scale").set_value(2.0).run()  # moving the slider takes over the knob
    at.slider(key="henan-2021:quota_scale").set_value(1.0).run()
    assert at.session_state["henan-2021:extra"] == {}
    assert "quota_scale" not in at.query_params


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", [*PAGES, "compare"])
@pytest.mark.parametrize("pid", IDS)
def test_every_table_is_in_the_page_language(page, pid, lang):
    """Every cell and header of every table (the browser sees only the rows on screen)."""
    at = _app(page, **_det(pid, lang=lang))
    shown = [
        str(v)
        for df in at.dataframe
        for v in [*df.value.columns, *df.value.to_numpy().ravel()]
        if isinstance(v, str) and v
    ]
    bad = sorted({v for v in shown if out_of_place(v, lang)})
    assert not bad, f"{page} for {pid} in {lang}: {bad[:20]}"


# Links a colleague might be sent: each value is ignored with a message naming it, nothing crashes,
# and the message shows at most a short, escaped part of what the link said.
BAD_LINKS = [
    {"delivery.end": "9999-12-31"},
    {"delivery.start": "0001-01-01"},
    {"seed": str(10**30)},
    {"seed": "-1"},
    {"reps": str(10**9)},
    {"quota_scale": "9" * 10_000},
    {"fee_face": "[重新登录](https://evil.invalid/x)"},
    {"attendance_rate": "\x1b[31m"},
    {"no_such_setting": "1"},
    {"program": "no-such-program"},
]


@pytest.mark.parametrize("query", BAD_LINKS, ids=[next(iter(q)) for q in BAD_LINKS])
def test_a_bad_link_value_is_a_message_not_a_crash(query):
    at = _app(query={"program": "henan-2021", **query} if "program" not in query else query)
    assert at.error, "the bad value is named"
    source = " ".join(e.value for e in at.error)  # the Markdown each message is drawn from
    assert "9" * 400 not in source, "a long value is shortened"
    assert "](" not in source and "\x1b" not in source, "link syntax escaped, escape codes shown as text"


def test_a_run_over_the_budget_is_a_message(monkeypatch):
    monkeypatch.setenv("TT_RUN_BUDGET", "1000")
    at = _app("costs", query={"program": "henan-2021", "seed": "987654"})  # a seed no other test ran: not cached
    assert any("1,000" in read(e.value) for e in at.error), [e.value for e in at.error]


def test_sign_in_behind_a_proxy_needs_the_users_header(monkeypatch):
    monkeypatch.setenv("TT_AUTH", "proxy")
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert any("X-Forwarded-User" in read(e.value) for e in at.error)
    assert not at.metric  # nothing else is drawn


def test_a_viewer_sees_the_library_but_cannot_change_it(monkeypatch):
    import ui.auth
    from sim.store import Role, User

    monkeypatch.setattr(ui.auth, "current_user", lambda: User("王科员", Role.VIEWER))
    at = _app("saved", program_id="henan-2021")
    save = next(b for b in at.button if b.label == "保存")
    assert save.disabled
    assert any("修改记录" in h.value for h in at.subheader)


def test_roles_from_the_environment_and_secrets():
    from sim.store import Role
    from ui.auth import user_for

    env = {"TT_ADMINS": "zhang", "TT_ANALYSTS": "li, wang"}
    assert user_for("zhang", env).role == Role.ADMIN
    assert user_for("wang", env).role == Role.ANALYST
    assert user_for("zhao", env).role == Role.VIEWER
    assert user_for("zhao", env, {"analysts": ["zhao"]}).role == Role.ANALYST
    assert user_for("zhao", {**env, "TT_DEFAULT_ROLE": "analyst"}).role == Role.ANALYST
