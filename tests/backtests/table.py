"""The back-test table: every number of a seeded run as one tidy row, compared exactly.

Rows are (program, scenario, replication, track, unit, year, figure, value). ``track`` is empty for a
program's totals, ``unit`` for a track's totals, ``year`` for all years. Numbers are written with
``repr`` (17 significant digits) and dates as ISO text, so an equal table means equal results.
The saved CSVs were generated from the code *before* the package restructuring (issue 10); a change
that moves a number updates them on purpose, in its own commit that says why
(``python -m tests.backtests.generate``).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 20260701
REPLICATIONS = (0, 1, 2)
COLUMNS = ("program", "scenario", "replication", "track", "unit", "year", "figure", "value")
COUNTS = ("quota", "enrolled", "attended", "completed", "credits", "cost_yuan", "fill_rate", "completion_rate")
COURSE_SELECTION = (
    "demand",
    "chose_but_not_enrolled",
    "planned_seats",
    "fill_rate_of_planned_seats",
    "seats_added",
    "rejected_by_school",
    "projects_declared",
    "projects_approved",
)


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(float(value))
    raise TypeError(f"unexpected value {value!r}")


def rows(program: str, scenario: str, replication: str, run: dict[str, Any]) -> Iterable[tuple[str, ...]]:
    """One run's result (the figures of a single replication) as back-test rows."""

    def row(track: str, unit: str, year: Any, figure: str, value: Any) -> tuple[str, ...]:
        return (program, scenario, replication, track, unit, "" if year is None else str(year), figure, text(value))

    totals = run["totals"]
    for k in COUNTS:
        yield row("", "", None, k, totals[k])
    for line, v in sorted(totals["cost_by_line"].items()):
        yield row("", "", None, f"cost:{line}", v)
    for y in run["by_year"]:
        for k in ("quota", "enrolled", "attended", "completed", "cost_yuan", "fill_rate", "completion_rate"):
            yield row("", "", y["year"], k, y[k])
    for s in run["subprograms"]:
        t = s["id"]
        for k in COUNTS + COURSE_SELECTION:
            if k in s:
                yield row(t, "", None, k, s[k])
        for line, v in sorted(s["cost_by_line"].items()):
            yield row(t, "", None, f"cost:{line}", v)
        for u in s.get("by_unit", []):
            for k in COUNTS:
                yield row(t, u["unit"], None, k, u[k])
        for y in s["by_year"]:
            for k in ("quota", "enrolled", "attended", "completed", "cost_yuan", "fill_rate", "completion_rate"):
                yield row(t, "", y["year"], k, y[k])
        for event, when in s["events"].items():
            yield row(t, "", None, f"event:{event}", when)
    for d in run["deadlines"]:
        yield row("", d["milestone"], None, f"deadline:{d['phase']}:deadline", d["deadline"])
        yield row("", d["milestone"], None, f"deadline:{d['phase']}:simulated", d["simulated"])
        yield row("", d["milestone"], None, f"deadline:{d['phase']}:at_risk", d["at_risk"])
    budget = run.get("budget")
    for k, v in sorted((budget or {}).items()):
        yield row("", "", None, f"budget:{k}", v)
    for c in run["cashflow"]:
        for k in ("settled_yuan", "teacher_advance_yuan"):
            yield row("", c["date"].isoformat(), None, f"cashflow:{k}", c[k])
    for e in run["enrolment"]:
        yield row("", e["date"].isoformat(), None, "enrolment:signed_up", e["signed_up"])


def path(program: str) -> Path:
    return HERE / f"{program}.csv"


def write(program: str, table: list[tuple[str, ...]]) -> None:
    with path(program).open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(table)


def read(program: str) -> list[tuple[str, ...]]:
    with path(program).open(encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        assert tuple(next(r)) == COLUMNS
        return [tuple(x) for x in r]
