"""Numbers and dates per locale (Babel): yuan with separators, 万元 in Chinese headlines, dates as the documents write them.

Pure functions of a value and a language, shared by the dashboard, the CLI and the reports; every
number shown in words goes through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from .catalogs import LOCALES
from .labels import text

WAN = 10_000
# Dates: Chinese "2021年9月20日" (CLDR's long form); English "20 Sep 2021".
DATE_PATTERN = {"zh": "long", "en": "d MMM y"}


def _pattern(digits: int | None) -> str:
    if digits is None:
        return "#,##0.####"
    return "#,##0" + ("." + "0" * digits if digits else "")


def comma(lang: str = "zh") -> str:
    """The separator between listed items: a full-width comma in Chinese."""
    return "，" if lang == "zh" else ", "


def number(v: float, lang: str = "zh", digits: int | None = 0) -> str:
    """A number with the locale's separators: ``digits`` decimals, or as many as it has (up to 4) for None."""
    return format_decimal(v, _pattern(digits), locale=LOCALES[lang])


def signed(v: float, lang: str = "zh", digits: int = 0) -> str:
    """A change with an ASCII sign, '+12' / '-3' (st.metric reads the sign to colour its arrow)."""
    p = _pattern(digits)
    return format_decimal(v, f"+{p};-{p}", locale=LOCALES[lang])


def yuan(v: float, lang: str = "zh") -> str:
    return f"{number(v, lang)} 元" if lang == "zh" else f"¥{number(v, lang)}"


def yuan_large(v: float, lang: str = "zh") -> str:
    """Yuan for headlines: 万元 from 100,000 yuan up in Chinese, millions in English."""
    if abs(v) < 10 * WAN:
        return yuan(v, lang)
    return f"{number(v / WAN, lang, 1)} 万元" if lang == "zh" else f"¥{number(v / 1e6, lang, 2)} m"


def count(v: float, lang: str = "zh") -> str:
    return number(v, lang)


def pct(v: float, lang: str = "zh", digits: int | None = 1) -> str:
    """A percentage with ``digits`` decimals, or as many as it has (up to 4) for None."""
    return format_percent(v, _pattern(digits) + "%", locale=LOCALES[lang])


BEIJING = ZoneInfo("Asia/Shanghai")


def beijing(t: dt.datetime) -> dt.datetime:
    """A moment on the readers' clock; a naive one is UTC (as the scenario store keeps its times)."""
    return (t if t.tzinfo else t.replace(tzinfo=dt.UTC)).astimezone(BEIJING)


def timestamp(t: dt.datetime, lang: str = "zh") -> str:
    """A moment in Beijing time, the zone said in words: 2026年12月1日 17:46（北京时间）."""
    local = beijing(t)
    return text("beijing_time", lang, date=date(local.date(), lang), time=f"{local:%H:%M}")


def date(d: dt.date | str | None, lang: str = "zh") -> str:
    if d is None:
        return "—"
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return format_date(d, DATE_PATTERN[lang], locale=LOCALES[lang])


FORMATS: dict[str, Callable[[Any, str], str]] = {
    "yuan": yuan,
    "wan": yuan_large,
    "count": count,
    "pct": pct,
    "date": date,
    "decimal": lambda v, lang: number(v, lang, 1),  # an average of counts or days, to one decimal
}


def _ranged(v: Any, write: Callable[[float], str]) -> str:
    """'mean [low – high]', or the mean alone when the runs agree or the range would repeat it at the
    digits shown ("1,000 [1,000 – 1,000]" from runs between 999.6 and 1,000.4)."""
    mean, low, high = write(v.mean), write(v.low), write(v.high)
    if v.low == v.high or low == high == mean:
        return mean
    return f"{mean} [{low} – {high}]"


def figure(v: Any, kind: str = "count", lang: str = "zh") -> str:
    """A plain number, or a figure (mean, low, high) as 'mean [low – high]' (see ``_ranged``)."""
    if v is None:
        return "—"
    if hasattr(v, "mean"):
        return _ranged(v, lambda x: FORMATS[kind](x, lang))
    return FORMATS[kind](v, lang)


def delta(d: Any, kind: str = "count", lang: str = "zh") -> str:
    """A signed change: percentage points for rates, the figure's own format otherwise.

    A change with a range (mean, low, high) reads 'mean [low – high]', like ``figure``.
    """
    if hasattr(d, "mean"):
        return _ranged(d, lambda x: delta(x, kind, lang))
    if kind == "pct":
        return text("points", lang, d=signed(d * 100, lang, 1))
    sign = "+" if d > 0 else "−" if d < 0 else "±"
    return sign + FORMATS[kind](abs(d), lang)
