"""Consistency audit: recompute every total a document states from its parts.

The documents' numbers stay as written; the audit only reports where a stated
total and the sum of its parts disagree, for a person to judge.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from sim.base import N_, Worded

from .schema import SLOT_UNIT, Names, Program, Quantity


@dataclass(frozen=True)
class Finding:
    """A stated total against its parts. ``code`` says what was compared and ``params`` its numbers;
    ``subject_names`` are the catalog's names of what it concerns (``sim.text.finding_text`` words it)."""

    program: str
    table: str
    item: str
    stated: float
    computed: float
    ok: bool
    code: str
    table_names: dict
    subject_names: dict | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


class Unresolved(Worded, KeyError):
    """A check's reference to something the program does not have (the loader says where)."""

    def __str__(self) -> str:  # KeyError's own str() would quote the message
        return str(self.args[0])


def _number(q: Quantity) -> float:
    if isinstance(q.value, dt.date):  # a check naming a dated value; the loader reports where
        raise Unresolved(f"expected a number, got the date {q.value}", N_("error_ref_a_date"), got=str(q.value))
    return float(q.value)


def resolve_reference(program: Program, ref: str) -> float | list[float]:
    """Resolve ``param``, ``track.field``, ``track.allocation`` or ``group.quota``.

    Allocations resolve to the list of their values (so ``count`` and ``sum`` both apply).
    Raises :class:`Unresolved` (a KeyError) with its words for a dangling reference.
    """
    if "." not in ref:
        if ref not in program.parameters:
            raise Unresolved(f"no parameter {ref!r}", N_("error_no_parameter"), param=ref)
        return _number(program.parameters[ref])
    owner, attr = ref.split(".", 1)
    for g in program.groups:
        if g.id == owner:
            if attr != "quota" or g.quota is None:
                raise Unresolved(f"group {owner!r} has no stated quota", N_("error_ref_no_group_quota"), group=owner)
            return _number(g.quota)
    track = next((t for t in program.tracks if t.id == owner), None)
    if track is None:
        raise Unresolved(f"no track or group {owner!r}", N_("error_ref_no_owner"), owner=owner)
    if attr == "allocation":
        if track.allocation is None:
            raise Unresolved(f"track {owner!r} has no allocation", N_("error_ref_no_allocation"), track=owner)
        return [float(v) for v in track.allocation.values.values()]
    if attr not in SLOT_UNIT or getattr(track, attr, None) is None:
        raise Unresolved(f"track {owner!r} has no field {attr!r}", N_("error_ref_no_field"), track=owner, field=attr)
    return _number(program.resolve(getattr(track, attr)))


def _flat(values: Iterable[float | list[float]]) -> list[float]:
    out: list[float] = []
    for v in values:
        out.extend(v if isinstance(v, list) else [v])
    return out


def _finding(
    program: str,
    table: str,
    names: Names,
    item: str,
    stated: float,
    computed: float,
    code: str,
    subject: Names | None = None,
    **params: Any,
) -> Finding:
    ok = math.isclose(stated, computed, rel_tol=1e-9, abs_tol=1e-9)
    return Finding(
        program,
        table,
        item,
        stated,
        computed,
        ok,
        code,
        names.model_dump(),
        subject.model_dump() if subject is not None else None,
        params,
    )


def _track_quota(program: Program, track_id: str) -> float:
    quota = resolve_reference(program, f"{track_id}.quota")
    assert not isinstance(quota, list)  # only `.allocation` resolves to a list
    return quota


def _table_findings(program: Program) -> Iterable[Finding]:
    tracks = {t.id: t for t in program.tracks}
    for tab in program.tables:
        rows = [tracks[t] for t in tab.tracks]
        for t in rows:
            if t.allocation is not None and t.quota is not None:
                yield _finding(
                    program.id,
                    tab.id,
                    tab.names,
                    f"row {t.id}",
                    _track_quota(program, t.id),
                    sum(t.allocation.values.values()),
                    "row_vs_cells",
                    t.names,
                    by=t.allocation.by,
                )
        in_columns = [t.allocation for t in rows if t.id not in tab.excluded_from_columns and t.allocation is not None]
        for col, stated in tab.column_totals.items():
            computed = sum(a.values.get(col, 0) for a in in_columns)
            yield _finding(
                program.id,
                tab.id,
                tab.names,
                f"column {col}",
                stated,
                computed,
                "column_vs_rows",
                column=col,
            )
        yield _finding(
            program.id,
            tab.id,
            tab.names,
            "grand total",
            tab.grand_total,
            sum(_track_quota(program, t.id) for t in rows),
            "grand_vs_rows",
        )
        excluded = sum(_track_quota(program, t) for t in tab.excluded_from_columns)
        yield _finding(
            program.id,
            tab.id,
            tab.names,
            "sum of column totals",
            tab.grand_total - excluded,
            sum(tab.column_totals.values()),
            "columns_vs_grand",
            excluded=excluded,
        )


def _group_findings(program: Program) -> Iterable[Finding]:
    for g in program.groups:
        members = [program.resolve(t.quota) for t in program.tracks if t.group == g.id and t.quota is not None]
        if g.quota is None or not members:
            continue
        if any(q.assumed for q in members):
            continue  # parts split from the headline by assumption cannot test it
        yield _finding(
            program.id,
            f"group {g.id}",
            g.names,
            "headline",
            _number(g.quota),
            sum(_number(q) for q in members),
            "headline_vs_parts",
            g.names,
            members=len(members),
        )


def _check_findings(program: Program) -> Iterable[Finding]:
    for c in program.checks:
        stated = resolve_reference(program, c.stated)
        assert not isinstance(stated, list)  # the loader refuses an allocation as a stated total
        parts = _flat(resolve_reference(program, p) for p in c.parts)
        if c.op == "sum":
            computed = sum(parts)
        elif c.op == "product":
            computed = math.prod(parts)
        else:
            computed = float(len(parts))
        yield _finding(
            program.id,
            f"check {c.id}",
            c.names,
            c.op,
            stated,
            computed,
            "stated_check",
            c.names,
        )


def audit_program(program: Program) -> list[Finding]:
    return [*_table_findings(program), *_group_findings(program), *_check_findings(program)]


def run_audit(programs: Iterable[Program], include_ok: bool = False) -> list[Finding]:
    findings = [f for p in programs for f in audit_program(p)]
    return findings if include_ok else [f for f in findings if not f.ok]
