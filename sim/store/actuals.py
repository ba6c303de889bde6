"""What actually happened, kept beside the saved scenarios: checked actuals files and their rows.

Each imported file is one record (program, kind, its name, its SHA-256, who imported it and when)
with its rows, each keeping its line in the file. Importing the same bytes again changes nothing;
a file whose rows cover a period (track, unit, day) an earlier file of the same kind covers is
refused unless ``replace=True``, which deletes the earlier file first, in the same transaction:
counts are never silently added twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Column, Date, DateTime, Float, ForeignKey, Integer, String, Table, delete, insert, select
from sqlalchemy.engine import Connection

from sim.base import N_, NotFound, StoreError

from .access import LOCAL, Action, User
from .db import ScenarioStore, _now, metadata

if TYPE_CHECKING:  # pandas and pandera load only where an actuals file is read or shown
    import pandas as pd

    from sim.actuals import Actuals, Observed

files = Table(
    "tt_actuals_files",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("program", String(100), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("rows", Integer, nullable=False),
    Column("imported_at", DateTime, nullable=False),  # UTC, naive like the scenarios' times
    Column("imported_by", String(200), nullable=False),
)
rows = Table(
    "tt_actuals_rows",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("file_id", Integer, ForeignKey("tt_actuals_files.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("line", Integer, nullable=False),
    Column("track", String(100), nullable=False),
    Column("unit", String(200), nullable=False),
    Column("date", Date, nullable=True),
    Column("figure", String(20), nullable=False),
    Column("value", Float, nullable=False),
)


@dataclass(frozen=True)
class ActualsFile:
    id: int
    program: str
    kind: str
    name: str
    sha256: str
    rows: int
    imported_at: dt.datetime
    imported_by: str


class ActualsOverlap(StoreError):
    """A file covering days an earlier file of the same kind already covers."""


def _file(row) -> ActualsFile:
    return ActualsFile(row.id, row.program, row.kind, row.name, row.sha256, row.rows, row.imported_at, row.imported_by)


def _keys(a: Actuals) -> set[tuple]:
    return {tuple(r) for r in a.rows[list(a.format.key)].itertuples(index=False)}


class ActualsStore:
    """Actuals in the scenario store's database (same URL, same transactions and audit table)."""

    def __init__(self, store: ScenarioStore):
        self.store = store

    def list(self, program: str | None = None) -> list[ActualsFile]:
        query = select(files).order_by(files.c.id)
        if program is not None:
            query = query.where(files.c.program == program)
        with self.store._transaction() as conn:
            return [_file(r) for r in conn.execute(query)]

    def _find(self, conn: Connection, program: str, name: str) -> ActualsFile:
        found = conn.execute(select(files).where(files.c.program == program, files.c.name == name)).first()
        if found is None:
            raise NotFound(
                f"no actuals file {name!r} for {program}", N_("error_no_actuals_file"), name=name, program=program
            )
        return _file(found)

    def rows(self, program: str, name: str) -> pd.DataFrame:
        """A stored file's rows: line, track, unit, date, figure, value (one row per figure)."""
        import pandas as pd

        with self.store._transaction() as conn:
            f = self._find(conn, program, name)
            query = select(rows).where(rows.c.file_id == f.id).order_by(rows.c.line, rows.c.figure)
            found = [r._asdict() for r in conn.execute(query)]
        return pd.DataFrame(found, columns=[c.name for c in rows.columns]).drop(columns=["id", "file_id"])

    def records(self, program: str) -> pd.DataFrame:
        """Every stored row of the program's files, one per figure: track, unit, date, figure, value
        (what ``sim.actuals.calibrate`` reads); empty when the program has no actuals."""
        import pandas as pd

        columns = ["track", "unit", "date", "figure", "value"]
        query = (
            select(*(rows.c[c] for c in columns))
            .join(files, rows.c.file_id == files.c.id)
            .where(files.c.program == program)
            .order_by(rows.c.file_id, rows.c.line, rows.c.figure)
        )
        with self.store._transaction() as conn:
            found = [tuple(r) for r in conn.execute(query)]
        return pd.DataFrame(found, columns=columns)

    def observed(self, program: str) -> Observed:
        """Every stored file of ``program`` as one table per kind (its format's columns): what plan
        against actual compares (``sim.actuals.compare``). Stored files never overlap on their
        format's key (``add``), so each record is one row of its kind's table."""
        from sim.actuals import FORMATS, Observed

        long = self.records(program)
        kind_of = {c: f.kind for f in FORMATS.values() for c in f.counts + ("paid_yuan",) if c in f.columns}
        tables: dict[str, pd.DataFrame] = {}
        for kind, part in long.groupby(long["figure"].map(kind_of), sort=False):
            fmt = FORMATS[str(kind)]
            keys = [c for c in ("track", "unit", "date") if c in fmt.columns]
            # in the files' order (records are), each record's figures side by side
            wide = part.pivot_table(index=keys, columns="figure", values="value", aggfunc="sum", sort=False)
            tables[fmt.kind] = wide.reset_index()
        return Observed.of(program, [f.name for f in self.list(program)], tables)

    def add(self, a: Actuals, replace: bool = False, by: User = LOCAL) -> tuple[ActualsFile, bool]:
        """Store a checked file; returns (its record, whether anything changed)."""
        by.check(Action.IMPORT, a.program, a.name)
        with self.store._transaction(write=True) as conn:
            same = conn.execute(select(files).where(files.c.program == a.program, files.c.sha256 == a.sha256)).first()
            if same is not None:
                return _file(same), False
            earlier = [
                _file(r)
                for r in conn.execute(select(files).where(files.c.program == a.program, files.c.kind == a.format.kind))
            ]
            keys = _keys(a)
            # An earlier file this one would double count, or one of the same name: replaced only when asked.
            overlapping = [f for f in earlier if f.name == a.name or keys & self._stored_keys(conn, f, a)]
            if overlapping and not replace:
                names = ", ".join(f.name for f in overlapping)
                raise ActualsOverlap(
                    f"{a.name} repeats records of {names} (same track, unit and day); import it with --replace "
                    "to put it in their place, or remove the repeated rows",
                    N_("error_actuals_overlap"),
                    name=a.name,
                    earlier=names,
                )
            for f in overlapping:
                self._remove(conn, f, by)
            record = self._insert(conn, a, by)
        return record, True

    @staticmethod
    def _stored_keys(conn: Connection, f: ActualsFile, a: Actuals) -> set[tuple]:
        found = conn.execute(select(rows.c.track, rows.c.unit, rows.c.date).where(rows.c.file_id == f.id)).all()
        return {tuple(x for x, c in zip(r, ("track", "unit", "date")) if c in a.format.key) for r in found}

    def _insert(self, conn: Connection, a: Actuals, by: User) -> ActualsFile:
        now = _now()
        values = {"program": a.program, "kind": a.format.kind, "name": a.name, "sha256": a.sha256}
        inserted = conn.execute(insert(files).values(**values, rows=len(a.rows), imported_at=now, imported_by=by.name))
        file_id = inserted.inserted_primary_key[0]  # type: ignore[index]  # an insert always has its key
        figures = [c for c in a.rows.columns if c not in ("track", "unit", "date", "line")]
        records = [
            {
                "file_id": file_id,
                "line": int(r["line"]),
                "track": r["track"],
                "unit": r.get("unit", ""),
                "date": r.get("date"),
                "figure": figure,
                "value": float(r[figure]),
            }
            for r in a.rows.to_dict("records")
            for figure in figures
        ]
        if records:
            conn.execute(insert(rows), records)
        after = {"sha256": a.sha256, "rows": len(a.rows)}
        ScenarioStore.record_change(conn, by, Action.IMPORT, a.program, f"actuals:{a.name}", None, after)
        return ActualsFile(file_id, a.program, a.format.kind, a.name, a.sha256, len(a.rows), now, by.name)

    def _remove(self, conn: Connection, f: ActualsFile, by: User) -> None:
        by.check(Action.DELETE, f.program, f.name, owner=f.imported_by)
        conn.execute(delete(rows).where(rows.c.file_id == f.id))
        conn.execute(delete(files).where(files.c.id == f.id))
        before = {"sha256": f.sha256, "rows": f.rows}
        ScenarioStore.record_change(conn, by, Action.DELETE, f.program, f"actuals:{f.name}", before, None)

    def delete(self, program: str, name: str, by: User = LOCAL) -> None:
        with self.store._transaction(write=True) as conn:
            self._remove(conn, self._find(conn, program, name), by)
