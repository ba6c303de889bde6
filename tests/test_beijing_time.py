"""Every time a reader sees is Beijing time, the zone said in words (the store keeps naive UTC)."""

from __future__ import annotations

import datetime as dt

from sim.text import timestamp


def test_a_stored_utc_time_reads_in_beijing_time():
    stored = dt.datetime(2026, 12, 1, 16, 46)  # naive UTC, as the scenario store keeps it: 00:46 next day in Beijing
    assert timestamp(stored, "zh") == "2026年12月2日 00:46（北京时间）"
    assert timestamp(stored, "en") == "2 Dec 2026 00:46 (Beijing time)"
    assert timestamp(stored.replace(tzinfo=dt.UTC), "zh") == timestamp(stored, "zh")
