"""The briefing workbook, laid out as official statistics publish spreadsheets (the gptables style, by hand).

A cover sheet (title, programs, scenarios, data version, Beijing time), a contents sheet linking
every sheet, a notes sheet, then the findings with the scenarios side by side, the key figures,
one sheet per program, the assumptions and the audit. Every table has a title, a units line and a
source line; sheet names are in the workbook's language. Numbers are stored as numbers (formatted,
never as text) so a reader can recompute, money in 万元 (million yuan in English); charts are native
Excel charts over the sheet's own cells, so they stay live if a reader edits the table. Every string
goes through ``Sheet.text``, which keeps text from ever becoming a formula.
"""

from __future__ import annotations

import io
from dataclasses import astuple
from typing import Any

import xlsxwriter

from sim.actuals import Gap
from sim.catalog import parameter_rows
from sim.results import rule_checks
from sim.text import (
    MODE_LABEL,
    N_,
    assumed_range,
    clause_in,
    deadline_name,
    deadline_what,
    finding_text,
    label_in,
    name_in,
    proper_in,
    text,
    unit_in,
    unit_label,
)

from .brief import meta_lines, scenario_settings, source_line
from .findings import change, findings, series
from .inputs import ProgramRun, ReportInputs, interval_text
from .plan_actual import MONEY, figure_words, in_range, intro, track_words, unit_words
from .words import document_ref, generated_at, money_unit, reason_text, scenario_label
from .xlsx_sheet import Placed, Sheet, Styles

# (result key, label key, number format) of the figures compared with the baseline.
FIGURES = (
    ("quota", "quota", "count"),
    ("enrolled", "enrolled", "count"),
    ("attended", "attended", "count"),
    ("completed", "completed", "count"),
    ("fill_rate", "fill_rate", "pct"),
    ("completion_rate", "completion_rate", "pct"),
    ("credits", "credits", "count"),
    ("cost_yuan", "cost", "yuan"),
)
CHART_WIDTH_PX = 480
CHART_ROW_PX = 20  # Excel's default row height in pixels: rows a chart covers
CASHFLOW_HEIGHT_PX = 300
MONEY_FORMAT = "#,##0"  # chart axes: whole 万元 (million yuan)


def money_header(key: str, lang: str) -> str:
    """A money column's header with the report's unit: 经费（万元）."""
    return text("axis_money", lang, label=text(key, lang), unit=money_unit(lang))


def figure_label(key: str, lang: str) -> str:
    return money_header("cost_plain", lang) if key == "cost" else text(key, lang)


def units_line(lang: str) -> str:
    return text("table_units", lang, money=money_unit(lang))


def model_source(inputs: ReportInputs, runs: list[ProgramRun] | None = None) -> str:
    """A table's source line: the simulation and the documents its parameters come from."""
    documents = ("、" if inputs.lang == "zh" else "; ").join(
        document_ref(r.view, inputs.lang) for r in (runs or inputs.runs)
    )
    return text("table_source", inputs.lang, runs=runs_text(inputs), documents=documents)


def runs_text(inputs: ReportInputs) -> str:
    if inputs.deterministic:
        return text("expected_values", inputs.lang).rstrip("。.")
    return text("runs_line", inputs.lang, n=inputs.replications, seed=inputs.seed)


def bars_height(bars: int, series: int = 1) -> int:
    """Chart height in pixels that gives each bar room for its label."""
    return max(260, 70 + 22 * bars * series)


def _bar_chart(
    workbook,
    sheet: Sheet,
    title: str,
    categories: tuple[int, int, int],
    series: list[tuple[str, int]],
    number_format: str,
    share: bool = False,
):
    """Horizontal bars over the sheet's cells: categories (first row, last row, column); series (name, column)."""
    chart = workbook.add_chart({"type": "bar"})
    first, last, cat_col = categories
    for name, col in series:
        chart.add_series(
            {
                "name": name,
                "categories": [sheet.name, first, cat_col, last, cat_col],
                "values": [sheet.name, first, col, last, col],
            }
        )
    chart.set_title({"name": title, "name_font": {"size": 11}})
    # From zero: a reader compares bar lengths, and Excel's automatic minimum would exaggerate gaps.
    chart.set_x_axis(
        {"num_format": number_format, "min": 0, **({"max": 1} if share else {}), "major_gridlines": {"visible": True}}
    )
    chart.set_y_axis({"reverse": True})  # first row on top, as in the table
    chart.set_legend({"position": "bottom"} if len(series) > 1 else {"none": True})
    chart.set_size({"width": CHART_WIDTH_PX, "height": bars_height(last - first + 1, len(series))})
    return chart


# ---------------------------------------------------------------- cover, contents, notes


def _cover(workbook, styles: Styles, inputs: ReportInputs, name: str) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, name)
    sheet.caps = {0: 24, 1: 90}
    sheet.text(0, 0, inputs.title or text("report_title", lang), "title", fit=False)
    rows = [
        (
            text("cover_programs", lang),
            ("、" if lang == "zh" else "; ").join(name_in(r.result.names, lang) for r in inputs.runs),
        )
    ]
    for r in inputs.runs:
        names = [n for n, _ in series(r, lang)]
        label = text("cover_scenarios", lang)
        if len(inputs.runs) > 1:
            label = f"{label} · {name_in(r.result.names, lang)}"
        rows.append((label, ("、" if lang == "zh" else "; ").join(names)))
    rows += [
        (text("generated", lang), generated_at(inputs.generated, lang)),
        (text("data_version", lang), inputs.data_version),
        (text("cover_runs", lang), text("runs_line", lang, n=inputs.replications, seed=inputs.seed)),
    ]
    row = 2
    for label, value in rows:
        sheet.text(row, 0, label, "label")
        sheet.text(row, 1, value, "wrap")
        row += 1
    row += 1
    for r in inputs.runs:
        sheet.text(row, 0, text("cover_headline", lang), "label")
        sheet.text(row, 1, findings(r, lang).headline, "wrap")
        row += 1
    sheet.text(row + 1, 0, text("cover_see_contents", lang), "note", fit=False)
    sheet.finish(landscape=False)


def _contents(workbook, styles: Styles, inputs: ReportInputs, name: str, sheets: list[tuple[str, str]]) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, name)
    sheet.caps = {0: 24, 1: 80}
    sheet.text(0, 0, text("sheet_contents", lang), "title", fit=False)
    sheet.text(1, 0, text("contents_intro", lang), "note", fit=False)
    sheet.table(3, [text("contents_sheet", lang), text("contents_what", lang)], [], [])
    for i, (target, what) in enumerate(sheets, start=4):
        # A link to the sheet's first cell; the shown text is the sheet's name (quote-safe: names are ours).
        sheet.ws.write_url(i, 0, f"internal:'{target}'!A1", styles.get("text"), string=target)
        sheet._fit(0, target, "text")
        sheet.text(i, 1, what, "wrap")
    sheet.finish(landscape=False)


def notes(inputs: ReportInputs) -> list[str]:
    """The notes every table refers to, in the order the workbook uses them."""
    lang = inputs.lang
    return [
        interval_text(inputs),
        text("baseline_note", lang),
        text("note_changes", lang),
        text("note_money", lang, money=money_unit(lang)),
        text("what_assumed", lang),
        text("note_times", lang),
        text("by_year_note", lang),
        text("audit_intro", lang),
    ]


def _notes(workbook, styles: Styles, inputs: ReportInputs, name: str) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, name)
    sheet.caps = {0: 10, 1: 100}
    sheet.text(0, 0, text("sheet_notes", lang), "title", fit=False)
    sheet.table(
        2,
        [text("note_number", lang), text("note_text", lang)],
        [[i, n] for i, n in enumerate(notes(inputs), 1)],
        ["number", "wrap"],
    )
    sheet.finish(landscape=False)


# ---------------------------------------------------------------- findings and scenarios side by side


def _findings(workbook, styles: Styles, inputs: ReportInputs, name: str) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, name)
    # the findings' text and basis, and the side-by-side table's column of changed settings, wrap wide
    sheet.caps = {0: 26, 1: 60, 2: 36, 1 + len(FIGURES) + 3: 44}
    sheet.cap = 16
    sheet.text(0, 0, inputs.title or text("report_title", lang), "title", fit=False)
    row = 1
    for line in meta_lines(inputs):
        sheet.text(row, 0, line, "note", fit=False)
        row += 1
    row += 1
    charts = []
    for r in inputs.runs:
        program = name_in(r.result.names, lang)
        found = findings(r, lang)
        sheet.text(row, 0, program, "section", fit=False)
        sheet.text(row + 1, 0, found.headline, "label", fit=False)
        placed = sheet.titled(
            row + 3,
            text("findings_table", lang, program=program),
            units_line(lang),
            text("table_source", lang, runs=runs_text(inputs), documents=document_ref(r.view, lang)),
            [text("note_number", lang), text("finding_column", lang), text("basis", lang)],
            [[i, p.text, p.basis] for i, p in enumerate(found.points, 1)],
            ["number", "wrap", "wrap"],
        )
        results = series(r, lang)
        header = [
            text("scenario_column", lang),
            *(figure_label(label, lang) for _, label, _ in FIGURES),
            money_header(N_("cost_change_plain"), lang),
            text("deadlines_risk_row", lang),
            text("rules_failing", lang),
            text("scenario_changes", lang),
        ]
        rows = []
        for (label, res), s in zip(results, [None, *r.scenarios]):
            totals = res.summary.totals
            rows.append(
                [
                    label,
                    *(totals.figure(key).mean for key, _, _ in FIGURES),
                    change(res, r.baseline, "cost_yuan").mean,
                    sum(d.at_risk for d in res.summary.deadlines),
                    sum(not c.passed for c in rule_checks(r.program, res)),
                    scenario_settings(r, s, lang) if s else text("no_changes", lang),
                ]
            )
        kinds = ["wrap", *(k for _, _, k in FIGURES), "yuan", "count", "count", "wrap"]
        side = sheet.titled(
            placed.next,
            text("scenarios_table", lang, program=program),
            units_line(lang),
            model_source(inputs, [r]),
            header,
            rows,
            kinds,
        )
        fill_col, cost_col = 1 + [k for k, _, _ in FIGURES].index("fill_rate"), 1 + len(FIGURES) - 1
        charts.append((side.next, side, fill_col, cost_col, program))
        row = side.next + max(bars_height(len(rows)), 260) // CHART_ROW_PX + 2
    for top, side, fill_col, cost_col, program in charts:
        fill = _bar_chart(
            workbook,
            sheet,
            f"{program} · {text('fill_rate', lang)}",
            (side.first, side.last, 0),
            [(text("fill_rate", lang), fill_col)],
            "0%",
            share=True,
        )
        cost = _bar_chart(
            workbook,
            sheet,
            f"{program} · {money_header('cost_plain', lang)}",
            (side.first, side.last, 0),
            [(money_header("cost_plain", lang), cost_col)],
            MONEY_FORMAT,
        )
        sheet.ws.insert_chart(top, 0, fill)
        sheet.ws.insert_chart(top, 0, cost, {"x_offset": CHART_WIDTH_PX + 20})
    sheet.finish(repeat_rows=None)


def _figures(workbook, styles: Styles, inputs: ReportInputs, name: str) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, name)
    header = [
        text("program", lang),
        text("scenario_column", lang),
        text("figure", lang),
        text("mean", lang),
        text("low", lang),
        text("high", lang),
        text("change_mean", lang),
        text("low", lang),
        text("high", lang),
    ]
    rows, kinds = [], []
    for r in inputs.runs:
        for label, res in series(r, lang):
            for key, fig_label, kind in FIGURES:
                d = change(res, r.baseline, key)
                rows.append(
                    [
                        name_in(r.result.names, lang),
                        label,
                        figure_label(fig_label, lang),
                        *astuple(res.summary.totals.figure(key)),
                        *astuple(d),
                    ]
                )
                kinds.append(kind)
    sheet.text(0, 0, text("key_figures_table", lang), "title", fit=False)
    sheet.text(1, 0, units_line(lang), "note", fit=False)
    sheet.table(2, header, [], [])
    for i, (values, kind) in enumerate(zip(rows, kinds), start=3):  # each row has its figure's number format
        for j, v in enumerate(values):
            sheet.value(i, j, v, "wrap" if j == 0 else "text" if j in (1, 2) else kind)
    sheet.text(3 + len(rows), 0, model_source(inputs), "note", fit=False)
    sheet.caps = {0: 30, 1: 20}
    sheet.ws.freeze_panes(3, 3)
    sheet.ws.autofilter(2, 0, 2 + len(rows), len(header) - 1)
    sheet.finish(repeat_rows=(2, 2))


# ---------------------------------------------------------------- one sheet per program


class Part:
    """What a program sheet's tables share: the sheet, the run, the language and the source line."""

    def __init__(self, sheet: Sheet, run: ProgramRun, inputs: ReportInputs):
        self.sheet, self.run, self.lang = sheet, run, inputs.lang
        self.source = model_source(inputs, [run])
        self.documents = text("table_source_documents", inputs.lang, documents=document_ref(run.view, inputs.lang))

    def table(self, row: int, title_key: str, header, rows, kinds, source: str | None = None) -> Placed:
        return self.sheet.titled(
            row, text(title_key, self.lang), units_line(self.lang), source or self.source, header, rows, kinds
        )


def _tracks(part: Part, row: int) -> Placed:
    lang = part.lang
    header = [
        text("subprograms", lang),
        text("mode", lang),
        text("quota", lang),
        text("enrolled", lang),
        text("attended", lang),
        text("completed", lang),
        text("fill_rate", lang),
        text("low", lang),
        text("high", lang),
        text("completion_rate", lang),
        text("credits", lang),
        money_header("cost_plain", lang),
        text("low", lang),
        text("high", lang),
    ]
    rows = []
    for s in part.run.result.summary.subprograms:
        t = s.totals
        rows.append(
            [
                name_in(s.names, lang),
                text(MODE_LABEL[s.mode], lang),
                *(t.figure(k).mean for k in ("quota", "enrolled", "attended", "completed")),
                *astuple(t.fill_rate),
                t.completion_rate.mean,
                t.credits.mean,
                *astuple(t.cost_yuan),
            ]
        )
    kinds = [
        "wrap",
        "text",
        "count",
        "count",
        "count",
        "count",
        "pct",
        "pct",
        "pct",
        "pct",
        "count",
        "yuan",
        "yuan",
        "yuan",
    ]
    return part.table(row, "subprograms", header, rows, kinds)


def _units(part: Part, row: int) -> int:
    lang, run = part.lang, part.run
    rows = [
        [
            name_in(s.names, lang),
            unit_label(u.unit, run.program, lang),
            *(u.figure(k).mean for k in ("quota", "enrolled", "attended", "completed")),
            *astuple(u.fill_rate),
            u.cost_yuan.mean,
        ]
        for s in run.result.summary.subprograms
        for u in s.by_unit
    ]
    if not rows:
        return row
    header = [
        text("subprograms", lang),
        text("unit_name", lang),
        text("quota", lang),
        text("enrolled", lang),
        text("attended", lang),
        text("completed", lang),
        text("fill_rate", lang),
        text("low", lang),
        text("high", lang),
        money_header("cost_plain", lang),
    ]
    kinds = ["wrap", "text", "count", "count", "count", "count", "pct", "pct", "pct", "yuan"]
    return part.table(row, "by_unit", header, rows, kinds).next


def _cost_lines(part: Part, row: int) -> Placed:
    lang, summary = part.lang, part.run.result.summary
    rows = [[name_in(summary.cost_lines.get(k), lang, k), *astuple(v)] for k, v in summary.totals.cost_by_line.items()]
    header = [text("cost_lines", lang), money_header("cost_plain", lang), text("low", lang), text("high", lang)]
    return part.table(row, "cost_lines", header, rows, ["wrap", "yuan", "yuan", "yuan"])


def _timeline(part: Part, row: int) -> int:
    lang, run = part.lang, part.run
    rows = []
    for m in run.result.summary.timeline:
        src = m.source
        kind = text("kind_source" if src["kind"] == "source" else "kind_assumed", lang)
        rows.append(
            [
                name_in(m.names, lang),
                m.start,
                m.end,
                kind,
                clause_in(src["clause"], lang) if "clause" in src else "",
                src["quote"] if "quote" in src else reason_text(src["reason"], lang),
            ]
        )
    for s in run.result.summary.subprograms:
        ev = s.events
        rows.append(
            [
                f"{name_in(s.names, lang)} · {text('simulated', lang)}",
                ev.delivery_start.mean if ev.delivery_start else None,
                ev.settlement_done.mean if ev.settlement_done else None,
                text("simulated", lang),
                "",
                text("simulated_spans", lang),
            ]
        )
    header = [
        text("phase", lang),
        text("start", lang),
        text("end", lang),
        text("provenance", lang),
        text("clause", lang),
        text("quote_or_reason", lang),
    ]
    kinds = ["wrap", "date", "date", "text", "text", "wrap"]
    return part.table(row, "timeline", header, rows, kinds, part.documents).next


def _deadlines(part: Part, row: int) -> int:
    lang, deadlines = part.lang, part.run.result.summary.deadlines
    if not deadlines:
        return row
    rows = [
        [
            deadline_name(d.names, d.track_names, lang),
            deadline_what(d.code, lang),
            d.deadline,
            *(astuple(d.simulated)[:3] if d.simulated is not None else (None, None, None)),
            d.at_risk_share,
            text("at_risk", lang) if d.at_risk else text("on_time", lang),
        ]
        for d in deadlines
    ]
    header = [
        text("milestones", lang),
        text("message", lang),
        text("deadline", lang),
        text("simulated", lang),
        text("low", lang),
        text("high", lang),
        text("at_risk_share", lang),
        text("at_risk", lang),
    ]
    placed = part.table(row, "deadlines", header, rows, ["wrap", "wrap", "date", "date", "date", "date", "pct", "text"])
    for i, r in enumerate(rows, start=placed.first):
        if r[-1] == text("at_risk", lang):
            part.sheet.text(i, 7, r[-1], "bad")
    return placed.next


def _by_year(part: Part, row: int) -> int:
    lang, by_year = part.lang, part.run.result.summary.by_year
    if len(by_year) <= 1:
        return row
    rows = [
        [y.year, *(y.figure(k).mean for k in ("quota", "enrolled", "attended", "completed", "fill_rate", "cost_yuan"))]
        for y in by_year
    ]
    header = [
        text("year", lang),
        text("quota", lang),
        text("enrolled", lang),
        text("attended", lang),
        text("completed", lang),
        text("fill_rate", lang),
        money_header("cost_plain", lang),
    ]
    return part.table(row, "by_year", header, rows, ["number", "count", "count", "count", "count", "pct", "yuan"]).next


def _cashflow(part: Part, row: int) -> Placed:
    lang = part.lang
    rows = [
        [c.date, c.settled_yuan.mean, c.teacher_advance_yuan.mean, c.cumulative_settled_yuan.mean]
        for c in part.run.result.summary.cashflow
    ]
    header = [
        text("date", lang),
        money_header(N_("settled_plain"), lang),
        money_header(N_("teacher_advance_plain"), lang),
        money_header(N_("cumulative_plain"), lang),
    ]
    return part.table(row, "cashflow", header, rows, ["date", "yuan", "yuan", "yuan"])


def _program_sheet(workbook, styles: Styles, run: ProgramRun, inputs: ReportInputs, name: str) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, name)
    sheet.caps, sheet.cap = {0: 34}, 22  # long quotes wrap in their cells rather than widen a shared column
    part = Part(sheet, run, inputs)
    sheet.text(0, 0, name_in(run.result.names, lang), "title", fit=False)
    sheet.text(1, 0, source_line(run.view, lang), "note", fit=False)
    shown = scenario_label(run.main.name, lang) if run.main else text("baseline_name", lang)
    settings = scenario_settings(run, run.main, lang) if run.main else text("no_changes", lang)
    sheet.text(2, 0, text("sheet_shows", lang, name=shown, settings=settings), "note", fit=False)
    # Charts in a band above the tables, side by side: printed at the tables' width they stay readable.
    n_tracks, n_lines = len(run.result.summary.subprograms), len(run.result.summary.totals.cost_by_line)
    band = max(bars_height(n_tracks), bars_height(n_lines), CASHFLOW_HEIGHT_PX) // CHART_ROW_PX + 2
    tracks = _tracks(part, 4 + band)
    row = _units(part, tracks.next)
    lines = _cost_lines(part, row)
    row = _timeline(part, lines.next)
    row = _deadlines(part, row)
    row = _by_year(part, row)
    cash = _cashflow(part, row)

    charts = [
        _bar_chart(
            workbook,
            sheet,
            text("fill_rate", lang),
            (tracks.first, tracks.last, 0),
            [(text("fill_rate", lang), 6)],
            "0%",
            share=True,
        ),
        _bar_chart(
            workbook,
            sheet,
            text("cost_lines", lang),
            (lines.first, lines.last, 0),
            [(money_header("cost_plain", lang), 1)],
            MONEY_FORMAT,
        ),
    ]
    if cash.last >= cash.first:
        line = workbook.add_chart({"type": "line"})
        line.add_series(
            {
                "name": money_header(N_("cumulative_plain"), lang),
                "categories": [name, cash.first, 0, cash.last, 0],
                "values": [name, cash.first, 3, cash.last, 3],
            }
        )
        line.set_title({"name": text("cashflow", lang), "name_font": {"size": 11}})
        line.set_x_axis({"date_axis": True, "num_format": 'yyyy"年"m"月"' if lang == "zh" else "mmm yyyy"})
        line.set_y_axis({"num_format": MONEY_FORMAT, "min": 0, "name": money_unit(lang)})
        line.set_legend({"none": True})
        line.set_size({"width": CHART_WIDTH_PX, "height": CASHFLOW_HEIGHT_PX})
        charts.append(line)
    for i, chart in enumerate(charts):
        sheet.ws.insert_chart(4, 0, chart, {"x_offset": i * (CHART_WIDTH_PX + 20), "y_offset": 4})
    sheet.ws.freeze_panes(3, 1)
    sheet.finish(repeat_rows=(0, 2))


# ---------------------------------------------------------------- plan against actual


def actuals_source(inputs: ReportInputs, run: ProgramRun) -> str:
    """The source line of a plan-against-actual table: the stored files, and the simulation with its documents."""
    pa = run.plan_actual
    return text(
        "pva_table_source",
        inputs.lang,
        files=("、" if inputs.lang == "zh" else ", ").join(pa.files) if pa else "",
        runs=runs_text(inputs),
        documents=document_ref(run.view, inputs.lang),
    )


def _gap_cells(g: Gap, run: ProgramRun, lang: str, rank: int | None) -> tuple[list[Any], list[str]]:
    """A gap's row and its formats: rank, sub-program, unit, figure, measure, plan (mean, low, high),
    actual, gap, relative gap, in the plan's range, weight. Money is in the report's unit, persons counts;
    a total (no rank) names all the units reported."""
    kind = "yuan" if g.figure == MONEY else "count"
    measure = money_unit(lang) if g.figure == MONEY else text("unit_persons", lang)
    track = track_words(g.track, run.program, lang) if g.track else text("pva_all_units", lang)
    values = [
        rank,
        track,
        unit_words(g, run.program, lang) if g.track else "",
        figure_words(g, lang),
        measure,
        *astuple(g.plan),
        g.actual,
        g.difference,
        g.relative,
        in_range(g, lang),
        g.weight,
    ]
    return values, ["number", "wrap", "text", "text", "text", kind, kind, kind, kind, kind, "pct", "text", "pct"]


IN_RANGE_COLUMN = 11  # where _gap_cells puts whether the actual is in the plan's range


def _gap_header(lang: str) -> list[str]:
    return [
        text("pva_rank", lang),
        text("subprograms", lang),
        text("unit_name", lang),
        text("figure", lang),
        text("unit", lang),
        text("pva_plan", lang),
        text("low", lang),
        text("high", lang),
        text("pva_actual", lang),
        text("pva_difference", lang),
        text("pva_relative", lang),
        text("pva_in_range", lang),
        text("pva_weight", lang),
    ]


def _gap_table(
    sheet: Sheet, row: int, title: str, source: str, gaps: list[tuple[Gap, int | None]], run, lang
) -> Placed:
    """Gaps in the sheet's one column layout (totals and units alike), those outside the plan's range marked."""
    cells = [_gap_cells(g, run, lang, rank) for g, rank in gaps]
    placed = sheet.titled(
        row, title, units_line(lang), source, _gap_header(lang), [v for v, _ in cells], [k for _, k in cells]
    )
    for i, (g, _) in enumerate(gaps, start=placed.first):
        if g.outside:
            sheet.text(i, IN_RANGE_COLUMN, in_range(g, lang), "bad")
    return placed


def _plan_actual_sheet(workbook, styles: Styles, inputs: ReportInputs, name: str) -> None:
    """Per program with actuals: the compared units' totals, every gap heaviest first, the daily pace."""
    lang = inputs.lang
    sheet = Sheet(workbook, styles, name)
    sheet.caps, sheet.cap = {0: 8, 1: 30, 2: 16}, 18
    sheet.text(0, 0, text("pva_heading", lang), "title", fit=False)
    row = 2
    for run in inputs.runs:
        pa = run.plan_actual
        if pa is None:
            continue
        program = name_in(run.result.names, lang)
        source = actuals_source(inputs, run)
        sheet.text(row, 0, program, "section", fit=False)
        sheet.text(row + 1, 0, intro(pa, lang), "note", fit=False)
        totals = [(g, None) for g in pa.totals.values()]
        placed = _gap_table(sheet, row + 3, text("pva_totals_table", lang, program=program), source, totals, run, lang)
        ranked = [(g, i) for i, g in enumerate(pa.gaps, 1)]
        title = text("pva_gaps_table", lang, program=program)
        placed = _gap_table(sheet, placed.next, title, source, ranked, run, lang)
        row = _daily_tables(sheet, placed.next, run, inputs, source)
    sheet.ws.freeze_panes(1, 0)
    sheet.finish(repeat_rows=(0, 0))


def _daily_tables(sheet: Sheet, row: int, run: ProgramRun, inputs: ReportInputs, source: str) -> int:
    """Cumulative registrations and payments per day, plan (mean and range) beside actual."""
    lang, pa = inputs.lang, run.plan_actual
    assert pa is not None  # only programs with actuals get here
    program = name_in(run.result.names, lang)
    for daily, title_key, kind in (
        (pa.registrations, N_("pva_daily_registered"), "count"),
        (pa.payments, N_("pva_daily_paid"), "yuan"),
    ):
        if not daily.actual:
            continue
        header = [
            text("date", lang),
            text("pva_plan", lang),
            text("low", lang),
            text("high", lang),
            text("pva_actual", lang),
        ]
        rows = [[day, *astuple(plan), actual] for day, plan, actual in daily.aligned()]
        placed = sheet.titled(
            row,
            text(title_key, lang, program=program),
            units_line(lang),
            source,
            header,
            rows,
            ["date", kind, kind, kind, kind],
        )
        row = placed.next
    return row


# ---------------------------------------------------------------- assumptions and audit


def knob_key(parameter_id: str) -> str:
    """The scenario key of a parameter row: track parameters are set as TRACK.KEY."""
    return parameter_id.replace(".parameters.", ".")


def _assumptions(workbook, styles: Styles, inputs: ReportInputs, name: str) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, name)
    # One column per scenario: the same parameter's value in each, beside the documents' value.
    scenario_names = [scenario_label(sc.name, lang) for r in inputs.runs for sc in r.scenarios]
    names = list(dict.fromkeys(scenario_names))
    header = [
        text("program", lang),
        text("parameter_id", lang),
        text("parameter_name", lang),
        text("document_value", lang),
        *names,
        text("unit", lang),
        text("plausible_range", lang),
        text("range_reason", lang),
        text("basis", lang),
        text("clause", lang),
        text("quote_or_reason", lang),
        text("derivation", lang),
        text("source_file", lang),
    ]
    rows = []
    for r in inputs.runs:
        own = {scenario_label(sc.name, lang): sc.result.scenario for sc in r.scenarios}
        for p in parameter_rows(r.program):
            prov = p["provenance"]
            values = []
            for n in names:
                v = own[n].get(knob_key(p["id"])) if n in own else None
                values.append(v.isoformat() if hasattr(v, "isoformat") else v)
            rows.append(
                [
                    name_in(r.result.names, lang),
                    p["id"],
                    label_in(p, lang),
                    proper_in(p["value"], r.program.names_en, lang) if p["value"] in r.program.names_en else p["value"],
                    *values,
                    unit_in(p["unit"], lang),
                    "" if p["low"] is None else assumed_range(p["low"], p["high"], p["unit"], lang),
                    "" if p["range_reason"] is None else reason_text(p["range_reason"], lang),
                    text("documented" if prov["kind"] == "source" else "assumed", lang),
                    clause_in(prov["clause"], lang) if "clause" in prov else "",
                    prov["quote"] if "quote" in prov else reason_text(prov["reason"], lang),
                    reason_text(prov["derivation"], lang) if "derivation" in prov else "",
                    prov.get("file", ""),
                ]
            )
    sheet.caps = {0: 24, 2: 30, 3: 24, **{4 + i: 16 for i in range(len(names))}}
    kinds = [
        "wrap",
        "text",
        "wrap",
        "number",
        *(["number"] * len(names)),
        "text",
        "text",
        "wrap",
        "text",
        "text",
        "wrap",
        "wrap",
        "text",
    ]
    placed = sheet.titled(
        0, text("assumptions_table", lang), text("assumptions_units", lang), model_source(inputs), header, rows, kinds
    )
    sheet.ws.freeze_panes(placed.first, 3)
    sheet.ws.autofilter(placed.first - 1, 0, placed.last, len(header) - 1)
    sheet.finish(repeat_rows=(placed.first - 1, placed.first - 1))


def _audit(workbook, styles: Styles, inputs: ReportInputs, name: str) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, name)
    header = [
        text("program", lang),
        text("table", lang),
        text("item", lang),
        text("stated", lang),
        text("computed", lang),
        text("findings", lang),
        text("message", lang),
    ]
    by_id = {r.program.id: r for r in inputs.runs}
    rows = [
        [
            name_in(by_id[f.program].result.names, lang),
            name_in(f.table_names, lang, f.table),
            f.item,
            f.stated,
            f.computed,
            text("result_ok" if f.ok else "result_differs", lang),
            finding_text(f, lang, by_id[f.program].program.names_en),
        ]
        for f in inputs.findings
    ]
    placed = sheet.titled(
        0,
        text("audit_table", lang),
        text("audit_units", lang),
        text(
            "table_source_documents",
            lang,
            documents=("、" if lang == "zh" else "; ").join(document_ref(r.view, lang) for r in inputs.runs),
        ),
        header,
        rows,
        ["wrap", "wrap", "text", "number", "number", "text", "wrap"],
    )
    for i, f in enumerate(inputs.findings, start=placed.first):
        if not f.ok:
            sheet.text(i, 5, text("result_differs", lang), "bad")
    sheet.caps = {0: 24}
    sheet.ws.freeze_panes(placed.first, 0)
    sheet.finish(repeat_rows=(placed.first - 1, placed.first - 1))


def has_actuals(inputs: ReportInputs) -> bool:
    return any(r.plan_actual is not None for r in inputs.runs)


def sheet_names(inputs: ReportInputs) -> list[tuple[str, str]]:
    """(sheet name, what it holds) in the workbook's order and language; program sheets by number."""
    lang = inputs.lang
    fixed = [
        (text("sheet_cover", lang), text("contents_cover", lang)),
        (text("sheet_contents", lang), text("contents_contents", lang)),
        (text("sheet_notes", lang), text("contents_notes", lang)),
        (text("sheet_summary", lang), text("contents_summary", lang)),
        (text("sheet_figures", lang), text("contents_figures", lang)),
    ]
    programs = [
        (text("sheet_program", lang, n=i), text("contents_program", lang, program=name_in(r.result.names, lang)))
        for i, r in enumerate(inputs.runs, start=1)
    ]
    actuals = [(text("sheet_plan_actual", lang), text("contents_plan_actual", lang))] if has_actuals(inputs) else []
    tail = [
        *actuals,
        (text("sheet_assumptions", lang), text("contents_assumptions", lang)),
        (text("sheet_audit", lang), text("contents_audit", lang)),
    ]
    return fixed + programs + tail


def render_xlsx(inputs: ReportInputs) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    workbook.set_properties(
        {
            "title": inputs.title or text("report_title", inputs.lang),
            "comments": f"{text('data_version', inputs.lang)} {inputs.data_version}",
        }
    )
    styles = Styles(workbook, inputs.lang)
    sheets = sheet_names(inputs)
    names = [n for n, _ in sheets]
    cover, contents, notes_, summary, figures_ = names[:5]
    _cover(workbook, styles, inputs, cover)
    _contents(workbook, styles, inputs, contents, sheets)
    _notes(workbook, styles, inputs, notes_)
    _findings(workbook, styles, inputs, summary)
    _figures(workbook, styles, inputs, figures_)
    for run, name in zip(inputs.runs, names[5 : 5 + len(inputs.runs)]):
        _program_sheet(workbook, styles, run, inputs, name)
    if has_actuals(inputs):  # its sheet comes before the assumptions and the audit
        _plan_actual_sheet(workbook, styles, inputs, names[-3])
    _assumptions(workbook, styles, inputs, names[-2])
    _audit(workbook, styles, inputs, names[-1])
    workbook.close()
    return out.getvalue()
