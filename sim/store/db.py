"""Named scenarios saved for planning meetings: SQLite by default, any SQLAlchemy database by URL.

    from sim.store import ScenarioSpec, ScenarioStore
    store = ScenarioStore(load_catalog())
    saved = store.save(ScenarioSpec(program="henan-2021", name="扩招20%", overrides={"quota_scale": 1.2}))
    store.save(saved.spec().model_copy(update={"note": "..."}), expected_version=saved.version)

Where the scenarios live, first match wins:

1. ``ScenarioStore(url=...)``: any SQLAlchemy URL;
2. ``ScenarioStore(path=...)``: an SQLite file;
3. the environment variable ``TT_STORE_URL`` (e.g. ``postgresql+psycopg://user@host/db``; the
   driver package must be installed);
4. ``scenarios.sqlite`` in the user's data directory (platformdirs), created on first use.

Concurrent sessions lose nothing: every change is one transaction; an update or rename only
applies ``WHERE version = expected`` and raises :class:`VersionConflict` when someone else saved
first (reload, re-apply, save again); names are unique per program (:class:`NameTaken`). SQLite
runs in WAL mode with a busy timeout, and write transactions start with ``BEGIN IMMEDIATE`` so two
writers queue for the lock instead of failing when both read before writing. A crash mid-save
rolls the transaction back: the previous version stays. WAL needs a local disk (not a network share).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from pydantic import ValidationError
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from sim.base import N_, NameTaken, NotFound, ScenarioError, StoreError, VersionConflict
from sim.catalog import Catalog
from sim.scenario import Scenario

from .files import SavedScenario, ScenarioSpec, checked_scenario, normalised, read_scenario_file, write_scenario_file

__all__ = [
    "ENV_URL",
    "NameTaken",
    "NotFound",
    "SavedScenario",
    "ScenarioSpec",
    "ScenarioStore",
    "StoreError",
    "VersionConflict",
    "scenario_of",
    "store_url",
]

ENV_URL = "TT_STORE_URL"
APP_NAME = "teacher-training-sim"
BUSY_TIMEOUT_MS = 30_000

metadata = MetaData()
scenarios = Table(
    "tt_scenarios",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("program", String(100), nullable=False),
    Column("name", String(200), nullable=False),
    Column("overrides", JSON, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("replications", Integer, nullable=False),
    Column("note", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),  # UTC, stored naive: SQLite keeps no zone
    Column("updated_at", DateTime, nullable=False),
    UniqueConstraint("program", "name", name="uq_tt_scenarios_program_name"),
)


def store_url(url: str | None = None, path: Path | str | None = None) -> str:
    """The database URL by the precedence in the module docstring."""
    if url:
        return url
    if path is not None:
        return f"sqlite:///{Path(path)}"
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    return f"sqlite:///{Path(platformdirs.user_data_dir(APP_NAME)) / 'scenarios.sqlite'}"


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    database = engine.url.database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # We issue BEGIN ourselves: the driver's implicit BEGIN is DEFERRED, and a deferred reader
        # that later writes fails at once (no waiting) when another writer got in between.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")  # readers never block the writer, nor it them
        cursor.execute("PRAGMA synchronous = NORMAL")  # safe in WAL: a power cut may lose the last commit only
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _saved(row) -> SavedScenario:
    utc = dt.UTC
    return SavedScenario(
        program=row.program,
        name=row.name,
        overrides=row.overrides,
        seed=row.seed,
        replications=row.replications,
        note=row.note,
        version=row.version,
        created_at=row.created_at.replace(tzinfo=utc),
        updated_at=row.updated_at.replace(tzinfo=utc),
    )


def _checked_name(program: str, name: str) -> str:
    """A new name with the checks and trimming a saved scenario's name gets; a StoreError if it has none."""
    try:
        return ScenarioSpec(program=program, name=name).name
    except ValidationError as e:
        raise StoreError(f"{program}: scenario name {name!r}: {e.errors()[0]['msg']}") from None


def _where(program: str, name: str):
    return (scenarios.c.program == program) & (scenarios.c.name == name)


class ScenarioStore:
    """Saved scenarios. ``catalog`` validates knobs on save and import (unknown programs and keys refused)."""

    def __init__(self, catalog: Catalog, url: str | None = None, path: Path | str | None = None):
        self.catalog = catalog
        self.url = store_url(url, path)
        self.engine = _sqlite_engine(self.url) if self.url.startswith("sqlite") else create_engine(self.url)
        with self._transaction(write=True) as conn:  # serialised, so sessions starting together do not race
            metadata.create_all(conn)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(write=write)
            with conn.begin():
                yield conn

    def _validated(self, spec: ScenarioSpec) -> ScenarioSpec:
        return normalised(spec, checked_scenario(self.catalog, spec))

    # -- reading ---------------------------------------------------------------------------------

    def list(self, program: str | None = None) -> list[SavedScenario]:
        """Saved scenarios (of one program, or all), by program then name."""
        query = select(scenarios).order_by(scenarios.c.program, scenarios.c.name)
        if program is not None:
            query = query.where(scenarios.c.program == program)
        with self._transaction() as conn:
            return [_saved(row) for row in conn.execute(query)]

    def load(self, program: str, name: str) -> SavedScenario:
        with self._transaction() as conn:
            return self._load(conn, program, name)

    def _load(self, conn: Connection, program: str, name: str) -> SavedScenario:
        row = conn.execute(select(scenarios).where(_where(program, name))).first()
        if row is None:
            raise NotFound(f"no saved scenario {name!r} for {program}", N_("error_not_found"), name=name)
        return _saved(row)

    # -- writing ---------------------------------------------------------------------------------

    def save(self, spec: ScenarioSpec, expected_version: int | None = None) -> SavedScenario:
        """Create (``expected_version=None``) or update the scenario ``(spec.program, spec.name)``.

        An update applies only if the stored version is still ``expected_version``; otherwise
        :class:`VersionConflict`. Creating a name that exists raises :class:`NameTaken`.
        """
        spec = self._validated(spec)
        with self._transaction(write=True) as conn:
            if expected_version is None:
                return self._insert(conn, spec)
            return self._update(
                conn, spec.program, spec.name, expected_version, spec.model_dump(exclude={"program", "name"})
            )

    def rename(self, program: str, name: str, new_name: str, expected_version: int) -> SavedScenario:
        with self._transaction(write=True) as conn:
            return self._update(conn, program, name, expected_version, {"name": _checked_name(program, new_name)})

    def duplicate(self, program: str, name: str, new_name: str) -> SavedScenario:
        with self._transaction(write=True) as conn:
            original = self._load(conn, program, name)
            return self._insert(conn, original.spec().model_copy(update={"name": _checked_name(program, new_name)}))

    def delete(self, program: str, name: str, expected_version: int | None = None) -> None:
        """Delete; with ``expected_version``, only if nobody changed it since (else VersionConflict)."""
        with self._transaction(write=True) as conn:
            current = self._load(conn, program, name)
            if expected_version is not None and current.version != expected_version:
                raise VersionConflict(program, name, expected_version, current.version)
            conn.execute(delete(scenarios).where(_where(program, name)))

    def _insert(self, conn: Connection, spec: ScenarioSpec) -> SavedScenario:
        now = _now()
        try:
            with conn.begin_nested():  # a savepoint: a taken name must not end the caller's transaction
                conn.execute(insert(scenarios).values(**spec.model_dump(), version=1, created_at=now, updated_at=now))
        except IntegrityError:
            raise NameTaken(
                f"{spec.program} already has a scenario named {spec.name!r}", N_("error_name_taken"), name=spec.name
            ) from None
        return self._load(conn, spec.program, spec.name)

    def _update(self, conn: Connection, program: str, name: str, expected_version: int, values: dict) -> SavedScenario:
        try:
            with conn.begin_nested():
                done = conn.execute(
                    update(scenarios)
                    .where(_where(program, name) & (scenarios.c.version == expected_version))
                    .values(**values, version=expected_version + 1, updated_at=_now())
                )
        except IntegrityError:
            raise NameTaken(
                f"{program} already has a scenario named {values.get('name')!r}",
                N_("error_name_taken"),
                name=values.get("name"),
            ) from None
        if done.rowcount != 1:
            current = self._load(conn, program, name)  # raises NotFound if it was deleted
            raise VersionConflict(program, name, expected_version, current.version)
        return self._load(conn, program, values.get("name", name))

    # -- files -----------------------------------------------------------------------------------

    def export(self, path: Path | str, program: str | None = None, names: Sequence[str] | None = None) -> Path:
        """Write the program's (or every) saved scenario, or just ``names``, to a JSON or YAML file."""
        chosen = self.list(program)
        if names is not None:
            missing = set(names) - {s.name for s in chosen}
            if missing:
                raise NotFound(f"no saved scenario {', '.join(sorted(missing))} for {program or 'any program'}")
            chosen = [s for s in chosen if s.name in set(names)]
        return write_scenario_file(path, chosen)

    def import_file(self, path: Path | str, replace: bool = False) -> list[SavedScenario]:
        """Import every scenario in the file, or none (one transaction).

        A name that exists raises :class:`NameTaken`, unless ``replace`` (then it is updated).
        """
        specs = read_scenario_file(path, self.catalog)
        with self._transaction(write=True) as conn:
            out = []
            for spec in specs:
                row = conn.execute(select(scenarios.c.version).where(_where(spec.program, spec.name))).first()
                if row is None or not replace:
                    out.append(self._insert(conn, spec))
                else:
                    out.append(
                        self._update(
                            conn, spec.program, spec.name, row.version, spec.model_dump(exclude={"program", "name"})
                        )
                    )
            return out


def scenario_of(store: ScenarioStore, program: str, name: str) -> tuple[Scenario, int, int]:
    """(Scenario, seed, replications) of a saved scenario, ready for ``sim.run``."""
    saved = store.load(program, name)
    try:
        return checked_scenario(store.catalog, saved), saved.seed, saved.replications
    except ScenarioError as e:  # the catalog changed since it was saved
        raise ScenarioError(
            f"saved scenario {program}/{name} no longer fits the catalog: {e}",
            N_("error_saved_stale"),
            name=name,
            cause=e,
        ) from None
