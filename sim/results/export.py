"""A result as plain JSON-ready data: the keys of ``python -m sim run --json``.

Every figure is ``{mean, low, high}`` (a date also has ``share_of_runs``); a sub-program's totals and
course-selection figures sit beside its id, as its keys always have.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from .result import Result
from .summary import TrackSummary


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def _track(t: TrackSummary) -> dict[str, Any]:
    out = {"id": t.id, "names": t.names, "group": t.group, "mode": t.mode, **_plain(t.totals)}
    out.update(_plain(t.selection) if t.selection else {})
    if t.by_unit:
        out["by_unit"] = _plain(t.by_unit)
    out["by_year"] = _plain(t.by_year)
    out["events"] = _plain(t.events)
    return out


def result_dict(result: Result) -> dict[str, Any]:
    s = result.summary
    return {
        "program": result.program,
        "names": result.names,
        "scenario": result.scenario,
        "overrides": result.overrides,
        "deterministic": result.deterministic,
        "replications": result.replications,
        "seed": result.seed,
        "unknowns": result.unknowns,
        "precision": _plain(result.precision),
        "calibrated": result.calibrated,
        "cost_lines": s.cost_lines,
        "totals": _plain(s.totals),
        "subprograms": [_track(t) for t in s.subprograms],
        "by_year": _plain(s.by_year),
        "cashflow": _plain(s.cashflow),
        "enrolment": _plain(s.enrolment),
        "deadlines": _plain(s.deadlines),
        "timeline": _plain(s.timeline),
        "budget": _plain(s.budget),
        "capacity": _plain(s.capacity),
    }
