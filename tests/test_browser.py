"""Real-browser checks: Debian's Chromium, driven by Playwright, against `streamlit run app.py`."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect, sync_playwright

from reports.fonts import fontconfig_file
from tests.conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
# A first simulation (replications, worker start-up) can take several seconds on a busy 2-core machine.
expect.set_options(timeout=60_000)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server():
    """`streamlit run app.py` on a free port; returns (process, base URL) once it answers."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("streamlit did not start: " + proc.stderr.read().decode()[-2000:])


def _stop(proc) -> None:
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def server():
    proc, url = _start_server()
    yield url
    _stop(proc)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(tmp_path_factory.mktemp("fonts")))}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=env)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60000)
    return page


def test_overview_in_chinese(server, page, tmp_path):
    page.goto(server)
    expect(page.get_by_role("heading", name="教师培训政策模拟与简报")).to_be_visible()
    expect(page.get_by_text("一致性核查").first).to_be_visible()
    shot = tmp_path / "overview.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20000


def test_simulate_page_draws_charts_and_answers_a_change(server, page, tmp_path):
    page.goto(f"{server}/simulate")
    expect(page.get_by_text("名额完成率").first).to_be_visible()
    expect(page.locator(".vega-embed").first).to_be_visible()
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="经费（元）")
    before = metric.inner_text()
    slider = page.get_by_role("slider").nth(2)  # attendance rate
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(metric).not_to_have_text(before, timeout=30000)
    page.screenshot(path=str(tmp_path / "simulate.png"), full_page=True)


def test_english_switch_in_browser(server, page):
    page.goto(server)
    page.get_by_text("English").click()
    expect(page.get_by_role("heading", name="Teacher-training policy simulation and briefing")).to_be_visible()


def test_deep_link_on_a_fresh_server_keeps_the_app_frame(browser):
    """The first request a new server sees is a deep link: the language switch and page titles must be there."""
    proc, url = _start_server()
    try:
        page = browser.new_page()
        page.set_default_timeout(60000)
        page.goto(f"{url}/simulate")
        expect(page.get_by_text("English")).to_be_visible()
        expect(page.get_by_text("情景模拟").first).to_be_visible()
        page.close()
    finally:
        _stop(proc)
