"""The timeline page shows the institutions' capacity: slots in use over time, days waited, classes late."""

from __future__ import annotations

from sim import load_catalog
from sim.run import run
from sim.scenario import make_scenario
from tests.apptest import _app, charts


def _capacity_frame(at):
    return next(df for _, frames in charts(at) for df in frames if "used" in df.columns)


def test_timeline_draws_each_pools_slots_in_use_and_a_table():
    at = _app("timeline", query={"program": "zhejiang-2021h2", "det": "1", "unk": "0"})
    assert any(h.value == "承训能力" for h in at.subheader)
    used = _capacity_frame(at)
    program = load_catalog().program("zhejiang-2021h2")
    expected = run(program, make_scenario(program), deterministic=True).summary.capacity
    assert set(used["pool"]) == {p.names["zh"] for p in expected}
    assert used["used"].max() <= 1
    table = next(df.value for df in at.dataframe if "利用率" in df.value.columns)
    assert len(table) == len(expected) and table["同时在训班数上限"].tolist() == [
        f"{p.slots.mean:,.0f}" for p in expected
    ]
    assert not [w for w in at.warning if "培训截止日后" in w.value]
    marks = [
        df for _, frames in charts(at) for df in frames if "label" in df.columns and "培训截止日" in set(df["label"])
    ]
    assert marks and str(marks[0]["date"].iloc[0])[:10] == "2021-12-31"  # the delivery deadline, drawn


def test_timeline_warns_when_classes_end_after_the_deadline():
    tripled = {"quota_scale": "3", "leaders_zjnu_hznu": "40", "leaders_other": "20", "leaders_remote": "30"}
    at = _app("timeline", query={"program": "zhejiang-2021h2", "det": "1", "unk": "0", **tripled, "leaders_new": "5"})
    late = [w.value for w in at.warning if "培训截止日后才结束" in w.value]
    assert late and any("其他高校" in w for w in late)
    assert _capacity_frame(at)["used"].max() == 1  # a full pool


def test_english_timeline_words_capacity_in_english():
    at = _app("timeline", query={"program": "zhejiang-2021h2", "det": "1"}, lang="en")
    assert any(h.value == "Delivery capacity" for h in at.subheader)
    assert set(_capacity_frame(at)["pool"]) >= {"ZJNU and HZNU", "Distance-training providers"}
