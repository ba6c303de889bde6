"""Timeline: the documented phases with the simulated dates over them, and when seats fill."""

import datetime as dt

import pandas as pd
import streamlit as st

from charts import capacity_chart, enrolment_chart, phase_chart, plan_actual_lines, simulated_spans
from ui.fmt import date, figure, pct
from ui.i18n import EVENT_LABEL, deadline_label, deadline_task, lang, name, t
from ui.page import ensure_app, header
from ui.widgets import kept, stored_plan_actual, table

ensure_app()

s, res = header()
summary = res.summary
replicated = res.replications > 1


def reference_date(milestones, today: dt.date) -> dt.date:
    """Today while the program runs; otherwise its first deadline, so that the line falls on the chart."""
    days = sorted(d for m in milestones for d in (m.start, m.end) if d)
    if not days or days[0] <= today <= days[-1]:
        return today
    return min(m.end for m in milestones)


today = kept(
    st.columns([1, 3])[0].date_input,
    t("as_of"),
    key=f"as_of:{s.program_id}",
    default=reference_date(summary.timeline, dt.date.today()),
    help=t("as_of_help"),
)
st.subheader(t("timeline"))
st.caption(t("timeline_note"))
st.altair_chart(
    phase_chart(
        summary.timeline,
        simulated_spans(summary.subprograms, lang()),
        lang(),
        deadlines=summary.deadlines,
        today=today,
    ),
    width="stretch",
)

for d in summary.deadlines:
    if d.at_risk:
        st.warning(
            t(
                "risk_line",
                share=f" {pct(d.at_risk_share)}" if replicated else "",
                name=deadline_label(d),
                deadline=date(d.deadline),
                simulated=figure(d.simulated, "date"),
                what=deadline_task(d),
            )
        )

if summary.enrolment:
    st.subheader(t("enrolment_curve"))
    # Seats fill per sub-program (the model's own event), not when the summed curve meets the summed quota.
    dates = [sp.events.seats_filled.mean for sp in summary.subprograms if sp.events.seats_filled]
    filled = max(dates) if len(dates) == len(summary.subprograms) else None
    st.caption(
        t(
            "enrolment_note",
            k=len(dates),
            n=len(summary.subprograms),
            when=t("all_filled_on", when=date(filled)) if filled else "",
        )
    )
    st.altair_chart(enrolment_chart(summary.enrolment, summary.totals.quota.mean, filled, lang()), width="stretch")

# What actually happened, where the store holds it: the files' cumulative figures beside the plan's.
plan_actual = stored_plan_actual(s)
if plan_actual is not None:
    st.subheader(t("pva_heading"))
    st.caption(t("pva_timeline_note"))
    for series, money, title in (
        (plan_actual.registrations, False, t("pva_registrations_chart")),
        (plan_actual.payments, True, t("pva_payments_chart")),
    ):
        if not series.actual:
            continue
        st.markdown(f"**{title}**")
        st.altair_chart(plan_actual_lines(series, lang(), money=money), width="stretch")
        day, actual, planned = series.last
        kind = "yuan" if money else "count"
        words = {"date": date(day), "actual": figure(actual, kind), "plan": figure(planned, kind)}
        note = t("pva_by_last_day", **words)
        if not series.all_tracks:
            note += t("pva_some_tracks", n=len(series.tracks))
        st.caption(note)

st.subheader(t("key_dates"))
events = (
    "reviewed",
    "published",
    "seats_filled",
    "enrolment_closed",
    "delivery_start",
    "delivery_end",
    "settlement_done",
)
table(
    pd.DataFrame(
        [
            {
                t("subprograms"): name(sp.names),
                **{t(EVENT_LABEL[e]): figure(sp.events.get(e), "date") for e in events},
            }
            for sp in summary.subprograms
        ]
    )
)

st.subheader(t("deadlines"))
table(
    pd.DataFrame(
        [
            {
                t("milestones"): deadline_label(d),
                t("deadline"): date(d.deadline),
                t("simulated"): figure(d.simulated, "date"),
                t("status"): (t("at_risk") + (t("bracketed", inner=pct(d.at_risk_share)) if replicated else ""))
                if d.at_risk
                else t("on_time"),
            }
            for d in summary.deadlines
        ]
    )
)

if summary.capacity:
    st.subheader(t("capacity"))
    st.caption(t("capacity_note"))
    ends = [d.deadline for d in summary.deadlines if d.phase == "delivery"]
    st.altair_chart(capacity_chart(summary.capacity, lang(), max(ends) if ends else None), width="stretch")
    table(
        pd.DataFrame(
            [
                {
                    t("capacity_pool"): name(p.names),
                    t("capacity_slots"): figure(p.slots),
                    t("capacity_classes"): figure(p.classes),
                    t("utilisation"): figure(p.utilisation, "pct"),
                    t("peak_in_use"): figure(p.peak),
                    t("classes_waited"): figure(p.classes_waited),
                    t("mean_wait_days"): figure(p.mean_wait_days, "decimal"),
                    t("max_wait_days"): figure(p.max_wait_days),
                    t("classes_late"): figure(p.classes_late),
                }
                for p in summary.capacity
            ]
        )
    )
    for p in summary.capacity:
        if p.classes_late.mean > 0:
            st.warning(t("capacity_late", pool=name(p.names), late=figure(p.classes_late), slots=figure(p.slots)))
