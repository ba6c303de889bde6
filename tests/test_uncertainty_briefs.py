"""Honest intervals in the briefs and the analyses: the unknowns drawn by default, their ranges said in
words beside chance alone, the assumption that drives cost named, the tornado over each assumption's range."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from reports import build_report
from reports.findings import findings
from reports.inputs import gather
from sim.run import run
from sim.scenario import make_scenario
from sim.whatif import compare, tornado
from sim.whatif.attribution import linear_shares, named_drivers
from tests.test_reports import docx_words, pdf_text

JIANGXI = "jiangxi-2022"
REPS = 20  # the dashboard's and the CLI's default


@pytest.fixture(scope="module")
def jiangxi_briefs(catalog):
    return {
        (fmt, lang): build_report(catalog, [JIANGXI], None, REPS, 0, fmt, lang)
        for fmt in ("pdf", "docx", "xlsx")
        for lang in ("zh", "en")
    }


def _text(data: bytes, fmt: str) -> str:
    if fmt == "pdf":
        return re.sub(r"\s+", "", "".join(pdf_text(data)))  # lines break anywhere in Chinese
    if fmt == "docx":
        return "\n".join(docx_words(data))
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value)


def test_jiangxis_cost_range_reflects_its_assumed_rates_and_the_brief_names_the_driver(catalog, jiangxi_briefs):
    """Done when: with uncertainty on, Jiangxi's cost range reflects its assumed rates' ranges (not
    ±0.05%), and the brief says which assumption drives it.

    Jiangxi pays 1.5 yuan an hour on actual participants, so cost = C0 x (p / 0.97) x (a / 0.97) with
    C0 the cost at the documented values, p the registration rate (range 92%–99.5%) and a the share
    who actually study (90%–99%). The widest the range can be is C0 x 0.92 x 0.90 / 0.9409 = 0.880 C0
    to C0 x 0.995 x 0.99 / 0.9409 = 1.047 C0; by chance alone it is ±0.05%."""
    program = catalog.program(JIANGXI)
    c0 = run(program, make_scenario(program), deterministic=True).summary.totals.cost_yuan.mean
    inputs = gather(catalog, [JIANGXI], None, REPS, 0)
    cost = inputs.runs[0].baseline.summary.totals.cost_yuan
    chance = inputs.runs[0].baseline_chance.summary.totals.cost_yuan
    assert (chance.high - chance.low) / chance.mean < 0.002  # ±0.05%-ish: binomial draws of 530,000
    assert c0 * 0.92 * 0.90 / 0.9409 <= cost.low < c0 * 0.97 < c0 * 1.02 < cost.high <= c0 * 0.995 * 0.99 / 0.9409
    assert (cost.high - cost.low) / cost.mean > 0.03
    point = next(p for p in findings(inputs.runs[0], "zh").points if p.topic == "cost")
    low, high = (f"{v / 10_000:,.0f}" for v in (cost.low, cost.high))
    assert f"经费在{low}–{high} 万元之间" in point.text
    assert "如果实际参训率（注册后开始学习）在90%–99%之间、报名注册率在92%–99.5%之间" in point.text
    # about half each (the Sobol test in test_attribution says the same): both named, with their shares
    assert re.search(r"经费不确定性的(4|5)\d%来自实际参训率（注册后开始学习），(4|5)\d%来自报名注册率", point.text)
    for fmt in ("pdf", "docx", "xlsx"):
        words = _text(jiangxi_briefs[fmt, "zh"], fmt)
        assert re.search(r"经费不确定性的\d+%来自实际参训率", words), fmt
        assert "仅随机波动" in words, fmt


def test_the_english_brief_says_the_same_in_english(jiangxi_briefs):
    for fmt in ("docx", "xlsx"):
        words = _text(jiangxi_briefs[fmt, "en"], fmt)
        assert re.search(r"\d+% of the uncertainty in cost comes from share of registered who actually study", words)
        assert "With share of registered who actually study at 90%–99% and registration rate at 92%–99.5%" in words
        assert "(chance alone: " in words
    pdf = re.sub(r"\s+", " ", " ".join(pdf_text(jiangxi_briefs["pdf", "en"])))
    assert re.search(r"\d+% of the uncertainty in cost comes from share of registered who actually study", pdf)


def test_chance_only_brief_says_so_and_names_no_driver(catalog):
    inputs = gather(catalog, [JIANGXI], None, REPS, 0, unknowns=False)
    point = next(p for p in findings(inputs.runs[0], "zh").points if p.topic == "cost")
    assert "仅计随机波动" in point.text and "不确定性的" not in point.text
    assert not inputs.runs[0].baseline.unknowns and inputs.runs[0].baseline_chance is None


def test_report_command_line_has_a_chance_only_switch(tmp_path):
    import subprocess
    import sys

    from tests.documented import ROOT

    out = tmp_path / "brief.docx"
    done = subprocess.run(
        [sys.executable, "-m", "sim", "report", JIANGXI, "-n", "8", "--chance-only", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    words = "\n".join(docx_words(out.read_bytes()))
    assert "仅计随机波动" in words and "不确定性的" not in words


def test_the_tornado_moves_an_assumption_over_its_own_range(catalog):
    """Jiangxi's registration rate: range 92%–99.5% in the data (not 97% ± 20%). Cost is linear in it
    (paid on actual participants), so with the other values fixed, cost at the ends = C0 x 0.92/0.97
    and C0 x 0.995/0.97; the documented fee, which has no range, keeps the ±20% rule."""
    program = catalog.program(JIANGXI)
    table = tornado(program, make_scenario(program), deterministic=True)
    cost = table[table.metric == "cost_yuan"].set_index("knob")
    row = cost.loc["participation_rate"]
    assert (row.value_low, row.value_current, row.value_high) == (0.92, 0.97, 0.995) and row.own_range
    assert row.at_low == pytest.approx(row.at_current * 0.92 / 0.97, rel=1e-4)
    assert row.at_high == pytest.approx(row.at_current * 0.995 / 0.97, rel=1e-4)
    fee = next(k for k in cost.index if k not in ("quota_scale",) and not cost.loc[k, "own_range"])
    assert cost.loc[fee, "value_low"] == pytest.approx(cost.loc[fee, "value_current"] * 0.8)
    # a rate the scenario sets is the user's what-if, not an unknown: ±20% around it
    set_rate = tornado(program, make_scenario(program, {"participation_rate": 0.9}), deterministic=True)
    row = set_rate[set_rate.metric == "cost_yuan"].set_index("knob").loc["participation_rate"]
    assert (row.value_low, row.value_high) == pytest.approx((0.72, 1.0)) and not row.own_range


def test_linear_shares_are_the_variances_of_a_product_of_two_rates(catalog):
    """cost = k x p x a: to first order its variance shares are p's and a's relative variances,
    Var(p)/0.97² : Var(a)/0.97², with beta variances from the data's ranges -- about half each."""
    program = catalog.program(JIANGXI)
    found = linear_shares(program, make_scenario(program), ("cost_yuan",))["cost_yuan"]
    shares = {d.key: d.share for d in named_drivers(found)}
    assert set(shares) == {"participation_rate", "attendance_rate"}  # the others pay nothing
    assert sum(shares.values()) == pytest.approx(1.0)
    assert 0.4 < shares["attendance_rate"] < 0.65
    # a scenario that sets the registration rate leaves the study rate as the only driver of cost
    assert [(d.key, d.share) for d in named_drivers(found, {"participation_rate"})] == [("attendance_rate", 1.0)]


def test_compare_shares_the_draws_of_the_unknowns(catalog):
    """A fee-only change moves no trainee: with the unknowns drawn the completions' level is wide, and
    its difference from the baseline is exactly zero in every replication (the same plausible worlds)."""
    program = catalog.program("henan-2021")
    fee = make_scenario(program, {"fee_face": 450})
    found = compare(program, {"fee": fee}, replications=8, seed=2, unknowns=True)
    level, diff = found.scenarios[0].figures["completed"], found.scenarios[0].difference["completed"]
    assert level.high - level.low > 0.05 * level.mean
    assert diff.low == diff.high == 0
    cost = found.scenarios[0].difference["cost_yuan"]
    assert 0 < cost.low < cost.high  # more per person-day in every world, by how much depends on the world
