"""Overview: each program as a card with its simulated headline figures, and the consistency audit."""

import datetime as dt

import pandas as pd
import streamlit as st

from ui import data
from ui.fmt import date, figure, pct, yuan_large
from ui.i18n import comma, finding_message, lang, name, nowcast_where, proper, quoted, sep, t
from ui.intervals import interval_words
from ui.page import ensure_app
from ui.safe import md
from ui.scenario import settings
from ui.widgets import table

ensure_app()

st.title(t("app_title"))
st.caption(t("overview_intro"))


def _open(pid: str) -> None:
    st.session_state["program_id"] = pid


def next_deadline(milestones: list[dict], today: dt.date) -> tuple[str, dict | None]:
    """The first dated milestone ending on or after ``today``, else the program's last one."""
    dated = sorted((m for m in milestones if m["end"]), key=lambda m: m["end"])
    upcoming = [m for m in dated if m["end"] >= today.isoformat()]
    return ("next", upcoming[0]) if upcoming else ("last", dated[-1] if dated else None)


today = dt.date.today()
programs = list(data.catalog().programs)

for row_start in range(0, len(programs), 3):
    for col, pid in zip(st.columns(3), programs[row_start : row_start + 3]):
        view = data.program_view(pid)
        s = settings(pid)
        with col, st.spinner(t("computing")):  # each card appears as soon as its program is simulated
            res = data.result(s)
        tot = res.summary.totals
        doc = view["document"]
        dates = [m["end"] for m in view["milestones"] if m["end"]] + [
            m["start"] for m in view["milestones"] if m["start"]
        ]
        which, m = next_deadline(view["milestones"], today)
        with col.container(border=True):
            st.markdown(f"#### {name(view['names'])}")
            st.caption(
                f"{quoted(doc['number']) if doc['number'] else t('no_number')} · {proper(doc['issuer'], view['names_en'])}"
            )
            st.markdown(f"**{t('period')}**{sep()}{date(min(dates))} – {date(max(dates))}")
            a, b = st.columns(2)
            a.metric(t("quota"), figure(tot.quota.mean))
            replicated = s.replications > 1
            b.metric(
                t("fill_rate"),
                pct(tot.fill_rate.mean),
                help=interval_words(s, res, "fill_rate") if replicated else None,
            )
            st.metric(t("projected_cost"), yuan_large(tot.cost_yuan.mean))
            if replicated and (words := interval_words(s, res, "cost_yuan")):
                st.caption(words)
            if m is not None:
                label = t("next_deadline") if which == "next" else t("last_deadline")
                st.markdown(
                    f"**{label}**{sep()}{name(m['names'])}, {date(m['end'])}"
                    if lang() == "en"
                    else f"**{label}**：{name(m['names'])}，{date(m['end'])}"
                )
            risky = [d for d in res.summary.deadlines if d.at_risk]
            if risky:
                st.markdown(f":red[{t('deadlines_at_risk', n=len(risky))}]")
            reported = data.actuals_reported_until(pid)
            if reported is not None:  # what actually happened so far: the rest on its current pace
                with st.spinner(t("computing")):
                    now = data.analysis_nowcast(s, reported)
                behind = now.at_risk()
                if behind:
                    where = comma().join(nowcast_where(u.track, u.unit, data.program(pid)) for u in behind[:3])
                    more = t("overview_nowcast_more", n=len(behind) - 3) if len(behind) > 3 else ""
                    words = t("overview_nowcast_at_risk", n=len(behind), date=date(now.as_of), where=where, more=more)
                    st.markdown(f":orange[{md(words)}]")
                else:
                    st.caption(t("overview_nowcast_on_pace", date=date(now.as_of)))
            if st.button(
                t("open_program"),
                key=f"open_{pid}",
                on_click=_open,
                args=(pid,),
                width="stretch",
                type="primary" if pid == st.session_state.get("program_id") else "secondary",
            ):
                st.switch_page("pages/timeline.py")

st.caption(t("overview_as_of", today=date(today)))

st.subheader(t("audit"))
st.write(t("audit_intro"))
findings = data.audit()
if not findings:
    st.success(t("audit_none"))
else:
    catalog = data.catalog()
    table(
        pd.DataFrame(
            [
                {
                    t("program"): name(catalog.programs[f.program].names.model_dump()),
                    t("table"): name(f.table_names),
                    t("stated"): f.stated,
                    t("computed"): f.computed,
                    t("message"): finding_message(f, catalog.programs[f.program].names_en),
                }
                for f in findings
            ]
        )
    )
