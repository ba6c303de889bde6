"""Altair charts for timelines, fill rates, costs and cash flow.

No Streamlit here: the dashboard and the report builders (PNG via vl-convert) draw the same charts,
each passing its language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import altair as alt
import pandas as pd

from sim.results import (
    CashflowDay,
    DateFigure,
    Deadline,
    EnrolmentDay,
    Figure,
    Phase,
    PoolSummary,
    Stages,
    TrackSummary,
)
from sim.text import END_LABEL, FIGURE_LABEL, N_, cite, deadline_name, deadline_what, name_in, text

if TYPE_CHECKING:  # pandas' checks (pandera) load where actuals are read, not with every chart
    from sim.actuals import FillGap, Series

# Large numbers readable at a glance: 万 in Chinese (k/M are English), k/M in English.
_LARGE_LABELS = {
    "zh": "abs(datum.value) >= 10000 ? format(datum.value / 10000, ',.4~r') + '万' : format(datum.value, ',~r')",
    "en": "format(datum.value, ',.3~s')",
}


def _quantity_axis(title: str, money: bool, lang: str) -> alt.Axis:
    if money and lang == "zh":
        return alt.Axis(title=title, labelExpr="format(datum.value / 10000, ',.0f') + '万'")
    return alt.Axis(title=title, labelExpr=_LARGE_LABELS[lang])


def _mixed_labels(lang: str) -> str:
    """Rates (below 1) as percentages, counts and yuan as large numbers: one axis for charts mixing them."""
    return f"abs(datum.value) < 1 && datum.value != 0 ? format(datum.value, '.0%') : {_LARGE_LABELS[lang]}"


def _date_axis(dates: pd.Series, lang: str) -> alt.Axis:
    """Day and month for spans within a year; year and month for longer ones."""
    long = (dates.max() - dates.min()).days > 300 if len(dates) else False
    if lang == "zh":
        return alt.Axis(format="%Y年%-m月" if long else "%-m月%-d日", labelAngle=0)
    return alt.Axis(format="%b %Y" if long else "%d %b", labelAngle=0)


def _spread(f: Figure) -> dict[str, float]:
    return {"low": f.low, "high": f.high}


def _day(v: DateFigure | dt.date | str | None) -> pd.Timestamp | None:
    v = v.mean if isinstance(v, DateFigure) else v
    if v is None:
        return None
    return pd.Timestamp(dt.date.fromisoformat(v) if isinstance(v, str) else v)


def phase_chart(
    milestones: Sequence[Mapping[str, Any] | Phase],
    simulated: list[dict[str, Any]] | None = None,
    lang: str = "zh",
    deadlines: Sequence[Deadline] | None = None,
    today: dt.date | None = None,
) -> alt.Chart:
    """Documented phases as bars (a one-day deadline as a one-day bar), simulated spans beside them.

    With ``deadlines``, each checked deadline's simulated date is a diamond on its phase's row (red when
    at risk); with ``today``, a dashed rule marks that date if it falls inside the chart.
    """
    rows = []
    label_of = {}
    # A program's documented phases (program_dict) or a run's (the scenario's dates): the same fields.
    for m in (m if isinstance(m, Mapping) else asdict(m) for m in milestones):
        start = _day(m["start"]) or _day(m["end"])
        label = name_in(m["names"], lang)
        label_of[m["id"]] = label
        rows.append(
            {
                "label": label,
                "start": start,
                "end": _day(m["end"]) + pd.Timedelta(days=1),
                "kind": text("kind_source", lang) if m["source"]["kind"] == "source" else text("kind_assumed", lang),
                "source": cite(m["source"], lang),
            }
        )
    for s in simulated or []:
        rows.append({**s, "kind": text("simulated", lang), "source": text("simulated_source", lang)})
    df = pd.DataFrame(rows).dropna(subset=["start", "end"])
    order = list(dict.fromkeys(df.sort_values("start")["label"].tolist()))
    marks = []
    for d in deadlines or []:
        when = _day(d.simulated)
        if when is None:
            continue
        label = label_of.get(d.key, deadline_name(d.names, d.track_names, lang))
        if label not in order:
            order.append(label)
        marks.append(
            {
                "label": label,
                "date": when,
                "deadline": _day(d.deadline),
                "status": text("at_risk", lang) if d.at_risk else text("on_time", lang),
                "what": deadline_what(d.code, lang),
            }
        )
    all_dates = pd.concat([df["start"], df["end"], pd.Series([m["date"] for m in marks], dtype="datetime64[ns]")])
    x = alt.X("start:T", title=text("date", lang), axis=_date_axis(all_dates, lang))
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=320, labelOverlap=False))
    bars = (
        alt.Chart(df)
        .mark_bar(cornerRadius=2)
        .encode(
            x=x,
            x2="end:T",
            y=y,
            color=alt.Color(
                "kind:N",
                title=text("provenance", lang),
                scale=alt.Scale(
                    domain=[text("kind_source", lang), text("kind_assumed", lang), text("simulated", lang)],
                    range=["#1f77b4", "#ff7f0e", "#2ca02c"],
                ),
            ),
            tooltip=[
                alt.Tooltip("label:N", title=text("phase", lang)),
                alt.Tooltip("start:T", title=text("start", lang)),
                alt.Tooltip("end:T", title=text("end", lang)),
                alt.Tooltip("kind:N", title=text("provenance", lang)),
                alt.Tooltip("source:N", title=text("clause", lang)),
            ],
        )
    )
    layers = [bars]
    if marks:
        layers.append(
            alt.Chart(pd.DataFrame(marks))
            .mark_point(shape="diamond", size=140, filled=True)
            .encode(
                x=alt.X("date:T"),
                y=y,
                fill=alt.Fill(
                    "status:N",
                    title=text("deadlines", lang),
                    scale=alt.Scale(
                        domain=[text("on_time", lang), text("at_risk", lang)], range=["#555555", "#d62728"]
                    ),
                ),
                tooltip=[
                    alt.Tooltip("label:N", title=text("phase", lang)),
                    alt.Tooltip("what:N", title=" "),
                    alt.Tooltip("date:T", title=text("simulated", lang)),
                    alt.Tooltip("deadline:T", title=text("deadline", lang)),
                    alt.Tooltip("status:N", title=text("deadlines", lang)),
                ],
            )
        )
    if today is not None and all_dates.min() <= pd.Timestamp(today) <= all_dates.max():
        layers.append(
            alt.Chart(pd.DataFrame({"date": [pd.Timestamp(today)], "label": [text("today", lang)]}))
            .mark_rule(strokeDash=[6, 3], color="#9467bd", size=2)
            .encode(
                x="date:T", tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("date:T", title=text("date", lang))]
            )
        )
    return alt.layer(*layers).resolve_scale(color="independent").properties(height=alt.Step(24))


def enrolment_chart(
    enrolment: Sequence[EnrolmentDay], quota: float, filled: dt.date | None = None, lang: str = "zh"
) -> alt.Chart:
    """Cumulative sign-ups (mean over the runs) against the seats on offer; a dot where the seats were all taken."""
    df = pd.DataFrame([{"date": _day(r.date), "n": r.cumulative_signed_up.mean} for r in enrolment])
    x = alt.X("date:T", title=text("date", lang), axis=_date_axis(df["date"], lang))
    line = (
        alt.Chart(df)
        .mark_line(interpolate="step-after", color="#2ca02c")
        .encode(
            x=x,
            y=alt.Y("n:Q", title=text("cumulative_sign_ups", lang), axis=alt.Axis(format=",.0f")),
            tooltip=[
                alt.Tooltip("date:T", title=text("date", lang)),
                alt.Tooltip("n:Q", format=",.0f", title=text("cumulative_sign_ups", lang)),
            ],
        )
    )
    seats = (
        alt.Chart(pd.DataFrame({"n": [quota], "label": [text("quota", lang)]}))
        .mark_rule(strokeDash=[4, 4], color="gray")
        .encode(y="n:Q", tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("n:Q", format=",.0f", title=" ")])
    )
    layers = [line, seats]
    when = _day(filled)
    if when is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"date": [when], "n": [quota], "label": [text("seats_filled", lang)]}))
            .mark_point(size=120, filled=True, color="#d62728")
            .encode(
                x="date:T",
                y="n:Q",
                tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("date:T", title=text("date", lang))],
            )
        )
    return alt.layer(*layers).properties(height=220)


def capacity_chart(pools: Sequence[PoolSummary], lang: str = "zh", deadline: dt.date | None = None) -> alt.Chart:
    """Per pool, the share of its slots in use each day (mean over the runs): at the dashed 100% line
    a pool is full and its next classes wait; a red rule marks the delivery deadline, so classes
    still running after it are late."""
    df = pd.DataFrame(
        [
            {
                "date": _day(day.date),
                "used": day.classes.mean / p.slots.mean,
                "classes": day.classes.mean,
                "pool": name_in(p.names, lang),
                "slots": p.slots.mean,
            }
            for p in pools
            for day in p.busy
        ]
    )
    if df.empty:
        df = pd.DataFrame(
            {"date": pd.Series(dtype="datetime64[ns]"), "used": [], "classes": [], "pool": [], "slots": []}
        )
    lines = (
        alt.Chart(df)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("date:T", title=text("date", lang), axis=_date_axis(df["date"], lang)),
            y=alt.Y(
                "used:Q", title=text("slots_in_use", lang), axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])
            ),
            color=alt.Color(
                "pool:N",
                title=text("capacity_pool", lang),
                legend=alt.Legend(orient="bottom", columns=1, labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("pool:N", title=text("capacity_pool", lang)),
                alt.Tooltip("date:T", title=text("date", lang)),
                alt.Tooltip("classes:Q", format=",.0f", title=text("classes_running", lang)),
                alt.Tooltip("slots:Q", format=",.0f", title=text("capacity_slots", lang)),
            ],
        )
    )
    full = alt.Chart(pd.DataFrame({"used": [1.0]})).mark_rule(strokeDash=[4, 4], color="gray").encode(y="used:Q")
    layers = [lines, full]
    if deadline is not None:
        label = text("delivery_deadline", lang)
        layers.append(
            alt.Chart(pd.DataFrame({"date": [_day(deadline)], "label": [label]}))
            .mark_rule(color="#d62728")
            .encode(x="date:T", tooltip=[alt.Tooltip("label:N", title=" "), alt.Tooltip("date:T", title=" ")])
        )
    return alt.layer(*layers).properties(height=240)


def fill_chart(rows: Sequence[tuple[dict[str, str], Figure]], lang: str = "zh") -> alt.Chart:
    """Fill rate with its range for each (names, fill rate): sub-programs, or programs."""
    df = pd.DataFrame([{"track": name_in(names, lang), "fill": f.mean, **_spread(f)} for names, f in rows])
    y = alt.Y("track:N", title=None, sort=None, axis=alt.Axis(labelLimit=260, labelOverlap=False))
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("fill:Q", title=text("fill_rate", lang), axis=alt.Axis(format="%")),
            y=y,
            tooltip=[
                alt.Tooltip("track:N", title=text("subprograms", lang)),
                alt.Tooltip("fill:Q", format=".1%", title=text("fill_rate", lang)),
            ],
        )
    )
    whiskers = alt.Chart(df).mark_rule(color="black").encode(x="low:Q", x2="high:Q", y=y)
    quota_line = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 4], color="gray").encode(x="x:Q")
    return (bars + whiskers + quota_line).properties(height=alt.Step(22))


def cost_chart(cost_by_line: Mapping[str, Figure], line_names: Mapping[str, Any], lang: str = "zh") -> alt.Chart:
    """Cost by line, in the order the program lists its lines."""
    return amount_bars([(name_in(line_names.get(k), lang, k), v) for k, v in cost_by_line.items()], lang)


def cashflow_chart(cashflow: Sequence[CashflowDay], lang: str = "zh") -> alt.Chart:
    """Cumulative money settled (mean over the runs); where teachers pay first, also their cumulative advances."""
    rows, advanced = [], 0.0
    for r in cashflow:
        advanced += r.teacher_advance_yuan.mean
        rows.append({"date": _day(r.date), "series": text("cumulative", lang), "yuan": r.cumulative_settled_yuan.mean})
        rows.append({"date": _day(r.date), "series": text("teacher_advances", lang), "yuan": advanced})
    df = pd.DataFrame(rows)
    if advanced == 0:
        df = df[df["series"] == text("cumulative", lang)]
    return (
        alt.Chart(df)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("date:T", title=text("date", lang), axis=_date_axis(df["date"], lang)),
            y=alt.Y("yuan:Q", axis=_quantity_axis(text("cost", lang), True, lang)),
            color=alt.Color("series:N", title=None),
            tooltip=[
                alt.Tooltip("date:T", title=text("date", lang)),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("yuan:Q", format=",.0f", title=text("cost", lang)),
            ],
        )
    )


def simulated_spans(tracks: Sequence[TrackSummary], lang: str = "zh") -> list[dict[str, Any]]:
    """Each sub-program's simulated span from its first course to its last settlement."""
    out = []
    for s in tracks:
        start, end = _day(s.events.delivery_start), _day(s.events.settlement_done)
        if start is not None and end is not None:
            out.append(
                {
                    "label": f"{name_in(s.names, lang)} · {text('simulated', lang)}",
                    "start": start,
                    "end": end + pd.Timedelta(days=1),
                }
            )
    return out


STAGES = ("quota", "enrolled", "attended", "completed", "credited")


def funnel_chart(stages: dict[str, float], lang: str = "zh") -> alt.Chart:
    """Quota -> enrolled -> attended -> completed -> credited, each bar labelled with its share of quota."""
    quota = stages["quota"] or 1.0
    df = pd.DataFrame(
        [
            {"stage": text(FIGURE_LABEL[k], lang), "n": v, "share": v / quota, "order": i}
            for i, (k, v) in enumerate(stages.items())
        ]
    )
    y = alt.Y("stage:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=200))
    bars = (
        alt.Chart(df)
        .mark_bar(color="#1f77b4")
        .encode(
            x=alt.X("n:Q", title=text("persons", lang), axis=alt.Axis(format=",.0f")),
            y=y,
            tooltip=[
                alt.Tooltip("stage:N", title=" "),
                alt.Tooltip("n:Q", format=",.0f", title=text("persons", lang)),
                alt.Tooltip("share:Q", format=".1%", title=text("share_of_quota", lang)),
            ],
        )
    )
    labels = bars.mark_text(align="left", dx=4).encode(text=alt.Text("share:Q", format=".1%"))
    return (bars + labels).properties(height=alt.Step(34))


SHARE_TARGET = 0.9  # the share of quota the heat maps are read against: white there, blue above, red below


def _diverging(field: str, title: str, mid: float, low: float, high: float, fmt: str) -> alt.Color:
    """A colour scale white at ``mid``, red below, blue above: a run of 80–100% reads as near or off the mark,
    not as one dark block."""
    spread = max(abs(high - mid), abs(mid - low), 1e-9)
    return alt.Color(
        f"{field}:Q",
        title=title,
        scale=alt.Scale(scheme="redblue", domain=[mid - spread, mid + spread], domainMid=mid, clamp=True),
        legend=alt.Legend(format=fmt),
    )


def _contrast(field: str, mid: float, spread: float) -> alt.ChangeCondition:
    """White text on the deep colours at the ends, black on the pale middle."""
    far = f"abs(datum.{field} - {mid}) > {0.6 * spread}"
    return alt.condition(far, alt.value("white"), alt.value("black"))


def stage_heatmap(
    rows: Sequence[tuple[str, Stages]], lang: str = "zh", row_title: str = "", target: float = SHARE_TARGET
) -> alt.Chart:
    """Rows (sub-programs or cities, each a label and its figures) x stages, coloured by the mean share of quota
    against ``target``."""
    cells = []
    for label, r in rows:
        quota = r.quota.mean
        for k in ("enrolled", "attended", "completed"):
            n = r.figure(k).mean
            cells.append(
                {
                    "row": label,
                    "stage": text(FIGURE_LABEL[k], lang),
                    "share": n / quota if quota else None,
                    "n": n,
                    "quota": quota,
                }
            )
    df = pd.DataFrame(cells)
    shares = df["share"].dropna()
    low, high = (float(shares.min()), float(shares.max())) if len(shares) else (0.0, 1.0)
    spread = max(abs(high - target), abs(target - low), 0.05)
    base = alt.Chart(df).encode(
        x=alt.X(
            "stage:N",
            sort=[text(FIGURE_LABEL[k], lang) for k in ("enrolled", "attended", "completed")],
            title=None,
            axis=alt.Axis(labelAngle=0, orient="top", labelFontSize=13),
        ),
        y=alt.Y("row:N", sort=None, title=row_title or None, axis=alt.Axis(labelLimit=300, labelFontSize=12)),
    )
    heat = base.mark_rect().encode(
        color=_diverging("share", text("share_of_quota", lang), target, target - spread, target + spread, "%"),
        tooltip=[
            alt.Tooltip("row:N", title=" "),
            alt.Tooltip("stage:N", title=" "),
            alt.Tooltip("n:Q", format=",.0f", title=text("persons", lang)),
            alt.Tooltip("quota:Q", format=",.0f", title=text("quota", lang)),
            alt.Tooltip("share:Q", format=".1%", title=text("share_of_quota", lang)),
        ],
    )
    labels = base.mark_text(fontSize=13).encode(
        text=alt.Text("share:Q", format=".0%"), color=_contrast("share", target, spread)
    )
    return (heat + labels).properties(height=alt.Step(30))


def amount_bars(rows: Sequence[tuple[str, Figure]], lang: str = "zh", title_key: str = "cost") -> alt.Chart:
    """Horizontal bars of yuan amounts with 95% whiskers where the amounts are replicated."""
    df = pd.DataFrame([{"label": label, "yuan": f.mean, **_spread(f)} for label, f in rows])
    y = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=300))
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("yuan:Q", axis=_quantity_axis(text(title_key, lang), True, lang)),
            y=y,
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("yuan:Q", format=",.0f", title=text(title_key, lang)),
                alt.Tooltip("low:Q", format=",.0f", title="2.5%"),
                alt.Tooltip("high:Q", format=",.0f", title="97.5%"),
            ],
        )
    )
    whiskers = alt.Chart(df).mark_rule(color="black").encode(x="low:Q", x2="high:Q", y=y)
    return (bars + whiskers).properties(height=alt.Step(26))


def difference_bars(rows: Sequence[tuple[str, str, float, float | None, float | None]], lang: str = "zh") -> alt.Chart:
    """Each scenario's change from the baseline, per figure, as a bar from zero (rows: figure label, series,
    change, and its 95% range or None). Bars of the two levels would start at zero and hide a small
    change; drawn as the change, a 1% difference fills its panel. Each figure has its own axis."""
    df = pd.DataFrame(
        [{"label": f, "series": series, "value": v, "low": lo, "high": hi} for f, series, v, lo, hi in rows]
    )
    up, down, none = text("change_up", lang), text("change_down", lang), text("change_none", lang)
    df["direction"] = [up if v > 0 else down if v < 0 else none for v in df["value"]]
    base = alt.Chart().encode(y=alt.Y("series:N", title=None, sort=None, axis=alt.Axis(labelLimit=200)))
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(labelExpr=_LARGE_LABELS[lang], tickCount=4)),
        color=alt.Color(
            "direction:N",
            title=None,
            scale=alt.Scale(domain=[up, down, none], range=["#1f77b4", "#ff7f0e", "#999999"]),
            legend=None,
        ),
        tooltip=[
            alt.Tooltip("label:N", title=" "),
            alt.Tooltip("series:N", title=" "),
            alt.Tooltip("value:Q", format=",.4~f", title=text("difference", lang)),
            alt.Tooltip("low:Q", format=",.4~f", title="2.5%"),
            alt.Tooltip("high:Q", format=",.4~f", title="97.5%"),
        ],
    )
    whiskers = base.mark_rule(color="black").encode(x="low:Q", x2="high:Q")
    zero = alt.Chart().mark_rule(color="#333333").encode(x=alt.datum(0))
    return (
        alt.layer(bars, whiskers, zero, data=df)
        .properties(height=alt.Step(26), width=260)
        .facet(
            facet=alt.Facet(
                "label:N", title=None, sort=list(dict.fromkeys(df["label"])), header=alt.Header(labelFontSize=13)
            ),
            columns=3,
        )
        .resolve_scale(x="independent")
    )


END_COLOUR = {"low": "#1f77b4", "high": "#ff7f0e"}  # lower: blue, higher: orange, in every language


def tornado_chart(rows: pd.DataFrame, metric_title: str, lang: str = "zh", money: bool = False) -> alt.Chart:
    """Each knob's low and high ends as bars from the current value; widest swing on top.

    ``rows`` is the sensitivity table with each knob's words in a ``label`` column.
    """
    cells = []
    for _, r in rows.iterrows():
        for end in ("low", "high"):
            cells.append(
                {
                    "knob": r["label"],
                    "end": text(END_LABEL[end], lang),
                    "from": r["at_current"],
                    "to": r[f"at_{end}"],
                    "value": r[f"value_{end}"],
                    "swing": r["swing"],
                }
            )
    df = pd.DataFrame(cells)
    order = rows.sort_values("swing", ascending=False)["label"].tolist()
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("from:Q", axis=_quantity_axis(metric_title, money, lang), scale=alt.Scale(zero=False)),
            x2="to:Q",
            y=alt.Y("knob:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color(
                "end:N",
                title=None,
                # A fixed colour per direction: without a domain the colours follow the words' sort order,
                # which differs between 调低/调高 and Lower/Higher.
                scale=alt.Scale(domain=[text(END_LABEL[e], lang) for e in END_COLOUR], range=list(END_COLOUR.values())),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("knob:N", title=" "),
                alt.Tooltip("end:N", title=" "),
                alt.Tooltip("value:Q", format=",.4~f", title=text("knob_value", lang)),
                alt.Tooltip("to:Q", format=",.0f", title=metric_title),
                alt.Tooltip("from:Q", format=",.0f", title=text("at_current", lang)),
            ],
        )
        .properties(height=alt.Step(28))
    )


def grid_heatmap(
    grid: pd.DataFrame,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    value_title: str,
    fmt: str = ",.0f",
    mid: float | None = None,
) -> alt.Chart:
    """A two-way grid of one figure's mean, the value written in each cell, coloured against ``mid`` (the
    current scenario's value): white there, blue above, red below."""
    values = grid["mean"].astype(float)
    centre = float(values.median()) if mid is None else mid
    spread = max(abs(float(values.max()) - centre), abs(centre - float(values.min())), 1e-9)
    base = alt.Chart(grid).encode(
        x=alt.X(f"{x}:O", title=x_title, axis=alt.Axis(labelAngle=0, labelFontSize=12)),
        y=alt.Y(f"{y}:O", title=y_title, sort="descending", axis=alt.Axis(labelFontSize=12)),
    )
    heat = base.mark_rect().encode(
        color=_diverging("mean", value_title, centre, centre - spread, centre + spread, fmt),
        tooltip=[
            alt.Tooltip(f"{x}:O", title=x_title),
            alt.Tooltip(f"{y}:O", title=y_title),
            alt.Tooltip("mean:Q", format=fmt, title=value_title),
            alt.Tooltip("low:Q", format=fmt, title="2.5%"),
            alt.Tooltip("high:Q", format=fmt, title="97.5%"),
        ],
    )
    labels = base.mark_text(fontSize=13).encode(
        text=alt.Text("mean:Q", format=fmt), color=_contrast("mean", centre, spread)
    )
    return (heat + labels).properties(height=alt.Step(40))


def driver_chart(rows: list[dict[str, Any]], value_title: str, lang: str = "zh", money: bool = False) -> alt.Chart:
    """Each scenario's change split into the levers' parts (rows: scenario, driver, contribution)."""
    df = pd.DataFrame(rows)
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("contribution:Q", axis=_quantity_axis(value_title, money, lang), stack="zero"),
            y=alt.Y("scenario:N", title=None, sort=None, axis=alt.Axis(labelLimit=220)),
            color=alt.Color("driver:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("scenario:N", title=" "),
                alt.Tooltip("driver:N", title=" "),
                alt.Tooltip("contribution:Q", format=",.0f", title=value_title),
            ],
        )
        .properties(height=alt.Step(32))
    )


def search_chart(trace: pd.DataFrame, target: float, knob_title: str, metric_title: str, lang: str = "zh") -> alt.Chart:
    """Every value the goal seek tried against the metric it gave; the dashed line is the target."""
    df = trace.assign(status=trace["feasible"].map({True: text("feasible", lang), False: text("infeasible", lang)}))
    points = (
        alt.Chart(df)
        .mark_circle(size=50, opacity=0.7)
        .encode(
            x=alt.X("value:Q", title=knob_title, scale=alt.Scale(zero=False)),
            y=alt.Y(
                "metric:Q",
                title=metric_title,
                axis=alt.Axis(labelExpr=_mixed_labels(lang)),
                scale=alt.Scale(zero=False),
            ),
            color=alt.Color(
                "status:N",
                title=None,
                scale=alt.Scale(
                    domain=[text("feasible", lang), text("infeasible", lang)], range=["#2ca02c", "#d62728"]
                ),
            ),
            tooltip=[
                alt.Tooltip("step:Q", title=text("step", lang)),
                alt.Tooltip("replication:Q", title=text("replication", lang)),
                alt.Tooltip("value:Q", format=",.4~f", title=knob_title),
                alt.Tooltip("metric:Q", format=",.4~f", title=metric_title),
                alt.Tooltip("cost_yuan:Q", format=",.0f", title=text("cost", lang)),
            ],
        )
    )
    goal = alt.Chart(pd.DataFrame({"y": [target]})).mark_rule(strokeDash=[6, 3], color="gray").encode(y="y:Q")
    return (points + goal).properties(height=300)


# Plan and actual keep their colours in every chart and language: the plan green like every simulated
# mark, the actual a dark purple no other series uses.
PLAN_COLOUR, ACTUAL_COLOUR = "#2ca02c", "#5e3c99"


def _plan_actual_scale(lang: str) -> alt.Scale:
    return alt.Scale(domain=[text("pva_plan", lang), text("pva_actual", lang)], range=[PLAN_COLOUR, ACTUAL_COLOUR])


def plan_actual_lines(series: Series, lang: str = "zh", money: bool = False) -> alt.Chart:
    """A cumulative daily figure: the plan's mean (its 95% range as a band) and the actual up to the files' last day."""
    rows = series.aligned()
    plan, actual = text("pva_plan", lang), text("pva_actual", lang)
    band = pd.DataFrame([{"date": _day(d), "low": p.low, "high": p.high} for d, p, _ in rows])
    lines = pd.DataFrame(
        [{"date": _day(d), "series": plan, "n": p.mean} for d, p, _ in rows]
        + [{"date": _day(d), "series": actual, "n": a} for d, _, a in rows if a is not None]
    )
    title = text("pva_cumulative_paid" if money else "cumulative_sign_ups", lang)
    x = alt.X("date:T", title=text("date", lang), axis=_date_axis(lines["date"], lang))
    area = (
        alt.Chart(band)
        .mark_area(color=PLAN_COLOUR, opacity=0.2, interpolate="step-after")
        .encode(x=x, y="low:Q", y2="high:Q")
    )
    drawn = (
        alt.Chart(lines)
        .mark_line(interpolate="step-after", strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("n:Q", title=title, axis=_quantity_axis(title, money, lang)),
            color=alt.Color("series:N", title=None, scale=_plan_actual_scale(lang), legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("date:T", title=text("date", lang)),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("n:Q", format=",.0f", title=title),
            ],
        )
    )
    return (area + drawn).properties(height=240)


def plan_actual_fill(rows: Sequence[tuple[str, FillGap]], lang: str = "zh") -> alt.Chart:
    """Per unit (label, its fill rates), the plan's fill rate with its range beside the actual, in the rows' order."""
    plan, actual = text("pva_plan", lang), text("pva_actual", lang)
    df = pd.DataFrame(
        [
            cell
            for label, f in rows
            for cell in (
                {"label": label, "series": plan, "fill": f.plan.mean, **_spread(f.plan)},
                {"label": label, "series": actual, "fill": f.actual, "low": None, "high": None},
            )
        ]
    )
    # A county's label names its sub-program too: room for both rather than a cut-off county.
    y = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=440, labelOverlap=False))
    offset = alt.YOffset("series:N", sort=[plan, actual])
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("fill:Q", title=text("fill_rate", lang), axis=alt.Axis(format="%")),
            y=y,
            yOffset=offset,
            color=alt.Color("series:N", title=None, scale=_plan_actual_scale(lang), legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("label:N", title=" "),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("fill:Q", format=".1%", title=text("fill_rate", lang)),
            ],
        )
    )
    whiskers = (
        alt.Chart(df.dropna(subset=["low"]))
        .mark_rule(color="black")
        .encode(x="low:Q", x2="high:Q", y=y, yOffset=offset)
    )
    full = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 4], color="gray").encode(x="x:Q")
    return (bars + whiskers + full).properties(height=alt.Step(14))


SHARE_COLOUR = {"first": "#4c78a8", "total": "#9ecae9"}  # alone dark, with interactions light, in both languages
SHARE_WORDS = {"first": N_("share_first"), "total": N_("share_total")}


def shares_chart(rows: Sequence[tuple[str, float, float]], lang: str = "zh") -> alt.Chart:
    """Each assumption's share of a figure's uncertainty (rows: name, first-order, total), a pair of
    bars each, the largest total on top; shares as percentages of the figure's variance."""
    words = {k: text(SHARE_WORDS[k], lang) for k in SHARE_COLOUR}
    df = pd.DataFrame(
        [
            {"name": name, "measure": words[k], "share": max(v, 0.0)}  # an estimate a little below 0 is 0
            for name, first, total in rows
            for k, v in (("first", first), ("total", total))
        ]
    )
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X(
                "share:Q", title=text("share_axis", lang), axis=alt.Axis(format=".0%"), scale=alt.Scale(domain=[0, 1])
            ),
            y=alt.Y("name:N", title=None, sort=[r[0] for r in rows], axis=alt.Axis(labelLimit=300)),
            yOffset=alt.YOffset("measure:N", sort=list(words.values())),
            color=alt.Color(
                "measure:N",
                title=None,
                scale=alt.Scale(domain=list(words.values()), range=list(SHARE_COLOUR.values())),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=" "),
                alt.Tooltip("measure:N", title=" "),
                alt.Tooltip("share:Q", format=".0%", title=text("share_axis", lang)),
            ],
        )
        .properties(height=alt.Step(14))
    )
