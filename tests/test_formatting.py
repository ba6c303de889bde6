"""sim.text.formatting: a figure's range is written only when it says something at the digits shown."""

from __future__ import annotations

from sim.results import Figure
from sim.text.formatting import delta, figure


def test_a_range_that_reads_as_its_value_is_left_out():
    # Runs between 999.6 and 1,000.4 persons all round to 1,000: "1,000 [1,000 – 1,000]" says nothing more.
    assert figure(Figure(1000.0, 999.6, 1000.4), "count", "en") == "1,000"
    assert figure(Figure(1000.0, 999.6, 1000.4), "count", "zh") == "1,000"
    # 995 to 1,004 persons do differ at whole persons.
    assert figure(Figure(1000.0, 995.0, 1004.0), "count", "en") == "1,000 [995 – 1,004]"
    # Fill rates 97.02% to 97.04% read as 97.0% at one decimal.
    assert figure(Figure(0.9703, 0.9702, 0.9704), "pct", "en") == "97.0%"
    # Runs that agree exactly, however the mean is written.
    assert figure(Figure.exactly(12.0), "count", "en") == "12"


def test_a_change_whose_range_reads_as_it_is_written_alone():
    # +3 persons, runs +2.6 to +3.4: all "+3".
    assert delta(Figure(3.0, 2.6, 3.4), "count", "en") == "+3"
    assert delta(Figure(3.0, 1.0, 5.0), "count", "en") == "+3 [+1 – +5]"
    # 0.21 to 0.24 percentage points all read +0.2 pp.
    assert delta(Figure(0.0022, 0.0021, 0.0024), "pct", "en") == "+0.2 pp"
    assert delta(Figure(0.0022, 0.0021, 0.0024), "pct", "zh") == "+0.2 个百分点"
