"""Numbers in yuan with thousands separators, and dates the way the documents write them.

Pure functions of a value and a language, shared by the dashboard, the CLI and the reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

WAN = 10_000


def yuan(v: float, lang: str = "zh") -> str:
    return f"{v:,.0f} 元" if lang == "zh" else f"¥{v:,.0f}"


def yuan_large(v: float, lang: str = "zh") -> str:
    """Yuan for headlines: 万元 from 100,000 yuan up in Chinese, millions in English."""
    if abs(v) < 10 * WAN:
        return yuan(v, lang)
    return f"{v / WAN:,.1f} 万元" if lang == "zh" else f"¥{v / 1e6:,.2f} m"


def count(v: float, lang: str = "zh") -> str:
    return f"{v:,.0f}"


def pct(v: float, lang: str = "zh") -> str:
    return f"{v * 100:.1f}%"


def date(d: dt.date | str | None, lang: str = "zh") -> str:
    if d is None:
        return "—"
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else d.strftime("%d %b %Y")


FORMATS: dict[str, Callable[[Any, str], str]] = {
    "yuan": yuan,
    "wan": yuan_large,
    "count": count,
    "pct": pct,
    "date": date,
}


def figure(v: Any, kind: str = "count", lang: str = "zh") -> str:
    """A plain number, or a figure (mean, low, high) as 'mean [low – high]'; its mean alone when the runs agree."""
    f = FORMATS[kind]
    if v is None:
        return "—"
    if hasattr(v, "mean"):
        if v.low == v.high:
            return f(v.mean, lang)
        return f"{f(v.mean, lang)} [{f(v.low, lang)} – {f(v.high, lang)}]"
    return f(v, lang)


def delta(d: Any, kind: str = "count", lang: str = "zh") -> str:
    """A signed change: percentage points for rates, the figure's own format otherwise.

    A change with a range (mean, low, high) reads 'mean [low – high]', like ``figure``.
    """
    if hasattr(d, "mean"):
        if d.low == d.high:
            return delta(d.mean, kind, lang)
        return f"{delta(d.mean, kind, lang)} [{delta(d.low, kind, lang)} – {delta(d.high, kind, lang)}]"
    if kind == "pct":
        return f"{d * 100:+.1f} 个百分点" if lang == "zh" else f"{d * 100:+.1f} pp"
    sign = "+" if d > 0 else "−" if d < 0 else "±"
    return sign + FORMATS[kind](abs(d), lang)
