"""Sentences for the codes that results and audit findings carry, in either language."""

from __future__ import annotations

from typing import Any

from .labels import name_in, text


def deadline_name(names: dict | None, track_names: dict | None, lang: str = "zh") -> str:
    """A deadline check's name: its milestone's, else its sub-program's sign-up, else the arrival notice."""
    if names:
        return name_in(names, lang)
    if track_names:
        return text("deadline_name_enrolment", lang, track=name_in(track_names, lang))
    return text("deadline_name_notice", lang)


def deadline_what(code: str, lang: str = "zh") -> str:
    """What has to be done by a deadline (a ``sim.results.deadlines`` code)."""
    return text(f"deadline_{code}", lang)


def finding_text(finding: Any, lang: str = "zh") -> str:
    """An audit finding (``sim.catalog.Finding``: code, params, numbers) as one sentence."""
    params = dict(finding.params)
    if finding.code == "row_vs_cells":
        params["by"] = text(f"audit_by_{params['by']}", lang)
    code = finding.code
    if code == "columns_vs_grand" and params.get("excluded"):
        code = "columns_vs_grand_less"
    what = text(f"audit_{code}", lang, subject=name_in(finding.subject_names, lang), **params)
    diff = finding.computed - finding.stated
    verdict = text("audit_agrees", lang) if finding.ok else text("audit_differs", lang, diff=diff)
    return text("audit_message", lang, what=what, stated=finding.stated, computed=finding.computed, verdict=verdict)
