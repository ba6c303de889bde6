"""Scenario simulation: turn the knobs, see fill rates, costs, cash flow and deadlines."""
import time

import pandas as pd
import streamlit as st

from ui import data
from ui.charts import cashflow_chart, cost_chart, fill_chart, phase_chart, simulated_spans
from sim.scenario import driving_parameters
from ui.fmt import date, figure, mean, pct, unit, yuan
from ui.i18n import lang, name, t
from ui.widgets import kept, program_picker

pid = program_picker()
program = data.catalog().program(pid)
params = program.parameters

st.sidebar.subheader(t("settings"))
overrides: dict[str, float] = {}


def provenance_help(q) -> str:
    return f"{t('kind_assumed')}：{q.reason}" if q.assumed else f"{q.source.clause}：「{q.source.quote}」"


scale = kept(st.sidebar.slider, t("quota_scale"), key=f"{pid}:quota_scale", default=1.0,
             min_value=0.1, max_value=3.0, step=0.05)
if scale != 1.0:
    overrides["quota_scale"] = scale
for knob in ("participation_rate", "attendance_rate", "completion_rate"):
    q = params[knob]
    label = name(q.names.model_dump()) if q.names else t(knob)
    value = kept(st.sidebar.slider, label, key=f"{pid}:{knob}", default=float(q.value),
                 min_value=0.0, max_value=1.0, step=0.01, help=provenance_help(q))
    if abs(value - float(q.value)) > 1e-12:
        overrides[knob] = value
with st.sidebar.expander(t("fees")):
    for fee in driving_parameters(program):
        q = params[fee]
        if q.unit.startswith("yuan/"):
            value = kept(st.number_input, f"{name(q.names.model_dump(), fee)}（{unit(q.unit)}）",
                         key=f"{pid}:{fee}", default=float(q.value), min_value=0.0, help=provenance_help(q))
            if value != float(q.value):
                overrides[fee] = value
deterministic = kept(st.sidebar.toggle, t("deterministic"), key=f"{pid}:det", default=False)
replications = 1 if deterministic else kept(st.sidebar.slider, t("replications"), key=f"{pid}:reps", default=20,
                                             min_value=1, max_value=100)
seed = int(kept(st.sidebar.number_input, t("seed"), key=f"{pid}:seed", default=0, min_value=0, step=1))

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
    shown = {"count": f"{delta:+,.0f}", "pct": t("points", d=delta * 100), "yuan": f"{delta:+,.0f}"}[kind]
    col.metric(label, figure(mean(tot[key]), kind), shown if overrides else None,
               delta_color="inverse" if key == "cost_yuan" else "normal",  # spending more is not good news
               help=figure(tot[key], kind) if isinstance(tot[key], dict) else None)
if overrides:
    st.caption(t("vs_documented"))
if result.get("budget"):
    b = result["budget"]
    fund, paid = yuan(mean(b["training_fund_yuan"])), mean(b["school_paid_yuan"])
    st.info(t("budget_line", fund=fund, years=b["years"], paid=yuan(paid), share=pct(mean(b["cost_share_of_fund"])))
            if paid > 0 else t("budget_not_schools", fund=fund, years=b["years"]))

for d in result["deadlines"]:
    if d["at_risk"]:
        share = f"（{pct(d['at_risk_share'])}）" if "at_risk_share" in d else ""
        st.warning(f"{t('at_risk')}{share}：{name(d['names'])} — {t('deadline')} {date(d['deadline'])}，"
                   f"{t('simulated')} {figure(d['simulated'], 'date')}（{d['what_zh'] if lang() == 'zh' else d['what']}）")

left, right = st.columns(2)
with left:
    st.subheader(t("fill_rate"))
    st.altair_chart(fill_chart(result["subprograms"], lang()), width="stretch")
with right:
    st.subheader(t("cost_lines"))
    st.altair_chart(cost_chart(tot["cost_by_line"], result["cost_lines"], lang()), width="stretch")

st.subheader(t("subprograms"))
st.dataframe(pd.DataFrame([{
    t("subprograms"): name(s["names"]),
    t("quota"): figure(s["quota"]),
    t("enrolled"): figure(s["enrolled"]),
    t("attended"): figure(s["attended"]),
    t("completed"): figure(s["completed"]),
    t("fill_rate"): figure(s["fill_rate"], "pct"),
    t("completion_rate"): figure(s["completion_rate"], "pct"),
    t("credits"): figure(s["credits"]) if mean(s["credits"]) else "—",
    t("cost"): figure(s["cost_yuan"], "yuan"),
    t("seats_filled"): figure(s["events"]["seats_filled"], "date") if s["events"]["seats_filled"] else t("not_filled"),
    t("settlement_done"): figure(s["events"]["settlement_done"], "date"),
} for s in result["subprograms"]]), hide_index=True, width="stretch")

st.subheader(t("timeline"))
st.caption(t("timeline_note"))
st.altair_chart(phase_chart(result["timeline"], simulated_spans(result["subprograms"], lang()), lang()), width="stretch")

if len(result["by_year"]) > 1:
    st.subheader(t("by_year"))
    st.dataframe(pd.DataFrame([{
        t("year"): y["year"], t("quota"): figure(y["quota"]), t("attended"): figure(y["attended"]),
        t("completed"): figure(y["completed"]), t("cost"): figure(y["cost_yuan"], "yuan"),
    } for y in result["by_year"]]), hide_index=True, width="stretch")
    st.caption(t("by_year_note"))

units = [(s, u) for s in result["subprograms"] for u in s.get("by_unit", [])]
if units:
    st.subheader(t("by_unit"))
    suppliers = {x.id: x.names.model_dump() for tr in program.tracks for x in tr.suppliers or []}
    st.dataframe(pd.DataFrame([{
        t("subprograms"): name(s["names"]), t("unit_name"): name(suppliers.get(u["unit"]), u["unit"]),
        t("quota"): figure(u["quota"]), t("enrolled"): figure(u["enrolled"]), t("completed"): figure(u["completed"]),
        t("fill_rate"): figure(u["fill_rate"], "pct"), t("cost"): figure(u["cost_yuan"], "yuan"),
    } for s, u in units]), hide_index=True, width="stretch")

if result["cashflow"]:
    st.subheader(t("cashflow"))
    st.altair_chart(cashflow_chart(result["cashflow"], lang()), width="stretch")

st.subheader(t("deadlines"))
st.dataframe(pd.DataFrame([{
    t("milestones"): name(d["names"]), t("deadline"): date(d["deadline"]),
    t("simulated"): figure(d["simulated"], "date"),
    t("at_risk"): (t("at_risk") + (f"（{pct(d['at_risk_share'])}）" if "at_risk_share" in d else ""))
    if d["at_risk"] else t("on_time"),
} for d in result["deadlines"]]), hide_index=True, width="stretch")
