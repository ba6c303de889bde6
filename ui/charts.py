"""Altair charts for timelines, fill rates, costs and cash flow.

No Streamlit here: the dashboard and the report builders (PNG via vl-convert) draw the same charts,
each passing its language.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt
import pandas as pd

from sim.formatting import mean
from sim.labels import name_in, text


def _date_axis(dates: pd.Series, lang: str) -> alt.Axis:
    """Day and month for spans within a year; year and month for longer ones."""
    long = (dates.max() - dates.min()).days > 300 if len(dates) else False
    if lang == "zh":
        return alt.Axis(format="%Y年%-m月" if long else "%-m月%-d日", labelAngle=0)
    return alt.Axis(format="%b %Y" if long else "%d %b", labelAngle=0)


def _day(v: Any) -> pd.Timestamp | None:
    v = mean(v) if isinstance(v, dict) else v
    if v is None:
        return None
    return pd.Timestamp(dt.date.fromisoformat(v) if isinstance(v, str) else v)


def phase_chart(milestones: list[dict[str, Any]], simulated: list[dict[str, Any]] | None = None, lang: str = "zh") -> alt.Chart:
    """Documented phases as bars (a one-day deadline as a one-day bar), simulated spans beside them."""
    rows = []
    for m in milestones:
        start = _day(m["start"]) or _day(m["end"])
        rows.append({"label": name_in(m["names"], lang), "start": start, "end": _day(m["end"]) + pd.Timedelta(days=1),
                     "kind": text("kind_source", lang) if m["source"]["kind"] == "source" else text("kind_assumed", lang)})
    for s in simulated or []:
        rows.append({**s, "kind": text("simulated", lang)})
    df = pd.DataFrame(rows).dropna(subset=["start", "end"])
    order = df.sort_values("start")["label"].tolist()
    return alt.Chart(df).mark_bar(cornerRadius=2).encode(
        x=alt.X("start:T", title=text("date", lang), axis=_date_axis(pd.concat([df["start"], df["end"]]), lang)),
        x2="end:T",
        y=alt.Y("label:N", sort=list(dict.fromkeys(order)), title=None,
                axis=alt.Axis(labelLimit=320, labelOverlap=False)),
        color=alt.Color("kind:N", title=text("provenance", lang),
                        scale=alt.Scale(domain=[text("kind_source", lang), text("kind_assumed", lang), text("simulated", lang)],
                                        range=["#1f77b4", "#ff7f0e", "#2ca02c"])),
        tooltip=[alt.Tooltip("label:N", title=text("phase", lang)), alt.Tooltip("start:T", title=text("start", lang)),
                 alt.Tooltip("end:T", title=text("end", lang)), alt.Tooltip("kind:N", title=text("provenance", lang))],
    ).properties(height=max(160, 26 * len(set(order))))


def fill_chart(tracks: list[dict[str, Any]], lang: str = "zh") -> alt.Chart:
    rows = []
    for s in tracks:
        fr = s["fill_rate"]
        rows.append({"track": name_in(s["names"], lang), "fill": mean(fr),
                     "low": fr["low"] if isinstance(fr, dict) else mean(fr),
                     "high": fr["high"] if isinstance(fr, dict) else mean(fr)})
    df = pd.DataFrame(rows)
    y = alt.Y("track:N", title=None, sort=None, axis=alt.Axis(labelLimit=260, labelOverlap=False))
    bars = alt.Chart(df).mark_bar().encode(
        x=alt.X("fill:Q", title=text("fill_rate", lang), axis=alt.Axis(format="%")), y=y,
        tooltip=[alt.Tooltip("track:N", title=text("subprograms", lang)),
                 alt.Tooltip("fill:Q", format=".1%", title=text("fill_rate", lang))])
    whiskers = alt.Chart(df).mark_rule(color="black").encode(x="low:Q", x2="high:Q", y=y)
    quota_line = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 4], color="gray").encode(x="x:Q")
    return (bars + whiskers + quota_line).properties(height=max(120, 24 * len(df)))


def cost_chart(cost_by_line: dict[str, Any], line_names: dict[str, Any], lang: str = "zh") -> alt.Chart:
    df = pd.DataFrame([{"line": name_in(line_names.get(k), lang, k), "yuan": mean(v)} for k, v in cost_by_line.items()])
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("yuan:Q", title=text("cost", lang), axis=alt.Axis(format=",.0f")),
        y=alt.Y("line:N", title=None, axis=alt.Axis(labelLimit=260)),
        tooltip=[alt.Tooltip("line:N", title=text("cost_lines", lang)), alt.Tooltip("yuan:Q", format=",.0f", title=text("cost", lang))])


def cashflow_chart(cashflow: list[dict[str, Any]], lang: str = "zh") -> alt.Chart:
    """Cumulative money settled; where teachers pay first, also their cumulative advances."""
    rows, advanced = [], 0.0
    for r in cashflow:
        advanced += r["teacher_advance_yuan"]
        rows.append({"date": _day(r["date"]), "series": text("cumulative", lang), "yuan": r["cumulative_settled_yuan"]})
        rows.append({"date": _day(r["date"]), "series": text("teacher_advances", lang), "yuan": advanced})
    df = pd.DataFrame(rows)
    if advanced == 0:
        df = df[df["series"] == text("cumulative", lang)]
    return alt.Chart(df).mark_line(interpolate="step-after").encode(
        x=alt.X("date:T", title=text("date", lang), axis=_date_axis(df["date"], lang)),
        y=alt.Y("yuan:Q", title=text("cost", lang), axis=alt.Axis(format=",.0f")),
        color=alt.Color("series:N", title=None),
        tooltip=[alt.Tooltip("date:T", title=text("date", lang)), alt.Tooltip("series:N", title=" "),
                 alt.Tooltip("yuan:Q", format=",.0f", title=text("cost", lang))])


def simulated_spans(tracks: list[dict[str, Any]], lang: str = "zh") -> list[dict[str, Any]]:
    """Each sub-program's simulated span from its first course to its last settlement."""
    out = []
    for s in tracks:
        ev = s["events"]
        start, end = _day(ev["delivery_start"]), _day(ev["settlement_done"])
        if start is not None and end is not None:
            out.append({"label": f"{name_in(s['names'], lang)} · {text('simulated', lang)}", "start": start,
                        "end": end + pd.Timedelta(days=1)})
    return out
