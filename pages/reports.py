"""Briefing reports: the current scenarios as an Excel workbook, a Word brief or a PDF, to download."""

import streamlit as st

from ui import data
from ui.data import ScenarioError
from ui.i18n import error, lang, name, sep, t
from ui.page import changes_text, ensure_app
from ui.safe import tm
from ui.scenario import settings

ensure_app()
pid = st.session_state["program_id"]
catalog = data.catalog()
st.title(t("nav_reports"))
st.caption(t("reports_intro"))
programs = list(catalog.programs)
chosen = st.multiselect(
    t("report_programs"),
    programs,
    default=[pid],
    key="report_programs",
    format_func=lambda p: name(data.program_view(p)["names"]),
)
title = st.text_input(t("report_title_input"), key="report_title_text", max_chars=100, placeholder=t("report_title"))
if not chosen:
    st.info(t("report_pick"))
    st.stop()

# Each program keeps its own scenario: its changes go to it alone (PROGRAM:KEY); seed and
# replications follow the program chosen in the sidebar.
here = settings(pid)
each = {p: settings(p).overrides for p in chosen}
overrides = {f"{p}:{k}": v for p, changed in each.items() for k, v in changed}
changes = [
    f"{name(data.program_view(p)['names'])}{sep()}{changes_text(catalog.program(p), changed)}"
    for p, changed in each.items()
]
st.markdown(t("report_scenario", reps=here.replications, seed=here.seed, changes="  \n".join(changes)))

FORMATS = {
    "xlsx": (t("format_xlsx"), ":material/table_view:"),
    "docx": (t("format_docx"), ":material/article:"),
    "pdf": (t("format_pdf"), ":material/picture_as_pdf:"),
}
asked = (tuple(chosen), tuple(sorted(overrides.items())), here.replications, here.seed, here.deterministic)
# The session keeps which report it asked for per format; the bytes come from the shared cache.
built = st.session_state.setdefault("_reports", {})
cols = st.columns(3)
for col, (fmt, (label, icon)) in zip(cols, FORMATS.items()):
    key = (*asked, fmt, lang(), title or None)
    with col:
        if st.button(t("report_build", fmt=label), key=f"build_{fmt}", icon=icon, width="stretch"):
            try:
                with st.spinner(t("report_building")):
                    data.report(*key)
                built[fmt] = key
            except (ScenarioError, ValueError) as e:
                st.error(tm("scenario_error", error=error(e)))
        if built.get(fmt) == key:  # only the latest build per format is offered, and only while it matches
            report = data.report(*key)
            st.download_button(
                t("report_download", name=report.file_name),
                report.data,
                file_name=report.file_name,
                mime=report.mime,
                key=f"download_{fmt}",
                type="primary",
                width="stretch",
            )
