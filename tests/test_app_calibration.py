"""The Sources page with stored actuals: per value the assumed range beside the calibrated range and
the records that informed it; without actuals the page is as before. The sidebar runs the calibrated
scenario on request."""

from __future__ import annotations

import dataclasses

import pytest

from sim import load_catalog
from sim.actuals import read_actuals
from sim.store import ActualsStore, ScenarioStore
from tests.apptest import _app
from tests.documented import ROOT
from ui import data
from ui.scenario import DEFAULT_REPLICATIONS, Settings

CATALOG = load_catalog()
PID = "henan-2021"
SAMPLES = ROOT / "data" / "examples" / "actuals"


@pytest.fixture(autouse=True)
def store_url(dashboard_store):
    return dashboard_store


def _stored(url: str, *kinds: str) -> None:
    store = ScenarioStore(CATALOG, url=url)
    for kind in kinds:
        ActualsStore(store).add(read_actuals(CATALOG.program(PID), SAMPLES / f"henan-2021-{kind}.csv"))
    store.close()


def _parameters(at):
    return at.dataframe[0].value


def test_without_actuals_the_sources_page_has_no_calibration():
    at = _app("sources", program_id=PID)
    assert "校准区间" not in _parameters(at).columns
    assert not any(h.value == "按实际数据校准" for h in at.subheader)
    assert not data.calibration(PID)


def test_the_sources_page_shows_assumed_against_calibrated_ranges(store_url):
    _stored(store_url, "registrations", "attendance")
    at = _app("sources", program_id=PID)
    params = _parameters(at).set_index("参数")
    # The sample's planted show-up rate is 88%, against the assumed 93% (85%-98%).
    show_up = params.loc["报到率"]
    assert show_up["合理范围"] == "0.85 – 0.98"
    low, high = (float(x) for x in show_up["校准区间"].split(" – "))
    assert 0.85 < low < 0.88 < high < 0.9
    assert show_up["依据记录数"] == "18"  # the attendance file's 18 rows
    assert params.loc["注册参与率"]["依据记录数"] == "214"  # the registrations file's rows
    assert params.loc["每班人数"]["校准区间"] == ""  # no actuals inform a class size
    assert any(h.value == "按实际数据校准" for h in at.subheader)
    calibrated = at.dataframe[1].value
    county = calibrated[calibrated["参数"] == "县域教师发展支持服务体系建设·报到率"].iloc[0]
    assert county["依据记录数"] == "13" and county["涉及教师"] == "602"
    assert "按18条实际记录" in calibrated[calibrated["参数"] == "报到率"].iloc[0]["范围依据"]


def test_in_english(store_url):
    _stored(store_url, "attendance")
    at = _app("sources", program_id=PID, lang="en")
    params = _parameters(at)
    assert {"Calibrated range", "Records"} <= set(params.columns)
    assert any(h.value == "Calibrated on the actuals" for h in at.subheader)
    assert "Calibrated on 18 records" in at.dataframe[1].value["Why this range"].iloc[0]


def test_the_sidebar_runs_the_calibrated_scenario(store_url):
    """With stored actuals the run settings offer the calibrated scenario: its rates come from the
    actuals' posteriors (the sample's planted 92% participation, not the assumed 97%), the method
    note says so, and the link carries it."""
    at = _app(query={"program": PID})
    assert not [x for x in at.toggle if x.key == f"{PID}:cal"]  # nothing stored: nothing offered
    _stored(store_url, "registrations", "attendance", "payments")
    at = _app("fill_rates", query={"program": PID})
    at.toggle(key=f"{PID}:cal").set_value(True).run()
    assert not at.exception, at.exception
    s = Settings(PID, (), DEFAULT_REPLICATIONS, 0, False, True, data.actuals_files(PID))
    assert len(s.calibrated) == 3 and data.result(s).calibrated
    assert "按已导入的 3 个实际数据文件校准" in "\n".join(m.value for m in at.markdown)
    assert at.query_params["cal"] in ("1", ["1"])
    assumed = dataclasses.replace(s, calibrated=())
    assert data.result(s).summary.totals.fill_rate.mean < data.result(assumed).summary.totals.fill_rate.mean - 0.02
