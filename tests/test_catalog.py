"""The five documented programs load, and their numbers are the documents' numbers."""

from __future__ import annotations

import json
import re

import pytest

from sim.catalog import parameter_rows, program_dict, squash
from tests.documented import IDS, ROOT

SEEDS = {
    "zhejiang-2021h2": "zhejiang-2021h2-teacher-pd.txt",
    "guopei-2021-2025": "national-guopei-2021-2025.txt",
    "henan-2021": "henan-2021-quality-improvement.txt",
    "zhejiang-voc-2020": "zhejiang-2020-vocational-backbone.txt",
    "jiangxi-2022": "jiangxi-2022-internet-plus.txt",
}


def seed_text(program_id: str) -> str:
    return squash((ROOT / "data" / "sources" / SEEDS[program_id]).read_text(encoding="utf-8"))


def test_five_programs_load_with_fixed_ids(catalog):
    assert sorted(catalog.programs) == IDS
    for pid, program in catalog.programs.items():
        assert program.document.file == SEEDS[pid]


# (program, parameter, value, wording in the seed) -- spot checks against the seed text itself.
SPOT = [
    ("henan-2021", "fee_face", 400, "集中培训400元/人/天"),
    ("henan-2021", "fee_online", 3, "网络研修3元/学时"),
    ("henan-2021", "studio_grant", 20000, "每个名师或培训专家工作室2万元"),
    ("henan-2021", "candidate_ratio", 1.2, "1:1.2差额方式"),
    ("henan-2021", "trainer_quota", 150, "共计150人"),
    ("henan-2021", "city_trainer_quota", 200, "共计200人"),
    ("henan-2021", "city_trainer_days", 20, "集中培训20天、线上研修100学时"),
    ("henan-2021", "city_trainer_hours", 100, "集中培训20天、线上研修100学时"),
    ("henan-2021", "no_show_ban_years", 3, "在三年内不得再参加"),
    ("henan-2021", "project_counties", 13, "等13个项目县"),
    ("jiangxi-2022", "hours_per_year", 60, "每年设计60学时"),
    ("jiangxi-2022", "hours_per_credit", 20, "每20学时计算一个学分"),
    ("jiangxi-2022", "fee_per_hour", 1.5, "每人1.5元/学时"),
    ("jiangxi-2022", "training_fund_share", 0.05, "预算总额的5%安排教师培训经费"),
    ("guopei-2021-2025", "training_fund_share", 0.05, "预算总额的5%安排教师培训经费"),
    ("zhejiang-voc-2020", "x1_fee_cap", 3200, "按10天计不超过3200元"),
    ("zhejiang-voc-2020", "x1_trainees", 750, "计划完成培训750人"),
    ("zhejiang-voc-2020", "x1_certificates", 15, "15项证书制度试点师资培训"),
    ("zhejiang-voc-2020", "x1_days", 10, "为期10天80学时"),
    ("zhejiang-voc-2020", "x1_hours", 80, "为期10天80学时"),
    ("zhejiang-voc-2020", "expert_days", 5, "为期5天的专项能力提升培训"),
    ("zhejiang-2021h2", "cap_zjnu_hznu", 40, "杭州师范大学限报40项"),
    ("zhejiang-2021h2", "cap_other", 25, "培训机构限报25项"),
    ("zhejiang-2021h2", "cap_remote", 35, "承担远程培训的机构限报35项"),
    ("zhejiang-2021h2", "cap_new", 5, "认定资质不满一年的培训机构限报5项"),
    ("zhejiang-2021h2", "max_projects_per_leader", 4, "每人至多申报4个"),
    ("zhejiang-2021h2", "min_projects_per_county", 2, "不少于2个项目"),
    ("zhejiang-2021h2", "timetable_days_before_start", 5, "开班前5日在培训管理平台上公布"),
]


@pytest.mark.parametrize("pid,param,value,wording", SPOT)
def test_documented_values_match_the_seed(catalog, pid, param, value, wording):
    q = catalog.program(pid).parameters[param]
    assert q.value == value
    assert not q.assumed
    assert wording in seed_text(pid)
    assert squash(q.source.quote) in seed_text(pid)


# (program, milestone, start, end) -- the dated phases, against the documents.
DATES = [
    ("zhejiang-2021h2", "declaration", "2021-07-13", "2021-07-23"),
    ("zhejiang-2021h2", "review", "2021-07-25", "2021-08-05"),
    ("zhejiang-2021h2", "publication", None, "2021-08-10"),
    ("zhejiang-2021h2", "browse", "2021-08-10", "2021-08-23"),
    ("zhejiang-2021h2", "round1", "2021-08-24", "2021-09-03"),
    ("zhejiang-2021h2", "round1-review", "2021-08-30", "2021-09-06"),
    ("zhejiang-2021h2", "expansion-request", "2021-09-07", "2021-09-09"),
    ("zhejiang-2021h2", "expansion-approval", "2021-09-10", "2021-09-11"),
    ("zhejiang-2021h2", "round1-recheck", None, "2021-09-12"),
    ("zhejiang-2021h2", "round2", "2021-09-13", "2021-09-16"),
    ("zhejiang-2021h2", "round2-review", "2021-09-15", "2021-09-18"),
    ("zhejiang-2021h2", "round2-recheck", None, "2021-09-19"),
    ("zhejiang-2021h2", "delivery", "2021-09-20", "2021-12-31"),
    ("zhejiang-2021h2", "order-enrolment", "2021-08-24", "2021-09-03"),
    ("jiangxi-2022", "registration", "2022-07-11", "2022-07-22"),
    ("jiangxi-2022", "online-study", "2022-07-23", "2022-09-30"),
    ("jiangxi-2022", "assessment", "2022-10-01", "2022-10-15"),
    ("jiangxi-2022", "credits", "2022-10-16", "2022-11-10"),
    ("jiangxi-2022", "inspection", "2022-11-11", "2022-11-30"),
    ("henan-2021", "selection", "2021-07-19", "2021-07-30"),
    ("henan-2021", "schedule", None, "2021-08-10"),
    ("zhejiang-voc-2020", "x1-registration", "2020-10-29", "2020-11-09"),
    ("guopei-2021-2025", "reporting-2021", None, "2021-05-31"),
    ("guopei-2021-2025", "reporting-2024", None, "2024-02-29"),
]


@pytest.mark.parametrize("pid,mid,start,end", DATES)
def test_milestone_dates(catalog, pid, mid, start, end):
    m = next(m for m in catalog.program(pid).milestones if m.id == mid)
    assert (m.start.isoformat() if m.start else None, m.end.isoformat()) == (start, end)
    assert not m.assumed


def test_zhejiang_voc_city_table_rows_are_the_seed_rows(catalog):
    """Each Annex 2 row's planned count and 11 city cells appear, in order, in the seed."""
    program = catalog.program("zhejiang-voc-2020")
    tokens = re.sub(r"\s+", " ", (ROOT / "data" / "sources" / SEEDS["zhejiang-voc-2020"]).read_text()).split(" ")
    joined = " ".join(tokens)
    rows = [t for t in program.tracks if t.allocation is not None]
    assert len(rows) == 19
    for t in rows:
        cells = " ".join(str(v) for v in [t.quota.value, *t.allocation.values.values()])
        assert f" {cells} " in joined, t.id


def test_every_value_has_provenance_and_every_assumption_a_reason(catalog):
    for program in catalog.programs.values():
        for row in parameter_rows(program):
            prov = row["provenance"]
            if prov["kind"] == "assumed":
                assert prov["reason"], row["id"]
            else:
                assert prov["quote"] and prov["clause"], row["id"]


# Numbers in the seeds that are not program data: phone numbers, postcodes, QQ groups,
# other documents' numbers and dates, list ordinals and course titles.
NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(元|学时|天|人|项|个|所|名|%|周|年)")


def _numbers_with_units(text: str) -> set[float]:
    return {float(n) for n, _ in NUMBER.findall(text)}


@pytest.mark.parametrize("pid", IDS)
def test_programs_json_lists_every_documented_number(catalog, pid):
    """Every 'number + unit' in the seed text is a value in `programs --json` (or a known non-datum)."""
    d = program_dict(catalog.program(pid))
    rows = d["parameters"]
    values = {float(r["value"]) for r in rows if isinstance(r["value"], (int, float))}
    values |= {v * 100 for v in values}  # 5% is stored as 0.05
    dates = [r["value"] for r in rows if isinstance(r["value"], str)]
    dates += [m[k] for m in d["milestones"] for k in ("start", "end") if m[k]]
    values |= {float(v[:4]) for v in dates if v[:4].isdigit()}  # years of dated values
    raw = (ROOT / "data" / "sources" / SEEDS[pid]).read_text(encoding="utf-8")
    not_data = {
        "zhejiang-2021h2": {1.2021},  # "附件：1.2021年…": a list ordinal run into a year
        "guopei-2021-2025": {2035.0},  # the 2035 long-range goals named in the preamble
        "henan-2021": {2020.0},  # "总结 2020 年项目", and another document's 2020-2022 period
        "zhejiang-voc-2020": set(),
        "jiangxi-2022": {2020.0, 2021.0},  # dates of other notices the text cites
    }[pid]
    missing = sorted(_numbers_with_units(raw) - values - not_data)
    assert not missing, f"{pid}: numbers in the seed not in the catalog: {missing}"


def test_programs_json_is_serialisable_and_complete(catalog):
    for program in catalog.programs.values():
        d = program_dict(program)
        json.dumps(d, ensure_ascii=False)
        assert d["subprograms"] and d["milestones"] and d["parameters"]
        assert [m["end"] for m in d["milestones"]] == [m.end.isoformat() for m in program.milestones]
