"""How fast the dashboard answers a changed slider: AppTest reruns of the scenario page, full scale.

Each program: open the app (the overview simulates all five programs once, 20 replications each) and
its scenario page,
then move the attendance slider to three new values and time each rerun (scenario recomputed,
baseline from the cache). Prints the median and the worst rerun per program.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest outside a server warns on every call
os.environ.setdefault("TT_STORE_URL", f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}")

from streamlit.testing.v1 import AppTest  # noqa: E402

from sim import load_catalog  # noqa: E402


def main() -> None:
    print(f"{'program':<20} {'first open':>10} {'slider median':>14} {'slider worst':>13}")
    print("(first open: the overview and the scenario page, from a cold cache for the first program)")
    for pid in load_catalog().programs:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.session_state["program_id"] = pid
        started = time.perf_counter()
        at.run()
        at.switch_page("pages/scenario.py").run()
        first = time.perf_counter() - started
        times = []
        for value in (0.71, 0.82, 0.88):
            started = time.perf_counter()
            at.slider(key=f"{pid}:attendance_rate").set_value(value).run()
            times.append(time.perf_counter() - started)
            assert not at.exception, at.exception
        print(f"{pid:<20} {first:>9.2f}s {statistics.median(times):>13.2f}s {max(times):>12.2f}s")


if __name__ == "__main__":
    main()
