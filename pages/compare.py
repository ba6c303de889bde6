"""Compare saved scenarios side by side: key figures with intervals, differences and what drives them."""

import pandas as pd
import streamlit as st

from charts import difference_bars, driver_chart
from ui import data
from ui.data import BASELINE, KEY_FIGURES, MAX_SCENARIOS
from ui.fmt import amount, delta, figure
from ui.i18n import LEVER_LABEL, figure_name, lang, t
from ui.page import analysis_header, ensure_app, method_note
from ui.widgets import table

ensure_app()
KIND = {"fill_rate": "pct", "completion_rate": "pct", "cost_yuan": "yuan"}
program, current = analysis_header(t("nav_compare"), t("compare_intro", n=MAX_SCENARIOS))
pid = program.id

saved = {x.name: x for x in data.store().list(pid)}
CURRENT = t("current_scenario")
options = [CURRENT, *saved]
picked = st.multiselect(
    t("pick_scenarios"),
    options,
    default=[CURRENT] + list(saved)[:2],
    max_selections=MAX_SCENARIOS,
    key=f"compare_pick_{pid}",
)
if not saved:
    st.info(t("compare_none_saved"))
if not picked:
    st.stop()

scenarios = tuple((p, current.overrides if p == CURRENT else tuple(sorted(saved[p].overrides.items()))) for p in picked)
result = data.analysis_compare(current, scenarios, t("computing"))


def label(f: str) -> str:
    return figure_name(f)


def base_name(n: str) -> str:
    return t("baseline") if n == BASELINE else n


rows, chart_rows = [], []
for s in [result.baseline, *result.scenarios]:
    row = {t("scenario_name"): base_name(s.name)}
    for f in KEY_FIGURES:
        kind = KIND.get(f, "count")
        row[label(f)] = figure(s.figures[f], kind)
    rows.append(row)
st.subheader(t("key_figures"))
table(pd.DataFrame(rows))

st.subheader(t("difference_vs_baseline"))
table(
    pd.DataFrame(
        [
            {
                t("scenario_name"): s.name,
                **{label(f): delta(s.difference[f], KIND.get(f, "count")) for f in KEY_FIGURES},
            }
            for s in result.scenarios
        ]
    )
)
for s in result.scenarios:
    for f in KEY_FIGURES:
        d, rate = s.difference[f], KIND.get(f) == "pct"
        k = 100 if rate else 1  # a rate's change in percentage points, on its own axis
        chart_rows.append(
            (t("in_points", name=label(f)) if rate else label(f), s.name, d.mean * k, d.low * k, d.high * k)
        )
if chart_rows:
    st.altair_chart(difference_bars(chart_rows, lang()))

st.subheader(t("change_drivers"))
st.caption(t("drivers_note"))
drivers = result.drivers_table()
for metric, title in (("cost_yuan", t("cost")), ("completed", t("completed"))):
    part = drivers[drivers["metric"] == metric]
    if part.empty:
        continue
    st.markdown(f"**{title}**")
    st.altair_chart(
        driver_chart(
            [
                {"scenario": r.scenario, "driver": t(LEVER_LABEL[r.driver]), "contribution": r.contribution}
                for r in part.itertuples()
            ],
            title,
            lang(),
            money=metric == "cost_yuan",
        ),
        width="stretch",
    )
    table(
        pd.DataFrame(
            [
                {
                    t("scenario_name"): r.scenario,
                    t("driver"): t(LEVER_LABEL[r.driver]),
                    t("contribution"): amount(r.contribution, "yuan" if metric == "cost_yuan" else "count"),
                }
                for r in part.itertuples()
            ]
        )
    )

method_note(current, None, t("compare_same_runs"), t("drivers_method"))
