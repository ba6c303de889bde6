"""Widgets shared by pages."""
from __future__ import annotations

import streamlit as st

from . import data
from .i18n import name, t


def program_picker() -> str:
    """Program selector whose choice carries across pages."""
    programs = data.catalog().programs
    ids = list(programs)
    if st.session_state.get("program_id") not in ids:
        st.session_state["program_id"] = ids[0]
    return st.sidebar.selectbox(t("program"), ids, key="program_id",
                                format_func=lambda pid: name(programs[pid].names.model_dump(), pid))
