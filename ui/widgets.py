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
