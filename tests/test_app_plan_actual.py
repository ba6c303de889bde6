"""The timeline and fill-rate pages draw the stored actuals beside the simulation, in both languages with
the plan's and the actual's fixed colours; a program without actuals shows no such section."""

from __future__ import annotations

import io

import openpyxl
import pytest

from sim import load_catalog
from sim.actuals import read_actuals
from sim.catalog import data_version
from sim.store import ActualsStore, ScenarioStore
from tests.apptest import _app, _det, charts
from tests.documented import ROOT
from tests.language import out_of_place
from ui import data

CATALOG = load_catalog()
PID = "henan-2021"
SAMPLES = ROOT / "data" / "examples" / "actuals"
FILES = [SAMPLES / f"{PID}-{k}.csv" for k in ("registrations", "attendance", "payments")]
HEADING = {"zh": "计划与实际", "en": "Plan against actual"}
COLOURS = ["#2ca02c", "#5e3c99"]  # plan, actual


@pytest.fixture
def stored(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    monkeypatch.setenv("TT_STORE_URL", url)
    store = ScenarioStore(CATALOG, url=url)
    for p in FILES:
        ActualsStore(store).add(read_actuals(CATALOG.program(PID), p))
    store.close()
    return url


def _plan_actual_charts(at) -> list[tuple[dict, list]]:
    """The charts coloured plan / actual, by their fixed colours."""
    found = []
    for spec, frames in charts(at):
        layers = spec.get("layer", [spec])
        scales = [layer.get("encoding", {}).get("color", {}).get("scale", {}) for layer in layers]
        if any(s.get("range") == COLOURS for s in scales):
            found.append((spec, frames))
    return found


def _words(at) -> list[str]:
    """The page's headings, captions and text, without the run's data version (a digest)."""
    digest = data_version(CATALOG, [PID])
    shown = [e.value for e in (*at.main.subheader, *at.main.caption, *at.main.markdown)]
    return [w.replace(digest, "") for w in shown if isinstance(w, str)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_timeline_draws_cumulative_registrations_and_payments_beside_the_plan(stored, lang):
    at = _app("timeline", **_det(PID), lang=lang)
    assert HEADING[lang] in [h.value for h in at.subheader]
    drawn = _plan_actual_charts(at)
    assert len(drawn) == 2  # registrations, payments
    plan, actual = {"zh": ("计划", "实际"), "en": ("Plan", "Actual")}[lang]
    registrations = next(f for f in drawn[0][1] if "series" in f.columns)
    assert set(registrations["series"]) == {plan, actual}
    # the actual line ends with the registrations file's total: 11,527 sign-ups by 30 July 2021
    assert registrations[registrations["series"] == actual]["n"].max() == 11527
    by_day = {"zh": "截至2021年7月30日：实际 11,527", "en": "To 30 Jul 2021: actual 11,527"}[lang]
    assert any(by_day in c.value for c in at.caption)
    assert not [w for w in _words(at) if out_of_place(w, lang)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_fill_rates_page_shows_each_unit_beside_the_plan_biggest_gaps_first(stored, lang):
    at = _app("fill_rates", **_det(PID), lang=lang)
    assert HEADING[lang] in [h.value for h in at.subheader]
    drawn = _plan_actual_charts(at)
    assert len(drawn) == 1
    bars = next(f for f in drawn[0][1] if "fill" in f.columns)
    plan, actual = {"zh": ("计划", "实际"), "en": ("Plan", "Actual")}[lang]
    shown = bars[bars["series"] == actual]
    planned = bars[bars["series"] == plan].set_index("label")["fill"]
    gaps = [abs(r.fill - planned[r.label]) for r in shown.itertuples()]
    assert gaps == sorted(gaps, reverse=True) and len(gaps) == 15  # the widest gaps of the 18 units
    table = at.dataframe[-1].value
    figure = {"zh": "指标", "en": "Figure"}[lang]
    first = table.iloc[0]
    assert first.iloc[0] == {"zh": "已录入的全部单位", "en": "All units reported"}[lang]  # totals come first
    weights = table.iloc[4:][{"zh": "占全项目计划的比重", "en": "Share of the program's plan"}[lang]]
    as_numbers = [float(w.rstrip("%")) for w in weights]
    assert as_numbers == sorted(as_numbers, reverse=True)  # then every gap, heaviest first
    cells = [str(v) for v in table.to_numpy().ravel()] + list(table.columns)
    assert figure in table.columns and not [c for c in cells if out_of_place(c, lang)]


def test_without_actuals_neither_page_shows_the_section(tmp_path, monkeypatch):
    monkeypatch.setenv("TT_STORE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    for page in ("timeline", "fill_rates"):
        at = _app(page, **_det(PID))
        assert HEADING["zh"] not in [h.value for h in at.subheader] and not _plan_actual_charts(at)


def test_a_store_that_cannot_be_read_is_a_warning_not_a_broken_page(monkeypatch):
    monkeypatch.setenv("TT_STORE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")  # nothing listens on port 1
    at = _app("timeline", **_det(PID))
    assert any("无法连接数据库服务器" in w.value for w in at.warning) and not at.exception
    assert "累计报名与名额" in [h.value for h in at.subheader]  # the rest of the page is drawn


def test_no_store_yet_is_not_created_by_looking_for_actuals(tmp_path, monkeypatch):
    missing = tmp_path / "none.sqlite"
    monkeypatch.setenv("TT_STORE_URL", f"sqlite:///{missing}")
    _app("fill_rates", **_det(PID))
    assert not missing.exists()


def test_the_dashboards_report_has_the_section_when_the_store_has_actuals(stored):
    at = _app("reports", **_det(PID))
    asked, named = at.session_state["_report_offered"]
    built = data.report(*asked, "xlsx", "en", None, named)
    assert "Plan vs actual" in openpyxl.load_workbook(io.BytesIO(built.data)).sheetnames
