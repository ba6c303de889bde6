"""Costs: by line and sub-program, settlement cash flow, by year, and the documents' money rules."""

import pandas as pd
import streamlit as st

from charts import amount_bars, cashflow_chart, cost_chart
from sim.results import mean
from sim.text import CHECK_LABEL
from ui import data
from ui.fmt import figure, number, pct, unit, yuan, yuan_large
from ui.i18n import basis, lang, name, t
from ui.page import ensure_app, header

ensure_app()

s, res = header()
tot = res["totals"]
cost = tot["cost_yuan"]

a, b, c = st.columns(3)
a.metric(t("projected_cost"), yuan_large(mean(cost)), help=figure(cost, "yuan") if isinstance(cost, dict) else None)
completed = mean(tot["completed"])
b.metric(t("cost_per_completed"), yuan(mean(cost) / completed) if completed else "—")
paid_by_teachers = sum(r["teacher_advance_yuan"] for r in res["cashflow"])
c.metric(t("teacher_advances_total"), yuan_large(paid_by_teachers))
if isinstance(cost, dict):
    st.caption(t("cost_interval", low=yuan_large(cost["low"]), high=yuan_large(cost["high"]), n=s.replications))

st.subheader(t("rule_checks"))
checks = data.checks(s)
if not checks:
    st.info(t("no_rule_checks"))
for chk in checks:
    src = chk["source"]
    if chk["unit"] == "yuan":
        value, limit = yuan_large(chk["value"]), yuan_large(chk["limit"])
    else:
        value, limit = (f"{number(v, 2)} {unit(chk['unit'])}" for v in (chk["value"], chk["limit"]))
    line = t(CHECK_LABEL[chk["kind"]], name=name(chk["names"]), value=value, limit=limit)
    verdict = t("pass") if chk["passed"] else t("fail")
    show, icon = (st.success, ":material/check_circle:") if chk["passed"] else (st.error, ":material/error:")
    show(f"**{verdict}** · {line}  \n{basis(src)}", icon=icon)

left, right = st.columns(2)
with left:
    st.subheader(t("cost_lines"))
    st.altair_chart(cost_chart(tot["cost_by_line"], res["cost_lines"], lang()), width="stretch")
with right:
    st.subheader(t("cost_by_subprogram"))
    subs = sorted(res["subprograms"], key=lambda sp: -mean(sp["cost_yuan"]))
    top = subs[:15]
    st.altair_chart(
        amount_bars([{"label": name(sp["names"]), "yuan": sp["cost_yuan"]} for sp in top], lang()), width="stretch"
    )
    if len(subs) > len(top):
        st.caption(t("top_n", n=len(top), total=len(subs)))

if len(res["by_year"]) > 1:
    st.subheader(t("by_year"))
    st.altair_chart(
        amount_bars([{"label": str(y["year"]), "yuan": y["cost_yuan"]} for y in res["by_year"]], lang()),
        width="stretch",
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("year"): str(y["year"]),
                    t("quota"): figure(y["quota"]),
                    t("attended"): figure(y["attended"]),
                    t("completed"): figure(y["completed"]),
                    t("cost"): figure(y["cost_yuan"], "yuan"),
                }
                for y in res["by_year"]
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    st.caption(t("by_year_note"))

if res.get("budget"):
    bgt = res["budget"]
    fund, paid = yuan_large(mean(bgt["training_fund_yuan"])), mean(bgt["school_paid_yuan"])
    st.info(
        t(
            "budget_line",
            fund=fund,
            years=bgt["years"],
            paid=yuan_large(paid),
            share=pct(mean(bgt["cost_share_of_fund"])),
        )
        if paid > 0
        else t("budget_not_schools", fund=fund, years=bgt["years"])
    )

if res["cashflow"]:
    st.subheader(t("cashflow"))
    st.altair_chart(cashflow_chart(res["cashflow"], lang()), width="stretch")
