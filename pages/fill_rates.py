"""Fill rates: quota -> enrolled -> attended -> completed -> credited, per sub-program and per city."""

import pandas as pd
import streamlit as st

from charts import fill_chart, funnel_chart, stage_heatmap
from sim.results import mean, unit_totals
from sim.text import MODE_LABEL
from ui import data
from ui.fmt import figure
from ui.i18n import lang, name, t, unit_name
from ui.page import ensure_app, header

ensure_app()

s, res = header()
program = data.catalog().program(s.program_id)
tot, subs = res["totals"], res["subprograms"]

credited = sum(mean(sp["completed"]) for sp in subs if mean(sp["credits"]))
stages = {
    "quota": mean(tot["quota"]),
    "enrolled": mean(tot["enrolled"]),
    "attended": mean(tot["attended"]),
    "completed": mean(tot["completed"]),
}
if credited:
    stages["credited"] = credited

left, right = st.columns([2, 3])
with left:
    st.subheader(t("funnel"))
    st.altair_chart(funnel_chart(stages, lang()), width="stretch")
    if credited:
        st.caption(t("credited_note", credits=figure(mean(tot["credits"]))))
with right:
    st.subheader(t("fill_rate"))
    st.caption(t("fill_note"))
    st.altair_chart(fill_chart(subs, lang()), width="stretch")

st.subheader(t("stages_by_subprogram"))
st.altair_chart(
    stage_heatmap(
        [{"label": name(sp["names"]), **{k: mean(sp[k]) for k in stages if k != "credited"}} for sp in subs], lang()
    ),
    width="stretch",
)

units = unit_totals(subs)
if units:
    st.subheader(t("by_unit"))
    st.caption(t("by_unit_note"))
    labelled = [{"label": unit_name(u["unit"], program), **u} for u in units]
    st.altair_chart(stage_heatmap(labelled, lang(), t("unit_name")), width="stretch")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("unit_name"): u["label"],
                    t("quota"): figure(u["quota"]),
                    t("enrolled"): figure(u["enrolled"]),
                    t("attended"): figure(u["attended"]),
                    t("completed"): figure(u["completed"]),
                    t("fill_rate"): figure(u["fill_rate"], "pct"),
                    t("cost"): figure(u["cost_yuan"], "yuan"),
                }
                for u in labelled
            ]
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader(t("subprograms"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("subprograms"): name(sp["names"]),
                t("mode"): t(MODE_LABEL[sp["mode"]]),
                t("quota"): figure(sp["quota"]),
                t("enrolled"): figure(sp["enrolled"]),
                t("attended"): figure(sp["attended"]),
                t("completed"): figure(sp["completed"]),
                t("fill_rate"): figure(sp["fill_rate"], "pct"),
                t("completion_rate"): figure(sp["completion_rate"], "pct"),
                t("credits"): figure(sp["credits"]) if mean(sp["credits"]) else "—",
            }
            for sp in subs
        ]
    ),
    hide_index=True,
    width="stretch",
)
