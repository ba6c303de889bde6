"""The question "how many days must registration be extended to reach the target": asked on the
actuals page (beside the nowcast) and on the goal-seek page, from the same stored actuals."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from . import data
from .i18n import extension_sentence, t
from .safe import md
from .scenario import Settings


def extension_answer(s: Settings, program, as_of: dt.date, key: str) -> None:
    """A target slider and a button; pressed, one sentence per sub-program (``key`` keeps the widgets apart)."""
    target = st.slider(t("nowcast_extend_target"), 0.80, 1.0, 0.95, 0.01, key=f"{key}_target")
    if st.button(t("nowcast_extend_button"), key=f"{key}_extend"):
        with st.spinner(t("computing")):
            answers = data.analysis_extension(s, as_of, target)
        for e in answers:
            st.markdown(f"- {md(extension_sentence(e, program))}")
