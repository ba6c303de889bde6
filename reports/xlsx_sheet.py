"""A worksheet writer that never writes text as a formula and sizes columns to their content.

Every report string goes through ``Sheet.text``: ``write_string`` stores it as text, and a value
starting with = + - @ also gets Excel's quote prefix, so editing or re-saving the cell (or exporting
it to CSV) cannot turn a program name or note from a data file into a formula.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .words import money_scale

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = {"wrap": 60}
DEFAULT_MAX_WIDTH = 40
LINE_HEIGHT_PT = 13.5  # one line of 10-point text

STYLE_PROPS: dict[str, dict[str, Any]] = {
    "text": {},
    "wrap": {"text_wrap": True},
    "title": {"bold": True, "font_size": 14},
    "section": {"bold": True, "font_size": 11, "font_color": "#1F3864"},
    "label": {"bold": True},
    "note": {"italic": True, "font_color": "#555555"},
    "header": {"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "vcenter"},
    "count": {"num_format": "#,##0"},
    "yuan": {"num_format": "#,##0.00"},  # money in the report's unit (万元 / million yuan), see Sheet.value
    "pct": {"num_format": "0.0%"},
    "number": {"num_format": "General"},
    "bad": {"font_color": "#9C0006", "bg_color": "#FFC7CE"},
}
DATE_FORMATS = {"zh": 'yyyy"年"m"月"d"日"', "en": "d mmm yyyy"}


@dataclass(frozen=True)
class Placed:
    """Where a table went: its first and last data rows, and the first free row after it."""

    first: int
    last: int
    next: int


FONTS = {"zh": "Microsoft YaHei", "en": "Calibri"}


def display_width(value: str) -> int:
    """Characters as Excel shows them: a Chinese character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in value)


class Styles:
    """Formats made once per workbook, with a quote-prefixed twin made on first need."""

    def __init__(self, workbook, lang: str):
        self.workbook = workbook
        self.lang = lang
        self.base = {"font_name": FONTS[lang], "font_size": 10, "valign": "top"}
        self.props = {**STYLE_PROPS, "date": {"num_format": DATE_FORMATS[lang]}}
        self._made: dict[tuple[str, bool], Any] = {}

    def get(self, name: str, quoted: bool = False):
        key = (name, quoted)
        if key not in self._made:
            self._made[key] = self.workbook.add_format(
                {**self.base, **self.props[name], **({"quote_prefix": True} if quoted else {})}
            )
        return self._made[key]


class Sheet:
    def __init__(self, workbook, styles: Styles, name: str):
        self.ws = workbook.add_worksheet(name)
        self.name = name
        self.styles = styles
        self.widths: dict[int, int] = {}
        self.caps: dict[int, int] = {}  # widest a column may get, by column
        self.cap: int | None = None  # the same for every other column (stacked tables share columns)
        self.wrapped: list[tuple[int, int, int]] = []  # (row, col, display width) of wrapping cells

    def _fit(self, col: int, shown: str, style: str) -> None:
        cap = self.caps.get(col) or self.cap or MAX_WIDTH.get(style, DEFAULT_MAX_WIDTH)
        self.widths[col] = min(max(self.widths.get(col, 8), display_width(shown) + 2), cap)

    def text(self, row: int, col: int, value: Any, style: str = "text", fit: bool = True) -> None:
        value = "" if value is None else str(value)
        self.ws.write_string(row, col, value, self.styles.get(style, value.startswith(FORMULA_START)))
        if STYLE_PROPS.get(style, {}).get("text_wrap"):
            self.wrapped.append((row, col, display_width(value)))
        if fit:
            self._fit(col, value, style)

    def value(self, row: int, col: int, value: Any, kind: str = "number") -> None:
        """A number, date or text in the column's format; None leaves the cell empty."""
        if value is None:
            return
        if isinstance(value, (dt.date, dt.datetime)):
            self.ws.write_datetime(row, col, value, self.styles.get("date"))
            self._fit(col, "2021年12月31日", "date")
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            self.text(row, col, value, kind if kind in ("wrap", "bad", "text") else "text")
        else:
            if kind == "yuan":  # stored in the unit its header names: 万元 in Chinese, million yuan in English
                value = value / money_scale(self.styles.lang)
            self.ws.write_number(row, col, value, self.styles.get(kind))
            self._fit(col, f"{value:,.1f}" if kind != "pct" else "100.0%", "number")

    def table(
        self,
        row: int,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        kinds: Sequence[str] | Sequence[Sequence[str]],
        col: int = 0,
    ) -> int:
        """Header and rows from ``row``; returns the first row after the table. ``kinds``: each column's
        format, or each row's formats (a table mixing persons and money in one column)."""
        for j, label in enumerate(header):
            self.text(row, col + j, label, "header", fit=False)
            self._fit(col + j, label[:12], "header")  # long headers wrap instead of widening
        per_row = bool(kinds) and not isinstance(kinds[0], str)
        for i, values in enumerate(rows, start=row + 1):
            own = kinds[i - row - 1] if per_row else kinds
            for j, (v, kind) in enumerate(zip(values, own)):
                self.value(i, col + j, v, str(kind))
        return row + 1 + len(rows)

    def titled(
        self,
        row: int,
        title: str,
        units: str,
        source: str,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        kinds: Sequence[str] | Sequence[Sequence[str]],
    ) -> Placed:
        """A table as official statistics print one: its title, its units, the table, its source line."""
        self.text(row, 0, title, "section", fit=False)
        self.text(row + 1, 0, units, "note", fit=False)
        end = self.table(row + 2, header, rows, kinds)
        self.text(end, 0, source, "note", fit=False)
        return Placed(row + 3, end - 1, end + 2)

    def _row_heights(self) -> None:
        """Tall enough rows for wrapped text: neither Excel nor LibreOffice resizes them on opening."""
        lines: dict[int, int] = {}
        for row, col, width in self.wrapped:
            room = max(self.widths.get(col, 8) - 1, 1)
            lines[row] = max(lines.get(row, 1), -(-width // room))
        for row, n in lines.items():
            if n > 1:
                self.ws.set_row(row, LINE_HEIGHT_PT * n)

    def finish(self, landscape: bool = True, repeat_rows: tuple[int, int] | None = None) -> None:
        for col, width in self.widths.items():
            self.ws.set_column(col, col, width)
        self._row_heights()
        if landscape:
            self.ws.set_landscape()
        self.ws.set_paper(9)  # A4
        self.ws.fit_to_pages(1, 0)  # fit to the page width, as many pages down as needed
        self.ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        if repeat_rows is not None:
            self.ws.repeat_rows(*repeat_rows)
