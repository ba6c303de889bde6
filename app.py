"""Dashboard entry point: `streamlit run app.py`. Pages only gather input and draw results."""

import streamlit as st

from ui import data
from ui.auth import current_user, signed_in_caption
from ui.data import DataError, ScenarioError, StoreError
from ui.i18n import LANGS, N_, error, t
from ui.page import inside_app
from ui.safe import md, tm
from ui.scenario import restore_from_url, sidebar, write_to_url
from ui.widgets import keep_widget_values, program_picker

st.set_page_config(page_title="教师培训政策模拟 / Teacher-training policy simulation", layout="wide")
keep_widget_values()
# Streamlit offers "Copy Vega-Lite spec" on a chart's toolbar when served on localhost: a developer's
# action, and English on a Chinese page. Its own options cannot turn it off (it keeps only theme,
# renderer and padding of a chart's embedOptions), so it is hidden; full screen and PNG stay.
st.html('<style>button[aria-label="Copy Vega-Lite spec"] { display: none; }</style>')

try:
    data.catalog()
except (DataError, OSError) as e:
    # A broken data file is the user's to fix: say where, not a traceback.
    st.error(f"{t('data_error')}\n\n{md(error(e), limit=600)}")
    st.stop()

url_problems = restore_from_url()
st.sidebar.radio(
    t("language"),
    LANGS,
    key="lang",
    horizontal=True,
    format_func=lambda code: {"zh": "中文", "en": "English"}[code],  # each named in itself, in either language
)

user = current_user()  # on a shared server: sign-in first; alone on 127.0.0.1: the local administrator
if (who := signed_in_caption(user)) is not None:
    st.sidebar.caption(who)

SECTIONS = {  # section title key -> pages as (file, title key, icon); a page's URL path is its file name
    N_("sec_results"): [
        ("overview", N_("nav_overview"), ":material/dashboard:"),
        ("timeline", N_("nav_timeline"), ":material/timeline:"),
        ("fill_rates", N_("nav_fill"), ":material/groups:"),
        ("costs", N_("nav_costs"), ":material/payments:"),
        ("scenario", N_("nav_scenario"), ":material/tune:"),
    ],
    N_("sec_whatif"): [
        ("saved", N_("nav_saved"), ":material/bookmarks:"),
        ("actuals", N_("nav_actuals"), ":material/upload_file:"),
        ("compare", N_("nav_compare"), ":material/compare_arrows:"),
        ("sensitivity", N_("nav_sensitivity"), ":material/tornado:"),
        ("goal_seek", N_("nav_goal"), ":material/target:"),
    ],
    N_("sec_documents"): [
        ("sources", N_("nav_sources"), ":material/fact_check:"),
        ("reports", N_("nav_reports"), ":material/description:"),
    ],
}
pages = {
    t(section): [
        st.Page(f"pages/{stem}.py", title=t(title), url_path=stem, icon=icon, default=stem == "overview")
        for stem, title, icon in entries
    ]
    for section, entries in SECTIONS.items()
}
page = st.navigation(pages)
pid = program_picker()
settings = sidebar(pid)
write_to_url(settings, page.url_path)
for problem in url_problems:
    st.error(problem)
with inside_app():
    try:
        page.run()
    except (ScenarioError, StoreError, DataError) as e:
        # e.g. a saved scenario whose keys the current data no longer has: say which, keep the app usable
        st.error(tm("scenario_error", error=error(e)))
