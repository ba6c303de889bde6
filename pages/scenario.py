"""Scenario: the sidebar's settings against the documented baseline, side by side, with the differences."""

import pandas as pd
import streamlit as st

from charts import compare_bars
from sim.catalog import provenance
from sim.results import mean, spread
from sim.scenario import knobs
from sim.text import delta
from ui import data
from ui.fmt import figure, pct, setting, signed, unit
from ui.i18n import basis, figure_name, lang, name, sep, t
from ui.page import ensure_app, header, knob_label

ensure_app()

s, res = header()
program = data.catalog().program(s.program_id)
base = data.result(s.baseline())
KEY_FIGURES = (
    ("quota", "count"),
    ("enrolled", "count"),
    ("fill_rate", "pct"),
    ("attended", "count"),
    ("completed", "count"),
    ("completion_rate", "pct"),
    ("cost_yuan", "yuan"),
)

st.subheader(t("changed_settings"))
if not s.overrides:
    st.info(t("no_changes_yet"))
else:
    valid = knobs(program)
    rows = []
    for key, value in s.overrides:
        k = valid[key]
        q = program.parameters.get(key)
        why = basis(provenance(q, program)) if q is not None else t("model_knob")
        rows.append(
            {
                t("settings"): knob_label(program, key),
                t("documented_value"): setting(k.default),
                t("value_here"): setting(value),
                t("unit"): unit(k.unit),
                t("provenance"): why,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader(t("baseline_vs_scenario"))
cols = st.columns(4)
for i, (key, kind) in enumerate(KEY_FIGURES):
    now, before = res["totals"][key], base["totals"][key]
    change = mean(now) - mean(before)
    shown = delta(change, "pct", lang()) if kind == "pct" else signed(change)  # st.metric reads an ASCII sign
    cols[i % 4].metric(
        figure_name(key),
        figure(mean(now), kind),
        shown if s.overrides else None,
        delta_color="inverse" if key == "cost_yuan" else "normal",  # spending more is not good news
        help=figure(now, kind) if isinstance(now, dict) else None,
    )

table = []
chart_rows = []
for key, kind in KEY_FIGURES:
    label = figure_name(key)
    now, before = res["totals"][key], base["totals"][key]
    diff = mean(now) - mean(before)
    table.append(
        {
            t("figure"): label,
            t("baseline"): figure(before, kind),
            t("scenario"): figure(now, kind),
            t("difference"): delta(diff, kind, lang()),
            t("relative"): pct(diff / mean(before)) if mean(before) and kind != "pct" else "—",
        }
    )
    for series, v in ((t("baseline"), before), (t("scenario"), now)):
        chart_rows.append({"label": label, "series": series, **dict(zip(("value", "low", "high"), spread(v)))})
st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
st.altair_chart(compare_bars(chart_rows, lang()))

moved = [
    (d, b)
    for d in res["deadlines"]
    for b in base["deadlines"]
    if (d["milestone"], d["phase"]) == (b["milestone"], b["phase"]) and d["at_risk"] != b["at_risk"]
]
if moved:
    st.subheader(t("deadlines_changed"))
    for d, b in moved:
        st.markdown(
            f"- {name(d['names'])}{sep()}{t('at_risk') if b['at_risk'] else t('on_time')} → "
            f"**{t('at_risk') if d['at_risk'] else t('on_time')}**{t('bracketed', inner=figure(d['simulated'], 'date'))}"
        )

st.subheader(t("subprograms"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("subprograms"): name(sp["names"]),
                f"{t('completed')} · {t('baseline')}": figure(mean(b["completed"])),
                f"{t('completed')} · {t('scenario')}": figure(mean(sp["completed"])),
                f"{t('cost')} · {t('baseline')}": figure(mean(b["cost_yuan"]), "yuan"),
                f"{t('cost')} · {t('scenario')}": figure(mean(sp["cost_yuan"]), "yuan"),
            }
            for sp, b in zip(res["subprograms"], base["subprograms"])
        ]
    ),
    hide_index=True,
    width="stretch",
)
