"""Compare saved scenarios side by side: key figures with intervals, differences and what drives them."""

import pandas as pd
import streamlit as st

from charts import difference_bars, driver_chart
from ui import data
from ui.data import BASELINE, KEY_FIGURES, MAX_SCENARIOS
from ui.fmt import amount, delta, figure
from ui.i18n import LEVER_LABEL, figure_name, lang, t
from ui.page import analysis_header, ensure_app, method_note
from ui.scenario import link
from ui.widgets import kept, table

ensure_app()
KIND = {"fill_rate": "pct", "completion_rate": "pct", "cost_yuan": "yuan"}
program, current = analysis_header(t("nav_compare"), t("compare_intro", n=MAX_SCENARIOS))
pid = program.id

saved = {x.name: x for x in data.store().list(pid)}
CURRENT = t("current_scenario")
LINK_CURRENT = "current"  # the sidebar's scenario in a link, the same in both languages
options = [CURRENT, *saved]
link(
    "pick",
    f"compare_pick_{pid}",
    lambda names: [CURRENT if n == LINK_CURRENT else n for n in names],
    lambda names: len(names) <= MAX_SCENARIOS and set(names) <= set(options),
    lambda names: [LINK_CURRENT if n == CURRENT else n for n in names],
)
if f"compare_pick_{pid}" in st.session_state:  # a scenario deleted since, or the other language's words
    st.session_state[f"compare_pick_{pid}"] = [p for p in st.session_state[f"compare_pick_{pid}"] if p in options]
picked = kept(
    st.multiselect,
    t("pick_scenarios"),
    key=f"compare_pick_{pid}",
    default=[CURRENT] + list(saved)[:2],
    options=options,
    max_selections=MAX_SCENARIOS,
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
if any(row[2] for row in chart_rows):  # nothing differs: no chart of zeros
    st.altair_chart(difference_bars(chart_rows, lang()))

drivers = result.drivers_table()
if not drivers.empty:
    st.subheader(t("change_drivers"))
    st.caption(t("drivers_note"))
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
