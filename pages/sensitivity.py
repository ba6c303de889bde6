"""Sensitivity: which knob moves cost and completed trainees most (tornado, each assumption over its own
range), a two-way grid, and which assumption each figure's uncertainty comes from (Sobol shares)."""

import pandas as pd
import streamlit as st

from charts import grid_heatmap, shares_chart, tornado_chart
from ui import data
from ui.fmt import number, pct
from ui.i18n import comma, figure_name, knob_label, lang, t
from ui.intervals import range_words
from ui.page import analysis_header, ensure_app, method_note
from ui.scenario import link
from ui.widgets import kept, table

ensure_app()
program, s = analysis_header(t("nav_sensitivity"), t("sensitivity_intro"))
pid = program.id
METRICS = {"cost_yuan": t("cost"), "completed": t("completed")}
STEPS = 5

st.subheader(t("tornado"))
RANGES = [round(0.05 * i, 2) for i in range(1, 11)]  # ±5% … ±50%
link("sens_range", "tornado_relative", float, RANGES.__contains__)
relative = kept(
    st.select_slider,
    t("relative_change"),
    key="tornado_relative",
    default=0.2,
    options=RANGES,
    format_func=lambda r: f"±{pct(r, 0)}",
)
swings = data.analysis_tornado(s, relative, t("computing"))
labelled = swings.assign(label=[knob_label(program, k) for k in swings["knob"]])
cols = st.columns(2)
for col, (metric, title) in zip(cols, METRICS.items()):
    with col:
        st.markdown(f"**{title}**")
        st.altair_chart(
            tornado_chart(labelled[labelled["metric"] == metric], title, lang(), money=metric == "cost_yuan"),
            width="stretch",
        )
ranged = [knob_label(program, k) for k in dict.fromkeys(swings.loc[swings["own_range"], "knob"])]
fixed = [knob_label(program, k) for k in dict.fromkeys(swings.loc[~swings["own_range"], "knob"])]
st.caption(
    t("tornado_note_ranges", ranged=comma().join(ranged), fixed=comma().join(fixed), r=pct(relative, 0))
    if ranged
    else t("tornado_note", r=pct(relative, 0))
)

st.subheader(t("two_way"))
keys = data.dashboard_knobs(pid)
FIGURES = ["completed", "cost_yuan", "fill_rate"]
a, b, c = st.columns(3)
link("grid_x", f"grid_x_{pid}", valid=keys.__contains__)
x = kept(
    a.selectbox,
    t("x_knob"),
    key=f"grid_x_{pid}",
    default=keys[0],
    options=keys,
    format_func=lambda k: knob_label(program, k),
)
others = [k for k in keys if k != x]
link("grid_y", f"grid_y_{pid}", valid=others.__contains__)
if st.session_state.get(f"grid_y_{pid}") not in others:  # the old y became x: take the next knob
    st.session_state[f"grid_y_{pid}"] = others[0]
y = kept(
    b.selectbox,
    t("y_knob"),
    key=f"grid_y_{pid}",
    default=others[0],
    options=others,
    format_func=lambda k: knob_label(program, k),
)
link("grid_figure", "grid_metric", valid=FIGURES.__contains__)
metric = kept(
    c.selectbox, t("grid_figure"), key="grid_metric", default=FIGURES[0], options=FIGURES, format_func=figure_name
)

xs, ys = data.grid_axis(s, x, relative, STEPS), data.grid_axis(s, y, relative, STEPS)
grid = data.analysis_grid(s, (x, xs), (y, ys), t("computing"))
shown = grid[grid["figure"] == metric]
fmt = ".1%" if metric == "fill_rate" else ",.0f"
st.altair_chart(
    grid_heatmap(
        shown,
        x,
        y,
        knob_label(program, x),
        knob_label(program, y),
        figure_name(metric),
        fmt,
        mid=data.expected(s).summary.totals.figure(metric).mean,
    ),
    width="stretch",
)
st.caption(t("grid_colours"))
st.download_button(
    t("download_grid"),
    grid.to_csv(index=False).encode("utf-8-sig"),  # BOM: Excel opens it as UTF-8
    file_name=f"grid-{pid}-{x}-{y}.csv",
    mime="text/csv",
    help=t("download_grid_help"),
)

st.subheader(t("uncertainty_sources"))
st.caption(t("uncertainty_sources_intro"))
SHARED = ["cost_yuan", "fill_rate", "completed", "enrolled"]
link("unc_figure", "unc_figure", valid=SHARED.__contains__)
shared_figure = kept(
    st.selectbox, t("grid_figure"), key="unc_figure", default=SHARED[0], options=SHARED, format_func=figure_name
)
# Sobol's shares take seconds to a minute (Zhejiang 2021 H2: some 12 s), so they are computed when
# asked for, or at once when a colleague's link asks for them, then kept across sessions.
asked = (pid, s.overrides, s.seed)
if link("unc", "unc_asked", lambda v: v == "1", valid=bool, write=lambda _: "1") or st.button(
    t("uncertainty_compute"), key="unc_compute"
):
    st.session_state["unc_asked"] = asked
base = None
if st.session_state.get("unc_asked") == asked:
    base, shares = data.analysis_uncertainty(pid, s.overrides, s.seed, t("computing_uncertainty"))
    found = [x for x in shares[shared_figure] if max(x.first, x.total) >= 0.01]  # the rest share nothing
    if not found:
        st.info(t("uncertainty_none", figure=figure_name(shared_figure)))
    else:
        st.altair_chart(
            shares_chart([(knob_label(program, x.key), x.first, x.total) for x in found], lang()), width="stretch"
        )
        table(
            pd.DataFrame(
                [
                    {
                        t("assumption"): knob_label(program, x.key),
                        t("plausible_range"): range_words(pid, x.key),
                        t("share_first"): pct(max(x.first, 0.0), 0),
                        t("share_total"): pct(max(x.total, 0.0), 0),
                    }
                    for x in found
                ]
            )
        )
        st.caption(t("uncertainty_read", n=len(shares[shared_figure]) - len(found)))
method_note(
    s,
    None,
    t("grid_note", n=len(xs) * len(ys)),
    *([t("uncertainty_method", n=base, runs=number(base * (len(shares[SHARED[0]]) + 2)))] if base else []),
)
