"""Briefing reports: saved scenarios side by side, or the current scenarios of several programs, in one click.

A download button builds its file when clicked (``data=`` a function, Streamlit 1.40 and later), so
the page offers all three formats at once without building any until it is asked for; the bytes come
from the cache shared between sessions.
"""

import streamlit as st

from ui import data
from ui.data import MAX_SCENARIOS, ScenarioError, StoreError
from ui.i18n import error, lang, name, sep, t
from ui.page import changes_text, ensure_app
from ui.safe import tm
from ui.scenario import settings

BRIEF_SCENARIOS = min(3, MAX_SCENARIOS)  # beside the baseline: four columns fit a page

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

# Seed and replications follow the program chosen in the sidebar.
here = settings(pid)
saved = {x.name: x for x in data.store().list(chosen[0])} if len(chosen) == 1 else {}
picked = (
    st.multiselect(
        t("report_saved_scenarios"),
        list(saved),
        max_selections=BRIEF_SCENARIOS,
        key=f"report_saved_{chosen[0]}",
        help=t("report_saved_help", n=BRIEF_SCENARIOS),
        placeholder=t("report_saved_placeholder"),
    )
    if saved
    else []
)
if picked:
    # The saved scenarios beside the baseline, each by its name; the sidebar's changes stay out.
    named = tuple((n, tuple(sorted(saved[n].overrides.items()))) for n in picked)
    overrides: dict = {}
    program = catalog.program(chosen[0])
    lines = [f"{n}{sep()}{changes_text(program, saved[n].overrides.items())}" for n in picked]
else:
    # Each program keeps its own scenario: its changes go to it alone (PROGRAM:KEY).
    named = ()
    each = {p: settings(p).overrides for p in chosen}
    overrides = {f"{p}:{k}": v for p, changed in each.items() for k, v in changed}
    lines = [
        f"{name(data.program_view(p)['names'])}{sep()}{changes_text(catalog.program(p), changed)}"
        for p, changed in each.items()
    ]
st.markdown(t("report_scenario", reps=here.replications, seed=here.seed, changes="  \n".join(lines)))

FORMATS = {
    "xlsx": (t("format_xlsx"), ":material/table_view:"),
    "docx": (t("format_docx"), ":material/article:"),
    "pdf": (t("format_pdf"), ":material/picture_as_pdf:"),
}
asked = (
    tuple(chosen),
    tuple(sorted(overrides.items())),
    here.replications,
    here.seed,
    here.deterministic,
    here.unknowns,
)
st.session_state["_report_offered"] = (asked, named)  # what the buttons build (read by the tests)


def build(fmt: str) -> bytes:
    """The report's bytes, built when its button is clicked; an error shows on the page instead."""
    try:
        with st.spinner(t("report_building")):
            return data.report(*asked, fmt, lang(), title or None, named).data
    except (ScenarioError, ValueError) as e:
        st.error(tm("scenario_error", error=error(e)))
        return b""
    except StoreError as e:  # the store's actuals go into the report: one that cannot be read says so
        st.error(tm("store_error", error=error(e)))
        return b""


for col, (fmt, (label, icon)) in zip(st.columns(3), FORMATS.items()):
    file_name, mime = data.report_file(chosen, fmt)
    with col:
        st.download_button(
            t("report_build", fmt=label),
            data=lambda fmt=fmt: build(fmt),
            file_name=file_name,
            mime=mime,
            key=f"download_{fmt}",
            icon=icon,
            type="primary",
            width="stretch",
            on_click="ignore",  # the page stays as it is while the file downloads
        )
