"""How the reports write money, times, settings, reasons and citations, in the report's language.

Money is 万元 in Chinese and million yuan in English everywhere in a report (text, tables, chart
axes), with as many decimals as the amount needs; a range shares its unit once: "311 万元（295–327 万元）"
reads as "311万元（295–327万元）" would. Times are Beijing time, the readers' clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sim.catalog import Program
from sim.results import Figure
from sim.scenario import knobs
from sim.text import (
    MONEY_SCALE,
    clause_in,
    date,
    knob_label,
    money_digits,
    money_span,
    number,
    pct,
    proper_in,
    quoted,
    reason_in,
    text,
    timestamp,
    unit_in,
)


def money_scale(lang: str) -> int:
    return MONEY_SCALE[lang]


def money_unit(lang: str) -> str:
    """The unit money is reported in: 万元 / million yuan."""
    return text("money_unit", lang)


def money_number(yuan: float, lang: str, digits: int | None = None) -> str:
    """``yuan`` in the reported unit, without the unit."""
    v = yuan / MONEY_SCALE[lang]
    return number(v, lang, money_digits(v) if digits is None else digits)


def money(yuan: float, lang: str) -> str:
    """An amount with its unit: 4,206 万元 / ¥42.1 million."""
    return text("money", lang, amount=money_number(yuan, lang))


def money_range(f: Figure, lang: str, signed: bool = False, unit: bool = True) -> str:
    """A figure in money with its range, the unit written once per part: 311 万元（295–327 万元）.

    ``signed``: the sizes of a change whose direction the sentence says; ``unit=False`` for a table
    column whose header names the unit.
    """
    digits = money_digits(f.mean / MONEY_SCALE[lang])
    shown = (lambda v: money_number(abs(v), lang, digits)) if signed else (lambda v: money_number(v, lang, digits))
    with_unit = (lambda amount: text("money", lang, amount=amount)) if unit else (lambda amount: amount)
    main = with_unit(shown(f.mean))
    # a decrease's sizes run the other way: its low is the larger saving
    low, high = sorted((shown(f.low), shown(f.high)), key=lambda v: float(v.replace(",", "")))
    if low == high:
        return main
    return text("with_range", lang, value=main, range=with_unit(f"{low}–{high}"))


def money_change(f: Figure, lang: str) -> str:
    """A change in money with its sign, for a column headed with the unit: +311（295 – 327）; a range
    below zero keeps its minus signs."""
    digits = money_digits(f.mean / MONEY_SCALE[lang])

    def shown(v: float) -> str:
        return ("−" if v < 0 else "") + money_number(abs(v), lang, digits)

    main = ("+" if f.mean > 0 else "") + shown(f.mean)
    if shown(f.low) == shown(f.high):  # a range that rounds to one number says nothing
        return main
    return text("with_range", lang, value=main, range=f"{shown(f.low)} – {shown(f.high)}")


def pct_range(f: Figure, lang: str) -> str:
    """A rate with its range: 85.4%（85.2%–85.6%）; the rate alone when the runs agree."""
    if round(f.low, 3) == round(f.high, 3):
        return pct(f.mean, lang)
    return text("with_range", lang, value=pct(f.mean, lang), range=f"{pct(f.low, lang)}–{pct(f.high, lang)}")


def count_range(f: Figure, lang: str, unit: str | None = None) -> str:
    """A count with its range; ``unit`` (a message key taking ``n``) words each part: 11,356 人（11,283–11,466 人）."""
    words = (lambda n: text(unit, lang, n=n)) if unit else (lambda n: n)
    if round(f.low) == round(f.high):
        return words(number(f.mean, lang))
    return text(
        "with_range",
        lang,
        value=words(number(f.mean, lang)),
        range=words(f"{number(f.low, lang)}–{number(f.high, lang)}"),
    )


def span(f: Figure, kind: str, lang: str, single: bool = False) -> str | None:
    """A figure's range alone, the unit once: 4,300–4,650 万元, 92.0%–99.5%, 11,283–11,466; when its
    ends read the same, None (or with ``single`` its one value: 4,488 万元) (``kind``: money, pct or count)."""
    if kind == "money":
        digits = money_digits(f.mean / MONEY_SCALE[lang])
        one = text("money", lang, amount=money_number(f.mean, lang, digits))
        return money_span(f.low, f.high, lang) or (one if single else None)
    write = (lambda v: pct(v, lang)) if kind == "pct" else (lambda v: number(v, lang))
    low, high = write(f.low), write(f.high)
    if low == high:
        return write(f.mean) if single else None
    return f"{low}–{high}"


def generated_at(t: dt.datetime, lang: str) -> str:
    """The generation time in Beijing time, with the zone in words: 2026年5月1日 17:46（北京时间）."""
    return timestamp(t, lang)


def reason_text(reason: Any, lang: str) -> str:
    """An assumed value's reason in ``lang``: a {zh, en} mapping, or one text with an English gloss."""
    if not reason:
        return ""
    if hasattr(reason, "model_dump"):  # the catalog's Names
        reason = reason.model_dump()
    if isinstance(reason, Mapping):
        return reason[lang]
    return reason_in(reason, lang)


def setting_value(value: Any, unit: str, lang: str) -> str:
    """A setting's value as a reader expects it: rates as percentages, money in yuan, dates with the year."""
    if unit == "ratio" and isinstance(value, (int, float)):
        return pct(value, lang)
    if unit == "date" or isinstance(value, dt.date):
        return date(value, lang)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        shown = number(value, lang, 0 if float(value).is_integer() else None)
        return f"{shown}×" if unit == "multiplier" else f"{shown} {unit_in(unit, lang)}".strip()
    return str(value)


def setting_changes(program: Program, overrides: Mapping[str, Any], lang: str) -> list[str]:
    """Each changed setting in words: 名额/限额倍数 1.2×（文件规定 1×）."""
    valid = knobs(program)
    out = []
    for key, value in overrides.items():
        k = valid[key]
        out.append(
            text(
                "setting_change",
                lang,
                setting=knob_label(k, lang),
                value=setting_value(value, k.unit, lang),
                before=setting_value(k.default, k.unit, lang),
            )
        )
    return out


def scenario_label(name: str | None, lang: str) -> str:
    """A scenario's name as the report shows it: the saved name, or the words for the unnamed one."""
    return name if name is not None else text("adjusted_scenario", lang)


def document_ref(view: Mapping[str, Any], lang: str) -> str:
    """The document by its number, or by issuer and date where it has none."""
    doc = view["document"]
    if doc["number"]:  # a Chinese proper name: quoted, as the documents' own words, in English
        return doc["number"] if lang == "zh" else quoted(doc["number"])
    issued = date(doc["issued"], lang) if doc["issued"] else text("no_date", lang)
    return text("document_without_number", lang, issuer=proper_in(doc["issuer"], view["names_en"], lang), issued=issued)


def citation(view: Mapping[str, Any], sources: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The document and clauses behind a figure, and which of its inputs are assumed:
    依据：教师函〔2021〕4号 二（三）、四；假设：参训率."""
    clauses = list(dict.fromkeys(clause_in(s["clause"], lang) for s in sources if s.get("kind") == "source"))
    assumed = list(dict.fromkeys(s["label"] for s in sources if s.get("kind") == "assumed" and s.get("label")))
    sep = "、" if lang == "zh" else ", "
    parts = []
    if clauses:
        parts.append(text("cited_clauses", lang, document=document_ref(view, lang), clauses=sep.join(clauses)))
    if assumed:
        parts.append(text("cited_assumed", lang, names=sep.join(assumed)))
    return ("；" if lang == "zh" else "; ").join(parts)
