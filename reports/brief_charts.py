"""The brief's scenario chart: baseline and scenarios side by side, cost in 万元 (million yuan) and fill rate in %.

Amounts are drawn in the report's money unit (``reports.words``), so the axis reads 4,206 under
"经费（万元）", never 42,060,130.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from sim.results import Figure
from sim.text import text

from .words import money_scale, money_unit

# One colour per series position, the baseline grey: the same in both languages.
SERIES_COLOURS = ("#9e9e9e", "#1f77b4", "#ff7f0e", "#2ca02c")


def scenario_chart(rows: Sequence[tuple[str, Figure, Figure]], lang: str) -> alt.HConcatChart:
    """(series name, cost in yuan, fill rate) per series: two panels of horizontal bars with 95% whiskers."""
    scale = money_scale(lang)
    df = pd.DataFrame(
        [
            {
                "series": name,
                "cost": cost.mean / scale,
                "cost_low": cost.low / scale,
                "cost_high": cost.high / scale,
                "fill": fill.mean,
                "fill_low": fill.low,
                "fill_high": fill.high,
            }
            for name, cost, fill in rows
        ]
    )
    order = list(df["series"])
    colour = alt.Color(
        "series:N",
        legend=None,
        sort=order,
        scale=alt.Scale(domain=order, range=list(SERIES_COLOURS[: len(order)])),
    )
    y = alt.Y("series:N", sort=order, title=None, axis=alt.Axis(labelLimit=200))

    def panel(field: str, title: str, axis: alt.Axis) -> alt.LayerChart:
        base = alt.Chart(df).encode(y=y)
        bars = base.mark_bar().encode(x=alt.X(f"{field}:Q", title=title, axis=axis), color=colour)
        whiskers = base.mark_rule(color="black").encode(x=f"{field}_low:Q", x2=f"{field}_high:Q")
        labels = base.mark_text(align="left", dx=4, fontSize=10).encode(
            x=f"{field}_high:Q", text=alt.Text(f"{field}:Q", format=",.1%" if field == "fill" else ",.4~r")
        )
        return (bars + whiskers + labels).properties(width=190, height=alt.Step(24))

    cost_title = text("axis_money", lang, label=text("cost_plain", lang), unit=money_unit(lang))
    return alt.hconcat(
        panel("cost", cost_title, alt.Axis(format=",.4~r", tickCount=4)),
        panel("fill", text("axis_pct", lang, label=text("fill_rate", lang)), alt.Axis(format=".0%", tickCount=4)),
        spacing=30,
    )
