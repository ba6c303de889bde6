"""Consistency audit: recompute every total a document states from its parts.

The documents' numbers stay as written; the audit only reports where a stated
total and the sum of its parts disagree, for a person to judge.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Iterable

from .schema import SLOT_UNIT, Program, Quantity, Ref


@dataclass(frozen=True)
class Finding:
    program: str
    table: str
    item: str
    stated: float
    computed: float
    ok: bool
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def _number(q: Quantity) -> float:
    return float(q.value)


def resolve_reference(program: Program, ref: str) -> float | list[float]:
    """Resolve ``param``, ``track.field``, ``track.allocation`` or ``group.quota``.

    Allocations resolve to the list of their values (so ``count`` and ``sum`` both apply).
    Raises KeyError with a readable message for a dangling reference.
    """
    if "." not in ref:
        if ref not in program.parameters:
            raise KeyError(f"no parameter {ref!r}")
        return _number(program.parameters[ref])
    owner, attr = ref.split(".", 1)
    for g in program.groups:
        if g.id == owner:
            if attr != "quota" or g.quota is None:
                raise KeyError(f"group {owner!r} has no stated quota")
            return _number(g.quota)
    track = next((t for t in program.tracks if t.id == owner), None)
    if track is None:
        raise KeyError(f"no track or group {owner!r}")
    if attr == "allocation":
        if track.allocation is None:
            raise KeyError(f"track {owner!r} has no allocation")
        return [float(v) for v in track.allocation.values.values()]
    if attr not in SLOT_UNIT or getattr(track, attr, None) is None:
        raise KeyError(f"track {owner!r} has no field {attr!r}")
    value = getattr(track, attr)
    if isinstance(value, Ref):
        value = program.parameters[value.param]
    return _number(value)


def _flat(values: Iterable[float | list[float]]) -> list[float]:
    out: list[float] = []
    for v in values:
        out.extend(v if isinstance(v, list) else [v])
    return out


def _finding(program: str, table: str, item: str, stated: float, computed: float, what: str) -> Finding:
    ok = math.isclose(stated, computed, rel_tol=1e-9, abs_tol=1e-9)
    verdict = "agrees" if ok else f"differs by {computed - stated:+g}"
    return Finding(program, table, item, stated, computed, ok,
                   f"{what}: stated {stated:g}, parts give {computed:g} ({verdict})")


def _track_quota(program: Program, track_id: str) -> float:
    return resolve_reference(program, f"{track_id}.quota")  # type: ignore[return-value]


def _table_findings(program: Program) -> Iterable[Finding]:
    tracks = {t.id: t for t in program.tracks}
    for tab in program.tables:
        rows = [tracks[t] for t in tab.tracks]
        for t in rows:
            if t.allocation is not None and t.quota is not None:
                yield _finding(program.id, tab.id, f"row {t.id}", _track_quota(program, t.id),
                               sum(t.allocation.values.values()), f"{t.names.zh}: row total vs its {t.allocation.by} cells")
        in_columns = [t for t in rows if t.id not in tab.excluded_from_columns and t.allocation is not None]
        for col, stated in tab.column_totals.items():
            computed = sum(t.allocation.values.get(col, 0) for t in in_columns)
            yield _finding(program.id, tab.id, f"column {col}", stated, computed, f"{col}: column total vs its rows")
        yield _finding(program.id, tab.id, "grand total", tab.grand_total,
                       sum(_track_quota(program, t.id) for t in rows), "grand total vs the row totals")
        excluded = sum(_track_quota(program, t) for t in tab.excluded_from_columns)
        yield _finding(program.id, tab.id, "sum of column totals", tab.grand_total - excluded,
                       sum(tab.column_totals.values()),
                       "sum of the stated column totals vs the grand total"
                       + (f" less {excluded:g} in rows the columns leave out" if excluded else ""))


def _group_findings(program: Program) -> Iterable[Finding]:
    for g in program.groups:
        members = [t for t in program.tracks if t.group == g.id and t.quota is not None]
        if g.quota is None or not members:
            continue
        yield _finding(program.id, f"group {g.id}", "headline", _number(g.quota),
                       sum(_track_quota(program, t.id) for t in members),
                       f"{g.names.zh}: headline count vs its {len(members)} sub-programs")


def _check_findings(program: Program) -> Iterable[Finding]:
    for c in program.checks:
        stated = resolve_reference(program, c.stated)
        parts = _flat(resolve_reference(program, p) for p in c.parts)
        if c.op == "sum":
            computed = sum(parts)
        elif c.op == "product":
            computed = math.prod(parts)
        else:
            computed = float(len(parts))
        yield _finding(program.id, f"check {c.id}", c.op, float(stated), computed, c.names.zh)  # type: ignore[arg-type]


def audit_program(program: Program) -> list[Finding]:
    return [*_table_findings(program), *_group_findings(program), *_check_findings(program)]


def run_audit(programs: Iterable[Program], include_ok: bool = False) -> list[Finding]:
    findings = [f for p in programs for f in audit_program(p)]
    return findings if include_ok else [f for f in findings if not f.ok]
