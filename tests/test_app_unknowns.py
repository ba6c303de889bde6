"""The dashboard's switch for what the documents leave open: sidebar, link and the method note."""

from __future__ import annotations

import re

import pytest

from tests.apptest import _app
from tests.language import out_of_place
from ui.scenario import Settings


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_link_turns_the_unknowns_on_and_the_page_says_so():
    at = _app("costs", query={"program": "jiangxi-2022", "unk": "1", "reps": "10"})
    assert at.session_state["jiangxi-2022:unk"] is True
    toggle = next(w for w in at.toggle if w.label == "包含假设值的不确定性")
    assert toggle.value is True
    assert "拉丁超立方" in _markdown(at)


def _toggle(at):
    return next(w for w in at.toggle if w.label in ("包含假设值的不确定性", "Include what the documents leave open"))


def test_on_by_default_and_the_count_is_said():
    """An old link without ``unk`` gets the default: the unknowns drawn, and the method note says how many."""
    at = _app("costs", query={"program": "jiangxi-2022"})
    assert _toggle(at).value is True
    assert "拉丁超立方" in _markdown(at) and "假设值取 20 组" in _markdown(at)
    assert "unk" not in at.query_params  # the default is not written into the link


def test_unk_0_turns_them_off_to_chance_alone_and_stays_in_the_link():
    at = _app("costs", query={"program": "jiangxi-2022", "unk": "0", "reps": "10"})
    assert at.session_state["jiangxi-2022:unk"] is False and _toggle(at).value is False
    assert "拉丁超立方" not in _markdown(at)
    assert at.query_params["unk"] in ("0", ["0"])  # the link keeps saying chance alone
    _toggle(at).set_value(True).run()
    assert "unk" not in at.query_params


def test_the_unknowns_widen_jiangxis_cost_interval():
    """Chance alone: about ±0.06% of 4,488 万元; with the assumed rates drawn from their ranges, several %."""
    from ui import data

    def width(unknowns: bool) -> float:
        f = data.result(Settings("jiangxi-2022", (), 10, 0, False, unknowns)).summary.totals.cost_yuan
        return (f.high - f.low) / f.mean

    assert width(False) < 0.005 < 0.02 < width(True)


IDS = ("guopei-2021-2025", "henan-2021", "jiangxi-2022", "zhejiang-2021h2", "zhejiang-voc-2020")


@pytest.mark.parametrize(
    "lang,words,chance",
    [
        ("zh", "如果实际参训率（注册后开始学习）在90%–99%之间、报名注册率在92%–99.5%之间，经费在", "（仅随机波动："),
        (
            "en",
            "With share of registered who actually study at 90%–99% and registration rate at 92%–99.5%, cost is",
            "(chance alone: ",
        ),
    ],
)
def test_the_overview_says_what_jiangxis_cost_range_means(lang, words, chance):
    """The honest range, the assumptions behind it with their ranges (Jiangxi pays on actual
    participants: its registration and study rates), and chance alone's narrower range beside."""
    at = _app(lang=lang, **{f"{pid}:reps": 8 for pid in IDS})
    said = [c.value for c in at.caption if words in c.value]
    assert len(said) == 1 and chance in said[0], [c.value for c in at.caption]
    fill = next(m for m in at.metric if m.label in ("名额完成率", "Fill rate") and m.help and "92%–99.5%" in m.help)
    assert ("名额完成率在" if lang == "zh" else "the fill rate is") in fill.help


def test_with_chance_alone_the_overview_says_so():
    at = _app(**{f"{pid}:{k}": v for pid in IDS for k, v in (("reps", 8), ("unk", False))})
    said = [c.value for c in at.caption if "仅计随机波动，经费在" in c.value]
    assert len(said) == 5 and not any("如果" in c.value for c in at.caption)


def test_the_sensitivity_page_shares_out_jiangxis_cost_uncertainty():
    """Sobol shares per figure: Jiangxi's cost is its registration and study rates' (about half each,
    see test_attribution); the completion rate, which pays nothing, is not listed."""
    at = _app("sensitivity", query={"program": "jiangxi-2022", "reps": "4"})
    assert any(h.value == "不确定性来源" for h in at.subheader)
    assert not any("单独贡献" in d.value.columns for d in at.dataframe)  # computed when asked for
    at.button(key="unc_compute").click().run()
    shares = next(d.value for d in at.dataframe if "单独贡献" in d.value.columns).set_index("假设值")
    assert set(shares.index) == {"实际参训率（注册后开始学习）", "报名注册率"}
    assert shares.loc["报名注册率", "合理范围"] == "92%–99.5%"
    total = sum(float(v.rstrip("%")) for v in shares["连同交互"])
    assert 90 <= total <= 110
    note = "\n".join(m.value for m in at.markdown)
    assert "基础样本 64" in note
    # the tornado says which settings move over their own range
    assert any("有合理范围的假设值（" in c.value and "报名注册率" in c.value for c in at.caption)
    # the link carries the question: a colleague opening it gets the shares at once
    again = _app("sensitivity", query={"program": "jiangxi-2022", "reps": "4", "unc": "1"})
    assert any("单独贡献" in d.value.columns for d in again.dataframe)


def test_the_printable_summary_says_what_the_ranges_mean():
    """The scenario page and its one-page summary: the cost range with the assumptions behind it. A
    scenario that sets the registration rate leaves the study rate as cost's one driver (100%)."""
    at = _app("scenario", query={"program": "jiangxi-2022", "participation_rate": "0.9"})
    said = "\n".join(m.value for m in at.markdown)
    assert "如果实际参训率（注册后开始学习）在90%–99%之间，经费在" in said
    assert "经费不确定性的100%来自实际参训率（注册后开始学习）" in said
    at.toggle(key="summary_preview").set_value(True).run()
    page = next(h.proto.body for h in at.get("html") if "tt-summary" in h.proto.body)
    assert "如果实际参训率（注册后开始学习）在90%–99%之间" in page and "仅随机波动" in page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_uncertainty_view_speaks_the_pages_language(lang):
    at = _app("sensitivity", query={"program": "henan-2021", "reps": "4", "unc": "1"}, lang=lang)
    assert not at.exception, at.exception
    shares = next(d.value for d in at.dataframe if len(d.value.columns) == 4 and len(d.value))
    assert {"zh": "单独贡献", "en": "Alone"}[lang] in shares.columns
    words = [*map(str, shares.columns), *(str(v) for v in shares.to_numpy().ravel())]
    notes = [line for m in at.markdown for line in m.value.split("\n")]  # the method note, a line each
    words += [c.value for c in at.caption] + [re.sub(r"`[^`]*`", "", line) for line in notes]  # code aside
    bad = [w for w in words if out_of_place(w, lang)]
    assert not bad, bad
