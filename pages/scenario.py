"""Scenario: the sidebar's settings against the documented baseline, side by side, with the differences."""

import pandas as pd
import streamlit as st

from charts import difference_bars
from ui import data
from ui.fmt import beijing_today, date, delta, figure, pct, setting, signed, unit
from ui.i18n import basis, deadline_label, figure_name, knob_label, lang, name, sep, t
from ui.intervals import WRITE, driver_words, interval_words
from ui.page import ensure_app, header
from ui.summary import summary_html
from ui.widgets import table

ensure_app()

s, res = header()
program = data.program(s.program_id)
base = data.result(s.baseline())
now_totals, base_totals = res.summary.totals, base.summary.totals
replicated = res.replications > 1
KEY_FIGURES = (
    ("quota", "count"),
    ("enrolled", "count"),
    ("fill_rate", "pct"),
    ("attended", "count"),
    ("completed", "count"),
    ("completion_rate", "pct"),
    ("cost_yuan", "yuan"),
)

rows: list[dict] = []
st.subheader(t("changed_settings"))
if not s.overrides:
    st.info(t("no_changes_yet"))
else:
    valid = data.knobs_of(s.program_id)
    for key, value in s.overrides:
        k = valid[key]
        source = data.basis_of(s.program_id, key)
        rows.append(
            {
                t("settings"): knob_label(program, key),
                t("documented_value"): setting(k.default),
                t("value_here"): setting(value),
                t("unit"): unit(k.unit),
                t("provenance"): basis(source) if source is not None else t("model_knob"),
            }
        )
    table(pd.DataFrame(rows))

st.subheader(t("baseline_vs_scenario"))
cols = st.columns(4)
for i, (key, kind) in enumerate(KEY_FIGURES):
    now, before = now_totals.figure(key), base_totals.figure(key)
    change = now.mean - before.mean
    shown = delta(change, "pct") if kind == "pct" else signed(change)  # st.metric reads an ASCII sign
    same = figure(now.mean, kind) == figure(before.mean, kind)  # no arrow for a change too small to show
    cols[i % 4].metric(
        figure_name(key),
        figure(now.mean, kind),
        None if same else shown,
        delta_color="inverse" if key == "cost_yuan" else "normal",  # spending more is not good news
        help=figure(now, kind) if replicated else None,
    )

figures_rows = []
chart_rows = []
for key, kind in KEY_FIGURES:
    label = figure_name(key)
    now, before = now_totals.figure(key), base_totals.figure(key)
    diff = now.mean - before.mean
    figures_rows.append(
        {
            t("figure"): label,
            t("baseline"): figure(before, kind),
            t("scenario"): figure(now, kind),
            t("difference"): delta(diff, kind),
            t("relative"): pct(diff / before.mean) if before.mean and kind != "pct" else "—",
        }
    )
    k = 100 if kind == "pct" else 1  # a rate's change in percentage points, on its own axis
    chart_rows.append((t("in_points", name=label) if kind == "pct" else label, t("scenario"), diff * k, None, None))
table(pd.DataFrame(figures_rows))
# What the scenario's ranges mean: the assumptions behind them, and the narrower range of chance alone.
meaning = [w for w in (interval_words(s, res, f) for f in WRITE) if w] if replicated else []
meaning += [w for w in [driver_words(s, "cost_yuan")] if w]
if meaning:
    st.markdown("\n".join(f"- {w}" for w in meaning))
if s.overrides:
    st.markdown(f"**{t('change_vs_baseline')}**")
    st.altair_chart(difference_bars(chart_rows, lang()))

before_risk = {(b.key, b.phase): b.at_risk for b in base.summary.deadlines}
moved = [d for d in res.summary.deadlines if before_risk.get((d.key, d.phase), d.at_risk) != d.at_risk]
if moved:
    st.subheader(t("deadlines_changed"))
    for d in moved:
        st.markdown(
            f"- {deadline_label(d)}{sep()}{t('on_time') if d.at_risk else t('at_risk')} → "
            f"**{t('at_risk') if d.at_risk else t('on_time')}**{t('bracketed', inner=figure(d.simulated, 'date'))}"
        )

st.subheader(t("subprograms"))
table(
    pd.DataFrame(
        [
            {
                t("subprograms"): name(sp.names),
                f"{t('completed')} · {t('baseline')}": figure(b.totals.completed.mean),
                f"{t('completed')} · {t('scenario')}": figure(sp.totals.completed.mean),
                f"{t('cost')} · {t('baseline')}": figure(b.totals.cost_yuan.mean, "yuan"),
                f"{t('cost')} · {t('scenario')}": figure(sp.totals.cost_yuan.mean, "yuan"),
            }
            for sp, b in zip(res.summary.subprograms, base.summary.subprograms)
        ]
    )
)

st.subheader(t("print_summary"))
st.caption(t("print_summary_note"))
columns = (t("settings"), t("documented_value"), t("value_here"), t("unit"))
page = summary_html(
    lang=lang(),
    title=name(res.names),
    subtitle=t("print_summary_subtitle", when=date(beijing_today())),
    changes_title=t("changed_settings"),
    changes_head=columns,
    changes=[[r[c] for c in columns] for r in rows],
    no_changes=t("no_changes_yet"),
    figures_title=t("baseline_vs_scenario"),
    figures_head=list(figures_rows[0]),
    figures=[list(r.values()) for r in figures_rows],
    notes=meaning,
    risks_title=t("deadlines_at_risk", n=sum(d.at_risk for d in res.summary.deadlines)),
    risks=[f"{deadline_label(d)}{sep()}{figure(d.simulated, 'date')}" for d in res.summary.deadlines if d.at_risk],
    footer=t(
        "print_summary_footer",
        version=data.data_version(s.program_id),
        runs=t("method_expected") if s.deterministic and not s.unknowns else t("interval_note", n=s.replications),
        seed=s.seed,
    ),
    code=data.data_version(s.program_id),
)
st.download_button(
    t("print_summary_download"),
    page.encode("utf-8"),
    file_name=f"summary-{s.program_id}.html",
    mime="text/html",
    type="primary",
    icon=":material/print:",
)
if st.toggle(t("print_summary_preview"), key="summary_preview"):  # drawn when asked: it repeats the page's words
    st.html(page)
