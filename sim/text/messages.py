"""Sentences for the codes that results and audit findings carry, in either language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .formatting import comma, date, number, pct
from .keys import N_
from .labels import name_in, proper_in, text, unit_in, unit_label


def deadline_name(names: dict | None, track_names: dict | None, lang: str = "zh") -> str:
    """A deadline check's name: its milestone's, else its sub-program's sign-up, else the arrival notice."""
    if names:
        return name_in(names, lang)
    if track_names:
        return text("deadline_name_enrolment", lang, track=name_in(track_names, lang))
    return text("deadline_name_notice", lang)


DEADLINE_WHAT = {  # the codes of ``sim.results.deadlines`` and what has to be done by then
    "last_course_end": N_("deadline_last_course_end"),
    "assessment_done": N_("deadline_assessment_done"),
    "credits_registered": N_("deadline_credits_registered"),
    "settlement_done": N_("deadline_settlement_done"),
    "self_assessment_due": N_("deadline_self_assessment_due"),
    "plan_and_review_ready": N_("deadline_plan_and_review_ready"),
    "selection_before_notice": N_("deadline_selection_before_notice"),
    "sign_up_closes": N_("deadline_sign_up_closes"),
    "review_done": N_("deadline_review_done"),
    "published": N_("deadline_published"),
}
AUDIT_WHAT = {  # the codes of ``sim.catalog.audit`` findings
    "row_vs_cells": N_("audit_row_vs_cells"),
    "column_vs_rows": N_("audit_column_vs_rows"),
    "grand_vs_rows": N_("audit_grand_vs_rows"),
    "columns_vs_grand": N_("audit_columns_vs_grand"),
    "columns_vs_grand_less": N_("audit_columns_vs_grand_less"),
    "headline_vs_parts": N_("audit_headline_vs_parts"),
    "stated_check": N_("audit_stated_check"),
}
AUDIT_BY = {"city": N_("audit_by_city"), "county": N_("audit_by_county"), "institution": N_("audit_by_institution")}


def deadline_what(code: str, lang: str = "zh") -> str:
    """What has to be done by a deadline (a ``sim.results.deadlines`` code)."""
    return text(DEADLINE_WHAT[code], lang)


def finding_text(finding: Any, lang: str = "zh", names_en: Mapping[str, str] | None = None) -> str:
    """An audit finding (``sim.catalog.Finding``: code, params, numbers) as one sentence; a city or
    county it names is given its English name from the program's ``names_en`` in English."""
    params = dict(finding.params)
    if finding.code == "row_vs_cells":
        params["by"] = text(AUDIT_BY[params["by"]], lang)
    if "column" in params and names_en is not None:
        params["column"] = proper_in(params["column"], names_en, lang)
    code = finding.code
    if code == "columns_vs_grand" and params.get("excluded"):
        code = "columns_vs_grand_less"
    what = text(AUDIT_WHAT[code], lang, subject=name_in(finding.subject_names, lang), **params)
    diff = finding.computed - finding.stated
    verdict = text("audit_agrees", lang) if finding.ok else text("audit_differs", lang, diff=diff)
    return text("audit_message", lang, what=what, stated=finding.stated, computed=finding.computed, verdict=verdict)


def nowcast_where(track_id: str, unit: str, program: Any, lang: str = "zh") -> str:
    """A nowcast row's place: its sub-program, and its city, county or provider category if it has one."""
    track = next(t for t in program.tracks if t.id == track_id)
    name = name_in(track.names.model_dump(), lang)
    if not unit:
        return name
    return text("nowcast_where_unit", lang, track=name, unit=unit_label(unit, program, lang))


def nowcast_sentence(row: Any, program: Any, lang: str = "zh") -> str:
    """A nowcast row (``sim.run.nowcast.UnitNowcast``) as one sentence, e.g.
    "按目前进度，新县报名截止时将完成名额的87%（83%–90%）"."""
    words = {
        "where": nowcast_where(row.track, row.unit, program, lang),
        "fill": pct(row.fill.mean, lang, 0),
        "low": pct(row.fill.low, lang, 0),
        "high": pct(row.fill.high, lang, 0),
    }
    if words["low"] == words["high"] == words["fill"]:  # the runs agree at the digits shown
        return text("nowcast_sentence_exact", lang, where=words["where"], fill=words["fill"])
    return text("nowcast_sentence", lang, **words)


def extension_sentence(e: Any, program: Any, lang: str = "zh") -> str:
    """An extension answer (``sim.whatif.extension.Extension``) as one sentence."""
    words = {
        "where": nowcast_where(e.track, e.unit, program, lang),
        "target": pct(e.target, lang, 0),
        "probability": pct(e.probability, lang, 0),
    }
    if e.milestone is None:
        return text("extension_no_window", lang, **words)
    if e.days is None:
        return text("extension_none", lang, **words, most=number(max(e.tried, default=0), lang))
    if e.days == 0:
        return text("extension_zero", lang, **words)
    return text("extension_days", lang, **words, days=number(e.days, lang), date=date(e.new_close, lang))


# A key figure in a sentence ("经费在…之间", "the fill rate is …"): its name without a unit.
FIGURE_WORDS = {
    "cost_yuan": N_("figure_words_cost_yuan"),
    "fill_rate": N_("figure_words_fill_rate"),
    "completed": N_("figure_words_completed"),
}


# yuan per reported unit of money: 万元 for Chinese readers, millions for English ones
MONEY_SCALE = {"zh": 10_000, "en": 1_000_000}


def money_digits(amount: float) -> int:
    """Decimals an amount in the reported unit needs: none from 100 up, one from 1, two below."""
    size = abs(amount)
    return 0 if size >= 100 else 1 if size >= 1 else 2


def money_span(low: float, high: float, lang: str = "zh") -> str | None:
    """A range of yuan in the reported unit, written once: 4,328–4,630 万元 / ¥43.3–46.3 million; None
    when both ends read the same."""
    digits = money_digits(max(abs(low), abs(high)) / MONEY_SCALE[lang])
    a, b = (number(v / MONEY_SCALE[lang], lang, digits) for v in (low, high))
    return None if a == b else text("money", lang, amount=f"{a}–{b}")


def assumed_range(low: float, high: float, unit: str, lang: str = "zh") -> str:
    """An assumption's plausible range, its unit written once: 92%–99.5%, 3–7 天, 1–2.5×."""
    if unit == "ratio":
        return f"{pct(low, lang, None)}–{pct(high, lang, None)}"
    if unit == "yuan":
        return money_span(low, high, lang) or number(low, lang)
    ends = f"{number(low, lang, None)}–{number(high, lang, None)}"
    return f"{ends}×" if unit == "multiplier" else f"{ends} {unit_in(unit, lang)}".strip()


def in_sentence(name: str, lang: str) -> str:
    """A label inside an English sentence: its first word in lower case when it is a plain capitalised
    word ("Registration rate" -> "registration rate"; "BIM quota", "1+X hours" stay)."""
    first = name.split(" ", 1)[0]
    letters = [c for c in first[1:] if c.isalpha()]  # "Face-to-face" and "Central/western" are plain words too
    if lang == "en" and first[:1].isupper() and letters and all(c.islower() for c in letters):
        return name[0].lower() + name[1:]
    return name


def _joined(items: Sequence[str], lang: str) -> str:
    if lang == "zh" or len(items) < 2:
        return "、".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def two_intervals(
    figure: str, honest: str | None, chance: str | None, assumptions: Sequence[tuple[str, str]], lang: str = "zh"
) -> str:
    """What a figure's two intervals mean, in one sentence: 如果报名注册率在92%–99.5%之间，经费在
    4,300–4,650 万元之间（仅随机波动：4,486–4,490 万元）.

    ``figure`` is a ``FIGURE_WORDS`` key; ``honest`` its range with the unknowns drawn, None for a
    run of chance alone; ``chance`` its range by chance alone, None if not run or if it reads as one
    number; ``assumptions`` (name, range) of the unknowns that drive it, largest share first (none:
    the assumptions are named in general). Every value comes written in ``lang`` already."""
    what = text(FIGURE_WORDS[figure], lang)
    if honest is None:
        return text("interval_chance_only", lang, figure=what, range=chance or "")
    if not assumptions and chance == honest:  # the scenario has settled what would move it
        return text("interval_unaffected", lang, figure=what, range=honest)
    if assumptions:
        named = _joined(
            [text("assumption_between", lang, name=in_sentence(n, lang), range=r) for n, r in assumptions], lang
        )
        out = text("interval_if", lang, assumptions=named, figure=what, range=honest)
    else:
        out = text("interval_assumed", lang, figure=what, range=honest)
    return out + (text("interval_chance", lang, range=chance) if chance is not None else "")


def driver_sentence(figure: str, drivers: Sequence[tuple[str, str]], lang: str = "zh") -> str:
    """Which assumptions a figure's uncertainty comes from: 经费不确定性的53%来自实际参训率，47%来自
    报名注册率. ``drivers`` are (share, name), written, largest first; at least one."""
    what = text(FIGURE_WORDS[figure], lang)
    (share, name), *more = drivers
    parts = [text("driver_first", lang, figure=what, share=share, name=in_sentence(name, lang))]
    parts += [text("driver_more", lang, share=s, name=in_sentence(n, lang)) for s, n in more]
    return comma(lang).join(parts)
