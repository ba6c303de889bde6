"""Numbers in yuan with thousands separators, and dates the way the documents write them."""
from __future__ import annotations

import datetime as dt
from typing import Any

from .i18n import lang


UNITS_ZH = {
    "persons": "人", "projects": "项", "institutions": "家", "studios": "个", "counties": "个县", "schools": "所",
    "classes": "班", "items": "项", "days": "天", "hours": "学时", "weeks": "周", "years": "年",
    "credits": "学分", "hours/credit": "学时/学分", "yuan": "元", "yuan/person-day": "元/人/天",
    "yuan/person-hour": "元/人/学时", "yuan/studio": "元/个", "yuan/person": "元/人", "ratio": "比例",
    "multiplier": "倍", "date": "日期", "text": "文本",
}


def unit(u: str) -> str:
    return UNITS_ZH.get(u, u) if lang() == "zh" else u


def yuan(v: float) -> str:
    return f"{v:,.0f} 元" if lang() == "zh" else f"¥{v:,.0f}"


def count(v: float) -> str:
    return f"{v:,.0f}"


def pct(v: float) -> str:
    return f"{v * 100:.1f}%"


def date(d: dt.date | str | None) -> str:
    if d is None:
        return "—"
    if isinstance(d, str):
        d = dt.date.fromisoformat(d)
    return f"{d.year}年{d.month}月{d.day}日" if lang() == "zh" else d.strftime("%d %b %Y")


def figure(v: Any, kind: str = "count") -> str:
    """A number, or 'mean [low, high]' for a replicated figure."""
    f = {"yuan": yuan, "count": count, "pct": pct, "date": date}[kind]
    if isinstance(v, dict):
        if "mean" not in v:
            return "—"
        return f"{f(v['mean'])} [{f(v['low'])} – {f(v['high'])}]"
    return f(v)


def mean(v: Any) -> Any:
    return v["mean"] if isinstance(v, dict) else v
