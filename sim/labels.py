"""Words the dashboard, the CLI and the reports share, in Chinese (default) and English.

No Streamlit here: report builders and the CLI pick the language explicitly.
"""
from __future__ import annotations

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("教师培训政策模拟与简报", "Teacher-training policy simulation and briefing"),
    "language": ("语言 / Language", "语言 / Language"),
    "nav_overview": ("总览", "Overview"),
    "nav_program": ("文件与参数", "Documents and parameters"),
    "nav_simulate": ("情景模拟", "Scenario simulation"),
    "program": ("培训项目", "Program"),
    "doc_number": ("文号", "Document no."),
    "issuer": ("发文单位", "Issued by"),
    "issued": ("成文日期", "Dated"),
    "no_number": ("（文件未载文号）", "(no document number in the text)"),
    "no_date": ("（文件未载日期）", "(no date in the text)"),
    "subprograms": ("子项目", "Sub-programs"),
    "milestones": ("时间节点", "Milestones"),
    "parameters": ("参数", "Parameters"),
    "documented": ("有文件依据", "Documented"),
    "assumed": ("假设", "Assumed"),
    "audit": ("一致性核查", "Consistency audit"),
    "audit_intro": ("逐项重算文件中的合计数；文件数字按原文保留，差异供判断。",
                    "Every total the documents state is recomputed; the documents' numbers are kept as written and differences are shown for you to judge."),
    "audit_none": ("所有合计与分项一致。", "Every stated total equals the sum of its parts."),
    "table": ("表/核对项", "Table / check"),
    "stated": ("文件所列", "Stated"),
    "computed": ("分项合计", "Parts give"),
    "message": ("说明", "Note"),
    "findings": ("差异", "Mismatches"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "provenance": ("出处", "Provenance"),
    "clause": ("条款", "Clause"),
    "quote_or_reason": ("原文 / 假设理由", "Wording / reason for the assumption"),
    "only_assumed": ("只看假设值", "Assumed values only"),
    "phase": ("阶段", "Phase"),
    "start": ("开始", "Start"),
    "end": ("结束", "End"),
    "rules": ("规则", "Rules"),
    "mode": ("方式", "Mode"),
    "quota": ("名额", "Quota"),
    "enrolled": ("报名/遴选", "Enrolled"),
    "attended": ("参训（报到）", "Attended"),
    "completed": ("结业", "Completed"),
    "credits": ("登记学分", "Credits"),
    "fill_rate": ("名额完成率", "Fill rate"),
    "completion_rate": ("结业率", "Completion rate"),
    "cost": ("经费（元）", "Cost (yuan)"),
    "quota_scale": ("名额/限额倍数", "Quota multiplier"),
    "participation_rate": ("参与率", "Participation rate"),
    "attendance_rate": ("报到率", "Attendance rate"),
    "fees": ("经费标准", "Fee standards"),
    "replications": ("重复次数", "Replications"),
    "seed": ("随机种子", "Random seed"),
    "deterministic": ("确定性（取期望值）", "Deterministic (expected values)"),
    "interval_note": ("括号内为 {n} 次重复的95%区间（第2.5至97.5百分位）。", "Brackets: 95% interval over {n} replications (2.5th-97.5th percentile)."),
    "vs_documented": ("相对文件默认值", "vs documented defaults"),
    "timeline": ("时间线", "Timeline"),
    "simulated": ("模拟", "Simulated"),
    "cashflow": ("结算现金流", "Settlement cash flow"),
    "cumulative": ("累计结算（元）", "Cumulative settled (yuan)"),
    "teacher_advances": ("教师累计垫付（元）", "Teachers' cumulative advances (yuan)"),
    "date": ("日期", "Date"),
    "deadlines": ("截止时间核对", "Deadline checks"),
    "at_risk": ("有风险", "At risk"),
    "on_time": ("按期", "On time"),
    "deadline": ("截止", "Deadline"),
    "by_year": ("分年度", "By year"),
    "year": ("年度", "Year"),
    "by_year_note": ("分年度为当年参训情况；跨年度项目的同一学员每年都计入，合计按人计一次。",
                     "Each year counts who took part that year; a multi-year trainee appears every year, "
                     "the totals count them once."),
    "by_unit": ("分地区/类别", "By city / category"),
    "unit_name": ("地区/类别", "City / category"),
    "cost_lines": ("经费构成", "Cost lines"),
    "budget_line": ("学校公用经费5%形成的培训经费：{fund}（{years}年）；本情景由学校（含报销）支付 {paid}，占 {share}。",
                    "Schools' training fund from 5% of public funds: {fund} over {years} year(s); schools pay {paid} "
                    "of this scenario (incl. reimbursements), {share} of the fund."),
    "budget_not_schools": ("学校公用经费5%形成的培训经费：{fund}（{years}年）；本情景经费由项目资金支付，不占用该经费。",
                           "Schools' training fund from 5% of public funds: {fund} over {years} year(s); this "
                           "scenario is paid from programme funds, not from it."),
    "points": ("{d:+.1f} 个百分点", "{d:+.1f} pp"),
    "provider": ("承办单位", "Provider"),
    "by_project": ("按申报项目", "from declared projects"),
    "timeline_note": ("蓝色为文件规定阶段，橙色为假设日期，绿色为模拟的各子项目从开班到结算完成。",
                      "Blue: phases the documents date; orange: assumed dates; green: each sub-program's simulated span from first class to settlement."),
    "settings": ("情景设置", "Scenario settings"),
    "source_doc": ("来源文件", "Source document"),
    "run_time": ("计算用时 {s:.2f} 秒", "Computed in {s:.2f} s"),
    "what_assumed": ("标注“假设”的数值文件未给出，仅作规划参考。", "Values marked 'assumed' are not in the documents and are planning figures."),
    "kind_source": ("文件", "Document"),
    "kind_assumed": ("假设", "Assumed"),
    "mode_assigned": ("名额下达遴选", "Assigned quota"),
    "mode_course_selection": ("教师自主选课", "Course selection"),
    "mode_registration": ("集体报名", "Registration"),
    "seats_filled": ("名额首次报满", "Seats first all taken"),
    "not_filled": ("未报满", "not filled"),
    "settlement_done": ("结算完成", "Settlement done"),
}

UNITS_ZH = {
    "persons": "人", "projects": "项", "institutions": "家", "studios": "个", "counties": "个县", "schools": "所",
    "classes": "班", "items": "项", "days": "天", "hours": "学时", "weeks": "周", "years": "年",
    "credits": "学分", "hours/credit": "学时/学分", "yuan": "元", "yuan/person-day": "元/人/天",
    "yuan/person-hour": "元/人/学时", "yuan/studio": "元/个", "yuan/person": "元/人", "ratio": "比例",
    "multiplier": "倍", "date": "日期", "text": "文本",
}


def text(key: str, lang: str = "zh", **kwargs) -> str:
    zh, en = STRINGS[key]
    out = zh if lang == "zh" else en
    return out.format(**kwargs) if kwargs else out


def name_in(names: dict | None, lang: str = "zh", fallback: str = "") -> str:
    if not names:
        return fallback
    return names["zh"] if lang == "zh" else names["en"]


def unit_in(u: str, lang: str = "zh") -> str:
    return UNITS_ZH.get(u, u) if lang == "zh" else u
