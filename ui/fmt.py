"""``sim.text.formatting`` in the session's language: the one way pages write numbers and dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sim.text import formatting, unit_in

from .i18n import lang


def unit(u: str) -> str:
    return unit_in(u, lang())


def yuan(v: float) -> str:
    return formatting.yuan(v, lang())


def yuan_large(v: float) -> str:
    return formatting.yuan_large(v, lang())


def pct(v: float, digits: int = 1) -> str:
    return formatting.pct(v, lang(), digits)


def number(v: float, digits: int | None = 0) -> str:
    return formatting.number(v, lang(), digits)


def signed(v: float) -> str:
    return formatting.signed(v, lang())


def timestamp(t: dt.datetime) -> str:
    return formatting.timestamp(t, lang())


def setting(v: Any) -> str:
    """A scenario setting's value: a number with separators, a date in words."""
    if isinstance(v, dt.date):
        return date(v)
    return number(v, None) if isinstance(v, (int, float)) else str(v)


def beijing_today() -> dt.date:
    """Today where the programs run (Asia/Shanghai), whatever the server's clock zone."""
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def date(d: dt.date | str | None) -> str:
    return formatting.date(d, lang())


def figure(v: Any, kind: str = "count") -> str:
    return formatting.figure(v, kind, lang())


def delta(v: Any, kind: str = "count") -> str:
    return formatting.delta(v, kind, lang())


def spread(low: float, high: float, write) -> str | None:
    """'low – high' written with ``write``, or None when both ends read the same."""
    a, b = write(low), write(high)
    return None if a == b else f"{a} – {b}"


def amount(v: float, kind: str = "count") -> str:
    """A plain number in a figure kind's format (count, yuan, wan, pct, date)."""
    return formatting.FORMATS[kind](v, lang())
