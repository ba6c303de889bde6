"""Widgets shared by pages."""

from __future__ import annotations

import streamlit as st

from . import data
from .i18n import lang, t


def _remember(key: str) -> None:
    st.session_state["program_id"] = st.session_state[key]


def program_picker() -> str:
    """Program selector whose choice carries across pages and language switches.

    ``program_id`` holds the choice. The widget key includes the language because a keyed
    selectbox keeps showing the labels it was first drawn with; each draw is synced to
    ``program_id``, and a user's pick updates it through the callback before the page runs.
    """
    programs = data.catalog().programs
    ids = list(programs)
    if st.session_state.get("program_id") not in ids:
        st.session_state["program_id"] = ids[0]
    language = lang()
    key = f"program_picker_{language}"
    st.session_state[key] = st.session_state["program_id"]
    # The label function is bound to this draw's language, not looked up when called.
    labels = {pid: getattr(p.names, language) for pid, p in programs.items()}
    return st.sidebar.selectbox(
        t("program"), ids, key=key, on_change=_remember, args=(key,), format_func=labels.__getitem__
    )


def kept(widget, label: str, *, key: str, default, **kwargs):
    """A widget seeded once with ``default`` whose value then lives in session state under ``key``.

    Streamlit forgets a widget's value when a run does not draw it (another page or program);
    app.py re-stores every such key on each run, and the widget never takes ``value=`` again.
    """
    st.session_state.setdefault("_kept", set()).add(key)
    if key not in st.session_state:
        st.session_state[key] = default
    return widget(label, key=key, **kwargs)


def keep_widget_values() -> None:
    for key in st.session_state.get("_kept", ()):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


ROW_PX, HEADER_PX, MAX_ROWS_SHOWN = 35, 38, 30  # st.dataframe's row height; taller tables scroll (and say so)
WIDEST_PX = 460  # a column wider than this wraps nothing (st.dataframe cannot) but shows its start


def _px(words: str) -> int:
    """Pixels a cell's text needs: a CJK character is about twice as wide as a Latin one."""
    return sum(15 if ord(c) > 0x2E7F else 8 for c in words) + 24


def table(df) -> None:
    """A table whose every row shows (up to ``MAX_ROWS_SHOWN``, else it says how many there are) and whose
    columns are as wide as their longest text, the first (the row's name) pinned while scrolling sideways."""
    import pandas as pd

    config = {}
    for i, column in enumerate(df.columns):
        words = [str(column), *(str(v) for v in df[column].tolist())]
        config[column] = st.column_config.Column(width=min(max(map(_px, words)), WIDEST_PX), pinned=i == 0 or None)
    shown = min(len(df), MAX_ROWS_SHOWN)
    st.dataframe(
        df if isinstance(df, pd.DataFrame) else pd.DataFrame(df),
        hide_index=True,
        width="stretch",
        height=HEADER_PX + ROW_PX * max(shown, 1),
        column_config=config,
    )
    if len(df) > MAX_ROWS_SHOWN:
        st.caption(t("table_rows", shown=shown, n=len(df)))
