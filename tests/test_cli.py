"""`python -m sim`: programs, audit and run, and how it fails."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from sim.catalog import load_catalog
from sim.results import result_dict
from sim.run import DEFAULT_BUDGET, run
from sim.scenario import make_scenario
from tests.documented import ROOT


def sim(*args: str, lang: str | None = "en") -> subprocess.CompletedProcess:
    """``python -m sim ARGS`` with ``--lang lang`` (None: neither the option nor $TT_LANG, the default)."""
    env = {k: v for k, v in os.environ.items() if k != "TT_LANG"}
    head = ["--lang", lang] if lang else []
    return subprocess.run(
        [sys.executable, "-m", "sim", *head, *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
    )


def test_programs_json_lists_programs_with_provenance():
    out = sim("programs", "--json")
    assert out.returncode == 0, out.stderr
    programs = {p["id"]: p for p in json.loads(out.stdout)}
    assert set(programs) == {"zhejiang-2021h2", "guopei-2021-2025", "henan-2021", "zhejiang-voc-2020", "jiangxi-2022"}
    henan = programs["henan-2021"]
    assert henan["document"]["number"] is None  # the notice carries no 文号
    assert {s["id"] for s in henan["subprograms"]} >= {"backbone", "county-system", "trainer", "city-trainer", "rural"}
    fee = next(r for r in henan["parameters"] if r["id"] == "fee_face")
    assert fee["value"] == 400 and fee["unit"] == "yuan/person-day"
    assert fee["provenance"] == {
        "kind": "source",
        "file": "henan-2021-quality-improvement.txt",
        "clause": "四（三）",
        "quote": "集中培训 400 元/人/天",
    }
    rural = next(r for r in henan["parameters"] if r["id"] == "rural_quota")
    assert rural["provenance"]["kind"] == "assumed" and rural["provenance"]["reason"]
    assert programs["zhejiang-2021h2"]["document"]["number"] == "浙教办函〔2021〕157号"
    voc = programs["zhejiang-voc-2020"]
    assert len([s for s in voc["subprograms"] if s["group"] == "x1"]) == 15
    assert voc["subprograms"][-1]["allocation"]["by"] == "city"
    jx = programs["jiangxi-2022"]
    assert sorted(c for s in jx["subprograms"] for c in s["allocation"]["values"]) == sorted(
        ["赣州市", "九江市", "南昌市", "上饶市", "鹰潭市", "新余市", "吉安市", "抚州市", "宜春市", "萍乡市", "景德镇市"]
    )


def test_programs_text():
    out = sim("programs")
    assert out.returncode == 0
    assert "浙教办函〔2021〕157号" in out.stdout and "[assumed]" in out.stdout


def test_audit_json_has_the_required_fields_and_exit_0():
    out = sim("audit", "--json")
    assert out.returncode == 0
    findings = json.loads(out.stdout)
    assert findings and all({"program", "table", "stated", "computed", "code", "params"} <= set(f) for f in findings)
    assert not any("message" in f or "message_zh" in f for f in findings)  # codes and numbers; the text is the face's


def test_audit_all_includes_agreeing_checks():
    assert "ok " in sim("audit", "--all").stdout


def test_bad_data_exits_2_with_one_located_line(scratch_data):
    data = scratch_data(lambda d: d["parameters"]["completion_rate"].update(value=2))
    out = sim("--data", str(data), "programs")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr
    assert "example-2023.yaml" in lines[0] and "parameters.completion_rate" in lines[0]


def test_data_option_adds_a_sixth_program(scratch_data):
    out = sim("--data", str(scratch_data()), "run", "example-2023", "--deterministic", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    # 120 seats x 0.95 sign-up x 0.95 show-up x 5 days x 300 yuan
    assert abs(result["totals"]["cost_yuan"]["mean"] - 120 * 0.95 * 0.95 * 5 * 300) < 1e-6


def test_run_json_shape_deterministic():
    out = sim("run", "henan-2021", "--deterministic", "--json")
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["program"] == "henan-2021"
    assert {"quota_scale", "participation_rate", "attendance_rate", "completion_rate", "fee_face"} <= set(r["scenario"])
    assert set(r["totals"]) >= {"quota", "enrolled", "attended", "completed", "fill_rate", "cost_yuan"}
    # one run's figures have the same {mean, low, high} shape as many runs', all three equal
    assert all(len({*r["totals"][k].values()}) == 1 for k in ("quota", "cost_yuan"))
    assert not any("what" in d or "what_zh" in d for d in r["deadlines"]) and all("code" in d for d in r["deadlines"])
    assert {"id", "names", "quota", "enrolled", "fill_rate", "cost_yuan"} <= set(r["subprograms"][0])
    assert {"phase", "start", "end", "source"} <= set(r["timeline"][0])


def test_run_json_with_replications_gives_intervals():
    out = sim("run", "zhejiang-voc-2020", "-n", "8", "--seed", "3", "--json", "--set", "quota_scale=1.5")
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["replications"] == 8 and r["scenario"]["quota_scale"] == 1.5
    cost = r["totals"]["cost_yuan"]
    assert set(cost) == {"mean", "low", "high"} and cost["low"] < cost["high"]  # eight draws differ
    program = load_catalog().program("zhejiang-voc-2020")
    scenario = make_scenario(program, {"quota_scale": 1.5})
    direct = result_dict(run(program, scenario, replications=8, seed=3, workers=1, unknowns=True))
    assert r["totals"] == direct["totals"] and r["unknowns"]  # -n, --seed, --set; the unknowns drawn by default
    assert set(r["subprograms"][0]["enrolled"]) == {"mean", "low", "high"}


def test_unknown_set_key_lists_valid_keys():
    out = sim("run", "jiangxi-2022", "--set", "atendance_rate=0.9")
    assert out.returncode == 2
    assert "atendance_rate" in out.stderr and "attendance_rate [0, 1]" in out.stderr and "quota_scale" in out.stderr


def test_out_of_range_set_value():
    out = sim("run", "jiangxi-2022", "--set", "attendance_rate=1.5")
    assert out.returncode == 2 and "[0, 1]" in out.stderr


def test_malformed_set_and_unknown_program():
    assert sim("run", "jiangxi-2022", "--set", "attendance_rate").returncode == 2
    out = sim("run", "shanghai-2030")
    assert out.returncode == 2 and "henan-2021" in out.stderr


def test_library_does_not_import_streamlit():
    code = "import sys, sim, sim.cli, sim.model.reference; assert 'streamlit' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_a_run_does_not_import_the_table_libraries():
    """pandas and pyarrow take longer to import than a deterministic run takes; only sweeps need them."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "sim", "run", "henan-2021", "--deterministic"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    # each line of -X importtime ends with the dotted name of one module the run imported
    imported = {line.rsplit("|", 1)[1].strip().split(".")[0] for line in out.stderr.splitlines() if "|" in line}
    assert "sim" in imported  # the lines were read right
    assert imported & {"pandas", "pyarrow"} == set()


@pytest.mark.parametrize(
    "program,setting,expected",
    [
        ("henan-2021", "trainer_quota=10.5", "whole number"),
        ("henan-2021", "class_size=0", "at least 1"),
        ("zhejiang-2021h2", "round1.end=2021-08-01", "before start"),
        ("henan-2021", "settlement_delay_days=1e7", "at most"),
        ("henan-2021", "fee_face=nan", "finite"),
        ("henan-2021", "delivery.start=2021-13-01", "YYYY-MM-DD"),
    ],
)
def test_bad_set_values_exit_2(program, setting, expected):
    out = sim("run", program, "--set", setting)
    assert out.returncode == 2 and expected in out.stderr and "Traceback" not in out.stderr


def test_bad_seed_and_replications_exit_2():
    assert sim("run", "henan-2021", "--seed", "-1").returncode == 2
    assert sim("run", "henan-2021", "-n", "0").returncode == 2


def test_chinese_is_the_default_and_tt_lang_or_lang_chooses():
    zh = sim("run", "henan-2021", "--deterministic", lang=None)
    assert zh.returncode == 0, zh.stderr
    assert "名额：" in zh.stdout and "确定性运行" in zh.stdout and "Quota" not in zh.stdout
    en = subprocess.run(
        [sys.executable, "-m", "sim", "run", "henan-2021", "--deterministic"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TT_LANG": "en"},
    )
    assert "Quota: " in en.stdout and "(deterministic)" in en.stdout and "名额" not in en.stdout
    # --lang wins over $TT_LANG; a $TT_LANG that names no language is refused in one line
    both = subprocess.run(
        [sys.executable, "-m", "sim", "--lang", "zh", "programs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TT_LANG": "en"},
    )
    assert "[假设]" in both.stdout and "[assumed]" not in both.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "sim", "programs"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TT_LANG": "fr"},
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "TT_LANG" in bad.stderr


def test_help_is_in_the_chosen_language():
    zh, en = sim("run", "--help", lang="zh").stdout, sim("run", "--help", lang="en").stdout
    assert "以期望值代替每一次随机抽取" in zh and "replace every random draw" not in zh
    assert "replace every random draw by its expected value" in en
    assert f"{DEFAULT_BUDGET:,}" in en and f"（默认 {DEFAULT_BUDGET:,}" in zh  # numbers in the locale's format


def test_argparse_own_words_follow_the_language():
    """Usage line, section titles and argparse's own errors come from the catalogs too."""
    zh = sim("run", "--help", lang="zh").stdout
    assert zh.startswith("用法：") and "选项" in zh and "usage:" not in zh and "options" not in zh
    missing = sim("run", lang="zh")
    assert missing.returncode == 2 and "缺少必填参数：program" in missing.stderr
    assert "required" not in missing.stderr and "error" not in missing.stderr
    wrong = sim("run", "henan-2021", "-n", "x", lang="zh")
    assert "值无效" in wrong.stderr and "invalid" not in wrong.stderr
    en = sim("run", lang="en")
    assert "error: the following arguments are required: program" in en.stderr


def test_numbers_in_the_text_are_formatted_per_locale():
    out = sim("run", "henan-2021", "--deterministic", lang="en").stdout
    # rates as percentages with one decimal, counts with thousands separators, money in millions
    assert re.search(r"Quota: 12,500 \| .* \| Fill rate: \d+\.\d% \| Cost: ¥\d+\.\d\d m\n", out), out
    zh = sim("run", "henan-2021", "--deterministic", lang="zh").stdout
    assert re.search(r"名额完成率：\d+\.\d% \| 经费：\d{1,3}(,\d{3})*\.\d 万元\n", zh), (
        zh
    )  # 万元, as the bureau reads it


def test_run_lists_the_rule_checks_and_a_fee_above_its_standard_fails():
    # zhejiang-voc-2020 四: "1+X 证书试点师资培训费按 10天计不超过 3200元"; a fee of 4000 yuan per trainee exceeds it
    over = ("zhejiang-voc-2020", "--deterministic", "--set", "x1_fee_cap=4000")
    result = json.loads(sim("run", *over, "--json").stdout)
    checks = {c["id"]: c for c in result["rule_checks"]}
    fee = checks["fee:x1_fee_cap"]
    assert fee == {
        "id": "fee:x1_fee_cap",
        "kind": "fee_standard",
        "passed": False,
        "value": 4000.0,
        "limit": 3200.0,
        "unit": "yuan/person",
        "clause": "四",
        "fail_share": 1.0,  # the share of runs failing: the fee is the scenario's in every one
    }
    en = sim("run", *over).stdout
    assert "!! Fail: 1+X fee cap per trainee (10-day course): scenario 4,000 yuan/person" in en
    assert "documented standard 3,200 yuan/person (a ceiling) [4]" in en
    zh = sim("run", *over, lang="zh").stdout
    assert (
        "!! 不符合：1+X 培训费上限（每人，按10天计）：本情景 4,000 元/人，文件标准 3,200 元/人（不得超过） [四]" in zh
    )
    # at the documented 3200 yuan the check passes
    documented = json.loads(sim("run", "zhejiang-voc-2020", "--deterministic", "--json").stdout)
    assert next(c for c in documented["rule_checks"] if c["id"] == "fee:x1_fee_cap")["passed"] is True


def test_run_checks_the_training_fund_rule():
    # guopei-2021-2025 三（二）: schools put 5% of public funds into training; the check names its clause
    checks = json.loads(sim("run", "guopei-2021-2025", "--deterministic", "--json").stdout)["rule_checks"]
    fund = next(c for c in checks if c["kind"] == "training_fund_share")
    assert (
        fund["clause"] == "三（二）" and fund["unit"] == "yuan" and fund["passed"] == (fund["value"] <= fund["limit"])
    )


def test_a_data_error_in_chinese_keeps_its_location(scratch_data):
    data = scratch_data(lambda d: d["parameters"]["completion_rate"].update(value=2))
    out = sim("--data", str(data), "programs", lang="zh")
    assert out.returncode == 2
    line = out.stderr.strip()
    assert line.startswith("错误：") and "example-2023.yaml：parameters.completion_rate：比率应在" in line
    assert "expected" not in line and "rate" not in line.split("completion_rate")[-1]


def test_run_says_both_intervals_by_default_and_chance_alone_when_asked():
    honest = sim("run", "jiangxi-2022", "-n", "6")
    assert honest.returncode == 0, honest.stderr
    assert "assumed values drawn" in honest.stdout and "chance alone" in honest.stdout
    chance = sim("run", "jiangxi-2022", "-n", "6", "--chance-only")
    assert chance.returncode == 0 and "assumed values drawn" not in chance.stdout
