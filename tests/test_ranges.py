"""Plausible ranges on assumed values: in the data for every assumed number the model reads, checked
by the loader with located errors, carried by knobs and parameter rows, shown on the Sources page."""

from __future__ import annotations

import datetime as dt

import pytest

from sim.base import DataError
from sim.catalog import load_catalog, parameter_rows
from sim.scenario import knobs
from sim.text import error_in, text
from tests.apptest import _app
from tests.language import CJK

CATALOG = load_catalog()
# Assumed, but a fact from outside the notice rather than a guess: no plausible spread to give.
FIXED_FACTS = {("zhejiang-2021h2", "counties")}  # Zhejiang had 90 county-level divisions in 2021


def _range(low, high, shape="uniform", **more) -> dict:
    return {"low": low, "high": high, "shape": shape, "reason": {"zh": "测试", "en": "test"}, **more}


def _error(data_dir) -> DataError:
    with pytest.raises(DataError) as info:
        load_catalog(data_dir)
    return info.value


def test_every_assumed_number_the_model_reads_has_a_range():
    for pid, program in CATALOG.programs.items():
        for key, knob in knobs(program).items():
            if knob.unit == "date" or (pid, key) in FIXED_FACTS:
                continue
            if knob.assumed:
                assert knob.range is not None, (pid, key)
                assert knob.range.reason.zh and knob.range.reason.en, (pid, key)


def test_documented_values_stay_fixed_except_henans_stated_studio_size():
    stated = {
        (pid, key): k.range
        for pid, p in CATALOG.programs.items()
        for key, k in knobs(p).items()
        if not k.assumed and k.range is not None
    }
    # 附件 一（五）: "1 名省级名师+10 名省级骨干教师培育对象+50 至 100 名新入职教师"
    assert list(stated) == [("henan-2021", "new_teachers_per_studio_max")]
    r = stated[("henan-2021", "new_teachers_per_studio_max")]
    assert (r.low, r.high, r.stated) == (50, 100, True)


def test_a_knob_carries_the_range_of_the_value_it_sets():
    henan = CATALOG.program("henan-2021")
    valid = knobs(henan)
    r = valid["participation_rate"].range
    assert r is not None and (r.low, r.high, r.shape) == (0.9, 0.99, "beta")
    assert valid["trainer.participation_rate"].range == r  # a track's rate is the program's unless it has its own
    zhejiang = knobs(CATALOG.program("zhejiang-2021h2"))
    own = zhejiang["order-based.participation_rate"].range
    assert own is not None and own != zhejiang["participation_rate"].range
    assert zhejiang["quota_scale"].range is None  # the policy lever, not an assumption


def test_beta_mean_is_the_value():
    # Henan participation 0.97 on [0.9, 0.99]: α = 6 x (0.97 - 0.9) / (0.99 - 0.9) = 6 x 0.07 / 0.09 = 4.667,
    # β = 6 - 4.667 = 1.333; mean = 0.9 + 0.09 x 4.667 / 6 = 0.9 + 0.07 = 0.97.
    q = CATALOG.program("henan-2021").parameters["participation_rate"]
    assert q.range is not None
    alpha, beta = q.range.beta_parameters(q.value)
    assert alpha == pytest.approx(14 / 3) and beta == pytest.approx(4 / 3)
    assert q.range.low + (q.range.high - q.range.low) * alpha / (alpha + beta) == pytest.approx(0.97)


def test_parameter_rows_carry_the_range():
    rows = {r["id"]: r for r in parameter_rows(CATALOG.program("jiangxi-2022"))}
    funds = rows["school_public_funds"]
    assert (funds["low"], funds["high"], funds["shape"]) == (3.5e9, 5.5e9, "uniform")
    assert funds["range_reason"]["en"].startswith("Both the pupil count")
    fee = rows["fee_per_hour"]  # documented: 1.5 yuan per hour
    assert (fee["low"], fee["high"], fee["shape"], fee["range_reason"]) == (None, None, None, None)


def test_example_range_loads(scratch_data):
    program = load_catalog(scratch_data()).program("example-2023")
    assert program.parameters["participation_rate"].range is not None


def _rate_range(**r):
    return lambda d: d["parameters"]["participation_rate"].update(range=r)


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        # low above high
        (_rate_range(**_range(0.99, 0.9)), "parameters.participation_rate.range.high", "above low 0.99"),
        # a rate range outside [0, 1]
        (_rate_range(**_range(0.9, 1.2)), "parameters.participation_rate.range.high", "rate in [0, 1]"),
        (_rate_range(**_range(-0.1, 0.99)), "parameters.participation_rate.range.low", "non-negative"),
        # the value (0.95) outside the range
        (_rate_range(**_range(0.96, 0.99)), "parameters.participation_rate.range.low", "at most the value 0.95"),
        (_rate_range(**_range(0.8, 0.9)), "parameters.participation_rate.range.high", "at least the value 0.95"),
        # an unknown shape
        (_rate_range(**_range(0.9, 0.99, "normal")), "parameters.participation_rate.range.shape", "normal"),
        # a beta whose mean sits at an end
        (_rate_range(**_range(0.95, 0.99, "beta")), "parameters.participation_rate.range.shape", "strictly between"),
        # stated on an assumed value
        (_rate_range(**_range(0.9, 0.99, stated=True)), "parameters.participation_rate.range.stated", "assumed"),
        # a range needs its own reason
        (
            _rate_range(low=0.9, high=0.99),
            "parameters.participation_rate.range.reason",
            "required",
        ),
        # beta only for rates
        (
            lambda d: d["parameters"]["settlement_delay_days"].update(range=_range(20, 60, "beta")),
            "parameters.settlement_delay_days.range.shape",
            "unit `ratio`",
        ),
        # a range on a documented value (300 yuan per person-day, 三: "集中研修 300 元/人/天")
        (
            lambda d: d["parameters"]["fee_face"].update(range=_range(250, 350)),
            "parameters.fee_face.range.stated",
            "documented value stays fixed",
        ),
        # stated, but the quote does not show the end: 三 "集中研修 300 元/人/天" has no 250
        (
            lambda d: d["parameters"]["fee_face"].update(range=_range(250, 350, stated=True)),
            "parameters.fee_face.range.low",
            "'250' is not in it",
        ),
        # a fractional end of a count
        (
            lambda d: d["parameters"].update(
                helpers={"value": 10, "unit": "persons", "assumed": True, "reason": {"zh": "测", "en": "t"}}
                | {"range": _range(5.5, 12)}
            ),
            "parameters.helpers.range.low",
            "whole number",
        ),
        # a class of nobody: a class size's range starts at 1
        (
            lambda d: (
                d["parameters"].update(
                    class_size={"value": 30, "unit": "persons", "assumed": True, "reason": {"zh": "测", "en": "t"}}
                    | {"range": _range(0, 40)}
                ),
                d["tracks"][0].update(class_size={"param": "class_size"}),
            ),
            "parameters.class_size.range.low",
            "at least 1",
        ),
        # a range on a date
        (
            lambda d: d["parameters"].update(
                opening={"value": dt.date(2023, 6, 1), "unit": "date", "assumed": True}
                | {"reason": {"zh": "测", "en": "t"}, "range": _range(1, 2)}
            ),
            "parameters.opening.range",
            "not dates",
        ),
    ],
)
def test_bad_ranges_are_located_errors(scratch_data, mutate, field, words):
    err = _error(scratch_data(mutate))
    assert err.field == field
    assert words in err.expected
    assert not CJK.search(error_in(err, "en")) and error_in(err, "zh") != error_in(err, "en")


def test_a_stated_range_whose_quote_gives_both_ends_loads(scratch_data):
    # 三: "集中研修 300 元/人/天，共 5 天" shows 300 and 5, so a range of 5 to 300 passes the quote check
    program = load_catalog(
        scratch_data(
            lambda d: d["parameters"]["fee_face"].update(
                range=_range(5, 300, stated=True),
                source={"clause": "三", "quote": "集中研修 300 元/人/天，共 5 天"},
            )
        )
    ).program("example-2023")
    assert program.parameters["fee_face"].range.stated


def test_english_sources_page_shows_english_reasons_and_ranges():
    at = _app("sources", program_id="henan-2021", lang="en")
    params = at.dataframe[0].value.set_index(text("parameters", "en"))
    row = params.loc["Show-up rate"]
    assert row[text("quote_or_reason", "en")].startswith("The show-up rate counts in the cities'")
    assert row[text("plausible_range", "en")] == "0.85 – 0.98"
    assert row[text("range_shape", "en")] == "Beta (mean at the value)"
    assert row[text("range_reason", "en")].startswith("Show-up counts in the performance review")
    for column in (text("quote_or_reason", "en"), text("range_reason", "en")):
        assert not any(CJK.search(v) for v in params[column] if not v.startswith("「")), column
    zh = _app("sources", program_id="henan-2021").dataframe[0].value.set_index(text("parameters", "zh"))
    assert zh.loc["报到率", text("range_reason", "zh")] == "报到率纳入绩效评价，未到训者一般不超过一成半"
