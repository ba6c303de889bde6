"""How fast the what-if pages answer in a real browser (issue 14, point 3). Prints figures; asserts nothing.

    python bench/bench_meeting.py                      # henan-2021 and zhejiang-2021h2, 5 questions a page
    python bench/bench_meeting.py --programs henan-2021 --rounds 3

Debian's Chromium (Playwright) against ``streamlit run app.py`` on a free port, with a scenario store
holding two saved scenarios per program. Each page is opened once and left to finish (the program is
on screen already, as in a meeting). Then a series of *new questions*, each asked as a user asks it
and timed from the key press or click until Streamlit's run has ended (the server's ``script_finished``
message on the websocket, with no run following) and the page's chart or table is drawn:

* sensitivity: the ± range slider one step up (the tornado and the two-way grid are computed anew);
* goal seek: a new target typed in and 开始求解 pressed;
* compare: the sidebar's first slider one step (the current scenario changes; the saved ones and the
  baseline come from the cache).

Last, a *colleague*: a second browser session opening the link of the last question (the link
carries the analysis settings), page load included, answered from the cross-session cache.

Targets: sensitivity, grid and goal seek <= 2 s, compare <= 1 s (medians of the new questions).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from reports.fonts import fontconfig_file  # noqa: E402
from sim import load_catalog  # noqa: E402
from sim.store import ScenarioSpec, ScenarioStore  # noqa: E402
from tests.test_browser import ARGS, CHROMIUM, _start_server, _stop  # noqa: E402

TARGETS = {"sensitivity": 2.0, "goal_seek": 2.0, "compare": 1.0}
DRAWN = (
    "() => document.querySelector('[data-testid=stMain] .vega-embed, [data-testid=stMain] [data-testid=stDataFrame]')"
)
QUIET = 0.15  # seconds without a new run after one ends: a page that reruns itself (st.rerun) is not done yet


class Runs:
    """A tab's script runs, read from the server's own messages on the websocket: each run begins
    with ``new_session`` and ends with ``script_finished``."""

    def __init__(self, tab) -> None:
        self.started = self.finished = 0
        self.last = time.perf_counter()
        tab.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if isinstance(payload, str):
            return
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.started += 1
        elif kind == "script_finished":
            self.finished += 1
            self.last = time.perf_counter()

    def settle(self, tab, after: int) -> float:
        """Wait for a run begun after ``after`` runs to end with nothing following it and the answer
        drawn; the time it ended."""
        while True:
            tab.wait_for_timeout(20)
            idle = self.started > after and self.finished >= self.started
            if idle and time.perf_counter() - self.last > QUIET and tab.evaluate(DRAWN):
                return self.last


def opened(browser, url: str):
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    tab.on("dialog", lambda d: d.accept())
    runs = Runs(tab)
    started = time.perf_counter()
    tab.goto(url, wait_until="commit")
    return tab, runs, runs.settle(tab, 0) - started


def ask(tab, runs: Runs, page: str, i: int) -> float:
    """The ``i``-th new question on ``page``, timed until answered."""
    before = runs.started
    started = time.perf_counter()
    if page == "sensitivity":
        tab.locator("[data-testid=stMain]").get_by_role("slider").first.focus()
        tab.keyboard.press("ArrowRight")
    elif page == "goal_seek":
        box = tab.locator("[data-testid=stMain] [data-testid=stNumberInput] input").first
        box.fill(f"{0.90 + 0.01 * i:.2f}")
        tab.locator("[data-testid=stMain] [data-testid=stFormSubmitButton] button").first.click()
    else:
        tab.locator("[data-testid=stSidebar]").get_by_role("slider").first.focus()
        tab.keyboard.press("ArrowRight")
    return runs.settle(tab, before) - started


FIRST = {
    "sensitivity": "sensitivity?program={pid}",
    "goal_seek": "goal_seek?program={pid}&goal_metric=fill_rate&goal_target=0.95",
    "compare": "compare?program={pid}&pick=current&pick=A&pick=B",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programs", nargs="+", default=["henan-2021", "zhejiang-2021h2"])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    store = ScenarioStore(load_catalog(), url=url)
    for pid in args.programs:
        store.save(ScenarioSpec(program=pid, name="A", overrides={"quota_scale": 1.2}))
        store.save(ScenarioSpec(program=pid, name="B", overrides={"participation_rate": 0.85}))
    proc, base = _start_server({"TT_STORE_URL": url})
    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(folder))}
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"{'program':<18} {'page':<12} {'new question median / worst':>28} {'colleague':>10} {'target':>7}")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, env=env)
            for pid in args.programs:
                for page in TARGETS:
                    tab, runs, _ = opened(browser, f"{base}/{FIRST[page].format(pid=pid)}")
                    times = [ask(tab, runs, page, i) for i in range(args.rounds)]
                    link = tab.url
                    tab.close()
                    colleague, _, again = opened(browser, link)
                    colleague.close()
                    print(
                        f"{pid:<18} {page:<12} {statistics.median(times):>17.2f} / {max(times):5.2f} s"
                        f" {again:>9.2f}s {TARGETS[page]:>6.1f}s",
                        flush=True,
                    )
            browser.close()
    finally:
        _stop(proc)


if __name__ == "__main__":
    main()
