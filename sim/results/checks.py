"""The documents' money rules checked against a scenario's result: pass or fail, with the clause.

Two kinds of rule bear on cost. A documented fee standard is a ceiling (Chinese training-fee
standards cap what may be charged), so a scenario fee above it fails. Where a document funds training
from schools' public funds (the 5% rule), the part of the cost schools pay must fit in that fund.
"""

from __future__ import annotations

from typing import Any

from sim.catalog import Program, provenance
from sim.scenario import driving_parameters

from .figures import mean


def rule_checks(program: Program, result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per checkable rule: names, the scenario's figure, the limit, passed, and the source."""
    out = []
    scenario = result["scenario"]
    for pid in driving_parameters(program):
        q = program.parameters[pid]
        if not q.unit.startswith("yuan") or q.assumed or pid not in scenario:
            continue
        value = float(scenario[pid])
        out.append(
            {
                "id": f"fee:{pid}",
                "kind": "fee_standard",
                "names": (q.names or program.names).model_dump(),
                "value": value,
                "limit": float(q.value),
                "unit": q.unit,
                "passed": value <= float(q.value),
                "source": provenance(q, program),
            }
        )
    budget = result.get("budget")
    for rule in program.rules:
        if rule.kind == "training_fund_share" and budget:
            paid, fund = mean(budget["school_paid_yuan"]), mean(budget["training_fund_yuan"])
            out.append(
                {
                    "id": f"rule:{rule.id}",
                    "kind": "training_fund_share",
                    "names": rule.names.model_dump(),
                    "value": paid,
                    "limit": fund,
                    "unit": "yuan",
                    "passed": paid <= fund,
                    "source": provenance(rule, program),
                }
            )
    return out
