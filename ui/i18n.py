"""The dashboard's language: the session's choice applied to the shared labels in ``sim.text.labels``."""

from __future__ import annotations

import streamlit as st

from sim.text import (
    FIGURE_LABEL,
    cite,
    clause_in,
    colon,
    error_in,
    label_in,
    name_in,
    note_in,
    proper_in,
    reason_in,
    text,
    unit_label,
)
from sim.text import knob_label as _knob_label


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str, **kwargs) -> str:
    return text(key, lang(), **kwargs)


def name(names: dict | None, fallback: str = "") -> str:
    return name_in(names, lang(), fallback)


def label(item: dict) -> str:
    """A parameter row's words: its data names, else its catalog message."""
    return label_in(item, lang())


def proper(written: str, names_en: dict[str, str]) -> str:
    """A city, county, provider or issuer: as written in Chinese, from ``names_en`` in English."""
    return proper_in(written, names_en, lang())


def unit_name(unit: str, program) -> str:
    """A by-unit row's name (a provider category, or a city or county)."""
    return unit_label(unit, program, lang())


def finding_note(f: dict, names_en: dict[str, str]) -> str:
    """An audit finding's note in the session's language."""
    return note_in(f["message_zh"], f["message"], names_en, lang())


def clause(c: str) -> str:
    return clause_in(c, lang())


def reason(r: str) -> str:
    return reason_in(r, lang())


def error(e: BaseException) -> str:
    """An error the user can fix, in the session's language where it carries a message code."""
    return error_in(e, lang())


def sep() -> str:
    """The colon between a label and its value: full-width in Chinese."""
    return colon(lang())


def basis(prov: dict) -> str:
    return cite(prov, lang())


def comma() -> str:
    """The separator between listed items: 、-style full-width comma in Chinese."""
    return "，" if lang() == "zh" else ", "


def figure_name(key: str) -> str:
    """A result figure's label, e.g. 结业 / Completed; the cost with its unit."""
    return t(FIGURE_LABEL[key])


def knob_label(program, key: str) -> str:
    """A knob's name in the session's language, e.g. 报到率 / Show-up rate."""
    from sim.scenario import knobs

    return _knob_label(knobs(program)[key], lang())
