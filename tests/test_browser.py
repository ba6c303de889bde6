"""Real-browser checks: Debian's Chromium, driven by Playwright, against `streamlit run app.py`."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from reports.fonts import fontconfig_file
from tests.documented import ROOT
from tests.language import out_of_place

CHROMIUM = "/usr/bin/chromium"
# A first simulation (replications, worker start-up) can take several seconds on a busy 2-core machine.
expect.set_options(timeout=60_000)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(env: dict | None = None):
    """`streamlit run app.py` on a free port; returns (process, base URL) once it answers."""
    port = _free_port()
    # The server's output goes to a file: a pipe nobody reads fills up and then blocks the server.
    fd, log_path = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
    with os.fdopen(fd, "wb") as log:  # the server keeps its own copy of the descriptor
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )  # its own process group: the worker pool goes down with it
    proc.log_path = log_path
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    pytest.fail("streamlit did not start: " + Path(proc.log_path).read_text(encoding="utf-8", errors="replace")[-2000:])


def _stop(proc) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    os.unlink(proc.log_path)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = tmp_path_factory.mktemp("store") / "scenarios.sqlite"
    proc, url = _start_server({"TT_STORE_URL": f"sqlite:///{store}"})
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
    # Leaving a page while Streamlit is still busy asks "leave site?"; Playwright would dismiss it and stay.
    page.on("dialog", lambda dialog: dialog.accept())
    return page


PAGES = {
    "overview": "一致性核查",
    "timeline": "累计报名与名额",
    "fill_rates": "名额到学分的漏斗",
    "costs": "文件经费规则核对",
    "scenario": "基线与本情景",
    "sources": "下载项目数据文件（YAML）",
    "actuals": "本项目尚未导入实际数据。",
}


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Where screenshots go: $SCREENSHOT_DIR if set (to look at them), else a temporary folder."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        return folder
    return str(tmp_path_factory.mktemp("screenshots"))


def _settled(page) -> None:
    """Wait until Streamlit has finished the run (no running indicator) and charts are drawn."""
    expect(page.locator('[data-testid="stApp"]')).to_be_visible()
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)


@pytest.mark.parametrize("name,marker", PAGES.items())
def test_each_page_renders_in_chinese(server, page, shots, name, marker):
    path = "" if name == "overview" else name  # the default page lives at the root
    page.goto(f"{server}/{path}?program=henan-2021", wait_until="commit")
    expect(page.get_by_text(marker).first).to_be_visible()
    _settled(page)
    if name not in ("overview", "sources", "scenario", "actuals"):  # no charts (scenario: none until a setting changes)
        expect(page.locator(".vega-embed").first).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
    path = os.path.join(shots, f"{name}.png")
    page.screenshot(path=path, full_page=True)
    assert os.path.getsize(path) > 20000


# Every page, read in both languages. Text the page shows (the DOM's text, including table cells and
# chart labels) must be in the page's language. Allowed across languages: the documents' own
# wording shown as a quotation 「…」, and code (file names) in `code`. Not read: icon ligatures
# (their names are not shown) and the few words Streamlit writes itself and cannot translate
# (the skip link, the file uploader's drop zone).
ALL_PAGES = re.findall(r'\("(\w+)", N_\("nav_', (ROOT / "app.py").read_text(encoding="utf-8"))
# Every page for the program with the most names (cities, providers, course names with Latin
# letters); the pages that show a program's own data for the others too.
READ = [
    *((name, "program=zhejiang-voc-2020") for name in ALL_PAGES),
    *(
        (name, f"program={pid}")
        for pid in ("henan-2021", "jiangxi-2022", "guopei-2021-2025", "zhejiang-2021h2")
        for name in ("timeline", "fill_rates", "costs", "sources")
    ),
    # A link with settings the sidebar has no control for: the sidebar names them.
    ("scenario", "program=henan-2021&backbone.attendance_rate=0.5&quota_scale=7.5"),
    # A late self-assessment: deadlines at risk, and one whose status the scenario changes.
    *((name, "program=henan-2021&report_days_after_end=60") for name in ("timeline", "scenario", "overview")),
]
# Pages that answer only when asked: the button to press, in each language.
PRESS = {"goal_seek": {"zh": "开始求解", "en": "Solve"}}
PAGE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => node.parentElement.closest(
      'script, style, noscript, code, [data-testid="stIconMaterial"], [data-testid="stAlertDynamicIcon"], ' +
      '[data-testid="stSkipToContent"], [data-testid="stFileUploaderDropzone"]'
    ) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT,
  });
  const byElement = new Map();  // React may split one text into adjacent nodes: read each element's text whole
  while (walker.nextNode()) {
    const node = walker.currentNode;
    byElement.set(node.parentElement, (byElement.get(node.parentElement) || "") + node.textContent);
  }
  for (const words of byElement.values()) if (words.trim()) out.push(words.trim());
  return out;
}"""


# A table, once scrolled into view (the grid draws its cells then): how many rows it has (aria-rowcount
# counts the header row), whether its rows overflow its height, whether a caption after it says how many.
TABLE = """el => {
  const scroller = el.querySelector('.dvn-scroller');
  const grid = el.querySelector('table');
  const next = el.closest('[data-testid="stElementContainer"]')?.nextElementSibling;
  return {
    rows: grid ? Number(grid.getAttribute('aria-rowcount') || 0) - 1 : -1,
    hidden: scroller ? scroller.scrollHeight - scroller.clientHeight : 0,
    counted: !!next && !!next.querySelector('[data-testid="stCaptionContainer"]'),
    first: grid ? [...grid.querySelectorAll('th')].map(th => th.textContent).join(' | ') : '',
  };
}"""
# An internal name with a dot, e.g. document.number or backbone.attendance_rate (file names are in `code`).
DOTTED = re.compile(r"\b[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\b")


def _tables_read_whole(page) -> list[str]:
    """Problems with the page's tables: empty, or rows hidden below without saying how many."""
    problems = []
    frames = page.locator('[data-testid="stDataFrame"] >> visible=true')
    for i in range(frames.count()):
        frame = frames.nth(i)
        frame.scroll_into_view_if_needed()
        expect(frame.locator("table")).to_have_count(1)
        table = frame.evaluate(TABLE)
        if table["rows"] <= 0:
            problems.append(f"empty table: {table['first']}")
        elif table["hidden"] > 2 and not table["counted"]:
            problems.append(f"rows cut off ({table['rows']} rows): {table['first']}")
    return problems


def _no_spec_action(page) -> list[str]:
    """Hovering a chart offers no "Copy Vega-Lite spec" (a developer's action, shown on localhost)."""
    chart = page.locator('[data-testid="stVegaLiteChart"] >> visible=true').first
    if chart.count() == 0:
        return []
    chart.hover()
    page.wait_for_timeout(300)
    copy = page.locator('button[aria-label="Copy Vega-Lite spec"]')
    return ["Copy Vega-Lite spec offered"] if copy.count() and copy.first.is_visible() else []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name,query", READ)
def test_every_page_reads_in_its_language(server, browser, shots, name, query, lang):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60000)
    try:
        path = "" if name == "overview" else name
        page.goto(f"{server}/{path}?{query}&lang={lang}&reps=3", wait_until="commit")
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        _settled(page)
        if name in PRESS:
            page.get_by_role("button", name=PRESS[name][lang]).click()
            expect(page.locator(".vega-embed").first).to_be_visible()
            _settled(page)
        page.wait_for_timeout(1000)  # charts draw after the run ends
        _settled(page)
        bad = [words for words in page.evaluate(PAGE_TEXT) if out_of_place(words, lang) or DOTTED.search(words)]
        shot = re.sub(r"\W+", "-", f"read-{name}-{query}-{lang}")
        page.screenshot(path=os.path.join(shots, f"{shot}.png"), full_page=True)
        assert not bad, f"{name} in {lang}: {bad}"
        tables = _tables_read_whole(page) + _no_spec_action(page)
        assert not tables, f"{name} in {lang}: {tables}"
    finally:
        page.close()


def test_a_slider_change_redraws_metrics_chart_and_url(server, page, shots):
    page.goto(f"{server}/scenario?program=henan-2021", wait_until="commit")
    expect(page.get_by_text("基线与本情景")).to_be_visible()
    _settled(page)
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="经费（元）")
    before = metric.inner_text()
    slider = page.get_by_role("slider").nth(2)  # attendance rate
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    expect(metric).not_to_have_text(before, timeout=30000)
    expect(page.get_by_text("本情景改动的设置")).to_be_visible()
    expect(page.locator(".vega-embed").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"attendance_rate=0\.91"))
    page.screenshot(path=os.path.join(shots, "scenario-changed.png"), full_page=True)


def test_a_link_reproduces_the_view(server, browser):
    other = browser.new_page(viewport={"width": 1400, "height": 1000})
    other.goto(f"{server}/costs?program=henan-2021&fee_face=500&lang=en", wait_until="commit")
    expect(other.get_by_text("Fail").first).to_be_visible()
    expect(other.get_by_role("heading", name="Checks against the documents' money rules")).to_be_visible()
    other.close()


def test_english_switch_in_browser(server, page):
    page.goto(server, wait_until="commit")
    page.get_by_text("English").click()
    expect(page.get_by_role("heading", name="Teacher-training policy simulation and briefing")).to_be_visible()


def test_deep_link_on_a_fresh_server_keeps_the_app_frame(browser):
    """The first request a new server sees is a deep link: the app frame and that page, no 'page not found'."""
    proc, url = _start_server()
    try:
        page = browser.new_page()
        page.set_default_timeout(60000)
        page.goto(f"{url}/costs?program=jiangxi-2022", wait_until="commit")
        expect(page.get_by_text("English")).to_be_visible()
        expect(page.get_by_text("文件经费规则核对")).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        page.close()
    finally:
        _stop(proc)


def test_a_saved_scenario_is_there_after_a_reload(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60000)
    page.goto(f"{server}/saved?program=jiangxi-2022&participation_rate=0.9", wait_until="commit")
    expect(page.get_by_text("保存当前情景")).to_be_visible()
    page.get_by_label("情景名称").fill("参与率九成")
    page.get_by_label("备注（作者、用途）").fill("浏览器测试")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存：参与率九成")).to_be_visible()
    page.reload(wait_until="commit")
    expect(page.get_by_text("已保存的情景（1）")).to_be_visible()
    expect(page.get_by_role("combobox", name="选择情景")).to_have_value("参与率九成")
    with page.expect_download() as download:  # the export is written when the button is pressed
        page.get_by_role("button", name="导出本项目全部情景（1）").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert "参与率九成" in json.dumps(exported, ensure_ascii=False)
    page.close()


EVIL = "evil.invalid"  # a name that resolves nowhere: a request to it shows up as a failed one
INJECTIONS = {
    "fee_face": f"[重新登录](https://{EVIL}/login)",
    "attendance_rate": f"![x](http://{EVIL}/pixel.png)",
    "completion_rate": f"<img src='http://{EVIL}/tag.png'><a href='http://{EVIL}/'>点我</a>",
    "participation_rate": "\x1b[31m红色\x1b[0m",
    "quota_scale": f"https://{EVIL}/bare",
}


def _no_markup_from(page, requested: list[str]) -> None:
    assert page.locator(f'a[href*="{EVIL}"]').count() == 0, "a link from user text"
    assert page.locator(f'img[src*="{EVIL}"]').count() == 0, "an image from user text"
    fetched = [u for u in requested if u.split("/")[2].endswith(EVIL)]  # the host, not the page's own query
    assert not fetched, f"the browser fetched what user text named: {fetched}"


def test_links_and_names_put_no_markup_on_the_page(server, browser, shots):
    """Text from a link or a saved name is shown as text: no live link, no remote image, no escape codes."""
    import urllib.parse

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60000)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    query = urllib.parse.urlencode({"program": "henan-2021", **INJECTIONS})
    page.goto(f"{server}/costs?{query}", wait_until="commit")
    expect(page.get_by_text("链接参数 fee_face=").first).to_be_visible()
    _settled(page)
    _no_markup_from(page, requested)
    assert "\x1b" not in page.inner_text("body")
    page.screenshot(path=os.path.join(shots, "injection-link.png"), full_page=True)

    name = f"![i](http://{EVIL}/n.png)[点我](https://{EVIL}/n)"
    page.goto(f"{server}/saved?program=henan-2021", wait_until="commit")
    page.get_by_label("情景名称").fill(name)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存：").first).to_be_visible()
    _settled(page)
    page.get_by_role("button", name="载入到左侧").click()
    expect(page.get_by_text("已载入：").first).to_be_visible()
    _settled(page)
    _no_markup_from(page, requested)
    assert "点我" in page.inner_text("body")  # the name is there, as text
    page.screenshot(path=os.path.join(shots, "injection-name.png"), full_page=True)
    page.close()


def test_a_colleagues_page_answers_while_another_runs_a_big_scenario(browser, tmp_path):
    """Two sessions on one server: a big run (about 20 s of both workers) does not hold back a small one."""
    proc, url = _start_server({"TT_STORE_URL": f"sqlite:///{tmp_path / 's.sqlite'}", "TT_RUN_BUDGET": "100000000"})
    try:
        big = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        small = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        for p in (big, small):
            p.set_default_timeout(120000)
        small.goto(f"{url}/costs?program=jiangxi-2022&reps=2", wait_until="commit")  # warm: pool and imports
        expect(small.get_by_text("预计经费").first).to_be_visible()
        # 100 replications of Guopei at ten times its quotas (21,000 classes each, no capacity queues), on
        # the shared pool: jobs of well under a second, as a fair share is handed out job by job.
        big.goto(f"{url}/costs?program=guopei-2021-2025&quota_scale=10&reps=100", wait_until="commit")
        time.sleep(4)  # the big run has both workers now
        started = time.perf_counter()
        small.goto(f"{url}/costs?program=jiangxi-2022&reps=8&seed=5", wait_until="commit")
        expect(small.get_by_text("预计经费").first).to_be_visible()
        waited = time.perf_counter() - started
        still_running = big.get_by_text("预计经费").count() == 0
        expect(big.get_by_text("预计经费").first).to_be_visible()
        big_took = time.perf_counter() - started + 4
    finally:
        _stop(proc)
    assert still_running, "the big run was over before the small one answered: the test proves nothing"
    assert waited < 15, f"the small run waited {waited:.1f} s behind a big one ({big_took:.0f} s)"
