"""The documents' rules that bound a count of projects, as plain arithmetic on the scenario's values.

Each acts only where the program has the rule (its ``kind``) and the data the rule is applied to;
the model's steps and the run-size estimate read the same functions.
"""

from __future__ import annotations

from sim.catalog import Program, Supplier, Track
from sim.scenario import Params


def rule_number(program: Program, params: Params, track: Track, kind: str) -> float | None:
    """The number the program's rule of ``kind`` sets (its ``param`` under the scenario), or None
    where the program has no such rule."""
    rule = next((r for r in program.rules if r.kind == kind), None)
    if rule is None or rule.param is None:
        return None
    return float(params.rate(track, rule.param))


def leader_limit(program: Program, params: Params, track: Track, supplier: Supplier) -> float | None:
    """Projects a supplier category's qualified leaders may declare: ``institutions`` x
    ``leaders_per_institution`` x the rule ``max_projects_per_leader`` (浙江 二（一）: 每人至多申报4个);
    None, no limit, where the category's leaders or the rule are not given."""
    per_leader = rule_number(program, params, track, "max_projects_per_leader")
    if per_leader is None or supplier.leaders_per_institution is None:
        return None
    institutions = float(params.slot(track, "institutions", supplier.institutions))
    return (
        institutions
        * float(params.slot(track, "leaders_per_institution", supplier.leaders_per_institution))
        * per_leader
    )


def county_minimum(program: Program, params: Params, track: Track) -> float:
    """Projects an order-based track has at least: the rule ``min_projects_per_county`` x the
    track's ``counties`` (浙江 三（二）: 原则上每个县（市、区）不少于2个项目); 0 where either is missing.
    A floor per county, so scaling the quotas does not scale it."""
    per_county = rule_number(program, params, track, "min_projects_per_county")
    counties = params.slot(track, "counties") if track.counties is not None else None
    if per_county is None or counties is None:
        return 0.0
    return per_county * float(counties)
