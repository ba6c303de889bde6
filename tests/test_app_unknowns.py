"""The dashboard's switch for what the documents leave open: sidebar, link and the method note."""

from __future__ import annotations

from tests.apptest import _app
from ui.scenario import Settings


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_link_turns_the_unknowns_on_and_the_page_says_so():
    at = _app("costs", query={"program": "jiangxi-2022", "unk": "1", "reps": "10"})
    assert at.session_state["jiangxi-2022:unk"] is True
    toggle = next(w for w in at.toggle if w.label == "包含假设值的不确定性")
    assert toggle.value is True
    assert "拉丁超立方" in _markdown(at)


def test_off_by_default_and_chance_alone_is_said():
    at = _app("costs", query={"program": "jiangxi-2022", "reps": "10"})
    assert not next(w for w in at.toggle if w.label == "包含假设值的不确定性").value
    assert "拉丁超立方" not in _markdown(at)


def test_the_unknowns_widen_jiangxis_cost_interval():
    """Chance alone: about ±0.06% of 4,488 万元; with the assumed rates drawn from their ranges, several %."""
    from ui import data

    def width(unknowns: bool) -> float:
        f = data.result(Settings("jiangxi-2022", (), 10, 0, False, unknowns)).summary.totals.cost_yuan
        return (f.high - f.low) / f.mean

    assert width(False) < 0.005 < 0.02 < width(True)
