"""What actually happened: upload a platform's export, see it checked (its rows, or every problem located),
import it into the store, look at a stored file's rows, delete one."""

import pandas as pd
import streamlit as st

from ui import data
from ui.auth import Action, allowed, current_user
from ui.data import Actuals, ActualsOverlap, StoreError
from ui.extension import extension_answer
from ui.fmt import date, number, pct, timestamp, yuan_large
from ui.i18n import N_, comma, error, name, nowcast_sentence, nowcast_where, sep, t, unit_name
from ui.page import ensure_app
from ui.safe import md, tm
from ui.scenario import settings
from ui.widgets import table, uploader

ensure_app()
KIND_LABEL = {
    "registrations": N_("actuals_kind_registrations"),
    "attendance": N_("actuals_kind_attendance"),
    "payments": N_("actuals_kind_payments"),
}
COLUMN_LABEL = {
    "line": N_("actuals_col_line"),
    "track": N_("actuals_col_track"),
    "unit": N_("actuals_col_unit"),
    "date": N_("actuals_col_date"),
    "registered": N_("actuals_col_registered"),
    "enrolled": N_("actuals_col_enrolled"),
    "attended": N_("actuals_col_attended"),
    "completed": N_("actuals_col_completed"),
    "paid_yuan": N_("actuals_col_paid_yuan"),
}
pid = st.session_state["program_id"]
program = data.catalog().program(pid)
tracks = {tr.id: name(tr.names.model_dump()) for tr in program.tracks}
user = current_user()
st.title(t("nav_actuals"))
st.caption(name(data.program_view(pid)["names"]))
st.markdown(t("actuals_intro"))


def shown(rows: pd.DataFrame) -> pd.DataFrame:
    """A file's rows in the page's language: headings, sub-programs and units by name, dates in words."""
    words = {
        "track": tracks.__getitem__,
        "unit": lambda u: unit_name(u, program) if u else t("actuals_whole_track"),
        "date": date,
    }
    out = rows.copy()
    for column, word in words.items():
        if column in out:
            out[column] = out[column].map(word)
    return out.rename(columns={c: t(COLUMN_LABEL[c]) for c in out.columns})


def _say(kind: str, message: str) -> None:
    st.session_state["actuals_feedback"] = (kind, message)


def _import(checked: Actuals, replace: bool) -> None:
    """Store the checked file; an overlap is remembered (for this file) so the page can offer replacing."""
    st.session_state.pop("actuals_overlap", None)
    try:
        record, changed = data.import_actuals(checked, user, replace=replace)
    except ActualsOverlap as e:
        st.session_state["actuals_overlap"] = (checked.sha256, e.params["earlier"])
        return
    except StoreError as e:
        _say("error", tm("store_error", error=error(e)))
        return
    words = {"name": record.name, "rows": record.rows}
    _say("success", tm("actuals_imported", **words) if changed else tm("actuals_unchanged", **words))


def _delete(file_name: str) -> None:
    try:
        data.delete_actuals(pid, file_name, user)
    except StoreError as e:
        _say("error", tm("store_error", error=error(e)))
    else:
        _say("success", tm("deleted", name=file_name))


kind, message = st.session_state.pop("actuals_feedback", (None, None))
if kind:
    getattr(st, kind)(message)

st.subheader(t("actuals_upload"))
upload = uploader(t("actuals_file"), ["csv", "xlsx"], "actuals_upload")
if upload is not None:
    checked, problems = data.check_actuals(pid, upload.getvalue(), upload.name)
    if checked is None:
        lines = "\n".join(f"- {md(error(p), limit=600)}" for p in problems)
        st.error(f"{tm('actuals_refused', name=upload.name, n=len(problems))}\n\n{lines}")
    else:
        kind_words = t(KIND_LABEL[checked.format.kind])
        st.success(tm("actuals_checked", name=checked.name, kind=kind_words, rows=len(checked.rows)))
        table(shown(checked.rows[["line", *checked.format.columns]]))
        may_import = allowed(user, Action.IMPORT, pid, checked.name)
        overlap = st.session_state.get("actuals_overlap")
        if overlap is not None and overlap[0] == checked.sha256:
            st.warning(tm("actuals_overlap", name=checked.name, earlier=overlap[1]))
            st.button(
                t("actuals_replace", earlier=overlap[1]),
                type="primary",
                on_click=_import,
                args=(checked, True),
                disabled=not allowed(user, Action.DELETE, pid, overlap[1]),  # replacing deletes the earlier file
            )
        else:
            st.button(t("import"), type="primary", on_click=_import, args=(checked, False), disabled=not may_import)

stored = data.list_actuals(pid)
st.subheader(t("actuals_stored", n=len(stored)))
if not stored:
    st.info(t("actuals_none"))
else:
    table(
        pd.DataFrame(
            [
                {
                    t("actuals_file_name"): f.name,
                    t("actuals_kind"): t(KIND_LABEL[f.kind]),
                    t("actuals_rows"): f.rows,
                    t("actuals_imported_by"): f.imported_by,
                    t("actuals_imported_at"): timestamp(f.imported_at),
                }
                for f in stored
            ]
        )
    )
    by_name = {f.name: f for f in stored}
    pick = st.selectbox(t("actuals_pick"), list(by_name), key="actuals_pick")
    if pick in by_name:
        table(shown(data.actuals_rows(pid, pick)))
        owner = by_name[pick].imported_by
        st.button(
            t("delete"),
            on_click=_delete,
            args=(pick,),
            disabled=not allowed(user, Action.DELETE, pid, pick, owner),
        )

# -- nowcast: the rest of the program on its current pace -----------------------------------
reported_until = data.actuals_reported_until(pid)
st.subheader(t("nowcast_title"))
if reported_until is None:
    st.info(t("nowcast_no_registrations"))
else:
    st.markdown(t("nowcast_intro"))
    as_of = st.date_input(t("nowcast_as_of"), value=reported_until, key="nowcast_as_of")
    s = settings(pid)
    with st.spinner(t("computing")):
        now = data.analysis_nowcast(s, as_of)
    total = now.totals["fill_rate"]
    a, b = st.columns(2)
    a.metric(t("nowcast_total_fill"), pct(total.mean, 0), help=f"90%{sep()}{pct(total.low, 0)} – {pct(total.high, 0)}")
    cost = now.totals["cost_yuan"]
    b.metric(
        t("projected_cost"), yuan_large(cost.mean), help=f"90%{sep()}{yuan_large(cost.low)} – {yuan_large(cost.high)}"
    )
    for row in now.units:
        if not row.unit:  # one sentence per sub-program; its units are in the table
            words = md(nowcast_sentence(row, program))
            (st.warning if row.at_risk else st.markdown)(words)

    def risk(row) -> str:
        flags = [t("nowcast_risk_quota")] * row.quota_at_risk + [t("nowcast_risk_deadline")] * row.deadline_at_risk
        return comma().join(flags) or t("nowcast_risk_none")

    table(
        pd.DataFrame(
            [
                {
                    t("nowcast_col_where"): nowcast_where(row.track, row.unit, program),
                    t("quota"): number(row.quota),
                    t("nowcast_col_registered"): "—" if row.registered is None else number(row.registered),
                    t("nowcast_col_fill"): pct(row.fill.mean, 0),
                    t("nowcast_col_interval"): f"{pct(row.fill.low, 0)} – {pct(row.fill.high, 0)}",
                    t("nowcast_col_reaching", target=pct(now.target, 0)): pct(row.share_reaching, 0),
                    t("nowcast_col_risk"): risk(row),
                }
                for row in now.units
            ]
        )
    )
    extension_answer(s, program, as_of, "nowcast")
