"""The nowcast in the dashboard: the overview flags the sub-programs and units at risk on the current
pace when a program has stored actuals; the actuals page shows the nowcast (reference date, per-unit
table, the sentences, the extension answer), and goal seek asks the extension question too."""

from __future__ import annotations

import datetime as dt

import pytest

from sim import load_catalog
from sim.actuals import read_actuals
from sim.store import ActualsStore, ScenarioStore
from tests.apptest import _app, read
from tests.documented import ROOT

CATALOG = load_catalog()
PID = "henan-2021"
REGISTRATIONS = ROOT / "data" / "examples" / "actuals" / "henan-2021-registrations.csv"


@pytest.fixture(autouse=True)
def store_url(dashboard_store):
    return dashboard_store


def _stored(url: str) -> None:
    store = ScenarioStore(CATALOG, url=url)
    ActualsStore(store).add(read_actuals(CATALOG.program(PID), REGISTRATIONS))
    store.close()


def _texts(at) -> list[str]:
    return [read(x.value) for kind in ("markdown", "warning", "caption", "info") for x in at.get(kind)]


def test_the_overview_flags_units_at_risk_only_with_actuals(store_url):
    at = _app()
    assert not any("按截至" in x for x in _texts(at))  # no actuals: no nowcast on any card
    _stored(store_url)
    at = _app()
    # The sample was made with 92% participation: on its pace most Henan units stay below 95%.
    flags = [x for x in _texts(at) if "按截至2021年7月30日的进度" in x]
    assert len(flags) == 1 and "名额或截止有风险" in flags[0] and "省级骨干教师培育" in flags[0]


def test_the_actuals_page_shows_the_nowcast(store_url):
    _stored(store_url)
    at = _app("actuals", program_id=PID)
    assert at.date_input(key="nowcast_as_of").value == dt.date(2021, 7, 30)  # the last reported day
    at.date_input(key="nowcast_as_of").set_value(dt.date(2021, 7, 24)).run()
    assert not at.exception, at.exception
    sentences = [x for x in _texts(at) if x.startswith("按目前进度，")]
    assert any("乡村骨干教师素质提升培训报名截止时将完成名额的" in x for x in sentences)
    frame = at.dataframe[-1].value
    assert "县域教师发展支持服务体系建设（新县）" in set(frame["子项目或单位"])
    assert {"截止有风险", "按进度"} & set(frame["风险"])
    at.button(key="nowcast_extend").click().run()
    assert not at.exception, at.exception
    answers = [x for x in _texts(at) if "报名需延长" in x or "不延长报名" in x]
    assert len(answers) == len(CATALOG.program(PID).tracks)


def test_the_nowcast_in_english_has_no_chinese_but_proper_names(store_url):
    _stored(store_url)
    at = _app("actuals", program_id=PID, lang="en")
    sentences = [x for x in _texts(at) if x.startswith("On the current pace")]
    assert sentences and all("of its quota" in x for x in sentences)
    assert "Nowcast" in [h.value for h in at.subheader]


def test_goal_seek_answers_how_many_days_registration_must_be_extended(store_url):
    at = _app("goal_seek", program_id=PID)
    assert "报名需要延长几天" not in [h.value for h in at.subheader]  # no actuals: no such question
    _stored(store_url)
    at = _app("goal_seek", program_id=PID)
    assert "报名需要延长几天" in [h.value for h in at.subheader]
    at.button(key="goal_extend").click().run()
    assert not at.exception, at.exception
    answers = [x for x in _texts(at) if "报名需延长" in x or "不延长报名" in x]
    assert len(answers) == len(CATALOG.program(PID).tracks)
