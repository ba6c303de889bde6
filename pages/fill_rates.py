"""Fill rates: quota -> enrolled -> attended -> completed -> credited, per sub-program and per city."""

import pandas as pd
import streamlit as st

from charts import SHARE_TARGET, fill_chart, funnel_chart, plan_actual_fill, stage_heatmap
from ui import data
from ui.fmt import amount, delta, figure, pct
from ui.i18n import MODE_LABEL, lang, name, t, unit_name
from ui.page import ensure_app, header
from ui.widgets import stored_plan_actual, table

ensure_app()

s, res = header()
program = data.program(s.program_id)
summary = res.summary
tot, subs = summary.totals, summary.subprograms

credited = sum(sp.totals.completed.mean for sp in subs if sp.totals.credits.mean)
stages = {k: tot.figure(k).mean for k in ("quota", "enrolled", "attended", "completed")}
if credited:
    stages["credited"] = credited

left, right = st.columns([2, 3])
with left:
    st.subheader(t("funnel"))
    st.altair_chart(funnel_chart(stages, lang()), width="stretch")
    if credited:
        st.caption(t("credited_note", credits=figure(tot.credits.mean)))
with right:
    st.subheader(t("fill_rate"))
    st.caption(t("fill_note"))
    st.altair_chart(fill_chart([(sp.names, sp.totals.fill_rate) for sp in subs], lang()), width="stretch")

st.subheader(t("stages_by_subprogram"))
st.altair_chart(stage_heatmap([(name(sp.names), sp.totals) for sp in subs], lang()), width="stretch")
st.caption(t("heatmap_colours", target=pct(SHARE_TARGET, 0)))

if summary.units:
    st.subheader(t("by_unit"))
    st.caption(t("by_unit_note"))
    labelled = [(unit_name(u.unit, program), u) for u in summary.units]
    st.altair_chart(stage_heatmap(labelled, lang(), t("unit_name")), width="stretch")
    table(
        pd.DataFrame(
            [
                {
                    t("unit_name"): label,
                    t("quota"): figure(u.quota),
                    t("enrolled"): figure(u.enrolled),
                    t("attended"): figure(u.attended),
                    t("completed"): figure(u.completed),
                    t("fill_rate"): figure(u.fill_rate, "pct"),
                    t("cost"): figure(u.cost_yuan, "yuan"),
                }
                for label, u in labelled
            ]
        )
    )

st.subheader(t("subprograms"))
table(
    pd.DataFrame(
        [
            {
                t("subprograms"): name(sp.names),
                t("mode"): t(MODE_LABEL[sp.mode]),
                t("quota"): figure(sp.totals.quota),
                t("enrolled"): figure(sp.totals.enrolled),
                t("attended"): figure(sp.totals.attended),
                t("completed"): figure(sp.totals.completed),
                t("fill_rate"): figure(sp.totals.fill_rate, "pct"),
                t("completion_rate"): figure(sp.totals.completion_rate, "pct"),
                t("credits"): figure(sp.totals.credits) if sp.totals.credits.mean else "—",
            }
            for sp in subs
        ]
    )
)

# What actually happened, where the store holds it: each unit's actual beside the plan, biggest gaps first.
plan_actual = stored_plan_actual(s)
if plan_actual is not None:
    MAX_BARS = 15  # the widest gaps in fill; the table lists every gap
    tracks = {tr.id: name(tr.names.model_dump()) for tr in program.tracks}

    def where(track: str, unit: str) -> str:
        return f"{tracks[track]} · {unit_name(unit, program)}" if unit else tracks[track]

    st.subheader(t("pva_heading"))
    st.caption(
        t("pva_fill_note", n=len(plan_actual.files), files=("、" if lang() == "zh" else ", ").join(plan_actual.files))
    )
    if plan_actual.fill:
        shown = plan_actual.fill[:MAX_BARS]
        st.altair_chart(plan_actual_fill([(where(f.track, f.unit), f) for f in shown], lang()), width="stretch")
        if len(plan_actual.fill) > len(shown):
            st.caption(t("pva_fill_widest", n=len(shown), total=len(plan_actual.fill)))
    words = {
        "registered": t("pva_registered"),
        "enrolled": t("enrolled"),
        "attended": t("attended"),
        "completed": t("completed"),
        "paid_yuan": t("pva_paid"),
    }
    in_range = {None: "—", True: t("pva_outside"), False: t("pva_inside")}

    def relative(r: float | None) -> str:
        """A share of the plan with its sign (not in points: it is relative to the plan)."""
        return "—" if r is None else ("+" if r > 0 else "−" if r < 0 else "") + pct(abs(r))

    def row(g) -> dict[str, str]:
        kind = "yuan" if g.figure == "paid_yuan" else "count"
        return {
            t("pva_where"): where(g.track, g.unit) if g.track else t("pva_all_units"),
            t("figure"): words[g.figure],
            t("pva_plan"): figure(g.plan, kind),
            t("pva_actual"): amount(g.actual, kind),
            t("pva_difference"): delta(g.difference, kind),
            t("pva_relative"): relative(g.relative),
            t("pva_in_range"): in_range[g.outside],
            t("pva_weight"): pct(g.weight),
        }

    table(pd.DataFrame([row(g) for g in (*plan_actual.totals.values(), *plan_actual.gaps)]))
