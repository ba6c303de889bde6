"""The dashboard's language: the session's choice applied to the shared labels in ``sim.text.labels``."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from sim.catalog import Finding
from sim.results import Deadline

# Names pages use, from the library's text layer (pages import nothing from sim themselves).
from sim.text import CHECK_LABEL as CHECK_LABEL  # noqa: E402
from sim.text import END_LABEL as END_LABEL
from sim.text import EVENT_LABEL as EVENT_LABEL
from sim.text import (
    FIGURE_LABEL,
    cite,
    clause_in,
    colon,
    deadline_name,
    deadline_what,
    error_in,
    finding_text,
    label_in,
    name_in,
    proper_in,
    text,
    unit_label,
)
from sim.text import LANGS as LANGS
from sim.text import LEVER_LABEL as LEVER_LABEL
from sim.text import MODE_LABEL as MODE_LABEL
from sim.text import N_ as N_
from sim.text import SHAPE_LABEL as SHAPE_LABEL
from sim.text import UNIT_LABEL as UNIT_LABEL
from sim.text import comma as comma_in
from sim.text import knob_label as _knob_label
from sim.text import quoted as quoted


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


def clause(c: str) -> str:
    return clause_in(c, lang())


def error(e: BaseException) -> str:
    """An error the user can fix, in the session's language where it carries a message code."""
    return error_in(e, lang())


def sep() -> str:
    """The colon between a label and its value: full-width in Chinese."""
    return colon(lang())


def basis(prov: dict) -> str:
    return cite(prov, lang())


def comma() -> str:
    """The separator between listed items in the page's language."""
    return comma_in(lang())


def figure_name(key: str) -> str:
    """A result figure's label, e.g. 结业 / Completed; the cost with its unit."""
    return t(FIGURE_LABEL[key])


def knob_label(program, key: str) -> str:
    """A knob's name in the session's language, e.g. 报到率 / Show-up rate."""
    from sim.scenario import knobs

    return _knob_label(knobs(program)[key], lang())


def deadline_label(d: Deadline) -> str:
    """A deadline check's name (``sim.results.Deadline``)."""
    return deadline_name(d.names, d.track_names, lang())


def deadline_task(d: Deadline) -> str:
    """What has to be done by a deadline check's date."""
    return deadline_what(d.code, lang())


def finding_message(f: Finding, names_en: Mapping[str, str]) -> str:
    """An audit finding (``sim.catalog.Finding``) in words; ``names_en`` is its program's."""
    return finding_text(f, lang(), names_en)


def nowcast_sentence(row, program) -> str:
    """A nowcast row (``sim.run.nowcast.UnitNowcast``) as its sentence: "按目前进度，…将完成名额的87%（83%–90%）"."""
    from sim.text import nowcast_sentence as _sentence

    return _sentence(row, program, lang())


def nowcast_where(track: str, unit: str, program) -> str:
    """A nowcast row's sub-program, with its city, county or provider category if it has one."""
    from sim.text import nowcast_where as _where

    return _where(track, unit, program, lang())


def extension_sentence(e, program) -> str:
    """An extension answer (``sim.whatif.extension.Extension``) as its sentence."""
    from sim.text import extension_sentence as _sentence

    return _sentence(e, program, lang())
