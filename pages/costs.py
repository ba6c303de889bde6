"""Costs: by line and sub-program, settlement cash flow, by year, and the documents' money rules."""

import pandas as pd
import streamlit as st

from charts import amount_bars, cashflow_chart, cost_chart
from ui import data
from ui.fmt import figure, number, pct, spread, unit, yuan, yuan_large
from ui.i18n import CHECK_LABEL, basis, lang, name, t
from ui.page import ensure_app, header
from ui.widgets import table

ensure_app()

s, res = header()
summary = res.summary
tot = summary.totals
cost = tot.cost_yuan
replicated = res.replications > 1

a, b, c = st.columns(3)
a.metric(t("projected_cost"), yuan_large(cost.mean), help=figure(cost, "yuan") if replicated else None)
completed = tot.completed.mean
b.metric(t("cost_per_completed"), yuan(cost.mean / completed) if completed else "—")
paid_by_teachers = sum(r.teacher_advance_yuan.mean for r in summary.cashflow)
c.metric(t("teacher_advances_total"), yuan_large(paid_by_teachers))
if replicated and spread(cost.low, cost.high, yuan_large):  # no range that only repeats the value
    st.caption(t("cost_interval", low=yuan_large(cost.low), high=yuan_large(cost.high), n=s.replications))

st.subheader(t("rule_checks"))
checks = data.checks(s)
if not checks:
    st.info(t("no_rule_checks"))
for chk in checks:
    if chk.unit == "yuan":
        value, limit = yuan_large(chk.value), yuan_large(chk.limit)
    else:
        value, limit = (f"{number(v, 2)} {unit(chk.unit)}" for v in (chk.value, chk.limit))
    line = t(CHECK_LABEL[chk.kind], name=name(chk.names), value=value, limit=limit)
    if res.unknowns:  # over the plausible worlds: how likely the rule is to fail
        line += t("rule_fail_probability", p=pct(chk.fail_share, 0))
    verdict = t("pass") if chk.passed else t("fail")
    show, icon = (st.success, ":material/check_circle:") if chk.passed else (st.error, ":material/error:")
    show(f"**{verdict}** · {line}  \n{basis(chk.source)}", icon=icon)

left, right = st.columns(2)
with left:
    st.subheader(t("cost_lines"))
    st.altair_chart(cost_chart(tot.cost_by_line, summary.cost_lines, lang()), width="stretch")
with right:
    st.subheader(t("cost_by_subprogram"))
    subs = sorted(summary.subprograms, key=lambda sp: -sp.totals.cost_yuan.mean)
    top = subs[:15]
    st.altair_chart(amount_bars([(name(sp.names), sp.totals.cost_yuan) for sp in top], lang()), width="stretch")
    if len(subs) > len(top):
        st.caption(t("top_n", n=len(top), total=len(subs)))

if len(summary.by_year) > 1:
    st.subheader(t("by_year"))
    st.altair_chart(amount_bars([(str(y.year), y.cost_yuan) for y in summary.by_year], lang()), width="stretch")
    table(
        pd.DataFrame(
            [
                {
                    t("year"): str(y.year),
                    t("quota"): figure(y.quota),
                    t("attended"): figure(y.attended),
                    t("completed"): figure(y.completed),
                    t("cost"): figure(y.cost_yuan, "yuan"),
                }
                for y in summary.by_year
            ]
        )
    )
    st.caption(t("by_year_note"))

bgt = summary.budget
if bgt:
    fund, paid = yuan_large(bgt.training_fund_yuan.mean), bgt.school_paid_yuan.mean
    st.info(
        t(
            "budget_line",
            fund=fund,
            years=bgt.years,
            paid=yuan_large(paid),
            share=pct(bgt.cost_share_of_fund.mean),
        )
        if paid > 0
        else t("budget_not_schools", fund=fund, years=bgt.years)
    )

if summary.cashflow:
    st.subheader(t("cashflow"))
    st.altair_chart(cashflow_chart(summary.cashflow, lang()), width="stretch")
