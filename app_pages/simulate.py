"""Scenario simulation: turn the knobs, see fill rates, costs, cash flow and deadlines."""
import time

import pandas as pd
import streamlit as st

from ui import data
from ui.charts import cashflow_chart, cost_chart, fill_chart, phase_chart, simulated_spans
from ui.fmt import date, figure, mean, pct, yuan
from ui.i18n import name, t
from ui.widgets import program_picker

pid = program_picker()
program = data.catalog().program(pid)
params = program.parameters

st.sidebar.subheader(t("settings"))
overrides: dict[str, float] = {}
scale = st.sidebar.slider(t("quota_scale"), 0.1, 3.0, 1.0, 0.05, key=f"{pid}:quota_scale")
if scale != 1.0:
    overrides["quota_scale"] = scale
for knob, label in (("participation_rate", "participation_rate"), ("attendance_rate", "attendance_rate"),
                    ("completion_rate", "completion_rate_knob")):
    default = float(params[knob].value)
    value = st.sidebar.slider(t(label), 0.0, 1.0, default, 0.01, key=f"{pid}:{knob}",
                              help=(params[knob].reason if params[knob].assumed else params[knob].source.quote))
    if abs(value - default) > 1e-12:
        overrides[knob] = value
with st.sidebar.expander(t("fees")):
    for pid_fee, q in params.items():
        if q.unit.startswith("yuan/"):
            label = f"{name(q.names.model_dump() if q.names else None, pid_fee)} ({q.unit})"
            value = st.number_input(label, min_value=0.0, value=float(q.value), key=f"{pid}:{pid_fee}",
                                    help=(q.reason if q.assumed else q.source.quote))
            if value != float(q.value):
                overrides[pid_fee] = value
deterministic = st.sidebar.toggle(t("deterministic"), value=False, key=f"{pid}:det")
replications = 1 if deterministic else st.sidebar.slider(t("replications"), 1, 100, 20, key=f"{pid}:reps")
seed = int(st.sidebar.number_input(t("seed"), min_value=0, value=0, step=1, key=f"{pid}:seed"))

started = time.perf_counter()
result = data.simulate(pid, tuple(sorted(overrides.items())), replications, seed, deterministic)
baseline = data.simulate(pid, (), replications, seed, deterministic) if overrides else result
elapsed = time.perf_counter() - started

st.title(name(result["names"]))
st.caption(t("run_time", s=elapsed) + (" · " + t("interval_note", n=replications) if replications > 1 else ""))

tot, base = result["totals"], baseline["totals"]
cols = [*st.columns(3), *st.columns(3)]
for col, key, kind in zip(cols, ("quota", "enrolled", "fill_rate", "attended", "completed", "cost_yuan"),
                          ("count", "count", "pct", "count", "count", "yuan")):
    label = t("cost") if key == "cost_yuan" else t(key)
    delta = mean(tot[key]) - mean(base[key])
    shown = {"count": f"{delta:+,.0f}", "pct": f"{delta * 100:+.1f}%", "yuan": f"{delta:+,.0f}"}[kind]
    col.metric(label, figure(mean(tot[key]), kind), shown if overrides else None,
               help=figure(tot[key], kind) if isinstance(tot[key], dict) else None)
if overrides:
    st.caption(t("vs_documented"))
if result.get("budget"):
    b = result["budget"]
    st.info(t("budget_line", fund=yuan(mean(b["training_fund_yuan"])), years=b["years"],
              paid=yuan(mean(b["school_paid_yuan"])), share=pct(mean(b["cost_share_of_fund"]))))

at_risk = [d for d in result["deadlines"] if d["at_risk"]]
for d in at_risk:
    st.warning(f"{t('at_risk')}: {name(d['names'])} — {t('deadline')} {date(d['deadline'])}, "
               f"{t('simulated')} {figure(d['simulated'], 'date')} ({d['what']})")

left, right = st.columns(2)
with left:
    st.subheader(t("fill_rate"))
    st.altair_chart(fill_chart(result["subprograms"]), width="stretch")
with right:
    st.subheader(t("cost_lines"))
    st.altair_chart(cost_chart(tot["cost_by_line"], result["cost_lines"]), width="stretch")

st.subheader(t("subprograms"))
st.dataframe(pd.DataFrame([{
    t("subprograms"): name(s["names"]),
    t("quota"): figure(s["quota"]),
    t("enrolled"): figure(s["enrolled"]),
    t("attended"): figure(s["attended"]),
    t("completed"): figure(s["completed"]),
    t("fill_rate"): figure(s["fill_rate"], "pct"),
    t("cost"): figure(s["cost_yuan"], "yuan"),
    t("seats_filled"): figure(s["events"]["seats_filled"], "date") if s["events"]["seats_filled"] else t("not_filled"),
    t("settlement_done"): figure(s["events"]["settlement_done"], "date"),
} for s in result["subprograms"]]), hide_index=True, width="stretch")

st.subheader(t("timeline"))
st.caption(t("timeline_note"))
st.altair_chart(phase_chart(result["timeline"], simulated_spans(result["subprograms"])), width="stretch")

if len(result["by_year"]) > 1:
    st.subheader(t("by_year"))
    st.dataframe(pd.DataFrame([{
        t("year"): y["year"], t("quota"): figure(y["quota"]), t("attended"): figure(y["attended"]),
        t("completed"): figure(y["completed"]), t("cost"): figure(y["cost_yuan"], "yuan"),
    } for y in result["by_year"]]), hide_index=True, width="stretch")

units = [(s, u) for s in result["subprograms"] for u in s.get("by_unit", [])]
if units:
    st.subheader(t("by_unit"))
    df = pd.DataFrame([{t("subprograms"): name(s["names"]), t("unit_name"): u["unit"], t("quota"): mean(u["quota"]),
                        t("enrolled"): mean(u["enrolled"]), t("completed"): mean(u["completed"]),
                        t("cost"): mean(u["cost_yuan"])} for s, u in units])
    st.dataframe(df, hide_index=True, width="stretch")

if result["cashflow"]:
    st.subheader(t("cashflow"))
    st.altair_chart(cashflow_chart(result["cashflow"]), width="stretch")

st.subheader(t("deadlines"))
st.dataframe(pd.DataFrame([{
    t("milestones"): name(d["names"]), t("deadline"): date(d["deadline"]),
    t("simulated"): figure(d["simulated"], "date"),
    t("at_risk"): t("at_risk") if d["at_risk"] else t("on_time"),
} for d in result["deadlines"]]), hide_index=True, width="stretch")
