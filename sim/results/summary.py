"""Turn a finished model run into plain figures, and replications into mean and 95% interval.

Everything here is a pure function of the model's arrays: no SimPy, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from sim.catalog import provenance
from sim.model import Cohort, ProgramModel, TrackState

COUNT_FIELDS = ("quota", "enrolled", "attended", "completed", "credits")
# The figures what-if analyses compare; only these travel back from workers (a full result is bulky).
KEY_FIGURES = ("quota", "enrolled", "fill_rate", "attended", "completed", "completion_rate", "cost_yuan")


def key_figures(result: dict[str, Any]) -> dict[str, float]:
    return {k: float(result["totals"][k]) for k in KEY_FIGURES}


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else 0.0


def _with_rates(d: dict[str, Any]) -> dict[str, Any]:
    d["fill_rate"] = _ratio(d["enrolled"], d["quota"])
    d["completion_rate"] = _ratio(d["completed"], d["attended"])
    return d


def _cohort_cost(c: Cohort) -> dict[str, float]:
    return {line: float(v.sum()) for line, v in c.cost.items()}


def _add(into: dict[str, float], more: dict[str, float]) -> dict[str, float]:
    for k, v in more.items():
        into[k] = into.get(k, 0.0) + v
    return into


def _track_summary(model: ProgramModel, ts: TrackState) -> dict[str, Any]:
    t = ts.track
    p = model.p
    new = [c for i, c in enumerate(ts.cohorts) if i == 0 or t.new_cohort_each_year]
    finishing = ts.cohorts if t.new_cohort_each_year else ts.cohorts[-1:]
    credits_each = float(p.slot(t, "credits_per_completion") or 0) if t.credits_per_completion else 0.0
    cost_by_line: dict[str, float] = {}
    for c in ts.cohorts:
        _add(cost_by_line, _cohort_cost(c))
    completed = sum(float(c.completed.sum()) for c in finishing)
    out: dict[str, Any] = {
        "id": t.id,
        "names": t.names.model_dump(),
        "group": t.group,
        "mode": t.mode,
        "quota": sum(float(c.seats.sum()) for c in new),
        "enrolled": sum(float(c.enrolled.sum()) for c in new),
        "attended": sum(float(c.attended.sum()) for c in new),
        "completed": completed,
        "credits": completed * credits_each,
        "cost_yuan": sum(cost_by_line.values()),
        "cost_by_line": cost_by_line,
    }
    _with_rates(out)
    if t.mode == "course_selection":
        out["demand"] = ts.demand
        # Chose a course but ended without an approved seat (full courses or a principal's refusal).
        out["chose_but_not_enrolled"] = max(0.0, ts.demand - out["enrolled"])
        out["planned_seats"] = float(ts.seats.sum())
        out["fill_rate_of_planned_seats"] = _ratio(out["enrolled"], out["planned_seats"])
        out["seats_added"] = float(ts.added.sum())
        out["rejected_by_school"] = ts.rejected
        out["projects_declared"] = ts.projects_declared
        out["projects_approved"] = ts.projects_approved
    if any(ts.units):
        out["by_unit"] = _by_unit(ts, new, finishing, credits_each)
    out["by_year"] = [_year_row(c) for c in ts.cohorts]
    out["events"] = _track_events(model, ts)
    return out


def _by_unit(ts: TrackState, new: list[Cohort], finishing: list[Cohort], credits_each: float) -> list[dict[str, Any]]:
    units = list(dict.fromkeys(ts.units))
    index = np.array([units.index(u) for u in ts.units])

    def per_unit(arrays) -> np.ndarray:
        """Sum per-cell arrays into per-unit totals."""
        total = np.zeros(len(units))
        for values in arrays:
            np.add.at(total, index, values)
        return total

    q, e, a = (per_unit(getattr(c, attr) for c in new) for attr in ("seats", "enrolled", "attended"))
    done = per_unit(c.completed for c in finishing)
    cost = per_unit(v for c in ts.cohorts for v in c.cost.values())
    return [
        _with_rates(
            {
                "unit": u,
                "quota": float(q[i]),
                "enrolled": float(e[i]),
                "attended": float(a[i]),
                "completed": float(done[i]),
                "credits": float(done[i]) * credits_each,
                "cost_yuan": float(cost[i]),
            }
        )
        for i, u in enumerate(units)
    ]


def _year_row(c: Cohort) -> dict[str, Any]:
    return _with_rates(
        {
            "year": c.year,
            "quota": float(c.seats.sum()),
            "enrolled": float(c.enrolled.sum()),
            "attended": float(c.attended.sum()),
            "completed": float(c.completed.sum()),
            "cost_yuan": sum(_cohort_cost(c).values()),
        }
    )


def _track_events(model: ProgramModel, ts: TrackState) -> dict[str, dt.date | None]:
    def when(key: str) -> dt.date | None:
        v = ts.events.get(key)
        return None if v is None else model.date(v)

    cohorts = [c for c in ts.cohorts if len(c.start)]

    def edge(attr: str, pick) -> dt.date | None:
        """Earliest (pick=min) or latest (pick=max) date of ``attr`` over the cohorts."""
        return model.date(pick(pick(getattr(c, attr)) for c in cohorts)) if cohorts else None

    return {
        "declaration_closed": when("declaration_closed"),
        "published": when("published"),
        "seats_filled": when("seats_filled"),
        "enrolment_closed": when("enrolment_closed"),
        "expansion_decided": when("expansion_decided"),
        "delivery_start": edge("start", min),
        "delivery_end": edge("end", max),
        "assessed": edge("assessed", max),
        "credits_registered": edge("credited", max),
        "settlement_done": edge("settle", max),
    }


def _cashflow(model: ProgramModel) -> list[dict[str, Any]]:
    """Money settled with providers (or reimbursed to teachers) per calendar day."""
    flows: dict[int, dict[str, float]] = defaultdict(lambda: {"settled_yuan": 0.0, "teacher_advance_yuan": 0.0})
    for ts in model.tracks:
        payer = {line.id: line.payer for line in ts.track.cost_lines}
        for c in ts.cohorts:
            settle_days, settle_at = np.unique(c.settle, return_inverse=True)
            start_days, start_at = np.unique(c.start, return_inverse=True)
            for line, per_cell in c.cost.items():
                for day, amount in zip(
                    settle_days, np.bincount(settle_at, weights=per_cell, minlength=len(settle_days))
                ):
                    flows[int(day)]["settled_yuan"] += float(amount)
                if payer[line] == "teacher_reimbursed":
                    for day, amount in zip(
                        start_days, np.bincount(start_at, weights=per_cell, minlength=len(start_days))
                    ):
                        flows[int(day)]["teacher_advance_yuan"] += float(amount)
    return _cumulative(
        [{"date": model.date(day), **flows[day]} for day in sorted(flows)], "settled_yuan", "cumulative_settled_yuan"
    )


def _cumulative(rows: list[dict[str, Any]], key: str, total_key: str) -> list[dict[str, Any]]:
    """Dated rows in order, each given the running total of ``key``."""
    total = 0.0
    for row in rows:
        total += row[key]
        row[total_key] = total
    return rows


WHAT_ZH = {
    "last course ends": "最后一期结训",
    "assessment done": "考核完成",
    "credits registered": "学分登记完成",
    "settlement done": "结算完成",
    "self-assessment due (last course end + lag)": "绩效自评报告应交（结训后天数）",
    "plan and last year's review ready": "年度方案与上年总结完成",
    "trainee selection must close before the first arrival notice": "学员遴选须在首期报到通知前完成",
    "sign-up closes": "报名结束",
}


def _deadlines(model: ProgramModel) -> list[dict[str, Any]]:
    """Documented deadlines against the simulated dates that have to meet them."""
    out = []
    p = model.p
    names = {m.id: m.names.model_dump() for m in model.program.milestones}
    names["notice"] = {"zh": "开班前发出报到通知书", "en": "Arrival notice before the first class"}

    def check(mid: str, phase: str, deadline: dt.date, simulated: float | None, what: str):
        if simulated is not None:
            simulated = model.date(simulated)
            out.append(
                {
                    "milestone": mid,
                    "names": names[mid],
                    "phase": phase,
                    "deadline": deadline,
                    "simulated": simulated,
                    "at_risk": simulated > deadline,
                    "what": what,
                    "what_zh": WHAT_ZH[what],
                }
            )

    def latest(cohorts: list[Cohort], attr: str) -> float | None:
        values = [getattr(c, attr).max() for c in cohorts if len(getattr(c, attr))]
        return max(values) if values else None

    # What each phase's deadline holds back: (cohort attribute, extra days, description).
    waits_for = {
        "delivery": ("end", 0, "last course ends"),
        "assessment": ("assessed", 0, "assessment done"),
        "credit_registration": ("credited", 0, "credits registered"),
        "settlement": ("settle", 0, "settlement done"),
        "self_assessment": ("end", p.param("report_days_after_end"), "self-assessment due (last course end + lag)"),
    }
    for m, _start, end in model.milestones:
        applies = [
            ts for ts in model.tracks if m.tracks is None or ts.track.id in m.tracks or ts.track.group in m.tracks
        ]
        # A dated milestone speaks for its year's cohorts; an undated one for the first year's.
        cohorts = [c for ts in applies for c in ts.cohorts if c.year == (m.year or ts.base_year)]
        if m.kind in waits_for:
            attr, lag, what = waits_for[m.kind]
            done = latest(cohorts, attr)
            if lag is not None and done is not None:
                check(m.id, m.kind, end, done + lag, what)
        elif m.kind == "reporting" and m.year is not None:
            ready = []
            previous = latest([c for ts in applies for c in ts.cohorts if c.year == m.year - 1], "end")
            if previous is not None:
                ready.append(previous + p.param("report_prep_days", 0))
            funding = [f for f, fs, fe in model.milestones if f.kind == "funding" and f.year == m.year]
            if funding:
                ready.append(model.day(funding[0].end) + p.param("planning_delay_days", 0))
            if ready:
                check(m.id, m.kind, end, max(ready), "plan and last year's review ready")
    for ts in model.tracks:  # nobody should still be signing up when the first course starts
        first = ts.cohorts[0] if ts.cohorts else None
        closed = ts.events.get("enrolment_closed")
        if first is not None and len(first.start) and closed is not None:
            names[f"{ts.track.id}:enrolment"] = {
                "zh": f"{ts.track.names.zh}：开班前结束报名",
                "en": f"{ts.track.names.en}: sign-up closes before the first course",
            }
            check(f"{ts.track.id}:enrolment", "enrolment", model.date(first.start.min() - 1), closed, "sign-up closes")
    notice = p.param("notice_days_before_start")
    if notice is not None:
        closes = [ts.events["enrolment_closed"] for ts in model.tracks if ts.events.get("enrolment_closed") is not None]
        starts = [c.start.min() for ts in model.tracks for c in ts.cohorts[:1] if len(c.start)]
        if closes and starts:
            check(
                "notice",
                "notice",
                model.date(min(starts) - notice),
                max(closes),
                "trainee selection must close before the first arrival notice",
            )
    return out


def _timeline(model: ProgramModel) -> list[dict[str, Any]]:
    rows = [
        {
            "phase": m.kind,
            "id": m.id,
            "names": m.names.model_dump(),
            "start": start,
            "end": end,
            "tracks": m.tracks,
            "year": m.year,
            "source": provenance(m, model.program),
        }
        for m, start, end in model.milestones
    ]
    return sorted(rows, key=lambda r: (r["start"] or r["end"], r["end"]))


def _budget(model: ProgramModel, years: Iterable[int]) -> dict[str, Any] | None:
    """Schools' training fund under the 5% rule, and the part of this scenario's cost schools pay."""
    funds = model.p.param("school_public_funds")
    share = model.p.param("training_fund_share")
    if funds is None or share is None:
        return None
    years = sorted(set(years))
    annual = float(funds) * float(share)
    school_paid = 0.0
    for ts in model.tracks:
        lines = {line.id for line in ts.track.cost_lines if line.payer in ("school", "teacher_reimbursed")}
        school_paid += sum(float(v.sum()) for c in ts.cohorts for key, v in c.cost.items() if key in lines)
    return {
        "annual_training_fund_yuan": annual,
        "years": len(years),
        "training_fund_yuan": annual * len(years),
        "school_paid_yuan": school_paid,
        "cost_share_of_fund": _ratio(school_paid, annual * len(years)),
    }


def summarise(model: ProgramModel) -> dict[str, Any]:
    tracks = [_track_summary(model, ts) for ts in model.tracks]
    totals: dict[str, Any] = {k: sum(t[k] for t in tracks) for k in COUNT_FIELDS}
    totals["cost_yuan"] = sum(t["cost_yuan"] for t in tracks)
    totals["cost_by_line"] = {}
    for t in tracks:
        _add(totals["cost_by_line"], t["cost_by_line"])
    _with_rates(totals)
    years: dict[int, dict[str, float]] = {}
    for t in tracks:
        for row in t["by_year"]:
            y = years.setdefault(
                row["year"],
                {
                    "year": row["year"],
                    **dict.fromkeys(("quota", "enrolled", "attended", "completed", "cost_yuan"), 0.0),
                },
            )
            for k in ("quota", "enrolled", "attended", "completed", "cost_yuan"):
                y[k] += row[k]
    line_names = {line.id: line.names.model_dump() for ts in model.tracks for line in ts.track.cost_lines}
    return {
        "program": model.program.id,
        "cost_lines": line_names,
        "totals": totals,
        "subprograms": tracks,
        "by_year": [_with_rates(years[y]) for y in sorted(years)],
        "cashflow": _cashflow(model),
        "enrolment": _cumulative(
            [{"date": model.date(d), "signed_up": n} for d, n in sorted(model.sign_ups.items())],
            "signed_up",
            "cumulative_signed_up",
        ),
        "deadlines": _deadlines(model),
        "timeline": _timeline(model),
        "budget": _budget(model, years),
    }


# -- replications ------------------------------------------------------------


def interval(values: Sequence[float]) -> dict[str, float]:
    """Mean and the 2.5th-97.5th percentile range of ``values``."""
    a = np.asarray(values, dtype=float)
    low, high = np.percentile(a, [2.5, 97.5])
    return {"mean": float(a.mean()), "low": float(low), "high": float(high)}


def _date_interval(values: list[dt.date | None]) -> dict[str, Any] | None:
    present = [v.toordinal() for v in values if v is not None]
    if not present:
        return None
    iv = interval(present)
    out = {k: dt.date.fromordinal(int(round(v))) for k, v in iv.items()}
    out["share_of_runs"] = len(present) / len(values)
    return out


# Keys that name or locate a figure rather than measure it.
_LABELS = frozenset(
    {
        "id",
        "names",
        "source",
        "tracks",
        "unit",
        "year",
        "phase",
        "mode",
        "group",
        "program",
        "milestone",
        "what",
        "what_zh",
        "cost_lines",
        "years",
        "start",
        "end",
    }
)
# Lists whose length differs between runs; they have aggregators of their own.
_RAGGED = frozenset({"cashflow", "deadlines", "enrolment"})


def _leaves(obj: Any, out: list) -> list:
    """Measured values of one run, in a fixed traversal order."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k not in _LABELS and k not in _RAGGED:
                _leaves(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _leaves(v, out)
    elif not isinstance(obj, (bool, str)):
        out.append(obj)
    return out


def _rebuild(obj: Any, values) -> Any:
    if isinstance(obj, dict):
        return {k: v if k in _LABELS or k in _RAGGED else _rebuild(v, values) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_rebuild(v, values) for v in obj]
    if isinstance(obj, (bool, str)):
        return obj
    return next(values)


def aggregate(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean and 95% interval (2.5th-97.5th percentile of the runs) for every figure, keeping the shape."""
    leaves = [_leaves(r, []) for r in runs]
    if len({len(x) for x in leaves}) > 1:
        raise ValueError("replications differ in shape; every run must report the same figures")
    columns = list(zip(*leaves))
    numeric = [i for i, col in enumerate(columns) if isinstance(col[0], (int, float))]
    stats: list[Any] = [None] * len(columns)
    if numeric:
        table = np.array([columns[i] for i in numeric], dtype=float)
        means = table.mean(axis=1)
        lows, highs = np.percentile(table, [2.5, 97.5], axis=1)
        for j, i in enumerate(numeric):
            stats[i] = {"mean": float(means[j]), "low": float(lows[j]), "high": float(highs[j])}
    for i, col in enumerate(columns):
        if stats[i] is None:
            stats[i] = _date_interval(list(col))
    return _rebuild(runs[0], iter(stats))


def aggregate_daily(runs: list[list[dict[str, Any]]], keys: tuple[str, ...], total_key: str) -> list[dict[str, Any]]:
    """Mean daily flows over the runs (a day missing from a run counts as zero), with the running total
    of the first key."""
    totals: dict[dt.date, dict[str, float]] = defaultdict(lambda: dict.fromkeys(keys, 0.0))
    for run in runs:
        for row in run:
            for k in keys:
                totals[row["date"]][k] += row[k] / len(runs)
    return _cumulative([{"date": day, **totals[day]} for day in sorted(totals)], keys[0], total_key)


def aggregate_cashflow(runs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return aggregate_daily(runs, ("settled_yuan", "teacher_advance_yuan"), "cumulative_settled_yuan")


def aggregate_enrolment(runs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return aggregate_daily(runs, ("signed_up",), "cumulative_signed_up")


def aggregate_deadlines(runs: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    keyed: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for run in runs:
        for row in run:
            keyed[(row["milestone"], row["phase"], row["deadline"], row["what"])].append(row)
    out = []
    for (mid, phase, deadline, what), rows in keyed.items():
        out.append(
            {
                "milestone": mid,
                "names": rows[0]["names"],
                "phase": phase,
                "deadline": deadline,
                "what": what,
                "what_zh": rows[0]["what_zh"],
                "simulated": _date_interval([r["simulated"] for r in rows]),
                "at_risk_share": sum(r["at_risk"] for r in rows) / len(runs),
                "at_risk": any(r["at_risk"] for r in rows),
            }
        )
    return out


def unit_totals(subprograms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per-city (or provider category) figures summed over the sub-programs that report by unit.

    Works on one run's numbers or on replicated {mean, low, high} figures (means are summed).
    """
    totals: dict[str, dict[str, float]] = {}
    for s in subprograms:
        for u in s.get("by_unit", []):
            row = totals.setdefault(u["unit"], {"unit": u["unit"], **dict.fromkeys(UNIT_FIELDS, 0.0)})
            for k in UNIT_FIELDS:
                v = u[k]
                row[k] += v["mean"] if isinstance(v, dict) else v
    return [_with_rates(row) for row in totals.values()]


UNIT_FIELDS = ("quota", "enrolled", "attended", "completed", "credits", "cost_yuan")
