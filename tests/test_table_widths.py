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
    # The key dates of Zhejiang's vocational program over three runs: a name and seven dates with
    # their ranges, about 1,900 pixels of text for a 940-pixel page. "Review done" was cut to "Review
    # don" when a column could shrink to half its heading.
    span = "2020年11月29日 [2020年11月16日 – 2020年12月7日]"
    headings = ["Review done", "Published", "Seats all taken", "Sign-up closed", "First class", "Last class ends"]
    df = pd.DataFrame([{"Sub-programs": "产教融合实训基地与专业群建设", **dict.fromkeys(headings, span)}] * 3)
    widths, kw = _widths(monkeypatch, df)
    assert all(widths[c] >= _px(c) for c in df.columns), widths
    assert sum(widths.values()) <= TABLE_PX
    assert kw["row_height"] == WRAPPED_ROW_PX  # the dates wrap instead


def test_figures_and_latin_words_keep_their_width_and_the_table_scrolls(monkeypatch):
    # Henan's sub-programs with the unknowns' intervals: the grid left "6,502 [4,801 – 8,616]" on one
    # line, cut to "6,502 [4,801 – 8,61", when the column was narrowed for it to wrap.
    figures = ["Quota", "Enrolled", "Attended", "Completed", "Fill rate", "Completion rate", "Credits"]
    df = pd.DataFrame([{"Sub-programs": "省级骨干教师培育", **dict.fromkeys(figures, "6,502 [4,801 – 8,616]")}])
    widths, _ = _widths(monkeypatch, df)
    assert all(widths[c] == _px("6,502 [4,801 – 8,616]") for c in figures)
    assert sum(widths.values()) > TABLE_PX  # wider than the page: it scrolls sideways, the name pinned


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
