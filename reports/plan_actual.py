"""Plan against actual in the reports' words: where a gap is, what it counts, plan, actual and the gap.

The comparison itself is ``sim.actuals.compare`` (gathered into ``ProgramRun.plan_actual``); the brief,
its findings and the workbook word it through these functions, money in the report's unit.
"""

from __future__ import annotations

from sim.actuals import Gap, PlanActual
from sim.catalog import Program
from sim.results import Figure
from sim.text import N_, date, name_in, number, pct, text, unit_label

from .words import count_range, money_number, money_range

FIGURE_WORDS = {
    "registered": N_("pva_registered"),
    "enrolled": N_("enrolled"),
    "attended": N_("attended"),
    "completed": N_("completed"),
    "paid_yuan": N_("pva_paid"),
}
MONEY = "paid_yuan"


def track_words(track: str, program: Program, lang: str) -> str:
    return name_in(next(t.names.model_dump() for t in program.tracks if t.id == track), lang)


def unit_words(gap: Gap, program: Program, lang: str) -> str:
    """The gap's unit, or that it is the sub-program as a whole."""
    return unit_label(gap.unit, program, lang) if gap.unit else text("pva_whole_track", lang)


def where(gap: Gap, program: Program, lang: str) -> str:
    """The gap's sub-program and unit: 县级教师培训团队 · 新县; the sub-program alone for a whole track."""
    if not gap.track:
        return text("pva_all_units", lang)
    track = track_words(gap.track, program, lang)
    return f"{track} · {unit_label(gap.unit, program, lang)}" if gap.unit else track


def figure_words(gap: Gap, lang: str) -> str:
    return text(FIGURE_WORDS[gap.figure], lang)


def amount(value: Figure, figure: str, lang: str) -> str:
    """A plan (with its range) or an actual, with its unit: 2,706 人（2,690–2,720 人）, 1,648 万元."""
    if figure == MONEY:
        return money_range(value, lang)
    return count_range(value, lang, N_("persons_n"))


def difference(gap: Gap, lang: str) -> str:
    """The gap with its sign and unit: −301 人, −183 万元."""
    d = gap.difference
    sign = "+" if d > 0 else "−" if d < 0 else ""
    if gap.figure == MONEY:
        return sign + text("money", lang, amount=money_number(abs(d), lang))
    return sign + text("persons_n", lang, n=number(abs(d), lang))


def relative(gap: Gap, lang: str) -> str:
    """The gap as a share of the plan, signed: −11.1%; — where the plan is zero."""
    r = gap.relative
    if r is None:
        return "—"
    return ("+" if r > 0 else "−" if r < 0 else "") + pct(abs(r), lang)


def in_range(gap: Gap, lang: str) -> str:
    """Whether the actual falls in the plan's 95% range: — for one run (no range)."""
    if gap.outside is None:
        return "—"
    return text("pva_outside" if gap.outside else "pva_inside", lang)


def range_note(gap: Gap, lang: str) -> str:
    """For a sentence: whether the actual is outside the plan's 95% range; nothing for one run."""
    if gap.outside is None:
        return ""
    return text("pva_outside_note" if gap.outside else "pva_inside_note", lang)


def gap_sentence(gap: Gap, program: Program, lang: str) -> str:
    """One gap in words: 乡村教师培训 · 参训（报到）：实际 2,405 人，计划 2,706 人（…），−11.1%."""
    return text(
        "pva_gap",
        lang,
        where=where(gap, program, lang),
        figure=figure_words(gap, lang),
        actual=amount(Figure.exactly(gap.actual), gap.figure, lang),
        plan=amount(gap.plan, gap.figure, lang),
        relative=relative(gap, lang),
    )


def total_words(gap: Gap, lang: str) -> str:
    """A figure over the compared units: 结业实际 9,453 人，计划 10,784 人（…），相对偏差 −12.3%."""
    return text(
        "pva_total",
        lang,
        figure=figure_words(gap, lang),
        actual=amount(Figure.exactly(gap.actual), gap.figure, lang),
        plan=amount(gap.plan, gap.figure, lang),
        relative=relative(gap, lang),
    )


def totals_sentence(pa: PlanActual, lang: str) -> str:
    """The compared units together, one figure after the other."""
    parts = [total_words(g, lang) for g in pa.totals.values()]
    return text("pva_totals", lang, items=("；" if lang == "zh" else "; ").join(parts))


def pace_sentence(pa: PlanActual, lang: str) -> str:
    """Where the daily files end, the actual against the plan by that day (registrations, payments)."""
    parts = []
    for series, key in ((pa.registrations, N_("pva_pace_registered")), (pa.payments, N_("pva_pace_paid"))):
        last = series.last
        if last is None:
            continue
        day, actual, plan = last
        figure = "registered" if series.figure == "registered" else MONEY
        words = text(
            key,
            lang,
            date=date(day, lang),
            actual=amount(Figure.exactly(actual), figure, lang),
            plan=amount(plan, figure, lang),
        )
        if not series.all_tracks:
            words += text("pva_some_tracks", lang, n=len(series.tracks))
        parts.append(words)
    if not parts:
        return ""
    return ("；" if lang == "zh" else "; ").join(parts) + ("。" if lang == "zh" else ".")


def intro(pa: PlanActual, lang: str) -> str:
    """What is compared with what, and in which order."""
    return text("pva_intro", lang, n=len(pa.files), files=("、" if lang == "zh" else ", ").join(pa.files))


def gap_row(gap: Gap, program: Program, lang: str) -> tuple[str, ...]:
    """A brief's table row: where, figure, plan, actual, gap, relative gap."""
    return (
        where(gap, program, lang),
        figure_words(gap, lang),
        amount(gap.plan, gap.figure, lang),
        amount(Figure.exactly(gap.actual), gap.figure, lang),
        difference(gap, lang),
        relative(gap, lang),
    )


def gap_header(lang: str) -> tuple[str, ...]:
    return (
        text("pva_where", lang),
        text("figure", lang),
        text("pva_plan", lang),
        text("pva_actual", lang),
        text("pva_difference", lang),
        text("pva_relative", lang),
    )
