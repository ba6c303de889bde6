"""`python -m sim report`: writes the file, infers the format, and fails with one located line."""

from __future__ import annotations

import openpyxl
import pytest
from pypdf import PdfReader

from sim.cli import main


def test_report_writes_a_workbook_with_the_format_from_the_suffix(tmp_path, capsys):
    out = tmp_path / "brief.xlsx"
    code = main(
        [
            "report",
            "henan-2021",
            "jiangxi-2022",
            "--set",
            "attendance_rate=0.8",
            "--set",
            "henan-2021:fee_face=450",
            "-n",
            "2",
            "--seed",
            "3",
            "--out",
            str(out),
        ]
    )
    assert code == 0 and capsys.readouterr().out.strip() == f"已写入 {out}"  # the report's language, Chinese by default
    wb = openpyxl.load_workbook(out)
    assert {"项目1", "项目2"} <= set(wb.sheetnames)
    summary = "\n".join(str(r[0]) for r in wb["摘要"].iter_rows(values_only=True) if r[0])
    # each program's changes in words, under the program's name; never the keys
    assert "报到率 80.0%（文件规定 93.0%）；集中培训经费标准 450 元/人/天（文件规定 400 元/人/天）" in summary
    assert "2 次重复，随机种子 3" in summary and "attendance_rate" not in summary


def test_report_in_english_as_pdf(tmp_path):
    out = tmp_path / "brief.pdf"
    assert main(["report", "jiangxi-2022", "-n", "2", "--format", "pdf", "--lang", "en", "--out", str(out)]) == 0
    assert "Key findings" in PdfReader(out).pages[0].extract_text()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--set", "nope=1", "--out", "{tmp}/a.xlsx"], "nope: no program in this report (henan-2021) has this key"),
        (["--set", "henan-2021:fee_face=x", "--out", "{tmp}/a.xlsx"], "henan-2021: fee_face: expected a number"),
        (["--out", "{tmp}/missing/a.xlsx"], "the folder {tmp}/missing does not exist"),
        (["--out", "{tmp}/a.txt"], "cannot tell the format from the suffix '.txt'"),
        (["--format", "docx", "--out", "{tmp}/a.pdf"], "does not match the format 'docx'"),
        (["-n", "0", "--out", "{tmp}/a.xlsx"], "replications must be in [1, 10000]"),
    ],
)
def test_bad_input_exits_2_with_one_located_line(tmp_path, capsys, args, message):
    code = main(["--lang", "en", "report", "henan-2021", *[a.format(tmp=tmp_path) for a in args]])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and message.format(tmp=tmp_path) in err
    assert list(tmp_path.iterdir()) == []


def test_report_from_saved_scenarios_uses_their_names_and_runs(tmp_path, capsys):
    store = f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    for name, setting in (("方案B-扩招20%", "quota_scale=1.2"), ("方案C-提标450元", "fee_face=450")):
        args = ["scenarios", "--store", store, "save", "henan-2021", name, "--set", setting, "-n", "3", "--seed", "4"]
        assert main(args) == 0
    out = tmp_path / "brief.pdf"
    args = ["report", "henan-2021", "--store", store, "--scenario", "方案B-扩招20%", "--scenario", "方案C-提标450元"]
    assert main([*args, "--out", str(out)]) == 0
    text = "".join(p.extract_text() for p in PdfReader(out).pages).replace("\n", "")
    assert "方案B-扩招20%需追加经费" in text and "3 次重复，随机种子 4" in text  # the first one's runs
    assert "指标 基准（文件规定） 方案B-扩招20% 方案C-提标450元" in text and "第1页/共" in text
    capsys.readouterr()
    code = main(["--lang", "en", *args[:4], "--scenario", "nope", "--out", str(tmp_path / "b.pdf")])
    err = capsys.readouterr().err
    assert code == 2 and "nope" in err and err.count("\n") == 1
    code = main(
        ["--lang", "en", "report", "henan-2021", "jiangxi-2022", "--store", store, "--scenario", "x", "--out", str(out)]
    )
    assert code == 2 and "--scenario: name one program" in capsys.readouterr().err
