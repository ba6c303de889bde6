"""A planning meeting in AppTest: one name per setting, answers that can be applied, a reset, readable views."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from sim import load_catalog, make_scenario, run
from sim.whatif import goal_seek
from tests.apptest import _app, _det, charts, read

CATALOG = load_catalog()
PID = "henan-2021"


@pytest.fixture(autouse=True)
def store_url(dashboard_store):
    return dashboard_store


def test_the_quota_multiplier_has_one_name_in_sidebar_and_analyses():
    at = _app("goal_seek", **_det(PID))
    sidebar = at.slider(key=f"{PID}:quota_scale").label
    assert sidebar == "名额/限额倍数"
    assert sidebar in at.selectbox(key=f"goal_knob_{PID}").options  # goal seek offers it by the same name
    at.switch_page("pages/sensitivity.py").run()
    assert sidebar in at.selectbox(key=f"grid_x_{PID}").options


def test_goal_seeks_answer_is_applied_to_the_scenario_exactly():
    at = _app("goal_seek", **_det(PID))
    at.number_input(key=f"goal_target_{PID}_completed").set_value(10000.0)
    next(b for b in at.button if b.label == "开始求解").click().run()
    program = CATALOG.program(PID)
    expected = goal_seek(program, make_scenario(program, {}), 10000, deterministic=True)
    # The answer rounded up to the sliders' 0.01 step: still enough, and what the message says.
    answer = math.ceil(round(expected.value_at_probability * 100, 6)) / 100
    assert answer >= expected.value_at_probability
    assert f"至少取 {answer:,.2f}" in at.success[0].value
    apply = next(b for b in at.button if b.label.startswith("把名额/限额倍数设为"))
    apply.click().run()
    assert not at.exception
    assert at.slider(key=f"{PID}:quota_scale").value == pytest.approx(answer)
    assert any(f"名额/限额倍数 = {answer:,.2f}" in read(s.value) for s in at.success)
    # The applied value reaches the target: the scenario the sidebar now sets completes 10,000 or more.
    reached = run(program, make_scenario(program, {"quota_scale": answer}), deterministic=True)
    assert reached.summary.totals.completed.mean >= 10000


def test_reset_puts_every_setting_back_to_the_documents_values():
    at = _app("scenario", **_det(PID))
    reset = at.button(key=f"reset_{PID}")
    assert reset.disabled  # nothing to reset yet
    at.slider(key=f"{PID}:attendance_rate").set_value(0.8).run()
    at.slider(key=f"{PID}:quota_scale").set_value(1.2).run()
    assert at.query_params["quota_scale"] == "1.2"
    at.button(key=f"reset_{PID}").click().run()
    assert not at.exception
    documented = CATALOG.program(PID).parameters["attendance_rate"].value
    assert at.slider(key=f"{PID}:attendance_rate").value == pytest.approx(documented)  # 0.93 in the notice's plan
    assert at.slider(key=f"{PID}:quota_scale").value == 1.0
    assert "quota_scale" not in at.query_params
    assert any(i.value == "尚未改动任何设置。" or "尚未" in i.value for i in at.info)


def test_timeline_reference_date_falls_inside_the_program():
    at = _app("timeline", **_det(PID))
    chosen = at.date_input(key=f"as_of:{PID}").value
    program = CATALOG.program(PID)
    days = [d for m in program.milestones for d in (m.start, m.end) if d]
    assert min(days) <= chosen <= max(days) < dt.date.today()  # Henan 2021: over long before today
    rule = [df for _, frames in charts(at) for df in frames if list(df.columns) == ["date", "label"]]
    assert rule, "the reference line is drawn"


def test_tornado_colours_are_the_same_in_both_languages():
    colours = {}
    for lang in ("zh", "en"):
        at = _app("sensitivity", **_det(PID), lang=lang)
        spec = next(s for s, frames in charts(at) if any("swing" in df.columns for df in frames))
        scale = spec["encoding"]["color"]["scale"]
        colours[lang] = dict(zip(scale["domain"], scale["range"]))
    assert colours["zh"] == {"调低": "#1f77b4", "调高": "#ff7f0e"}
    assert list(colours["en"].values()) == list(colours["zh"].values())


def test_no_arrow_for_no_change_and_method_in_one_expander():
    at = _app("scenario", **_det(PID))
    at.slider(key=f"{PID}:attendance_rate").set_value(0.8).run()
    quota = next(m for m in at.metric if m.label == "名额")
    assert not quota.delta  # the show-up rate leaves the quota as it is: no "↑ +0"
    attended = next(m for m in at.metric if m.label == "参训（报到）")
    assert attended.delta.startswith("-")
    assert [e.label for e in at.expander if e.label == "计算说明"] == ["计算说明"]
    shown = " ".join(c.value for c in at.caption)
    assert "计算用时" not in shown and "随机种子" not in shown


@pytest.mark.parametrize("pid", ["jiangxi-2022", "zhejiang-voc-2020", PID])
def test_every_table_shows_all_its_rows(pid, monkeypatch):
    """A table as tall as its rows (Jiangxi's cities, the counties, the sub-programs), nothing hidden below,
    and every column as wide as its text."""
    import json

    import streamlit as st

    from ui.widgets import HEADER_PX, MAX_ROWS_SHOWN, ROW_PX, TABLE_PX, WIDEST_PX

    drawn, original = [], st.dataframe
    monkeypatch.setattr(st, "dataframe", lambda df, **kw: drawn.append((len(df), kw)) or original(df, **kw))
    for page in ("fill_rates", "timeline", "costs", "scenario"):
        drawn.clear()
        at = _app(page, **_det(pid))
        if not at.dataframe:  # e.g. costs of a one-year program: no by-year table
            continue
        for (rows, kw), frame in zip(drawn[-len(at.dataframe) :], at.dataframe):  # this page's (not the overview's)
            assert rows, f"{page}: an empty table"
            assert kw["row_height"] >= ROW_PX
            assert kw["height"] >= HEADER_PX + kw["row_height"] * min(rows, MAX_ROWS_SHOWN), (page, rows)
            widths = [c["width"] for k, c in json.loads(frame.proto.columns).items() if k != "_index"]
            assert sum(widths) <= TABLE_PX or kw["row_height"] > 64, page  # too wide for the page: it wraps
            assert max(widths) <= WIDEST_PX, page
            config = json.loads(frame.proto.columns)
            assert all("width" in c for k, c in config.items() if k != "_index"), page


def _colour_scale(spec: dict) -> dict:
    """The first colour scale with a scheme in a (layered) Vega-Lite spec."""
    for part in (spec, *spec.get("layer", [])):
        scale = part.get("encoding", {}).get("color", {}).get("scale", {})
        if "scheme" in scale:
            return scale
    raise AssertionError("no colour scheme")


def test_heat_maps_diverge_around_their_reference():
    at = _app("fill_rates", **_det(PID))
    spec = next(s for s, frames in charts(at) if any("row" in df.columns for df in frames))
    scale = _colour_scale(spec)
    assert scale["scheme"] == "redblue" and scale["domainMid"] == 0.9  # white at 90% of the quota
    lo, hi = scale["domain"]
    assert lo < 0.9 < hi and hi - 0.9 == pytest.approx(0.9 - lo)
    at.switch_page("pages/sensitivity.py").run()
    spec = next(s for s, frames in charts(at) if any("quota_scale" in df.columns for df in frames))
    current = run(CATALOG.program(PID), make_scenario(CATALOG.program(PID), {}), deterministic=True)
    mid = _colour_scale(spec)["domainMid"]
    assert mid == pytest.approx(current.summary.totals.completed.mean)  # the grid centres on today's plan


def test_analysis_settings_travel_in_the_link(store_url):
    from sim.store import ScenarioSpec, ScenarioStore

    at = _app("sensitivity", **_det(PID))
    at.select_slider(key="tornado_relative").set_value(0.3).run()
    at.selectbox(key=f"grid_x_{PID}").set_value("attendance_rate").run()
    at.selectbox(key="grid_metric").set_value("cost_yuan").run()
    assert at.query_params["sens_range"] == "0.3" and at.query_params["grid_x"] == "attendance_rate"
    assert at.query_params["grid_figure"] == "cost_yuan"
    link = dict(at.query_params)
    again = _app("sensitivity", query=link)  # a colleague opens the link: the same analysis
    assert not again.exception and not again.warning
    assert again.select_slider(key="tornado_relative").value == 0.3
    assert again.selectbox(key=f"grid_x_{PID}").value == "attendance_rate"
    assert again.selectbox(key="grid_metric").value == "cost_yuan"

    store = ScenarioStore(CATALOG, url=store_url)
    store.save(ScenarioSpec(program=PID, name="扩招", overrides={"quota_scale": 1.2}, seed=0, replications=2))
    store.close()
    at = _app("compare", query={"program": PID, "det": "1", "pick": ["current", "扩招"]})
    assert at.multiselect(key=f"compare_pick_{PID}").value == ["当前情景（左侧设置）", "扩招"]
    assert at.query_params["pick"] == ["current", "扩招"]

    at = _app("goal_seek", query={"program": PID, "det": "1", "goal_target": "10000.0", "goal_p": "0.9"})
    assert at.number_input(key=f"goal_target_{PID}_completed").value == 10000.0
    assert at.success and "至少取" in at.success[0].value  # answered at once, as the link asked

    bad = _app("sensitivity", query={"program": PID, "det": "1", "grid_x": "no_such", "sens_range": "7"})
    assert len(bad.warning) == 2 and not bad.exception


def test_one_page_summary_of_the_scenario_is_one_click_away():
    at = _app("scenario", **_det(PID))
    at.slider(key=f"{PID}:attendance_rate").set_value(0.8).run()
    # The file is made with the page, so one click downloads it.
    assert any("一页摘要" in b.proto.label for b in at.get("download_button"))
    assert not any("tt-summary" in h.proto.body for h in at.get("html"))  # the preview is drawn when asked for
    at.toggle(key="summary_preview").set_value(True).run()
    page = next(h.proto.body for h in at.get("html") if "tt-summary" in h.proto.body)
    base, now = (
        run(CATALOG.program(PID), make_scenario(CATALOG.program(PID), o), deterministic=True).summary.totals
        for o in ({}, {"attendance_rate": 0.8})
    )
    assert "报到率" in page and "0.8" in page  # the change, by its name
    assert f"{now.attended.mean:,.0f}" in page and f"{base.attended.mean:,.0f}" in page
    assert "@media print" in page and "size: A4" in page
    assert "attendance_rate" not in page  # names, never keys


def test_goal_seek_gives_no_range_that_repeats_its_answer():
    at = _app("goal_seek", query={"program": PID, "det": "1", "goal_target": "10000.0"})
    # One expected-value run: every "replication" needs the same value, so no "0.93 – 0.93".
    assert not any("–" in c.value for c in at.caption)
    assert any("此时经费约" in c.value for c in at.caption)


def test_compare_draws_no_chart_of_zeros():
    at = _app("compare", **_det(PID))  # only the sidebar's scenario, unchanged: nothing differs
    assert not [df for _, frames in charts(at) for df in frames if "direction" in df.columns]
    at.slider(key=f"{PID}:quota_scale").set_value(1.2).run()
    changes = [df for _, frames in charts(at) for df in frames if "direction" in df.columns]
    assert changes and (changes[0].set_index("label").loc["名额", "value"] == pytest.approx(2500))  # 12,500 × 0.2
