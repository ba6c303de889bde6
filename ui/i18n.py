"""The dashboard's language: the session's choice applied to the shared labels in ``sim.text.labels``."""

from __future__ import annotations

import streamlit as st

from sim.text import cite, colon, name_in, text


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **kwargs) -> str:
    return text(key, lang(), **kwargs)


def name(names: dict | None, fallback: str = "") -> str:
    return name_in(names, lang(), fallback)


def sep() -> str:
    """The colon between a label and its value: full-width in Chinese."""
    return colon(lang())


def basis(prov: dict) -> str:
    return cite(prov, lang())


def comma() -> str:
    """The separator between listed items: 、-style full-width comma in Chinese."""
    return "，" if lang() == "zh" else ", "


def figure_name(key: str) -> str:
    """A result figure's label: the figure's own key, except cost_yuan, labelled with its unit."""
    return t("cost" if key == "cost_yuan" else key)
