"""Words the dashboard, the CLI and the reports share, from the message catalogs (Chinese by default, English).

No Streamlit here: report builders and the CLI pick the language explicitly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Protocol

from .catalogs import message
from .keys import N_, UNIT_LABEL


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


class KnobWords(Protocol):
    """A knob's words: a message, filled with the names of what it belongs to and a second message."""

    @property
    def message(self) -> str: ...
    @property
    def names(self) -> Any: ...
    @property
    def part(self) -> str | None: ...


def knob_label(knob: KnobWords, lang: str = "zh") -> str:
    name = name_in(knob.names.model_dump(), lang) if knob.names is not None else ""
    part = text(knob.part, lang) if knob.part else ""
    return text(knob.message, lang, name=name, part=part)


def error_in(e: BaseException, lang: str = "zh") -> str:
    """An error in ``lang`` when it carries a message code (``sim.base.Worded``), else its English."""
    code, params = getattr(e, "code", None), getattr(e, "params", {})
    if code is None:
        return str(e)
    return text(code, lang, **{k: error_in(v, lang) if isinstance(v, BaseException) else v for k, v in params.items()})


def unit_in(u: str, lang: str = "zh") -> str:
    return text(UNIT_LABEL[u], lang)


def colon(lang: str = "zh") -> str:
    return "：" if lang == "zh" else ": "


def quoted(words: str) -> str:
    """The documents' own wording, marked as a quotation in either language."""
    return f"「{words}」"


def cite(prov: dict, lang: str = "zh") -> str:
    """A value's basis in one line: its clause and quoted wording, or why it is assumed."""
    if prov["kind"] == "assumed":
        return f"{text('kind_assumed', lang)}{colon(lang)}{name_in(prov['reason'], lang)}"
    return f"{clause_in(prov['clause'], lang)}{colon(lang)}{quoted(prov['quote'])}"


def proper_in(name: str, names_en: Mapping[str, str], lang: str = "zh") -> str:
    """A proper name the data writes in Chinese (a city, a provider), in English from the program's ``names_en``."""
    return name if lang == "zh" else names_en[name]


def note_in(zh: str, en: str, names_en: Mapping[str, str], lang: str = "zh") -> str:
    """A note the library writes in both languages (an audit finding): its English names the program's
    cities and providers as the data writes them, so they are put in English here."""
    if lang == "zh" or not names_en:
        return zh if lang == "zh" else en
    written = re.compile("|".join(map(re.escape, sorted(names_en, key=len, reverse=True))))
    return written.sub(lambda m: names_en[m[0]], en)


def unit_label(unit: str, program: Any, lang: str = "zh") -> str:
    """A by-unit row's name in ``program`` (a ``sim.catalog.Program``): a provider category's names, else
    the city or county it is keyed by."""
    for track in program.tracks:
        for supplier in track.suppliers or []:
            if supplier.id == unit:
                return name_in(supplier.names.model_dump(), lang)
    return proper_in(unit, program.names_en, lang)


# A derivation may be written "中文（English）": the English gloss closes it, in full-width brackets.
# (An assumed value's reason is {zh, en} in the data, shown with ``name_in``.)
_GLOSSED = re.compile(r"^(?P<zh>.*[^\s])\s*（(?P<en>[^（）\u3400-\u9fff]+)）$", re.S)


def reason_in(reason: str, lang: str = "zh") -> str:
    """A data note in one language: the Chinese before the gloss, or the gloss (the whole text if it has none)."""
    m = _GLOSSED.match(reason)
    return reason if m is None else m["zh" if lang == "zh" else "en"]


# Words of the documents' clause references ("附件1 第3项", "三（二）", "落款") in English; sections
# keep their numbers, in digits.
_CLAUSE_WORDS = {
    "附件": N_("clause_annex"),
    "标题": N_("clause_title"),
    "落款": N_("clause_signature"),
    "文号": N_("clause_number"),
    "版记": N_("clause_colophon"),
    "正文": N_("clause_body"),
    "合计行及注": N_("clause_total_row"),
    "培训形式": N_("clause_format"),
}
_NUMERALS = dict(zip("一二三四五六七八九", range(1, 10)))
_CLAUSE_TOKEN = re.compile(
    r"第(\d+)项|（([一二三四五六七八九十]+)）|([一二三四五六七八九十]+)|(\d+)|([^\s\d（）一二三四五六七八九十第]+)|\s+"
)


def _arabic(numeral: str) -> int:
    if "十" not in numeral:
        return _NUMERALS[numeral]
    tens, _, units = numeral.partition("十")
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[units] if units else 0)


def clause_in(clause: str, lang: str = "zh") -> str:
    """A clause reference as the document writes it (Chinese), or in English: 附件 三（一） -> Annex 3(1)."""
    if lang == "zh":
        return clause
    out = []
    for m in _CLAUSE_TOKEN.finditer(clause):
        item, sub, section, digits, word = m.groups()
        if item:
            out.append(text("clause_item", lang, n=item))
        elif sub:
            out.append(f"({_arabic(sub)})")
        elif section:
            out.append(f" {_arabic(section)}")
        elif digits:
            out.append(f" {digits}" if out and out[-1][-1:].isalpha() else digits)
        elif word:
            out.append(" " + (text(_CLAUSE_WORDS[word], lang) if word in _CLAUSE_WORDS else word))
        else:
            out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip()
