"""The brief's content, computed once and laid out by both the Word and the PDF renderer.

A brief is a title and a list of blocks (headings, paragraphs, the headline, numbered findings,
bullets, tables, figures); renderers only decide how a block looks, never what it says. It opens
with what matters (the headline and findings of ``reports.findings``), then puts the baseline and
the picked scenarios side by side, by their names, then the assumed values and the documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from charts import fill_chart
from sim.catalog import MODEL_PARAMETERS
from sim.results import TrackSummary
from sim.scenario import driving_parameters, knobs
from sim.text import assumed_range, colon, date, knob_label, name_in, proper_in, quoted, text

from .brief_charts import scenario_chart
from .findings import change, findings, series
from .inputs import ProgramRun, ReportInputs, ScenarioRun, interval_text
from .plan_actual import gap_header, gap_row, intro, pace_sentence, totals_sentence
from .png import chart_png
from .words import (
    count_range,
    generated_at,
    money_change,
    money_range,
    money_unit,
    pct_range,
    reason_text,
    scenario_label,
    setting_changes,
    setting_value,
)

MAX_DRIVER_ROWS = 12  # keeps the brief at two pages; the workbook lists every value
MAX_CHART_BARS = 15  # a fill-rate chart shows at most this many sub-programs
MAX_GAP_ROWS = 6  # plan against actual: the heaviest gaps; the workbook lists every one


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # small grey print: method notes under the title, captions
    strong: bool = False  # a program's name above its part of the brief


@dataclass(frozen=True)
class Headline:
    text: str  # the one sentence a reader takes away


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Numbered:
    items: tuple[tuple[str, str], ...]  # (finding, its basis in small print)


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # shares of the text width, summing to 1


@dataclass(frozen=True)
class Figure:
    png: bytes
    caption: str


Block = Heading | Paragraph | Headline | Bullets | Numbered | Table | Figure


@dataclass
class Brief:
    title: str
    subtitle: str
    lang: str
    blocks: list[Block] = field(default_factory=list)


def _sep(lang: str) -> tuple[str, str]:
    """Colon and clause separator in the report's language."""
    return colon(lang), "；" if lang == "zh" else "; "


def scenario_settings(run: ProgramRun, scenario: ScenarioRun, lang: str) -> str:
    """What a scenario changes, in words: each setting's name, its value and the documents' value."""
    changes = setting_changes(run.program, scenario.overrides, lang)
    return _sep(lang)[1].join(changes) if changes else text("no_changes", lang)


def meta_lines(inputs: ReportInputs) -> list[str]:
    """Who computed what, when and from which data: the cover block of every format."""
    lang, mark = inputs.lang, colon(inputs.lang)
    several = len(inputs.runs) > 1
    changes = [
        (f"{name_in(r.result.names, lang)} · " if several else "")
        + f"{scenario_label(s.name, lang)}{mark}{scenario_settings(r, s, lang)}"
        for r in inputs.runs
        for s in r.scenarios
    ]
    return [
        f"{text('generated', lang)}{mark}{generated_at(inputs.generated, lang)}",
        text("runs_line", lang, n=inputs.replications, seed=inputs.seed),
        f"{text('data_version', lang)}{mark}{inputs.data_version}",
        f"{text('scenario_changes', lang)}{mark}"
        + (_sep(lang)[1].join(changes) if changes else text("no_changes", lang)),
        interval_text(inputs) + " " + text("baseline_note", lang),
    ]


def comparison_rows(run: ProgramRun, lang: str) -> list[tuple[str, ...]]:
    """The side-by-side table: one row per figure, one column per scenario (baseline first)."""
    results = [r for _, r in series(run, lang)]
    rows = [
        (text(label, lang), *(count_range(r.summary.totals.figure(key), lang) for r in results))
        for key, label in (("quota", "quota"), ("enrolled", "enrolled"), ("completed", "completed"))
    ]
    rows += [
        (text(label, lang), *(pct_range(r.summary.totals.figure(key), lang) for r in results))
        for key, label in (("fill_rate", "fill_rate"), ("completion_rate", "completion_rate"))
    ]
    rows.append(
        (
            text("axis_money", lang, label=text("cost_plain", lang), unit=money_unit(lang)),
            *(money_range(r.summary.totals.cost_yuan, lang, unit=False) for r in results),
        )
    )
    rows.append(
        (
            text("cost_change", lang),
            "—",
            *(money_change(change(r, run.baseline, "cost_yuan"), lang) for r in results[1:]),
        )
    )
    rows.append(
        (
            text("deadlines_risk_row", lang),
            *(
                text("n_of", lang, n=sum(d.at_risk for d in r.summary.deadlines), of=len(r.summary.deadlines))
                for r in results
            ),
        )
    )
    return rows


def _comparison(run: ProgramRun, lang: str) -> list[Block]:
    names = [name for name, _ in series(run, lang)]
    first = 0.28
    rest = (1 - first) / len(names)
    blocks: list[Block] = [
        Table((text("figure", lang), *names), tuple(comparison_rows(run, lang)), (first, *([rest] * len(names))))
    ]
    settings = tuple((scenario_label(s.name, lang), scenario_settings(run, s, lang)) for s in run.scenarios)
    if settings:
        blocks.append(Table((text("scenario_column", lang), text("scenario_changes", lang)), settings, (0.28, 0.72)))
    return blocks


def _findings(inputs: ReportInputs) -> list[Block]:
    lang, several = inputs.lang, len(inputs.runs) > 1
    out: list[Block] = [Heading(text("key_findings", lang))]
    for run in inputs.runs:
        found = findings(run, lang)
        if several:
            out.append(Paragraph(name_in(run.result.names, lang), strong=True))
        out.append(Headline(found.headline))
        out.append(Numbered(tuple((p.text, p.basis) for p in found.points)))
    return out


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
    """The scenarios side by side (cost and fill rate) per program; for one program also its sub-programs' fill."""
    lang, out = inputs.lang, []
    for run in inputs.runs:
        rows = [(name, r.summary.totals.cost_yuan, r.summary.totals.fill_rate) for name, r in series(run, lang)]
        caption = text("chart_scenarios", lang)
        if len(inputs.runs) > 1:
            caption = f"{name_in(run.result.names, lang)}{colon(lang)}{caption}"
        out.append(Figure(chart_png(scenario_chart(rows, lang), width=None), caption))
    if len(inputs.runs) == 1:
        out.append(_fill_figure(inputs.runs[0].result.summary.subprograms, lang))
    return out


def _plan_actual(inputs: ReportInputs) -> list[Block]:
    """Per program with stored actuals: what is compared, the totals, the pace, the heaviest gaps."""
    lang, several = inputs.lang, len(inputs.runs) > 1
    with_actuals = [r for r in inputs.runs if r.plan_actual is not None]
    if not with_actuals:
        return []
    out: list[Block] = [Heading(text("pva_heading", lang))]
    for run in with_actuals:
        pa = run.plan_actual
        assert pa is not None  # picked above
        if several:
            out.append(Paragraph(name_in(run.result.names, lang), strong=True))
        out.append(Paragraph(intro(pa, lang), note=True))
        out.append(Paragraph(totals_sentence(pa, lang)))
        pace = pace_sentence(pa, lang)
        if pace:
            out.append(Paragraph(pace))
        rows = tuple(gap_row(g, run.program, lang) for g in pa.biggest(MAX_GAP_ROWS))
        out.append(Table(gap_header(lang), rows, (0.25, 0.13, 0.25, 0.12, 0.12, 0.13)))
        if len(pa.gaps) > len(rows):
            out.append(Paragraph(text("pva_more", lang, n=len(pa.gaps) - len(rows)), note=True))
    return out


def driver_rows(run: ProgramRun, lang: str) -> list[tuple[str, str, str, str]]:
    """(parameter, value, plausible range, reason): the assumed values the model reads that no scenario
    changes, rates first (the scenarios' changes have their own table; the ranges' reasons are in the
    workbook's assumptions sheet)."""
    valid = knobs(run.program)
    changed = {k for s in run.scenarios for k in s.overrides}
    rows = []
    # The behavioural rates move every figure; sorted first so a short table keeps them.
    for pid in sorted(driving_parameters(run.program), key=lambda pid: pid not in MODEL_PARAMETERS):
        q = run.program.parameters[pid]
        if q.assumed and pid not in changed:
            k, r = valid[pid], q.range
            span = "—" if r is None else assumed_range(r.low, r.high, q.unit, lang)
            rows.append((knob_label(k, lang), setting_value(q.value, q.unit, lang), span, reason_text(q.reason, lang)))
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
        text("plausible_range", lang),
        text("quote_or_reason", lang),
    )
    widths = (0.16, 0.22, 0.11, 0.13, 0.38) if several else (0.26, 0.13, 0.15, 0.46)
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
    brief.blocks += _findings(inputs)
    charts = figures(inputs)
    brief.blocks.append(Heading(text("scenarios_side_by_side", lang)))
    for i, run in enumerate(inputs.runs):
        if len(inputs.runs) > 1:
            brief.blocks.append(Paragraph(name_in(run.result.names, lang), strong=True))
        brief.blocks += _comparison(run, lang)
        brief.blocks.append(charts[i])
    brief.blocks += charts[len(inputs.runs) :]
    brief.blocks += _plan_actual(inputs)
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
        if isinstance(block, (Heading, Paragraph, Headline)):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts += block.items
        elif isinstance(block, Numbered):
            parts += [f"{i}." for i in range(1, len(block.items) + 1)] + [x for item in block.items for x in item]
        elif isinstance(block, Table):
            parts += [*block.header, *(cell for row in block.rows for cell in row)]
        elif isinstance(block, Figure):
            parts.append(block.caption)
    return "".join(parts)
