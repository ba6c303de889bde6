"""Parameters the simulation reads by id, with the unit each must carry.

A program file may omit the optional ones; the model then skips the behaviour
they drive. The three rates are the knobs every scenario can turn.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ModelParameter:
    unit: str
    zh: str
    en: str
    required: bool = False


MODEL_PARAMETERS: dict[str, ModelParameter] = {
    "participation_rate": ModelParameter("ratio", "参与率（报名/名额）", "participation rate (sign-ups / seats)", True),
    "attendance_rate": ModelParameter("ratio", "报到率", "attendance (show-up) rate", True),
    "completion_rate": ModelParameter("ratio", "结业（考核合格）率", "completion / pass rate", True),
    "school_approval_rate": ModelParameter("ratio", "学校审核通过率", "principal approval rate"),
    "declared_share": ModelParameter("ratio", "机构申报占限报数比例", "share of project cap declared"),
    "review_pass_rate": ModelParameter("ratio", "项目审核通过率", "project review pass rate"),
    "expansion_approval_rate": ModelParameter("ratio", "扩班批准率", "class expansion approval rate"),
    "expansion_share": ModelParameter("ratio", "扩班增加名额占班额比例", "added seats as share of class size"),
    "round2_participation_rate": ModelParameter(
        "ratio", "第二轮补报参与率", "round-2 participation of eligible teachers"
    ),
    "arrival_rush": ModelParameter(
        "multiplier", "截止日报名强度/首日报名强度", "deadline-day vs first-day sign-up intensity"
    ),
    "settlement_delay_days": ModelParameter("days", "结训至结算平均天数", "mean days from course end to settlement"),
    "planning_delay_days": ModelParameter("days", "收到资金至年度方案天数", "days from funds to the annual plan"),
    "report_prep_days": ModelParameter("days", "结训至年度总结天数", "days from last course end to the annual report"),
    "report_days_after_end": ModelParameter(
        "days", "结训后提交自评报告天数", "days after the end to file the self-assessment"
    ),
    "notice_days_before_start": ModelParameter("days", "开班前发报到通知天数", "arrival notice days before opening"),
    "popularity_spread": ModelParameter(
        "multiplier", "项目受欢迎程度离散度（对数正态σ）", "spread of course popularity (lognormal sigma)"
    ),
    "training_fund_share": ModelParameter(
        "ratio", "公用经费中培训经费比例", "share of school public funds for training"
    ),
    "school_public_funds": ModelParameter("yuan", "年度学校公用经费预算总额", "annual school public-funds budget"),
}
