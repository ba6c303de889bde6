"""Words the dashboard, the CLI and the reports share, from the message catalogs (Chinese by default, English).

No Streamlit here: report builders and the CLI pick the language explicitly.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from .catalogs import message
from .keys import UNIT_LABEL


def text(key: str, lang: str = "zh", **kwargs: Any) -> str:
    out = message(key, lang)
    return out.format(**kwargs) if kwargs else out


def name_in(names: Mapping[str, str] | None, lang: str = "zh", fallback: str = "") -> str:
    if not names:
        return fallback
    return names["zh"] if lang == "zh" else names["en"]


def label_in(item: Mapping[str, Any], lang: str = "zh") -> str:
    """A row's words: its names from the data, else its catalog message (``label``), else its id."""
    if item.get("names"):
        return name_in(item["names"], lang)
    if item.get("label"):
        return text(item["label"], lang)
    return item["id"]


class Worded(Protocol):
    """A knob's words: a message, filled with the names of what it belongs to and a second message."""

    message: str
    names: Any
    part: str | None


def knob_label(knob: Worded, lang: str = "zh") -> str:
    name = name_in(knob.names.model_dump(), lang) if knob.names is not None else ""
    part = text(knob.part, lang) if knob.part else ""
    return text(knob.message, lang, name=name, part=part)


def unit_in(u: str, lang: str = "zh") -> str:
    return text(UNIT_LABEL[u], lang)


def colon(lang: str = "zh") -> str:
    return "：" if lang == "zh" else ": "


def cite(prov: dict, lang: str = "zh") -> str:
    """A value's basis in one line: its clause and quoted wording, or why it is assumed."""
    if prov["kind"] == "assumed":
        return f"{text('kind_assumed', lang)}{colon(lang)}{prov['reason']}"
    return f"{prov['clause']}{colon(lang)}「{prov['quote']}」"
