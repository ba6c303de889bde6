"""Timeline: the documented phases with the simulated dates over them, and when seats fill."""

import datetime as dt

import pandas as pd
import streamlit as st

from charts import enrolment_chart, phase_chart, simulated_spans
from sim.results import mean
from sim.text import EVENT_LABEL
from ui.fmt import date, figure, pct
from ui.i18n import lang, name, t
from ui.page import ensure_app, header
from ui.widgets import kept

ensure_app()

s, res = header()

today = kept(st.columns([1, 3])[0].date_input, t("as_of"), key="as_of:", default=dt.date.today(), help=t("as_of_help"))
st.subheader(t("timeline"))
st.caption(t("timeline_note"))
st.altair_chart(
    phase_chart(
        res["timeline"], simulated_spans(res["subprograms"], lang()), lang(), deadlines=res["deadlines"], today=today
    ),
    width="stretch",
)

risky = [d for d in res["deadlines"] if d["at_risk"]]
for d in risky:
    st.warning(
        t(
            "risk_line",
            share=f" {pct(d['at_risk_share'])}" if "at_risk_share" in d else "",
            name=name(d["names"]),
            deadline=date(d["deadline"]),
            simulated=figure(d["simulated"], "date"),
            what=d["what_zh"] if lang() == "zh" else d["what"],
        )
    )

if res["enrolment"]:
    st.subheader(t("enrolment_curve"))
    quota = mean(res["totals"]["quota"])
    # Seats fill per sub-program (the model's own event), not when the summed curve meets the summed quota.
    dates = [mean(sp["events"]["seats_filled"]) for sp in res["subprograms"] if sp["events"]["seats_filled"]]
    filled = max(dates) if len(dates) == len(res["subprograms"]) else None
    st.caption(
        t(
            "enrolment_note",
            k=len(dates),
            n=len(res["subprograms"]),
            when=t("all_filled_on", when=date(filled)) if filled else "",
        )
    )
    st.altair_chart(enrolment_chart(res["enrolment"], quota, filled, lang()), width="stretch")

st.subheader(t("key_dates"))
events = ("published", "seats_filled", "enrolment_closed", "delivery_start", "delivery_end", "settlement_done")
st.dataframe(
    pd.DataFrame(
        [
            {
                t("subprograms"): name(sp["names"]),
                **{t(EVENT_LABEL[e]): figure(sp["events"][e], "date") if sp["events"][e] else "—" for e in events},
            }
            for sp in res["subprograms"]
        ]
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("deadlines"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("milestones"): name(d["names"]),
                t("deadline"): date(d["deadline"]),
                t("simulated"): figure(d["simulated"], "date"),
                t("status"): (
                    t("at_risk") + (t("bracketed", inner=pct(d["at_risk_share"])) if "at_risk_share" in d else "")
                )
                if d["at_risk"]
                else t("on_time"),
            }
            for d in res["deadlines"]
        ]
    ),
    hide_index=True,
    width="stretch",
)
