"""Briefing reports: each file is opened again and its content checked against the model's results."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from reports import build_report, export_report, write_report
from reports.brief import build_brief, finding
from reports.fonts import cjk_font
from reports.inputs import gather, split_overrides
from reports.output import OutputPathError
from reports.pdf_brief import FONT, _BriefPDF, wrap
from sim.base import ScenarioError
from sim.catalog import data_version, load_catalog, parameter_rows
from sim.run import run
from sim.scenario import make_scenario
from sim.text import deadline_name, text

IDS = ["henan-2021", "jiangxi-2022"]
OVERRIDES = {"attendance_rate": 0.8}
REPS, SEED = 3, 5


@pytest.fixture(scope="module")
def runs(catalog):
    """The model's own results for the report's settings: what every cell must equal."""
    out = {}
    for pid in IDS:
        p = catalog.program(pid)
        out[pid] = (run(p, make_scenario(p, OVERRIDES), REPS, SEED), run(p, make_scenario(p), REPS, SEED))
    return out


@pytest.fixture(scope="module")
def xlsx_bytes(catalog):
    return build_report(catalog, IDS, OVERRIDES, REPS, SEED, "xlsx", "zh")


@pytest.fixture(scope="module")
def workbook(xlsx_bytes):
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes))


def rows_of(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def table_after(ws, first_header: str, second_header: str) -> list[list]:
    """Rows of the table whose header row starts with the two labels, up to the first empty row."""
    rows = rows_of(ws)
    start = next(i for i, r in enumerate(rows) if r[0] == first_header and r[1] == second_header)
    out = []
    for r in rows[start + 1 :]:
        if r[0] is None:
            break
        out.append(r)
    return out


# ---------------------------------------------------------------- workbook


def test_workbook_has_the_sheets_in_chinese(workbook):
    assert workbook.sheetnames == ["摘要", "主要指标", *IDS, "假设与出处", "一致性核查"]


def test_key_figures_equal_the_models_results_with_intervals_and_baseline(workbook, runs):
    rows = table_after(workbook["主要指标"], "培训项目", "指标")
    checked = 0
    for result, baseline in runs.values():
        mine = {r[1]: r for r in rows if r[0] == result.names["zh"]}
        for key, label in (
            ("quota", "quota"),
            ("completed", "completed"),
            ("fill_rate", "fill_rate"),
            ("cost_yuan", "cost"),
        ):
            row = mine[text(label)]
            now, before = result.summary.totals.figure(key), baseline.summary.totals.figure(key)
            assert row[2:8] == pytest.approx([now.mean, now.low, now.high, before.mean, before.low, before.high])
            assert row[8] == pytest.approx(now.mean - before.mean)
            checked += 1
    assert checked == 8
    ws = workbook["主要指标"]
    assert ws.freeze_panes == "C2" and ws.print_title_rows == "$1:$1"
    cost_row = next(i for i, r in enumerate(rows_of(ws), start=1) if r[1] == text("cost"))
    fill_row = next(i for i, r in enumerate(rows_of(ws), start=1) if r[1] == text("fill_rate"))
    assert ws.cell(cost_row, 3).number_format == "#,##0" and ws.cell(fill_row, 3).number_format == "0.0%"


def test_program_sheet_tables_equal_the_models_results(workbook, runs):
    result = runs["jiangxi-2022"][0].summary
    ws = workbook["jiangxi-2022"]
    tracks = table_after(ws, "子项目", "方式")
    assert [r[0] for r in tracks] == [s.names["zh"] for s in result.subprograms]
    for row, s in zip(tracks, result.subprograms):
        t = s.totals
        assert row[2:6] == pytest.approx([t.figure(k).mean for k in ("quota", "enrolled", "attended", "completed")])
        assert row[6:9] == pytest.approx([t.fill_rate.mean, t.fill_rate.low, t.fill_rate.high])
        assert row[11] == pytest.approx(t.cost_yuan.mean)
    units = table_after(ws, "子项目", "地区/类别")
    expected = [(s.names["zh"], u.unit, u.fill_rate.mean) for s in result.subprograms for u in s.by_unit]
    assert [(r[0], r[1], pytest.approx(r[6])) for r in units] == expected
    lines = table_after(ws, "经费构成", "经费（元）")
    assert [r[1] for r in lines] == pytest.approx([v.mean for v in result.totals.cost_by_line.values()])
    cash = table_after(ws, "日期", "当日结算（元）")
    assert len(cash) == len(result.cashflow)
    assert cash[-1][3] == pytest.approx(result.cashflow[-1].cumulative_settled_yuan.mean)
    assert cash[0][0].date() == result.cashflow[0].date
    timeline = table_after(ws, "阶段", "开始")
    assert [r[0] for r in timeline[: len(result.timeline)]] == [m.names["zh"] for m in result.timeline]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.freeze_panes == "B4"


def test_native_charts_for_fill_rates_costs_and_cash_flow(xlsx_bytes):
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes)) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        xml = [z.read(n).decode() for n in charts]
    # summary: fill and cost vs baseline; each program: fill, cost lines, cash flow
    assert len(charts) == 2 + 3 * len(IDS)
    assert sum("<c:barChart>" in x for x in xml) == 2 + 2 * len(IDS)
    assert sum("<c:lineChart>" in x for x in xml) == len(IDS)
    assert any("'jiangxi-2022'!$G$" in x for x in xml)  # the fill-rate column of the sheet's own table


def test_assumptions_sheet_lists_every_parameter_with_its_source(workbook, catalog):
    rows = table_after(workbook["假设与出处"], "培训项目", "参数代码")
    by_id = {(r[0], r[1]): r for r in rows}
    expected = [(pid, p) for pid in IDS for p in parameter_rows(catalog.program(pid))]
    assert len(rows) == len(expected)
    for pid, p in expected:
        row = by_id[(pid, p["id"])]
        prov = p["provenance"]
        if prov["kind"] == "source":
            assert row[6] == "有文件依据" and row[7] == prov["clause"] and row[8] == prov["quote"]
        else:
            assert row[6] == "假设" and row[8] == prov["reason"]["zh"]
    # the scenario column shows the override where the parameter is the knob
    assert by_id[("henan-2021", "attendance_rate")][4] == 0.8
    assert by_id[("henan-2021", "fee_face")][3] == 400 == by_id[("henan-2021", "fee_face")][4]


def test_audit_sheet_and_cover_block(workbook, catalog):
    from sim.catalog import run_audit

    audit = table_after(workbook["一致性核查"], "培训项目", "表/核对项")
    assert len(audit) == len(run_audit([catalog.program(p) for p in IDS], include_ok=True))
    cover = [r[0] for r in rows_of(workbook["摘要"]) if r[0]]
    joined = "\n".join(cover)
    assert data_version(catalog, IDS) in joined
    assert f"{REPS} 次重复，随机种子 {SEED}" in joined
    assert "henan-2021：attendance_rate = 0.8" in joined and "jiangxi-2022：attendance_rate = 0.8" in joined
    assert "生成时间" in joined and "赣师训字〔2022〕1号" in joined


def test_english_workbook(catalog):
    wb = openpyxl.load_workbook(io.BytesIO(build_report(catalog, ["henan-2021"], {}, 2, 0, "xlsx", "en")))
    assert wb.sheetnames == ["Summary", "Key figures", "henan-2021", "Assumptions", "Audit"]
    names = [r[0] for r in table_after(wb["henan-2021"], "Sub-programs", "Mode")]
    assert "Provincial backbone teacher development" in names
    assert "None (documented defaults throughout)" in "\n".join(str(r[0]) for r in rows_of(wb["Summary"]))


def test_text_from_data_files_is_never_a_formula(scratch_data):
    def hostile(d):
        d["names"] = {"zh": '=HYPERLINK("http://evil","点")', "en": "+1+2"}
        d["tracks"][0]["names"]["zh"] = "@SUM(A1)"

    catalog = load_catalog(scratch_data(hostile))
    data = build_report(catalog, ["example-2023"], {}, 2, 0, "xlsx", "zh", title="-2+3 标题")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any("<f>" in s or "<f " in s for s in sheets)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = {c.value: c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for value in ('=HYPERLINK("http://evil","点")', "@SUM(A1)", "-2+3 标题"):
        assert cells[value].data_type == "s" and cells[value].quotePrefix, value
    assert not cells["培训项目"].quotePrefix  # ordinary text is left alone


# ---------------------------------------------------------------- overrides for several programs


def test_a_key_goes_to_every_program_that_has_it_and_a_prefix_to_one(catalog):
    henan, jiangxi, guopei = (catalog.program(p) for p in ("henan-2021", "jiangxi-2022", "guopei-2021-2025"))
    split = split_overrides(
        [henan, jiangxi, guopei], {"attendance_rate": 0.9, "henan-2021:fee_face": 500, "fee_per_hour": 2}
    )
    assert split == {
        "henan-2021": {"attendance_rate": 0.9, "fee_face": 500},
        "jiangxi-2022": {"attendance_rate": 0.9, "fee_per_hour": 2},
        "guopei-2021-2025": {"attendance_rate": 0.9},
    }


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"no_such_key": 1}, "no_such_key: no program in this report (henan-2021, jiangxi-2022) has this key"),
        ({"guopei-2021-2025:fee_face": 1}, "'guopei-2021-2025' is not one of the report's programs"),
        ({"henan-2021:fee_face": "abc"}, "henan-2021: fee_face: expected a number"),
        ({"attendance_rate": 1.5}, "henan-2021: attendance_rate:"),
    ],
)
def test_bad_overrides_are_located_errors(catalog, overrides, message):
    with pytest.raises(ScenarioError) as e:
        gather(catalog, IDS, overrides, 2, 0)
    assert message in str(e.value)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"program_ids": ["nope"]}, "unknown program 'nope'"),
        ({"program_ids": []}, "at least one program"),
        ({"replications": 0}, "replications must be in"),
        ({"seed": -1}, "seed must be"),
        ({"lang": "fr"}, "language must be zh or en"),
    ],
)
def test_bad_report_settings_are_errors(catalog, kwargs, message):
    args = {"program_ids": ["henan-2021"], "overrides": {}, "replications": 2, "seed": 0, "lang": "zh", **kwargs}
    with pytest.raises(ScenarioError, match=re.escape(message)):
        gather(catalog, **args)


# ---------------------------------------------------------------- Word and PDF brief


@pytest.fixture(scope="module")
def henan_inputs(catalog):
    return gather(catalog, ["henan-2021"], {"fee_face": 450}, REPS, SEED, "zh")


@pytest.fixture(scope="module")
def henan_docx(catalog):
    return Document(io.BytesIO(build_report(catalog, ["henan-2021"], {"fee_face": 450}, REPS, SEED, "docx", "zh")))


def test_docx_has_headings_findings_charts_and_east_asian_fonts(henan_docx, henan_inputs):
    doc = henan_docx
    paragraphs = [p.text for p in doc.paragraphs]
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["教师培训政策模拟简报"] == "Title"
    assert [t for t, s in styles.items() if s == "Heading 1"] == ["主要结论", "驱动结果的假设值", "文件来源"]
    run0 = henan_inputs.runs[0]
    assert finding(run0, "zh") in paragraphs  # the same sentence the PDF prints
    assert (
        "经费 +" in finding(run0, "zh")
        and "河南省2021年义务教育师资薄弱环节改善暨中小学教师素质提升工程" in paragraphs[1]
    )
    assert len(doc.inline_shapes) == 3  # fill rate, cost lines, cash flow
    for name in ("Normal", "Heading 1", "Title", "List Bullet"):
        fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "Microsoft YaHei" and fonts.get(qn("w:eastAsiaTheme")) is None
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["参数", "数值", "原文 / 假设理由"]
    assert table.rows[1].cells[0].text == "集中培训经费标准" and table.rows[1].cells[1].text == "450 元/人/天"


def test_brief_content_is_shared_and_charts_rendered_once(henan_inputs, monkeypatch):
    from reports import png

    calls = []
    real = png._render.__wrapped__
    png._render.cache_clear()
    monkeypatch.setattr(png, "_render", png.lru_cache(maxsize=8)(lambda spec: calls.append(spec) or real(spec)))
    first, second = build_brief(henan_inputs), build_brief(henan_inputs)
    assert first == second and len(calls) == 3


def test_pdf_has_pages_embedded_font_and_chinese_text(catalog, henan_inputs):
    reader = PdfReader(io.BytesIO(build_report(catalog, ["henan-2021"], {"fee_face": 450}, REPS, SEED, "pdf", "zh")))
    assert 1 <= len(reader.pages) <= 3
    content = "".join(re.sub(r"\s+", "", p.extract_text()) for p in reader.pages)  # lines wrap anywhere
    for expected in (
        "河南省2021年义务教育师资薄弱环节改善暨中小学教师素质提升工程",
        "主要结论",
        "文件来源",
        "集中培训经费标准",
        re.sub(r"\s+", "", finding(henan_inputs.runs[0], "zh")),
    ):
        assert expected in content
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        descriptor = ref.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded TrueType, not left to the reader's fonts
    images = sum(len(p.images) for p in reader.pages)
    assert images == 3


def test_chinese_brief_of_every_program_has_no_english_words_or_ids(catalog):
    doc = Document(io.BytesIO(build_report(catalog, IDS, {}, 2, 0, "docx", "zh")))
    words = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    digest = data_version(catalog, IDS)
    latin = {
        w for x in words for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", re.sub(r"「[^」]*」", "", x.replace(digest, "")))
    }
    assert latin <= {"UTC", "SHA", "Excel", "X"}, latin  # the time zone, the digest's name, the workbook, 1+X


def test_english_brief(catalog):
    reader = PdfReader(io.BytesIO(build_report(catalog, IDS, {}, 2, 0, "pdf", "en")))
    content = "".join(re.sub(r"\s+", "", p.extract_text()) for p in reader.pages)
    assert "Keyfindings" in content and "Henan2021compulsory-educationteacherqualityimprovementproject" in content
    doc = Document(io.BytesIO(build_report(catalog, IDS, {}, 2, 0, "docx", "en")))
    assert "Key findings" in [p.text for p in doc.paragraphs] and len(doc.inline_shapes) == 2
    words = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    # Chinese only in the documents' own wording, quoted: numbers, titles (names and reasons are in English)
    chinese = [w for w in words if re.search(r"[\u3400-\u9fff]", re.sub(r"「[^」]*」", "", w))]
    assert not chinese, chinese


def test_pdf_lines_break_between_chinese_characters_not_inside_numbers():
    pdf = _BriefPDF("zh", cjk_font())
    pdf.add_page()
    pdf.set_font(FONT, size=10)
    body = "名额完成率 97.0% [96.9% – 97.1%]，结业 10,811 人，经费 4,349.1 万元；" * 4
    width = 60
    lines = wrap(pdf, body, width).split("\n")
    assert len(lines) > 3 and "".join(lines).replace(" ", "") == body.replace(" ", "")
    for line in lines:
        assert pdf.get_string_width(line) <= width
        assert not line.startswith(("，", "；", "%"))
    assert not any(re.search(r"\d$", a) and re.match(r"[\d,.]", b) for a, b in zip(lines, lines[1:]))


# ---------------------------------------------------------------- files: paths, atomic writes, downloads


def test_write_report_infers_the_format_and_export_gives_name_and_mime(catalog, tmp_path):
    out = write_report(catalog, ["henan-2021"], tmp_path / "brief.docx", replications=2)
    assert Document(str(out)).paragraphs[0].text == "教师培训政策模拟简报"
    report = export_report(catalog, ["henan-2021", "jiangxi-2022"], fmt="xlsx", replications=2)
    assert report.file_name.startswith("briefing-2-programs-") and report.file_name.endswith(".xlsx")
    assert report.mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert report.data[:2] == b"PK"


@pytest.mark.parametrize(
    "name, fmt, message",
    [
        ("missing/report.xlsx", None, "does not exist"),
        ("report.txt", None, "cannot tell the format"),
        ("report.pdf", "xlsx", "does not match the format 'xlsx'"),
        (".", None, "is a folder"),
    ],
)
def test_unusable_output_paths_are_refused_before_anything_runs(catalog, tmp_path, monkeypatch, name, fmt, message):
    import reports.api

    monkeypatch.setattr(reports.api, "gather", lambda *a, **k: pytest.fail("ran despite a bad path"))
    with pytest.raises(OutputPathError, match=message):
        write_report(catalog, ["henan-2021"], tmp_path / name, fmt=fmt)


def test_a_failure_midway_leaves_the_old_file_and_no_temporary_file(catalog, tmp_path, monkeypatch):
    import reports.xlsx_report

    target = tmp_path / "report.xlsx"
    target.write_bytes(b"the previous report")

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(reports.xlsx_report, "_assumptions", broken)  # after the program sheets were written
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_report(catalog, ["henan-2021"], target, replications=2)
    monkeypatch.undo()

    import reports.output

    monkeypatch.setattr(reports.output.os, "replace", broken)  # fails after the temporary file is complete
    with pytest.raises(RuntimeError):
        write_report(catalog, ["henan-2021"], target, replications=2)
    assert target.read_bytes() == b"the previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_data_version_follows_the_program_files(scratch_data):
    first = data_version(load_catalog(scratch_data()))
    assert re.fullmatch(r"[0-9a-f]{12}", first)
    assert data_version(load_catalog(scratch_data())) == first
    changed = scratch_data(lambda d: d["parameters"]["completion_rate"].update(value=0.5))
    assert data_version(load_catalog(changed)) != first


def test_findings_name_the_deadlines_at_risk_and_the_budget(catalog):
    baseline = gather(catalog, ["guopei-2021-2025"], {}, 2, 0).runs[0]
    assert not [d for d in baseline.result.summary.deadlines if d.at_risk]  # Guopei meets its dates
    sentence = finding(baseline, "zh")
    assert "学校公用经费5%形成的培训经费" in sentence and "相对基准" not in sentence  # no overrides, no deltas
    # 200 days to write a year's summary: the reports due each February come too late
    late = gather(catalog, ["guopei-2021-2025"], {"report_prep_days": 200}, 2, 0).runs[0]
    risky = [d for d in late.result.summary.deadlines if d.at_risk]
    assert risky and all(d.phase == "reporting" for d in risky)
    sentence = finding(late, "zh")
    assert f"{len(risky)} 个截止时间有风险" in sentence
    assert all(deadline_name(d.names, d.track_names, "zh") in sentence for d in risky)


def test_a_program_with_many_sub_programs_charts_the_lowest_fill_rates(catalog):
    from reports.brief import MAX_CHART_BARS, _fill_figure, worst_filled

    p = catalog.program("zhejiang-voc-2020")
    tracks = run(p, make_scenario(p), 2, 0).summary.subprograms
    assert len(tracks) > MAX_CHART_BARS
    figure = _fill_figure(tracks, "zh")
    assert figure.caption == f"名额完成率最低的 {MAX_CHART_BARS} 个子项目（共 {len(tracks)} 个）"
    assert figure.png.startswith(b"\x89PNG")
    chosen = worst_filled(tracks)
    rest = [t for t in tracks if t not in chosen]
    assert len(chosen) == MAX_CHART_BARS
    assert max(t.totals.fill_rate.mean for t in chosen) <= min(t.totals.fill_rate.mean for t in rest)
