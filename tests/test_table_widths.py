"""ui.widgets.table: a table too wide for the page narrows its columns, never below their headings."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.widgets import READABLE_PX, TABLE_PX, WRAPPED_ROW_PX, _px, table


def _widths(monkeypatch, df: pd.DataFrame) -> tuple[dict[str, int], dict]:
    drawn = []
    monkeypatch.setattr(st, "dataframe", lambda df, **kw: drawn.append(kw))
    table(df)
    (kw,) = drawn
    return {c: cfg["width"] for c, cfg in kw["column_config"].items()}, kw


def test_a_narrowed_column_is_as_wide_as_its_heading(monkeypatch):
    # The English key dates of Zhejiang's vocational program over three runs: a name and seven dates
    # with their ranges, about 1,900 pixels of text for a 940-pixel page. "Review done" was cut to
    # "Review don" when a column could shrink to half its heading.
    span = "29 Nov 2020 [16 Nov 2020 – 7 Dec 2020]"
    headings = ["Review done", "Published", "Seats all taken", "Sign-up closed", "First class", "Last class ends"]
    df = pd.DataFrame(
        [{"Sub-programs": "Industry-education training bases & specialty clusters", **dict.fromkeys(headings, span)}]
        * 3
    )
    widths, kw = _widths(monkeypatch, df)
    assert all(widths[c] >= _px(c) for c in df.columns), widths
    assert sum(widths.values()) <= TABLE_PX
    assert kw["row_height"] == WRAPPED_ROW_PX  # the dates wrap instead


def test_a_short_heading_over_long_text_keeps_a_readable_column(monkeypatch):
    # The Sources page in English: "Value" (59 pixels) over a document's title in Chinese, in a table of
    # nine columns whose headings alone take about 950 pixels; the value column wrapped four characters
    # a line when it shrank to its heading. It keeps a few words a line; the table scrolls sideways.
    title = "「浙江省教育厅办公室关于组织开展职业院校骨干教师培训工作的通知」"
    headings = ["Unit", "Provenance", "Clause", "Wording / reason for the assumption", "Plausible range"]
    df = pd.DataFrame([{"Parameters": "Title", "Value": title, **dict.fromkeys(headings, title)}])
    widths, _ = _widths(monkeypatch, df)
    assert widths["Value"] >= READABLE_PX > _px("Value")
    assert all(widths[c] >= _px(c) for c in df.columns), widths


def test_a_table_that_fits_keeps_its_columns_natural_width(monkeypatch):
    df = pd.DataFrame([{"年份": "2021", "经费（元）": "1,234,567 元"}])
    widths, kw = _widths(monkeypatch, df)
    assert widths == {"年份": _px("年份"), "经费（元）": _px("1,234,567 元")}
    assert kw["row_height"] < WRAPPED_ROW_PX
