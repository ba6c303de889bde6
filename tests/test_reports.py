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
from reports.brief import build_brief
from reports.findings import findings
from reports.fonts import cjk_font
from reports.inputs import gather, split_overrides
from reports.output import OutputPathError
from reports.pdf_brief import FONT, _BriefPDF, wrap
from sim.base import ScenarioError
from sim.catalog import data_version, load_catalog, parameter_rows
from sim.run import run
from sim.scenario import make_scenario
from sim.text import deadline_name

IDS = ["henan-2021", "jiangxi-2022"]
OVERRIDES = {"attendance_rate": 0.8}
REPS, SEED = 3, 5


@pytest.fixture(scope="module")
def runs(catalog):
    """The model's own results for the report's settings (the unknowns drawn, as a brief does by
    default): what every cell must equal."""
    out = {}
    for pid in IDS:
        p = catalog.program(pid)
        out[pid] = tuple(run(p, make_scenario(p, o), REPS, SEED, unknowns=True) for o in (OVERRIDES, {}))
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
    """Rows of the table whose header row starts with the two labels, up to its source line (a row
    with its first cell alone) or the first empty row."""
    rows = rows_of(ws)
    start = next(i for i, r in enumerate(rows) if r[0] == first_header and r[1] == second_header)
    out = []
    for r in rows[start + 1 :]:
        if r[0] is None or not any(c is not None for c in r[1:]):
            break
        out.append(r)
    return out


# ---------------------------------------------------------------- workbook


def test_workbook_has_the_sheets_in_chinese(workbook):
    # cover, contents and notes first, as official statistics spreadsheets open; no id as a tab
    assert workbook.sheetnames == [
        "封面",
        "目录",
        "说明",
        "摘要",
        "主要指标",
        "项目1",
        "项目2",
        "假设与出处",
        "一致性核查",
    ]
    contents = table_after(workbook["目录"], "工作表", "内容")
    assert [r[0] for r in contents] == workbook.sheetnames
    assert workbook["目录"]["A5"].hyperlink.location == "'封面'!A1"


def test_key_figures_equal_the_models_results_with_intervals_and_baseline(workbook, runs):
    rows = table_after(workbook["主要指标"], "培训项目", "情景")
    ws = workbook["主要指标"]
    assert ws["A1"].value == "表：各情景主要指标（均值、95%区间及较基准变化）" and ws["A2"].value.startswith("单位：")
    source = rows_of(ws)[3 + len(rows)][0]
    assert source.startswith("资料来源：本系统模拟（3 次重复")  # every table: title, units, source line
    checked = 0
    for result, baseline in runs.values():
        for scenario, res in (("基准（文件规定）", baseline), ("调整后情景", result)):
            mine = {r[2]: r for r in rows if r[0] == result.names["zh"] and r[1] == scenario}
            for key, label, scale in (
                ("quota", "名额", 1),
                ("completed", "结业", 1),
                ("fill_rate", "名额完成率", 1),
                ("cost_yuan", "经费（万元）", 10_000),  # money in 万元 throughout
            ):
                row = mine[label]
                now = res.summary.totals.figure(key)
                assert row[3:6] == pytest.approx([now.mean / scale, now.low / scale, now.high / scale])
                assert row[6] == pytest.approx((now.mean - baseline.summary.totals.figure(key).mean) / scale)
                checked += 1
    assert checked == 16
    assert ws.freeze_panes == "D4" and ws.print_title_rows == "$3:$3"
    cost_row = next(i for i, r in enumerate(rows_of(ws), start=1) if r[2] == "经费（万元）")
    fill_row = next(i for i, r in enumerate(rows_of(ws), start=1) if r[2] == "名额完成率")
    assert ws.cell(cost_row, 4).number_format == "#,##0.00" and ws.cell(fill_row, 4).number_format == "0.0%"


def test_program_sheet_tables_equal_the_models_results(workbook, runs):
    result = runs["jiangxi-2022"][0].summary
    ws = workbook["项目2"]
    tracks = table_after(ws, "子项目", "方式")
    assert [r[0] for r in tracks] == [s.names["zh"] for s in result.subprograms]
    for row, s in zip(tracks, result.subprograms):
        t = s.totals
        assert row[2:6] == pytest.approx([t.figure(k).mean for k in ("quota", "enrolled", "attended", "completed")])
        assert row[6:9] == pytest.approx([t.fill_rate.mean, t.fill_rate.low, t.fill_rate.high])
        assert row[11] == pytest.approx(t.cost_yuan.mean / 10_000)
    units = table_after(ws, "子项目", "地区/类别")
    expected = [(s.names["zh"], u.unit, u.fill_rate.mean) for s in result.subprograms for u in s.by_unit]
    assert [(r[0], r[1], pytest.approx(r[6])) for r in units] == expected
    lines = table_after(ws, "经费构成", "经费（万元）")
    assert [r[1] for r in lines] == pytest.approx([v.mean / 10_000 for v in result.totals.cost_by_line.values()])
    cash = table_after(ws, "日期", "当日结算（万元）")
    assert len(cash) == len(result.cashflow)
    assert cash[-1][3] == pytest.approx(result.cashflow[-1].cumulative_settled_yuan.mean / 10_000)
    assert cash[0][0].date() == result.cashflow[0].date
    timeline = table_after(ws, "阶段", "开始")
    assert [r[0] for r in timeline[: len(result.timeline)]] == [m.names["zh"] for m in result.timeline]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.freeze_panes == "B4"


def test_native_charts_for_fill_rates_costs_and_cash_flow(xlsx_bytes):
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes)) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        xml = [z.read(n).decode() for n in charts]
    # summary: fill and cost of the baseline and scenarios, per program; each program: fill, cost lines, cash flow
    assert len(charts) == 5 * len(IDS)
    assert sum("<c:barChart>" in x for x in xml) == 4 * len(IDS)
    assert sum("<c:lineChart>" in x for x in xml) == len(IDS)
    assert any("项目2!$G$" in x for x in xml)  # the fill-rate column of the sheet's own table


def test_assumptions_sheet_lists_every_parameter_with_its_source(workbook, catalog):
    rows = table_after(workbook["假设与出处"], "培训项目", "参数代码")
    by_id = {(r[0], r[1]): r for r in rows}
    names = {pid: catalog.program(pid).names.zh for pid in IDS}
    expected = [(names[pid], p) for pid in IDS for p in parameter_rows(catalog.program(pid))]
    assert len(rows) == len(expected)
    for pid, p in expected:
        row = by_id[(pid, p["id"])]
        prov = p["provenance"]
        if prov["kind"] == "source":
            assert row[8] == "有文件依据" and row[9] == prov["clause"] and row[10] == prov["quote"]
        else:
            assert row[8] == "假设" and row[10] == prov["reason"]["zh"]  # the English reason is for English
        if p["low"] is not None:  # the plausible range and why, beside the value
            assert row[6] and row[7] == p["range_reason"]["zh"]
        else:
            assert not row[6] and not row[7]
    # the scenario's column shows the override where the parameter is the knob
    henan = names["henan-2021"]
    assert by_id[(henan, "attendance_rate")][4] == 0.8
    assert by_id[(henan, "fee_face")][3] == 400 == by_id[(henan, "fee_face")][4]


def test_audit_sheet_and_cover_block(workbook, catalog):
    from sim.catalog import run_audit

    audit = table_after(workbook["一致性核查"], "培训项目", "表/核对项")
    assert len(audit) == len(run_audit([catalog.program(p) for p in IDS], include_ok=True))
    cover = "\n".join(str(c) for r in rows_of(workbook["封面"]) for c in r if c)
    assert data_version(catalog, IDS) in cover
    assert f"{REPS} 次重复，随机种子 {SEED}" in cover
    assert "基准（文件规定）、调整后情景" in cover and "生成时间" in cover and "（北京时间）" in cover
    summary = "\n".join(str(c) for r in rows_of(workbook["摘要"]) for c in r if c)
    assert "报到率 80.0%（文件规定 " in summary and "attendance_rate" not in summary  # settings in words
    assert "赣师训字〔2022〕1号" in "\n".join(str(r[0]) for r in rows_of(workbook["项目2"]) if r[0])


def test_english_workbook(catalog):
    wb = openpyxl.load_workbook(io.BytesIO(build_report(catalog, ["henan-2021"], {}, 2, 0, "xlsx", "en")))
    assert wb.sheetnames == [
        "Cover",
        "Contents",
        "Notes",
        "Summary",
        "Key figures",
        "Program 1",
        "Assumptions",
        "Audit",
    ]
    names = [r[0] for r in table_after(wb["Program 1"], "Sub-programs", "Mode")]
    assert "Provincial backbone teacher development" in names
    assert "None (documented defaults throughout)" in "\n".join(str(r[0]) for r in rows_of(wb["Summary"]))
    assert "Cost (million yuan)" in [c for r in rows_of(wb["Key figures"]) for c in r]


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
    assert [t for t, s in styles.items() if s == "Heading 1"] == [
        "主要结论",
        "基准与各情景对比",
        "驱动结果的假设值",
        "文件来源",
    ]
    found = findings(henan_inputs.runs[0], "zh")  # the same words the PDF prints
    assert found.headline in paragraphs and found.headline.startswith("调整后情景需追加经费 ")
    numbered = [p for p in doc.paragraphs if p.style.name == "List Number"]
    assert [p.text.split("\n")[0] for p in numbered] == [f.text for f in found.points]
    assert [f.topic for f in found.points] == ["cost", "fill", "deadlines", "rules", "capacity"]
    assert "四（三）" in found.points[0].basis  # the fee standards' clause
    assert len(doc.inline_shapes) == 2  # the scenarios side by side, fill by sub-program
    for name in ("Normal", "Heading 1", "Title", "List Bullet"):
        fonts = doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "Microsoft YaHei" and fonts.get(qn("w:eastAsiaTheme")) is None
    side = doc.tables[0]
    assert [c.text for c in side.rows[0].cells] == ["指标", "基准（文件规定）", "调整后情景"]
    settings = doc.tables[1]
    assert settings.rows[1].cells[1].text == "集中培训经费标准 450 元/人/天（文件规定 400 元/人/天）"
    footer = doc.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "第" in footer and "页/共" in footer


def test_brief_content_is_shared_and_charts_rendered_once(henan_inputs, monkeypatch):
    from reports import png

    calls = []
    real = png._render.__wrapped__
    png._render.cache_clear()
    monkeypatch.setattr(png, "_render", png.lru_cache(maxsize=8)(lambda spec: calls.append(spec) or real(spec)))
    first, second = build_brief(henan_inputs), build_brief(henan_inputs)
    assert first == second and len(calls) == 2


def pdf_text(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def test_pdf_has_pages_embedded_font_and_chinese_text(catalog, henan_inputs):
    data = build_report(catalog, ["henan-2021"], {"fee_face": 450}, REPS, SEED, "pdf", "zh")
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 3
    content = "".join(re.sub(r"\s+", "", p.extract_text()) for p in reader.pages)  # lines wrap anywhere
    found = findings(henan_inputs.runs[0], "zh")
    for expected in (
        "河南省2021年义务教育师资薄弱环节改善暨中小学教师素质提升工程",
        "主要结论",
        "文件来源",
        "集中培训经费标准",
        re.sub(r"\s+", "", found.headline),
        f"第1页/共{len(reader.pages)}页",
    ):
        assert expected in content
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        descriptor = ref.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor  # embedded TrueType, not left to the reader's fonts
    images = sum(len(p.images) for p in reader.pages)
    assert images == 2


def docx_words(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]


def test_chinese_brief_of_every_program_has_no_english_words_or_ids(catalog):
    from tests.language import out_of_place

    digest = data_version(catalog, IDS)
    docx = docx_words(build_report(catalog, IDS, {"attendance_rate": 0.8}, 2, 0, "docx", "zh"))
    pdf = [line for page in pdf_text(build_report(catalog, IDS, {}, 2, 0, "pdf", "zh")) for line in page.split("\n")]
    wrong = [w for w in docx + pdf if out_of_place(w.replace(digest, ""), "zh")]
    assert not wrong, wrong


def test_english_brief(catalog):
    content = "".join(re.sub(r"\s+", "", p) for p in pdf_text(build_report(catalog, IDS, {}, 2, 0, "pdf", "en")))
    assert "Keyfindings" in content and "Henan2021compulsory-educationteacherqualityimprovementproject" in content
    assert "Page1of" in content and "million" in content
    data = build_report(catalog, IDS, {"attendance_rate": 0.8}, 2, 0, "docx", "en")
    doc = Document(io.BytesIO(data))
    assert "Key findings" in [p.text for p in doc.paragraphs] and len(doc.inline_shapes) == 2
    # Chinese only in the documents' own wording, quoted (names and reasons are in English)
    chinese = [w for w in docx_words(data) if re.search(r"[\u3400-\u9fff]", re.sub(r"「[^」]*」", "", w))]
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


def test_findings_name_the_deadlines_at_risk_and_the_funds_rule(catalog):
    # By chance alone (with the planning delays drawn from their ranges, some worlds are late)
    baseline = gather(catalog, ["guopei-2021-2025"], {}, 2, 0, unknowns=False).runs[0]
    assert not [d for d in baseline.result.summary.deadlines if d.at_risk]  # Guopei meets its dates
    found = findings(baseline, "zh")
    assert (
        found.headline.startswith("中小学幼儿园教师国家级培训计划（2021—2025年）按文件规定实施：经费 ")
        and "截止时间均可按期" in found.headline
    )
    rules = next(p for p in found.points if p.topic == "rules")
    assert "均符合" in rules.text and rules.basis.startswith("依据：教师函〔2021〕4号")
    # 200 days to write a year's summary: the reports due each February come too late
    late = gather(catalog, ["guopei-2021-2025"], {"report_prep_days": 200}, 2, 0, unknowns=False).runs[0]
    risky = [d for d in late.result.summary.deadlines if d.at_risk]
    assert risky and all(d.phase == "reporting" for d in risky)
    found = findings(late, "zh")
    deadlines = next(p for p in found.points if p.topic == "deadlines")
    assert f"调整后情景有 {len(risky)} 个有风险" in deadlines.text and "基准（文件规定）均可按期" in deadlines.text
    assert all(deadline_name(d.names, d.track_names, "zh") in deadlines.text for d in risky)
    assert f"{len(risky)} 个截止时间有风险" in found.headline


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


# ---------------------------------------------------------------- saved scenarios side by side

SAVED = {"方案B-扩招20%": {"quota_scale": 1.2, "participation_rate": 0.85}, "方案C-提标450元": {"fee_face": 450}}


def plain(words: str, digest: str = "") -> str:
    """Text without what no language check applies to: the scenarios' names (the user's own, kept as
    saved, with their Latin letters) and the data version's digest."""
    for name in SAVED:
        words = words.replace(name, "")
    return words.replace(digest, "") if digest else words


@pytest.fixture(scope="module")
def saved_store(catalog, tmp_path_factory):
    from sim.store import ScenarioSpec, ScenarioStore

    store = ScenarioStore(catalog, path=tmp_path_factory.mktemp("store") / "scenarios.sqlite")
    for name, overrides in SAVED.items():
        store.save(ScenarioSpec(program="henan-2021", name=name, overrides=overrides))
    return store


@pytest.fixture(scope="module")
def two_scenarios(saved_store):
    from reports import saved_scenarios

    return saved_scenarios(saved_store, "henan-2021", list(SAVED))


@pytest.fixture(scope="module")
def saved_briefs(catalog, two_scenarios):
    return {
        (fmt, lang): build_report(catalog, ["henan-2021"], None, REPS, SEED, fmt, lang, named=two_scenarios)
        for fmt in ("xlsx", "docx", "pdf")
        for lang in ("zh", "en")
    }


def test_saved_scenarios_sit_side_by_side_by_name_in_every_format(saved_briefs, catalog, two_scenarios):
    from tests.language import out_of_place

    inputs = gather(catalog, ["henan-2021"], None, REPS, SEED, "zh", named=two_scenarios)
    found = findings(inputs.runs[0], "zh")
    # 扩招20% at 85% participation: more seats, fewer of them filled, and more money
    assert found.headline.startswith("方案B-扩招20%需追加经费 ") and "名额完成率降至 85." in found.headline
    assert "方案C-提标450元集中培训经费标准 450 元/人/天，超过文件标准 400 元/人/天" in found.points[3].text
    side = ["指标", "基准（文件规定）", *SAVED]
    digest = data_version(catalog, ["henan-2021"])

    doc = Document(io.BytesIO(saved_briefs["docx", "zh"]))
    assert [c.text for c in doc.tables[0].rows[0].cells] == side
    words = docx_words(saved_briefs["docx", "zh"])
    assert found.headline in words and "万元" in "".join(words)
    assert not any("quota_scale" in w or "participation_rate" in w for w in words)  # names and words, never keys
    assert not [w for w in words if out_of_place(plain(w, digest), "zh")]

    pages = pdf_text(saved_briefs["pdf", "zh"])
    flat = re.sub(r"\s+", "", "".join(pages))
    assert re.sub(r"\s+", "", found.headline) in flat and "指标基准（文件规定）方案B-扩招20%方案C-提标450元" in flat
    assert "第1页/共2页" in flat and "第2页/共2页" in flat and "北京时间" in flat
    # Chinese lines break anywhere, also inside a scenario's name: each page is scanned whole
    assert not [w for w in pages if out_of_place(plain(w.replace("\n", ""), digest), "zh")]

    wb = openpyxl.load_workbook(io.BytesIO(saved_briefs["xlsx", "zh"]))
    summary = table_after(wb["摘要"], "情景", "名额")
    assert [r[0] for r in summary] == side[1:]
    cover = "\n".join(str(c) for r in rows_of(wb["封面"]) for c in r if c)
    assert "基准（文件规定）、方案B-扩招20%、方案C-提标450元" in cover and found.headline in cover
    assert table_after(wb["摘要"], "序号", "结论")[0][1] == found.points[0].text


def test_the_english_saved_brief_is_all_english(saved_briefs):
    from tests.language import out_of_place

    words = docx_words(saved_briefs["docx", "en"])
    # Quotations and Chinese scenario names run over lines (a Chinese line breaks between any two characters).
    pages = [
        re.sub(r"(?<=[\u3400-\u9fff])\n(?=[\u3400-\u9fff])", "", p).replace("\n", " ")
        for p in pdf_text(saved_briefs["pdf", "en"])
    ]
    wrong = [w for w in words + pages if out_of_place(plain(w), "en")]
    assert not wrong, wrong
    assert re.search(r"Page 1 of \d", pages[0]) and "Beijing time" in pages[0]
    wb = openpyxl.load_workbook(io.BytesIO(saved_briefs["xlsx", "en"]))
    assert wb.sheetnames[:3] == ["Cover", "Contents", "Notes"]


def test_saved_scenarios_are_checked(catalog, saved_store):
    from reports import saved_scenarios
    from sim.store import NotFound

    with pytest.raises(NotFound):
        saved_scenarios(saved_store, "henan-2021", ["no such scenario"])
    four = {"henan-2021": [(f"s{i}", {}) for i in range(4)]}
    with pytest.raises(ScenarioError, match="at most 3 scenarios beside the baseline, got 4"):
        gather(catalog, ["henan-2021"], None, 2, 0, named=four)
    with pytest.raises(ScenarioError, match="not both"):
        gather(catalog, ["henan-2021"], {"fee_face": 450}, 2, 0, named={"henan-2021": [("a", {})]})


def test_money_and_times_read_as_a_reader_expects():
    import datetime as dt

    from reports.words import generated_at, money_change, money_range
    from sim.results import Figure

    # 3,110,000 yuan = 311 万元; a range shares the unit once per part
    assert money_range(Figure(3_110_000, 2_950_000, 3_270_000), "zh") == "311 万元（295–327 万元）"
    assert money_range(Figure(-79_000, -80_000, -78_000), "zh", signed=True) == "7.9 万元（7.8–8.0 万元）"
    assert money_change(Figure(3_110_000, 2_950_000, 3_270_000), "zh") == "+311（295 – 327）"
    assert money_range(Figure.exactly(42_060_130), "en") == "¥42.1 million"
    assert money_change(Figure(4_080_000, 4_060_000, 4_110_000), "en") == "+4.1"  # the range rounds to one number
    # 12:40 UTC is 20:40 in Beijing (UTC+8)
    assert generated_at(dt.datetime(2024, 5, 1, 12, 40, tzinfo=dt.UTC), "zh") == "2024年5月1日 20:40（北京时间）"


def test_a_reason_may_be_one_text_or_both_languages():
    from reports.words import reason_text

    assert reason_text("文件未给；取97%（no figure given）", "en") == "no figure given"
    assert reason_text({"zh": "文件未给", "en": "not given"}, "en") == "not given"
    assert reason_text({"zh": "文件未给", "en": "not given"}, "zh") == "文件未给"
