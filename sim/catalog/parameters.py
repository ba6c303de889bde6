"""Parameters the simulation reads by id, with the unit each must carry.

A program file may omit the optional ones; the model then skips the behaviour
they drive. The three rates are the knobs every scenario can turn.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.base import N_


@dataclass(frozen=True)
class ModelParameter:
    unit: str
    label: str  # message key: the dashboard and reports word it
    required: bool = False


MODEL_PARAMETERS: dict[str, ModelParameter] = {
    "participation_rate": ModelParameter("ratio", N_("param_participation_rate"), True),
    "attendance_rate": ModelParameter("ratio", N_("param_attendance_rate"), True),
    "completion_rate": ModelParameter("ratio", N_("param_completion_rate"), True),
    "school_approval_rate": ModelParameter("ratio", N_("param_school_approval_rate")),
    "declared_share": ModelParameter("ratio", N_("param_declared_share")),
    "review_pass_rate": ModelParameter("ratio", N_("param_review_pass_rate")),
    "expansion_approval_rate": ModelParameter("ratio", N_("param_expansion_approval_rate")),
    "expansion_share": ModelParameter("ratio", N_("param_expansion_share")),
    "round2_participation_rate": ModelParameter("ratio", N_("param_round2_participation_rate")),
    "arrival_rush": ModelParameter("multiplier", N_("param_arrival_rush")),
    "settlement_delay_days": ModelParameter("days", N_("param_settlement_delay_days")),
    "planning_delay_days": ModelParameter("days", N_("param_planning_delay_days")),
    "report_prep_days": ModelParameter("days", N_("param_report_prep_days")),
    "report_days_after_end": ModelParameter("days", N_("param_report_days_after_end")),
    "notice_days_before_start": ModelParameter("days", N_("param_notice_days_before_start")),
    "popularity_spread": ModelParameter("multiplier", N_("param_popularity_spread")),
    "training_fund_share": ModelParameter("ratio", N_("param_training_fund_share")),
    "school_public_funds": ModelParameter("yuan", N_("param_school_public_funds")),
    # The numbers of rules (a rule's ``param``): the rule acts with them where the program has it.
    "max_projects_per_leader": ModelParameter("projects", N_("param_max_projects_per_leader")),
    "min_projects_per_county": ModelParameter("projects", N_("param_min_projects_per_county")),
    "project_change_share": ModelParameter("ratio", N_("param_project_change_share")),
    "withdrawal_rate_on_change": ModelParameter("ratio", N_("param_withdrawal_rate_on_change")),
    "school_cost_share": ModelParameter("ratio", N_("param_school_cost_share")),
    "no_show_ban_years": ModelParameter("years", N_("param_no_show_ban_years")),
}
