"""The dashboard's language: the session's choice applied to the shared labels in ``sim.text.labels``."""

from __future__ import annotations

import streamlit as st

from sim.catalog import Finding
from sim.results import Deadline
from sim.text import cite, colon, deadline_name, deadline_what, finding_text, name_in, text


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


def deadline_label(d: Deadline) -> str:
    """A deadline check's name (``sim.results.Deadline``)."""
    return deadline_name(d.names, d.track_names, lang())


def deadline_task(d: Deadline) -> str:
    """What has to be done by a deadline check's date."""
    return deadline_what(d.code, lang())


def finding_message(f: Finding) -> str:
    """An audit finding (``sim.catalog.Finding``) in words."""
    return finding_text(f, lang())
