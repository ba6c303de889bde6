"""Plain-data views of a program (for JSON, tables and reports).

Each documented or assumed value becomes one row with its provenance, so the
CLI, the dashboard and the report builders all show the same thing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sim.base import N_

from .parameters import MODEL_PARAMETERS
from .schema import SLOT_UNIT, SUPPLIER_SLOTS, Milestone, Program, Provenanced, Quantity, Ref, Track


def provenance(item: Provenanced, program: Program) -> dict[str, Any]:
    """Where a value comes from: its clause and quote, or ``reason`` ({zh, en}) why it is assumed."""
    if item.assumed:
        assert item.reason is not None  # the schema requires one
        return {"kind": "assumed", "reason": item.reason.model_dump()}
    src = item.source
    assert src is not None  # the schema guarantees one of the two
    out = {"kind": "source", "file": src.file or program.document.file, "clause": src.clause, "quote": src.quote}
    if src.derivation:
        out["derivation"] = src.derivation
    return out


# The document's own facts, as parameter rows labelled by message key.
DOCUMENT_FIELDS = {
    "number": N_("doc_number"),
    "title": N_("doc_title"),
    "issuer": N_("issuer"),
    "issued": N_("issued"),
    "published": N_("doc_published"),
}


def _value(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


NO_RANGE: dict[str, Any] = {"low": None, "high": None, "shape": None, "range_reason": None}


def range_fields(q: Quantity) -> dict[str, Any]:
    """A value's plausible range as row fields: ``low``, ``high``, ``shape`` and ``range_reason`` ({zh, en}),
    all None (``NO_RANGE``) for a value without one."""
    r = q.range
    if r is None:
        return dict(NO_RANGE)
    return {"low": r.low, "high": r.high, "shape": r.shape, "range_reason": r.reason.model_dump()}


def _row(program: Program, pid: str, q: Quantity, names=None) -> dict[str, Any]:
    """One value; ``names`` from the data, else ``label``, the message key of a model parameter."""
    names = q.names or names
    meta = MODEL_PARAMETERS.get(pid)
    return {
        "id": pid,
        "names": names.model_dump() if names else None,
        "label": meta.label if meta and not names else None,
        "value": _value(q.value),
        "unit": q.unit,
        "provenance": provenance(q, program),
        **range_fields(q),
    }


def _track_quantities(track: Track):
    for slot in SLOT_UNIT:
        v = getattr(track, slot, None)
        if isinstance(v, Quantity):
            yield slot, v
    for s in track.suppliers or []:
        for slot in SUPPLIER_SLOTS:
            v = getattr(s, slot)
            if isinstance(v, Quantity):
                yield f"suppliers.{s.id}.{slot}", v
    for line in track.cost_lines:
        if isinstance(line.rate, Quantity):
            yield f"cost_lines.{line.id}.rate", line.rate
    yield from ((f"parameters.{pid}", q) for pid, q in track.parameters.items())


def parameter_rows(program: Program) -> list[dict[str, Any]]:
    """Every value of the program: document facts, parameters, track values, allocations."""
    rows = []
    doc = program.document
    for name, label in DOCUMENT_FIELDS.items():
        v = getattr(doc, name)
        if v is not None:
            rows.append(
                {
                    "id": f"document.{name}",
                    "names": None,
                    "label": label,
                    "value": _value(v.value),
                    "unit": getattr(v, "unit", "text"),
                    "provenance": provenance(v, program),
                    **(range_fields(v) if isinstance(v, Quantity) else NO_RANGE),
                }
            )
    rows += [_row(program, pid, q) for pid, q in program.parameters.items()]
    for g in program.groups:
        if g.quota is not None:
            rows.append(_row(program, f"{g.id}.quota", g.quota, g.names))
    for t in program.tracks:
        rows += [_row(program, f"{t.id}.{slot}", q, t.names) for slot, q in _track_quantities(t)]
        if t.allocation is not None:
            prov = provenance(t.allocation, program)
            rows += [
                {
                    "id": f"{t.id}.allocation.{key}",
                    "names": t.names.model_dump(),
                    "value": v,
                    "unit": t.allocation.unit,
                    "provenance": prov,
                    **NO_RANGE,
                }
                for key, v in t.allocation.values.items()
            ]
    return rows


def milestone_dict(program: Program, m: Milestone) -> dict[str, Any]:
    return {
        "id": m.id,
        "phase": m.kind,
        "names": m.names.model_dump(),
        "start": _value(m.start) if m.start else None,
        "end": _value(m.end),
        "tracks": m.tracks,
        "round": m.round,
        "year": m.year,
        "source": provenance(m, program),
    }


def _slot(program: Program, v: Quantity | Ref | None) -> Any:
    q = program.resolve(v)
    return None if q is None else _value(q.value)


def track_dict(program: Program, t: Track) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": t.id,
        "names": t.names.model_dump(),
        "group": t.group,
        "mode": t.mode,
        "provider": t.provider,
        "partner": t.partner,
    }
    for slot in SLOT_UNIT:
        if slot in SUPPLIER_SLOTS:
            continue
        value = getattr(t, slot, None)
        if value is not None:
            out[slot] = _slot(program, value)
    if t.allocation is not None:
        out["allocation"] = {"by": t.allocation.by, "values": dict(t.allocation.values)}
    if t.suppliers:
        out["suppliers"] = [
            {
                "id": s.id,
                "names": s.names.model_dump(),
                **{slot: _slot(program, getattr(s, slot)) for slot in SUPPLIER_SLOTS if getattr(s, slot) is not None},
            }
            for s in t.suppliers
        ]
    out["cost_lines"] = [
        {
            "id": c.id,
            "names": c.names.model_dump(),
            "driver": c.driver,
            "rate": _slot(program, c.rate),
            "payer": c.payer,
        }
        for c in t.cost_lines
    ]
    return out


def program_dict(program: Program) -> dict[str, Any]:
    doc = program.document
    return {
        "id": program.id,
        "names": program.names.model_dump(),
        "names_en": dict(program.names_en),
        "document": {
            "file": doc.file,
            "number": doc.number.value if doc.number else None,
            "title": doc.title.value,
            "issuer": doc.issuer.value,
            "issued": _value(doc.issued.value) if doc.issued else None,
            "published": _value(doc.published.value) if doc.published else None,
        },
        "groups": [
            {"id": g.id, "names": g.names.model_dump(), "quota": g.quota.value if g.quota else None}
            for g in program.groups
        ],
        "subprograms": [track_dict(program, t) for t in program.tracks],
        "milestones": [milestone_dict(program, m) for m in program.milestones],
        "rules": [
            {
                "id": r.id,
                "kind": r.kind,
                "names": r.names.model_dump(),
                "param": r.param,
                "source": provenance(r, program),
            }
            for r in program.rules
        ],
        "parameters": parameter_rows(program),
    }
