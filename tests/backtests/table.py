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
import math
from collections.abc import Iterable
from pathlib import Path

from sim.results import ALL_YEARS, EVENTS, Replication, spec
from sim.results.capacity import POOL_FIGURES
from sim.results.fields import COURSE_SELECTION

HERE = Path(__file__).resolve().parent
SEED = 20260701
REPLICATIONS = (0, 1, 2)
COLUMNS = ("program", "scenario", "replication", "track", "unit", "year", "figure", "value")
COUNTS = ("quota", "enrolled", "attended", "completed", "credits", "cost_yuan", "fill_rate", "completion_rate")
YEAR_FIGURES = ("quota", "enrolled", "attended", "completed", "cost_yuan", "fill_rate", "completion_rate")


def text(value: float, kind: str) -> str:
    """A table value as the CSVs write it: dates as ISO text, flags as true/false, numbers with repr."""
    if math.isnan(value):
        return ""
    if kind == "date":
        return dt.date.fromordinal(int(value)).isoformat()
    if kind == "flag":
        return str(bool(value)).lower()
    return repr(float(value))


def rows(program: str, scenario: str, replication: str, rep: Replication) -> Iterable[tuple[str, ...]]:
    """One replication's tidy tables as back-test rows, in the order the CSVs list them."""
    figures = {
        (t, u, y, f): v
        for t, u, y, f, v in zip(*(rep.figures[c] for c in ("track", "unit", "year", "figure", "value")))
    }

    def row(track: str, unit: str, year: int, figure: str, value: float, kind: str | None = None) -> tuple[str, ...]:
        shown = "" if year == ALL_YEARS else str(year)
        return (program, scenario, replication, track, unit, shown, figure, text(value, kind or spec(figure).kind))

    def level(track: str, unit: str, year: int, names: Iterable[str]) -> Iterable[tuple[str, ...]]:
        for k in names:
            if (track, unit, year, k) in figures:
                yield row(track, unit, year, k, figures[(track, unit, year, k)])

    def cost_lines(track: str) -> Iterable[tuple[str, ...]]:
        lines = sorted(f for t, u, y, f in figures if (t, u, y) == (track, "", ALL_YEARS) and f.startswith("cost:"))
        return level(track, "", ALL_YEARS, lines)

    def years(track: str) -> list[int]:
        return list(dict.fromkeys(y for t, u, y, _ in figures if t == track and not u and y != ALL_YEARS))

    yield from level("", "", ALL_YEARS, COUNTS)
    yield from cost_lines("")
    for y in years(""):
        yield from level("", "", y, YEAR_FIGURES)
    for track in rep.layout.tracks:
        t = track.id
        yield from level(t, "", ALL_YEARS, COUNTS + COURSE_SELECTION)
        yield from cost_lines(t)
        for unit in dict.fromkeys(u for tr, u, y, _ in figures if tr == t and u and y == ALL_YEARS):
            yield from level(t, unit, ALL_YEARS, COUNTS)
        for y in years(t):
            yield from level(t, "", y, YEAR_FIGURES)
        yield from level(t, "", ALL_YEARS, [f"event:{e}" for e in EVENTS])
    for c in rep.checks:
        for k, value in (("deadline", c.deadline), ("simulated", c.simulated)):
            yield row("", c.key, ALL_YEARS, f"deadline:{c.phase}:{k}", value.toordinal(), "date")
        yield row("", c.key, ALL_YEARS, f"deadline:{c.phase}:at_risk", c.at_risk, "flag")
    yield from level("", "", ALL_YEARS, sorted(f for t, u, y, f in figures if not t and f.startswith("budget:")))
    for pool in rep.layout.pools:
        yield from level("", pool.id, ALL_YEARS, [f"pool:{f}" for f in POOL_FIGURES])
    for d in rep.daily["settled_yuan"]:
        for f in ("settled_yuan", "teacher_advance_yuan"):
            yield row("", d.isoformat(), ALL_YEARS, f"cashflow:{f}", rep.daily[f][d], "number")
    for d, n in rep.daily["signed_up"].items():
        yield row("", d.isoformat(), ALL_YEARS, "enrolment:signed_up", n, "number")


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
