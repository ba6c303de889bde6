"""Sentences for the codes that results and audit findings carry, in either language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .formatting import date, number, pct
from .keys import N_
from .labels import name_in, proper_in, text, unit_label


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
