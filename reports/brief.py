"""The brief's content, computed once and laid out by both the Word and the PDF renderer.

A brief is a title and a list of blocks (headings, paragraphs, bullets, tables, figures);
renderers only decide how a block looks, never what it says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from charts import cashflow_chart, cost_chart, fill_chart
from sim.catalog import MODEL_PARAMETERS
from sim.results import TrackSummary
from sim.scenario import driving_parameters, knobs
from sim.text import (
    colon,
    date,
    deadline_name,
    delta,
    figure,
    knob_label,
    name_in,
    number,
    pct,
    proper_in,
    quoted,
    text,
    timestamp,
    unit_in,
)

from .inputs import ProgramRun, ReportInputs, interval_text
from .png import chart_png

MAX_DRIVER_ROWS = 12  # keeps the brief at two pages; the workbook lists every value
MAX_CHART_BARS = 15  # a fill-rate chart shows at most this many sub-programs


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # small grey print: method notes under the title, captions


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the text width, summing to 1


@dataclass(frozen=True)
class Figure:
    png: bytes
    caption: str


Block = Heading | Paragraph | Bullets | Table | Figure


@dataclass
class Brief:
    title: str
    subtitle: str
    lang: str
    blocks: list[Block] = field(default_factory=list)


def _sep(lang: str) -> tuple[str, str]:
    """Colon and clause separator in the report's language."""
    return colon(lang), "；" if lang == "zh" else "; "


def overrides_text(run: ProgramRun) -> str:
    return ", ".join(f"{k} = {v}" for k, v in run.overrides.items())


def meta_lines(inputs: ReportInputs) -> list[str]:
    """Who computed what, when and from which data: the cover block of every format."""
    lang, mark = inputs.lang, colon(inputs.lang)
    changes = [f"{r.program.id}{mark}{overrides_text(r)}" for r in inputs.runs if r.changed]
    intervals = interval_text(inputs)
    return [
        f"{text('generated', lang)}{mark}{timestamp(inputs.generated, lang)}",
        text("runs_line", lang, n=inputs.replications, seed=inputs.seed),
        f"{text('data_version', lang)}{mark}{inputs.data_version}",
        f"{text('scenario_changes', lang)}{mark}" + ("; ".join(changes) if changes else text("no_changes", lang)),
        intervals + " " + text("baseline_note", lang),
    ]


def _risks(run: ProgramRun, lang: str) -> str:
    items = [
        text(
            "risk_item",
            lang,
            name=deadline_name(d.names, d.track_names, lang),
            deadline=date(d.deadline, lang),
            share=pct(d.at_risk_share, lang),
        )
        for d in run.result.summary.deadlines
        if d.at_risk
    ]
    if not items:
        return text("no_risk", lang)
    return text("risks", lang, n=len(items), items=("、" if lang == "zh" else ", ").join(items))


def finding(run: ProgramRun, lang: str) -> str:
    """One sentence of numbers per program: level with interval, change vs baseline, deadlines."""
    mark, semi = _sep(lang)
    tot, base = run.result.summary.totals, run.baseline.summary.totals
    parts = [
        text(
            "finding",
            lang,
            fill=figure(tot.fill_rate, "pct", lang),
            completed=figure(tot.completed, "count", lang),
            cost=figure(tot.cost_yuan, "wan", lang),
        )
    ]
    if run.changed:
        parts.append(
            text(
                "finding_change",
                lang,
                **{
                    key: delta(tot.figure(k).mean - base.figure(k).mean, kind, lang)
                    for key, k, kind in (
                        ("fill", "fill_rate", "pct"),
                        ("completed", "completed", "count"),
                        ("cost", "cost_yuan", "wan"),
                    )
                },
            )
        )
    parts.append(_risks(run, lang))
    b = run.result.summary.budget
    if b:
        fund, paid = figure(b.training_fund_yuan.mean, "wan", lang), b.school_paid_yuan.mean
        parts.append(
            text(
                "budget_line",
                lang,
                fund=fund,
                years=b.years,
                paid=figure(paid, "wan", lang),
                share=pct(b.cost_share_of_fund.mean, lang),
            ).rstrip("。.")
            if paid > 0
            else text("budget_not_schools", lang, fund=fund, years=b.years).rstrip("。.")
        )
    return f"{name_in(run.result.names, lang)}{mark}" + semi.join(parts) + ("。" if lang == "zh" else ".")


def _bars_height(n: int) -> int:
    return max(60, 22 * n)


def worst_filled(tracks: Sequence[TrackSummary], n: int = MAX_CHART_BARS) -> list[TrackSummary]:
    """The ``n`` sub-programs with the lowest mean fill rate, lowest first: the ones to act on."""
    return sorted(tracks, key=lambda s: s.totals.fill_rate.mean)[:n]


def _fill_figure(tracks: Sequence[TrackSummary], lang: str) -> Figure:
    """Fill rate by sub-program; of many, only the worst filled."""
    caption = text("chart_fill_tracks", lang)
    if len(tracks) > MAX_CHART_BARS:
        caption = text("chart_fill_lowest", lang, n=MAX_CHART_BARS, total=len(tracks))
        tracks = worst_filled(tracks)
    rows = [(s.names, s.totals.fill_rate) for s in tracks]
    return Figure(chart_png(fill_chart(rows, lang), height=_bars_height(len(tracks))), caption)


def figures(inputs: ReportInputs) -> list[Figure]:
    """Fill rate and cost (by sub-program and line for one program, by program for several), cash flow for one."""
    lang, runs = inputs.lang, inputs.runs
    if len(runs) == 1:
        r = runs[0].result.summary
        out = [
            _fill_figure(r.subprograms, lang),
            Figure(
                chart_png(
                    cost_chart(r.totals.cost_by_line, r.cost_lines, lang),
                    height=_bars_height(len(r.cost_lines)),
                ),
                text("chart_cost_lines", lang),
            ),
        ]
        if r.cashflow:
            out.append(Figure(chart_png(cashflow_chart(r.cashflow, lang), height=160), text("chart_cashflow", lang)))
        return out
    as_rows = [(x.result.names, x.result.summary.totals.fill_rate) for x in runs]
    costs = {x.program.id: x.result.summary.totals.cost_yuan for x in runs}
    names = {x.program.id: x.result.names for x in runs}
    return [
        Figure(chart_png(fill_chart(as_rows, lang), height=_bars_height(len(runs))), text("chart_fill_programs", lang)),
        Figure(
            chart_png(cost_chart(costs, names, lang), height=_bars_height(len(runs))), text("chart_cost_programs", lang)
        ),
    ]


def parameter_value(value: Any, unit: str, lang: str) -> str:
    """A parameter the way a reader expects it: rates as percentages, money with separators, dates in words."""
    if unit == "ratio" and isinstance(value, (int, float)):
        return pct(value, lang)
    if unit == "date":
        return date(value, lang)
    if isinstance(value, (int, float)):
        shown = number(value, lang, 0 if float(value).is_integer() else None)
        return f"{shown} {unit_in(unit, lang)}".strip() if unit not in ("multiplier",) else f"{shown}×"
    return str(value)


def driver_rows(run: ProgramRun, lang: str) -> list[tuple[str, str, str]]:
    """(parameter, value, basis): the scenario's changes, then the assumed rates, then other assumed values the model reads."""
    valid = knobs(run.program)
    rows = []
    for key, value in run.overrides.items():
        k = valid[key]
        before = parameter_value(k.default, k.unit, lang)
        rows.append(
            (
                knob_label(k, lang),
                parameter_value(value, k.unit, lang),
                f"{text('changed_in_scenario', lang)}（{before}）"
                if lang == "zh"
                else f"{text('changed_in_scenario', lang)} (was {before})",
            )
        )
    # The behavioural rates move every figure; sorted first so a short table keeps them.
    for pid in sorted(driving_parameters(run.program), key=lambda pid: pid not in MODEL_PARAMETERS):
        q = run.program.parameters[pid]
        if q.assumed and pid not in run.overrides:
            k, reason = valid[pid], q.reason.model_dump() if q.reason else None
            rows.append((knob_label(k, lang), parameter_value(q.value, q.unit, lang), name_in(reason, lang)))
    return rows


def _drivers(inputs: ReportInputs) -> list[Block]:
    lang, several = inputs.lang, len(inputs.runs) > 1
    per_program = [
        [((name_in(r.result.names, lang),) if several else ()) + row for row in driver_rows(r, lang)]
        for r in inputs.runs
    ]
    share = max(2, -(-MAX_DRIVER_ROWS // len(per_program)))  # each program gets its part of the table
    shown = [row for rows in per_program for row in rows[:share]]
    hidden = sum(len(rows) for rows in per_program) - len(shown)
    header = ((text("program", lang),) if several else ()) + (
        text("parameter_name", lang),
        text("value", lang),
        text("quote_or_reason", lang),
    )
    widths = (0.19, 0.25, 0.14, 0.42) if several else (0.32, 0.18, 0.50)
    out: list[Block] = [Heading(text("drivers", lang)), Table(header, tuple(shown), widths)]
    if hidden:
        out.append(Paragraph(text("drivers_more", lang, n=hidden), note=True))
    return out


def source_line(view: dict[str, Any], lang: str) -> str:
    doc = view["document"]
    parts = [
        quoted(doc["number"]) if doc["number"] else text("no_number", lang),
        proper_in(doc["issuer"], view["names_en"], lang),
        date(doc["issued"], lang) if doc["issued"] else text("no_date", lang),
        quoted(doc["title"]),
    ]
    return f"{name_in(view['names'], lang)}{_sep(lang)[0]}" + " · ".join(parts)


def build_brief(inputs: ReportInputs) -> Brief:
    lang = inputs.lang
    brief = Brief(
        title=inputs.title or text("report_title", lang),
        subtitle=("、" if lang == "zh" else "; ").join(name_in(r.result.names, lang) for r in inputs.runs),
        lang=lang,
    )
    brief.blocks += [Paragraph(line, note=True) for line in meta_lines(inputs)]
    brief.blocks += [Heading(text("key_findings", lang)), Bullets(tuple(finding(r, lang) for r in inputs.runs))]
    brief.blocks += figures(inputs)
    brief.blocks += _drivers(inputs)
    brief.blocks += [
        Heading(text("sources", lang)),
        Bullets(tuple(source_line(r.view, lang) for r in inputs.runs)),
        Paragraph(text("what_assumed", lang), note=True),
    ]
    return brief


def all_text(brief: Brief) -> str:
    """Every character the brief prints (for cutting the font down to what a document uses)."""
    parts = [brief.title, brief.subtitle]
    for block in brief.blocks:
        if isinstance(block, (Heading, Paragraph)):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts += block.items
        elif isinstance(block, Table):
            parts += [*block.header, *(cell for row in block.rows for cell in row)]
        elif isinstance(block, Figure):
            parts.append(block.caption)
    return "".join(parts)
