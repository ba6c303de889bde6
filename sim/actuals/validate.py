"""Reading and checking an actuals file against its program: every problem located by file, line and
column, with what was expected; a file with any problem is refused whole.

The checks are a pandera schema per format, built for the program (its tracks, units and dates):
each check is named by the message key that words its problem.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from sim.base import N_, DataError, Worded, shown
from sim.base.inputs import decoded, read_bytes
from sim.catalog import Program

from .formats import FORMATS, MAX_ROWS, SUFFIXES, Format, format_of

# Where a problem is: a line of the file (the header is line 1) and a column.
HEADER_LINE = 1
MAX_BYTES = 20_000_000  # MAX_ROWS rows of some 50 bytes, with room
MAX_PROBLEMS = 50  # a file with more problems is wrong throughout: the first ones say how


@dataclass(frozen=True)
class Actuals:
    """A checked file: its format, its rows (one per line, ``line`` kept) and its fingerprint."""

    program: str
    name: str
    sha256: str
    format: Format
    rows: pd.DataFrame  # the format's columns (dates as datetime.date, unit "" for a whole track) + ``line``


class ActualsRejected(DataError):
    """A file refused with all its problems (each a located :class:`DataError`) up to MAX_PROBLEMS."""

    def __init__(self, file: str, problems: list[DataError]):
        self.problems = problems
        first = problems[0]
        super().__init__(
            file,
            "",
            f"{len(problems)} problem(s); first: {first.field}: {first.expected}",
            N_("error_actuals_rejected"),
            n=len(problems),
            first=first,
        )


def cell(line: int, column: str) -> Worded:
    return Worded(f"line {line}, column {column}", N_("error_at_cell"), line=line, column=column)


def units_of(program: Program) -> dict[str, set[str]]:
    """Each track's units as the files name them: its allocation's keys or supplier categories, or
    "" for a track reported as a whole (always allowed: a platform may not split by unit)."""
    out = {}
    for t in program.tracks:
        units = set(t.allocation.values) if t.allocation else set()
        units |= {s.id for s in t.suppliers or []}
        out[t.id] = units | {""}
    return out


def _later(d: dt.date, years: int) -> dt.date:
    return dt.date(d.year + years, d.month, min(d.day, 28))


def program_dates(program: Program) -> tuple[dt.date, dt.date]:
    """The days an actuals row may fall on: from the first date the program's documents give to a
    year after its last delivery (a multi-year track's runs on for its years), as settlements trail."""
    days = [d for m in program.milestones for d in (m.start, m.end) if d is not None]
    last = max(days)
    for t in program.tracks:
        years = program.resolve(t.years)
        if years is not None and isinstance(years.value, (int, float)) and years.value > 1:
            last = max(last, _later(last, int(years.value) - 1))
    return min(days), _later(last, 1)


def _read(path: Path, name: str) -> tuple[pd.DataFrame, str]:
    """The file's table (every cell stripped text) and the SHA-256 of its bytes, read once."""
    if path.suffix.lower() not in SUFFIXES:
        raise DataError(
            name,
            "",
            f"expected a {' or '.join(SUFFIXES)} file",
            N_("error_actuals_suffix"),
            suffixes=", ".join(SUFFIXES),
        )
    raw = read_bytes(path, MAX_BYTES, name)
    # A CSV not in UTF-8 is said at its line, not as an unreadable table.
    text = decoded(name, raw).lstrip("\ufeff") if path.suffix.lower() == ".csv" else None  # a byte-order mark
    try:
        if text is not None:
            source = io.StringIO(text)
            frame = pd.read_csv(source, dtype=str, keep_default_na=False, nrows=MAX_ROWS + 1)
        else:
            frame = pd.read_excel(io.BytesIO(raw), dtype=str, keep_default_na=False, nrows=MAX_ROWS + 1)
    except (UnicodeDecodeError, ValueError, OSError) as e:
        raise DataError(
            name, "", f"not a readable table: {shown(str(e))}", N_("error_actuals_unreadable"), why=shown(str(e))
        ) from None
    if len(frame) > MAX_ROWS:
        raise DataError(name, "", f"expected at most {MAX_ROWS:,} rows", N_("error_actuals_rows"), limit=MAX_ROWS)
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame.map(lambda v: str(v).strip()), hashlib.sha256(raw).hexdigest()


def _schema(program: Program, fmt: Format) -> pa.DataFrameSchema:
    units = units_of(program)
    first, last = program_dates(program)

    def named(key: str, fn: Callable[[pd.Series], pd.Series]) -> pa.Check:
        return pa.Check(fn, name=key)

    def number(s: pd.Series) -> pd.Series:
        return pd.to_numeric(s, errors="coerce")

    def date(s: pd.Series) -> pd.Series:
        return pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")

    columns: dict[str, pa.Column] = {
        "track": pa.Column(str, named(N_("error_actuals_unknown_track"), lambda s: s.isin(list(units)))),
    }
    if "unit" in fmt.columns:
        columns["unit"] = pa.Column(str)
    if fmt.dated:
        ends = (pd.Timestamp(first), pd.Timestamp(last))
        columns["date"] = pa.Column(
            str,
            [
                named(N_("error_actuals_not_a_date"), lambda s: date(s).notna()),
                named(N_("error_actuals_date_outside"), lambda s: date(s).isna() | date(s).between(*ends)),
            ],
        )
    for c in fmt.counts:
        columns[c] = pa.Column(
            str,
            [
                named(N_("error_actuals_not_a_count"), lambda s: (number(s) >= 0) & (number(s) % 1 == 0)),
            ],
        )
    if "paid_yuan" in fmt.columns:
        columns["paid_yuan"] = pa.Column(str, named(N_("error_actuals_not_an_amount"), lambda s: number(s) >= 0))

    def known_unit(frame: pd.DataFrame) -> pd.Series:
        return pd.Series([u in units.get(t, {""}) for t, u in zip(frame["track"], frame["unit"])], index=frame.index)

    def not_more(a: str, b: str) -> Callable[[pd.DataFrame], pd.Series]:
        return lambda f: ~(number(f[a]) > number(f[b]))

    checks = [named(N_("error_actuals_duplicate"), lambda f: ~f.duplicated(list(fmt.key), keep="first"))]
    if "unit" in fmt.columns:
        checks.append(named(N_("error_actuals_unknown_unit"), known_unit))
    if fmt.kind == "attendance":
        checks.append(named(N_("error_actuals_attended_over_enrolled"), not_more("attended", "enrolled")))
        checks.append(named(N_("error_actuals_completed_over_attended"), not_more("completed", "attended")))
    return pa.DataFrameSchema(columns, checks=checks, strict=False, coerce=False)


# The column a table-wide check's problem is shown in, and what it expected.
_TABLE_CHECK_COLUMN = {
    "error_actuals_duplicate": "track",
    "error_actuals_unknown_unit": "unit",
    "error_actuals_attended_over_enrolled": "attended",
    "error_actuals_completed_over_attended": "completed",
}


def _problems(
    name: str, program: Program, fmt: Format, frame: pd.DataFrame, e: pa.errors.SchemaErrors
) -> list[DataError]:
    units, (first, last) = units_of(program), program_dates(program)
    seen: set[tuple[int, str]] = set()
    out: list[DataError] = []
    cases = e.failure_cases.dropna(subset=["index"]).sort_values(["index"], kind="stable")
    for _, case in cases.iterrows():
        key, row = str(case["check"]), int(case["index"])
        column = _TABLE_CHECK_COLUMN.get(key, str(case["column"]))
        if (row, key) in seen:  # a table-wide check fails once per column of the row: say it once
            continue
        seen.add((row, key))
        value = frame.at[row, column] if column in frame.columns else ""
        params: dict[str, Any] = {"value": shown(value)}
        if key == "error_actuals_unknown_track":
            params["known"] = ", ".join(units)
        elif key == "error_actuals_unknown_unit":
            params["known"] = ", ".join(sorted(u for u in units.get(frame.at[row, "track"], set()) if u)) or "—"
        elif key == "error_actuals_duplicate":
            params["columns"] = ", ".join(fmt.key)
        elif key == "error_actuals_date_outside":
            params |= {"first": first.isoformat(), "last": last.isoformat()}
        english = _ENGLISH[key].format(**params)
        out.append(DataError(name, cell(row + HEADER_LINE + 1, column), english, key, **params))
        if len(out) >= MAX_PROBLEMS:
            break
    return out


_ENGLISH = {
    "error_actuals_unknown_track": "expected one of the program's tracks ({known}), got {value}",
    "error_actuals_unknown_unit": "expected one of the track's units ({known}) or empty, got {value}",
    "error_actuals_not_a_date": "expected a date YYYY-MM-DD, got {value}",
    "error_actuals_date_outside": "expected a date from {first} to {last} (the program's period), got {value}",
    "error_actuals_not_a_count": "expected a whole number of teachers >= 0, got {value}",
    "error_actuals_not_an_amount": "expected an amount in yuan >= 0, got {value}",
    "error_actuals_duplicate": "expected one row per {columns}: this one repeats an earlier row",
    "error_actuals_attended_over_enrolled": "expected attended <= enrolled, got {value} attended",
    "error_actuals_completed_over_attended": "expected completed <= attended, got {value} completed",
}


def read_actuals(program: Program, path: Path | str, name: str | None = None) -> Actuals:
    """Read and check ``path`` (shown as ``name``, e.g. an uploaded file's own name)."""
    path = Path(path)
    name = name or path.name
    frame, digest = _read(path, name)
    fmt = format_of(list(frame.columns))
    if fmt is None:
        expected = "; ".join(f"{f.kind}: {', '.join(f.columns)}" for f in FORMATS.values())
        raise DataError(
            name,
            cell(HEADER_LINE, ", ".join(frame.columns) or "—"),
            f"expected the columns of one format ({expected})",
            N_("error_actuals_header"),
            formats=expected,
        )
    if frame.empty:
        raise DataError(name, "", "expected at least one row under the header", N_("error_actuals_empty"))
    try:
        _schema(program, fmt).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as e:
        raise ActualsRejected(name, _problems(name, program, fmt, frame, e)) from None
    rows = frame[list(fmt.columns)].copy()
    if fmt.dated:
        rows["date"] = [dt.date.fromisoformat(d) for d in rows["date"]]
    for c in (*fmt.counts, *(["paid_yuan"] if "paid_yuan" in fmt.columns else [])):
        rows[c] = pd.to_numeric(rows[c])
    rows["line"] = rows.index + HEADER_LINE + 1
    return Actuals(program.id, name, digest, fmt, rows.reset_index(drop=True))
