"""The documents' money rules checked against a scenario's result: pass or fail, with the clause.

Two kinds of rule bear on cost. A documented fee standard is a ceiling (Chinese training-fee
standards cap what may be charged), so a scenario fee above it fails. Where a document funds training
from schools' public funds (the 5% rule), the part of the cost schools pay must fit in that fund.
And where an allocation counts every teacher there is (whole-staff training), a scenario's quotas
cannot ask for more: the model seats at most the teachers there are, and the check says by how much
the scenario asked beyond them.

Each check also says how likely it is to fail: the share of the replications in which it fails
(``fail_share``). With chance alone that is 0 or 1 for nearly every check; with the unknowns drawn
(``run(..., unknowns=True)``) it is the share of plausible worlds that break the rule -- the
schools' fund varies with their assumed public funds, their part of the cost with the rates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from sim.catalog import Program, provenance
from sim.scenario import driving_parameters

from .result import Result
from .tables import ALL_YEARS


@dataclass(frozen=True)
class RuleCheck:
    id: str
    kind: Literal["fee_standard", "training_fund_share", "teacher_population"]
    names: dict[str, str]
    value: float  # the scenario's figure (a mean over the runs)
    limit: float
    unit: str
    passed: bool  # on the mean over the runs
    source: dict[str, Any]
    fail_share: float = 0.0  # the share of the runs in which the rule fails: how likely it is to fail


def _per_run(result: Result, figure: str) -> np.ndarray:
    """A program-level figure in every replication."""
    r = result.replicates
    return r.values[r.keys.index(("", "", ALL_YEARS, figure))]


def rule_checks(program: Program, result: Result) -> list[RuleCheck]:
    """One check per checkable rule: the scenario's figure against the documented limit."""
    out = []
    for pid in driving_parameters(program):
        q = program.parameters[pid]
        limit = q.value
        if not q.unit.startswith("yuan") or q.assumed or pid not in result.scenario:
            continue
        if not isinstance(limit, (int, float)):  # a fee standard is a number; anything else is no ceiling
            continue
        value = float(result.scenario[pid])
        out.append(
            RuleCheck(
                f"fee:{pid}",
                "fee_standard",
                (q.names or program.names).model_dump(),
                value,
                float(limit),
                q.unit,
                value <= limit,
                provenance(q, program),
                float(value > limit),  # a fee is the scenario's, the same in every run
            )
        )
    budget = result.summary.budget
    for rule in program.rules:
        if rule.kind == "training_fund_share" and budget:
            paid, fund = budget.school_paid_yuan.mean, budget.training_fund_yuan.mean
            failing = _per_run(result, "budget:school_paid_yuan") > _per_run(result, "budget:training_fund_yuan")
            out.append(
                RuleCheck(
                    f"rule:{rule.id}",
                    "training_fund_share",
                    rule.names.model_dump(),
                    paid,
                    fund,
                    "yuan",
                    paid <= fund,
                    provenance(rule, program),
                    float(np.mean(failing)),
                )
            )
    out.extend(_population_checks(program, result))
    return out


def _population_checks(program: Program, result: Result) -> list[RuleCheck]:
    """The teachers the scenario's quotas ask to seat against the teachers there are."""
    counted = [t.allocation for t in program.tracks if t.allocation is not None and t.allocation.population]
    if not counted:
        return []
    teachers = float(sum(sum(a.values.values()) for a in counted))
    asked = teachers * float(result.scenario.get("quota_scale", 1.0))
    return [
        RuleCheck(
            "population:teachers",
            "teacher_population",
            program.names.model_dump(),
            asked,
            teachers,
            "persons",
            asked <= teachers,
            provenance(counted[0], program),
            float(asked > teachers),  # the documents' teachers and the scenario's multiplier: no run differs
        )
    ]
