"""The briefing workbook: summary with cover block, key figures, one sheet per program, assumptions, audit.

Numbers are stored as numbers (formatted, never as text) so a reader can recompute; charts are
native Excel charts over the sheet's own cells, so they stay live if a reader edits the table.
"""

from __future__ import annotations

import io
from dataclasses import astuple

import xlsxwriter

from sim.catalog import parameter_rows
from sim.text import (
    MODE_LABEL,
    clause_in,
    deadline_name,
    deadline_what,
    finding_text,
    label_in,
    name_in,
    proper_in,
    reason_in,
    text,
    unit_in,
    unit_label,
)

from .brief import meta_lines, overrides_text, source_line
from .inputs import ProgramRun, ReportInputs, interval_text
from .xlsx_sheet import Sheet, Styles

# (result key, label key, number format) of the figures the summary compares with the baseline.
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


def _section(sheet: Sheet, row: int, label: str) -> int:
    sheet.text(row, 0, label, "section", fit=False)
    return row + 1


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


# ---------------------------------------------------------------- summary and key figures


def _summary(workbook, styles: Styles, inputs: ReportInputs) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, text("sheet_summary", lang))
    sheet.caps = {0: 30, 1: 30}
    sheet.text(0, 0, inputs.title or text("report_title", lang), "title", fit=False)
    row = 2
    for line in meta_lines(inputs) + [text("what_assumed", lang)]:
        sheet.text(row, 0, line, "note", fit=False)
        row += 1
    row = _section(sheet, row + 1, text("sources", lang))
    for r in inputs.runs:
        sheet.text(row, 0, source_line(r.view, lang), fit=False)
        row += 1
    row = _section(sheet, row + 1, text("at_a_glance", lang))
    sheet.text(row, 0, text("see_key_figures", lang), "note", fit=False)
    row += 1
    header = [
        text("program", lang),
        text("fill_rate", lang) + " · " + text("scenario_mean", lang),
        text("fill_rate", lang) + " · " + text("baseline_mean", lang),
        text("completed", lang) + " · " + text("scenario_mean", lang),
        text("completed", lang) + " · " + text("baseline_mean", lang),
        text("cost", lang) + " · " + text("scenario_mean", lang),
        text("cost", lang) + " · " + text("baseline_mean", lang),
        text("deadlines", lang) + " · " + text("at_risk", lang),
        text("scenario_changes", lang),
    ]
    rows = [
        [
            name_in(r.result.names, lang),
            *(
                x.summary.totals.figure(key).mean
                for key in ("fill_rate", "completed", "cost_yuan")
                for x in (r.result, r.baseline)
            ),
            sum(1 for d in r.result.summary.deadlines if d.at_risk),
            overrides_text(r) or text("no_changes", lang),
        ]
        for r in inputs.runs
    ]
    top = row
    end = sheet.table(row, header, rows, ["wrap", "pct", "pct", "count", "count", "yuan", "yuan", "count", "wrap"])
    first, last = top + 1, end - 1
    scen, base = text("scenario_mean", lang), text("baseline_mean", lang)
    sheet.ws.insert_chart(
        end + 1,
        0,
        _bar_chart(
            workbook, sheet, text("fill_rate", lang), (first, last, 0), [(scen, 1), (base, 2)], "0%", share=True
        ),
    )
    sheet.ws.insert_chart(
        end + 1,
        0,
        _bar_chart(workbook, sheet, text("cost", lang), (first, last, 0), [(scen, 5), (base, 6)], "#,##0"),
        {"x_offset": CHART_WIDTH_PX + 20},
    )
    sheet.finish(repeat_rows=None)


def _figures(workbook, styles: Styles, inputs: ReportInputs) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, text("sheet_figures", lang))
    header = [
        text("program", lang),
        text("figure", lang),
        text("scenario_mean", lang),
        text("low", lang),
        text("high", lang),
        text("baseline_mean", lang),
        text("low", lang),
        text("high", lang),
        text("change", lang),
    ]
    rows, kinds = [], []
    for r in inputs.runs:
        for key, label, kind in FIGURES:
            now, before = r.result.summary.totals.figure(key), r.baseline.summary.totals.figure(key)
            rows.append(
                [
                    name_in(r.result.names, lang),
                    text(label, lang),
                    *astuple(now),
                    *astuple(before),
                    now.mean - before.mean,
                ]
            )
            kinds.append(kind)
    sheet.table(0, header, [], [])
    for i, (values, kind) in enumerate(zip(rows, kinds), start=1):  # each row has its figure's number format
        for j, v in enumerate(values):
            sheet.value(i, j, v, "wrap" if j == 0 else "text" if j == 1 else kind)
    sheet.caps = {0: 36}
    sheet.ws.freeze_panes(1, 2)
    sheet.ws.autofilter(0, 0, len(rows), len(header) - 1)
    sheet.text(len(rows) + 2, 0, interval_text(inputs) + " " + text("baseline_note", lang), "note", fit=False)
    sheet.finish(repeat_rows=(0, 0))


# ---------------------------------------------------------------- one sheet per program


def _sheet_name(pid: str, used: set[str]) -> str:
    """Excel allows 31 characters and no []:*?/\\ in a sheet name; ids are kept unique."""
    base = "".join("_" if c in "[]:*?/\\" else c for c in pid)[:31]
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base[:28]}~{n}", n + 1
    used.add(name.lower())
    return name


def _tracks(sheet: Sheet, row: int, run: ProgramRun, lang: str) -> tuple[int, int, int]:
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
        text("cost", lang),
        text("low", lang),
        text("high", lang),
    ]
    rows = []
    for s in run.result.summary.subprograms:
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
    end = sheet.table(row, header, rows, kinds)
    return end, row + 1, end - 1


def _units(sheet: Sheet, row: int, run: ProgramRun, lang: str) -> int:
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
    row = _section(sheet, row, text("by_unit", lang))
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
        text("cost", lang),
    ]
    return (
        sheet.table(
            row, header, rows, ["wrap", "text", "count", "count", "count", "count", "pct", "pct", "pct", "yuan"]
        )
        + 1
    )


def _cost_lines(sheet: Sheet, row: int, run: ProgramRun, lang: str) -> tuple[int, int, int]:
    row = _section(sheet, row, text("cost_lines", lang))
    summary = run.result.summary
    rows = [[name_in(summary.cost_lines.get(k), lang, k), *astuple(v)] for k, v in summary.totals.cost_by_line.items()]
    end = sheet.table(
        row,
        [text("cost_lines", lang), text("cost", lang), text("low", lang), text("high", lang)],
        rows,
        ["wrap", "yuan", "yuan", "yuan"],
    )
    return end + 1, row + 1, end - 1


def _timeline(sheet: Sheet, row: int, run: ProgramRun, lang: str) -> int:
    row = _section(sheet, row, text("timeline", lang))
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
                src["quote"] if "quote" in src else name_in(src["reason"], lang),
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
    return sheet.table(row, header, rows, ["wrap", "date", "date", "text", "text", "wrap"]) + 1


def _deadlines(sheet: Sheet, row: int, run: ProgramRun, lang: str) -> int:
    deadlines = run.result.summary.deadlines
    if not deadlines:
        return row
    row = _section(sheet, row, text("deadlines", lang))
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
    end = sheet.table(row, header, rows, ["wrap", "wrap", "date", "date", "date", "date", "pct", "text"])
    for i, r in enumerate(rows, start=row + 1):
        if r[-1] == text("at_risk", lang):
            sheet.text(i, 7, r[-1], "bad")
    return end + 1


def _by_year(sheet: Sheet, row: int, run: ProgramRun, lang: str) -> int:
    by_year = run.result.summary.by_year
    if len(by_year) <= 1:
        return row
    row = _section(sheet, row, text("by_year", lang))
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
        text("cost", lang),
    ]
    end = sheet.table(row, header, rows, ["number", "count", "count", "count", "count", "pct", "yuan"])
    sheet.text(end, 0, text("by_year_note", lang), "note", fit=False)
    return end + 2


def _cashflow(sheet: Sheet, row: int, run: ProgramRun, lang: str) -> tuple[int, int, int]:
    row = _section(sheet, row, text("cashflow", lang))
    rows = [
        [c.date, c.settled_yuan.mean, c.teacher_advance_yuan.mean, c.cumulative_settled_yuan.mean]
        for c in run.result.summary.cashflow
    ]
    header = [text("date", lang), text("settled", lang), text("teacher_advance", lang), text("cumulative", lang)]
    end = sheet.table(row, header, rows, ["date", "yuan", "yuan", "yuan"])
    return end + 1, row + 1, end - 1


def _program_sheet(workbook, styles: Styles, run: ProgramRun, lang: str, name: str) -> None:
    sheet = Sheet(workbook, styles, name)
    sheet.caps, sheet.cap = {0: 34}, 22  # long quotes wrap in their cells rather than widen a shared column
    sheet.text(0, 0, name_in(run.result.names, lang), "title", fit=False)
    sheet.text(1, 0, source_line(run.view, lang), "note", fit=False)
    sheet.text(
        2, 0, f"{text('scenario_changes', lang)}: {overrides_text(run) or text('no_changes', lang)}", "note", fit=False
    )
    # Charts in a band above the tables, side by side: printed at the tables' width they stay readable.
    n_tracks, n_lines = len(run.result.summary.subprograms), len(run.result.summary.totals.cost_by_line)
    band = max(bars_height(n_tracks), bars_height(n_lines), CASHFLOW_HEIGHT_PX) // CHART_ROW_PX + 2
    row = _section(sheet, 4 + band, text("subprograms", lang))
    row, t_first, t_last = _tracks(sheet, row, run, lang)
    row = _units(sheet, row + 1, run, lang)
    row, c_first, c_last = _cost_lines(sheet, row, run, lang)
    row = _timeline(sheet, row, run, lang)
    row = _deadlines(sheet, row, run, lang)
    row = _by_year(sheet, row, run, lang)
    _, f_first, f_last = _cashflow(sheet, row, run, lang)

    charts = [
        _bar_chart(
            workbook,
            sheet,
            text("fill_rate", lang),
            (t_first, t_last, 0),
            [(text("fill_rate", lang), 6)],
            "0%",
            share=True,
        ),
        _bar_chart(workbook, sheet, text("cost_lines", lang), (c_first, c_last, 0), [(text("cost", lang), 1)], "#,##0"),
    ]
    if f_last >= f_first:
        line = workbook.add_chart({"type": "line"})
        line.add_series(
            {
                "name": text("cumulative", lang),
                "categories": [name, f_first, 0, f_last, 0],
                "values": [name, f_first, 3, f_last, 3],
            }
        )
        line.set_title({"name": text("cashflow", lang), "name_font": {"size": 11}})
        line.set_x_axis({"date_axis": True, "num_format": "yyyy-mm"})
        line.set_y_axis({"num_format": "#,##0", "min": 0})
        line.set_legend({"none": True})
        line.set_size({"width": CHART_WIDTH_PX, "height": CASHFLOW_HEIGHT_PX})
        charts.append(line)
    for i, chart in enumerate(charts):
        sheet.ws.insert_chart(4, 0, chart, {"x_offset": i * (CHART_WIDTH_PX + 20), "y_offset": 4})
    sheet.ws.freeze_panes(3, 1)
    sheet.finish(repeat_rows=(0, 2))


# ---------------------------------------------------------------- assumptions and audit


def knob_key(parameter_id: str) -> str:
    """The scenario key of a parameter row: track parameters are set as TRACK.KEY."""
    return parameter_id.replace(".parameters.", ".")


def _assumptions(workbook, styles: Styles, inputs: ReportInputs) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, text("sheet_assumptions", lang))
    header = [
        text("program", lang),
        text("parameter_id", lang),
        text("parameter_name", lang),
        text("document_value", lang),
        text("scenario_value", lang),
        text("unit", lang),
        text("basis", lang),
        text("clause", lang),
        text("quote_or_reason", lang),
        text("derivation", lang),
        text("source_file", lang),
    ]
    rows = []
    for r in inputs.runs:
        for p in parameter_rows(r.program):
            prov = p["provenance"]
            scenario_value = r.result.scenario.get(knob_key(p["id"]))
            rows.append(
                [
                    r.program.id,
                    p["id"],
                    label_in(p, lang),
                    proper_in(p["value"], r.program.names_en, lang) if p["value"] in r.program.names_en else p["value"],
                    scenario_value.isoformat() if hasattr(scenario_value, "isoformat") else scenario_value,
                    unit_in(p["unit"], lang),
                    text("documented" if prov["kind"] == "source" else "assumed", lang),
                    clause_in(prov["clause"], lang) if "clause" in prov else "",
                    prov["quote"] if "quote" in prov else name_in(prov["reason"], lang),
                    reason_in(prov["derivation"], lang) if "derivation" in prov else "",
                    prov.get("file", ""),
                ]
            )
    sheet.caps = {2: 30, 3: 24, 4: 16}
    sheet.table(
        0, header, rows, ["text", "text", "wrap", "number", "number", "text", "text", "text", "wrap", "wrap", "text"]
    )
    sheet.ws.freeze_panes(1, 2)
    sheet.ws.autofilter(0, 0, len(rows), len(header) - 1)
    sheet.finish(repeat_rows=(0, 0))


def _audit(workbook, styles: Styles, inputs: ReportInputs) -> None:
    lang = inputs.lang
    sheet = Sheet(workbook, styles, text("sheet_audit", lang))
    header = [
        text("program", lang),
        text("table", lang),
        text("item", lang),
        text("stated", lang),
        text("computed", lang),
        text("findings", lang),
        text("message", lang),
    ]
    names_en = {r.program.id: r.program.names_en for r in inputs.runs}
    rows = [
        [
            f.program,
            name_in(f.table_names, lang, f.table),
            f.item,
            f.stated,
            f.computed,
            text("result_ok" if f.ok else "result_differs", lang),
            finding_text(f, lang, names_en[f.program]),
        ]
        for f in inputs.findings
    ]
    end = sheet.table(0, header, rows, ["text", "wrap", "text", "number", "number", "text", "wrap"])
    for i, f in enumerate(inputs.findings, start=1):
        if not f.ok:
            sheet.text(i, 5, text("result_differs", lang), "bad")
    sheet.text(end + 1, 0, text("audit_intro", lang), "note", fit=False)
    sheet.ws.freeze_panes(1, 0)
    sheet.finish(repeat_rows=(0, 0))


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
        {"title": inputs.title or text("report_title", inputs.lang), "comments": f"data version {inputs.data_version}"}
    )
    styles = Styles(workbook, inputs.lang)
    _summary(workbook, styles, inputs)
    _figures(workbook, styles, inputs)
    used = {
        text(k, inputs.lang).lower() for k in ("sheet_summary", "sheet_figures", "sheet_assumptions", "sheet_audit")
    }
    for run in inputs.runs:
        _program_sheet(workbook, styles, run, inputs.lang, _sheet_name(run.program.id, used))
    _assumptions(workbook, styles, inputs)
    _audit(workbook, styles, inputs)
    workbook.close()
    return out.getvalue()
