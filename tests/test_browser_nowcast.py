"""The nowcast of Henan's sample actuals in a real browser (the pattern of tests/test_browser.py): the
actuals page with its nowcast section, and the timeline and fill-rate pages with plan beside actual;
screenshots in $SCREENSHOT_DIR, each page read for its language."""

from __future__ import annotations

import os
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from sim import load_catalog
from sim.actuals import read_actuals
from sim.store import ActualsStore, ScenarioStore
from tests.documented import ROOT
from tests.language import out_of_place
from tests.test_browser import DOTTED, PAGE_TEXT, _settled, _start_server, _stop, browser, shots  # noqa: F401

SAMPLES = ROOT / "data" / "examples" / "actuals"
KINDS = ("registrations", "attendance", "payments")
HEADING = {"zh": "实时预测", "en": "Nowcast"}
SENTENCE = {"zh": "按目前进度，", "en": "On the current pace, "}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A dashboard whose store holds Henan's sample actuals, loaded as the README's commands load them."""
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'scenarios.sqlite'}"
    catalog = load_catalog()
    store = ScenarioStore(catalog, url=url)
    for kind in KINDS:
        ActualsStore(store).add(read_actuals(catalog.program("henan-2021"), SAMPLES / f"henan-2021-{kind}.csv"))
    store.close()
    proc, base = _start_server({"TT_STORE_URL": url})
    yield base
    _stop(proc)


@contextmanager
def opened(browser):  # noqa: F811
    """A page of its own (closed after), patient with a first simulation on a busy machine."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(90000)
    try:
        yield page
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_actuals_page_shows_the_nowcast_in_its_language(server, browser, shots, lang):  # noqa: F811
    with opened(browser) as page:
        page.goto(f"{server}/actuals?program=henan-2021&lang={lang}", wait_until="commit")
        expect(page.get_by_role("heading", name=HEADING[lang]).first).to_be_visible()
        _settled(page)
        expect(page.get_by_text(SENTENCE[lang]).first).to_be_visible()
        page.get_by_role("heading", name=HEADING[lang]).first.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        page.screenshot(path=os.path.join(shots, f"actuals-nowcast-henan-2021-{lang}.png"), full_page=True)
        page.locator('[data-testid="stDataFrame"]').last.scroll_into_view_if_needed()  # the per-unit table
        page.wait_for_timeout(500)
        page.screenshot(path=os.path.join(shots, f"actuals-nowcast-henan-2021-{lang}-units.png"), full_page=True)
        # The stored files' own names and who imported them (the local user) are data, as the user wrote them.
        data = {f"henan-2021-{kind}.csv" for kind in KINDS} | {"local"}
        shown = [words for words in page.evaluate(PAGE_TEXT) if words not in data]
        bad = [words for words in shown if out_of_place(words, lang) or DOTTED.search(words)]
        assert not bad, f"actuals with nowcast in {lang}: {bad}"


PLAN_ACTUAL = {"zh": "计划与实际", "en": "Plan against actual"}


@pytest.mark.parametrize("name", ["timeline", "fill_rates"])
def test_the_timeline_and_fill_rates_draw_plan_beside_actual(server, browser, shots, name):  # noqa: F811
    """The sample's plan against actual, with its charts drawn, screenshot kept; read for English."""
    with opened(browser) as page:
        page.goto(f"{server}/{name}?program=henan-2021", wait_until="commit")
        heading = page.get_by_role("heading", name=PLAN_ACTUAL["zh"]).first
        expect(heading).to_be_visible()
        _settled(page)
        heading.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        expect(page.locator(".vega-embed").last).to_be_visible()
        page.screenshot(path=os.path.join(shots, f"plan-actual-{name}-henan-2021.png"), full_page=True)
        words = page.evaluate(PAGE_TEXT)
        for kind in KINDS:  # the stored files' own names are data, as the platform named them
            words = [w.replace(f"henan-2021-{kind}.csv", "") for w in words]
        bad = [w for w in words if out_of_place(w, "zh") or DOTTED.search(w)]
        assert not bad, f"{name} with actuals: {bad}"
