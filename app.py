"""Dashboard entry point: `streamlit run app.py`. Pages only gather input and draw results."""
import streamlit as st

from ui.i18n import t
from ui.widgets import keep_widget_values

st.set_page_config(page_title="教师培训政策模拟 / Teacher-training policy simulation", layout="wide")
keep_widget_values()

st.sidebar.radio(t("language"), ["zh", "en"], key="lang", horizontal=True,
                 format_func=lambda code: {"zh": "中文", "en": "English"}[code])

pages = [
    st.Page("app_pages/overview.py", title=t("nav_overview"), url_path="overview", default=True),
    st.Page("app_pages/program.py", title=t("nav_program"), url_path="program"),
    st.Page("app_pages/simulate.py", title=t("nav_simulate"), url_path="simulate"),
]
st.navigation(pages).run()
