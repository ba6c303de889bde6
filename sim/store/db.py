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

Every change names its user (``by=``, a :class:`~sim.store.access.User`; the command line and a
one-person dashboard are :data:`~sim.store.access.LOCAL`), is checked against the user's role, and
is written to the audit table ``tt_scenario_audit`` in the same transaction (who, when, what,
before and after). A store that cannot be opened or written (unknown driver, unreachable server,
read-only folder, full disk) raises :class:`StoreError` in one line naming the store and what to do.
"""

from __future__ import annotations

import builtins
import datetime as dt
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from pydantic import ValidationError
from sqlalchemy import (
    JSON,
    BigInteger,
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
    inspect,
    select,
    update,
)
from sqlalchemy import text as sql
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from sim.base import N_, NameTaken, NotFound, ScenarioError, StoreError, VersionConflict, Worded, first_line
from sim.catalog import Catalog
from sim.scenario import Scenario

from .access import LOCAL, Action, User
from .files import (
    SavedScenario,
    ScenarioSpec,
    checked_scenario,
    normalised,
    read_scenario_file,
    write_audit_file,
    write_scenario_file,
)

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
    Column("seed", BigInteger, nullable=False),
    Column("replications", Integer, nullable=False),
    Column("note", Text, nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),  # UTC, stored naive: SQLite keeps no zone
    Column("updated_at", DateTime, nullable=False),
    Column("created_by", String(200), nullable=False, server_default="local"),
    Column("updated_by", String(200), nullable=False, server_default="local"),
    UniqueConstraint("program", "name", name="uq_tt_scenarios_program_name"),
)
audit = Table(
    "tt_scenario_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False),  # UTC, naive like the scenarios' times
    Column("user", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("action", String(20), nullable=False),
    Column("program", String(100), nullable=False),
    Column("name", String(200), nullable=False),
    Column("before", JSON, nullable=True),  # the saved fields before the change (None for a new one)
    Column("after", JSON, nullable=True),  # and after it (None once deleted)
)
AUDIT_COLUMNS = ("at", "user", "role", "action", "program", "name", "before", "after")
# Columns added after the first release: (column, SQL type) added to an older table on open.
_ADDED_COLUMNS = (("created_by", "VARCHAR(200)"), ("updated_by", "VARCHAR(200)"))


def store_url(url: str | None = None, path: Path | str | None = None) -> str:
    """The database URL by the precedence in the module docstring."""
    if url:
        return url
    if path is not None:
        return f"sqlite:///{Path(path)}"
    if os.environ.get(ENV_URL):
        return os.environ[ENV_URL]
    return f"sqlite:///{Path(platformdirs.user_data_dir(APP_NAME)) / 'scenarios.sqlite'}"


def store_exists(url: str | None = None) -> bool:
    """Whether there is a store to read at ``url`` (as ``store_url`` finds it) without making one: a
    database named by URL is taken to be there; an SQLite file only once it has been created."""
    found = store_url(url)
    if not found.startswith("sqlite"):
        return True
    database = make_url(found).database
    return not database or database == ":memory:" or Path(database).is_file()


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
    """A stored row as it is: it was checked when written, and a row from before a check was added
    (a name with a control character, say) must still list, so that it can be renamed or deleted."""
    utc = dt.UTC
    return SavedScenario.model_construct(
        created_by=row.created_by,
        updated_by=row.updated_by,
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
        problem = e.errors()[0]["msg"]
        raise StoreError(
            f"{program}: scenario name {name!r}: {problem}",
            N_("error_scenario_name_invalid"),
            program=program,
            name=name,
            problem=problem,
        ) from None


def _where(program: str, name: str):
    return (scenarios.c.program == program) & (scenarios.c.name == name)


class ScenarioStore:
    """Saved scenarios. ``catalog`` validates knobs on save and import (unknown programs and keys refused)."""

    def __init__(self, catalog: Catalog, url: str | None = None, path: Path | str | None = None):
        self.catalog = catalog
        self.url = store_url(url, path)
        self.name = _shown(self.url)
        try:
            self.engine = _sqlite_engine(self.url) if self.url.startswith("sqlite") else create_engine(self.url)
        except NoSuchModuleError:
            raise StoreError(
                f"scenario store {self.name}: unknown database kind; {_URL_HELP}",
                N_("error_store_kind"),
                store=self.name,
                help=_URL_HELP,
            ) from None
        except ArgumentError:
            raise StoreError(
                f"scenario store {self.name}: not a database URL; {_URL_HELP}",
                N_("error_store_not_url"),
                store=self.name,
                help=_URL_HELP,
            ) from None
        except ModuleNotFoundError as e:  # the dialect is known but its driver package is not installed
            raise StoreError(
                f"scenario store {self.name}: its driver {e.name!r} is not installed; "
                f"install it, or use SQLite or PostgreSQL",
                N_("error_store_driver"),
                store=self.name,
                driver=e.name,
            ) from None
        except OSError as e:  # the SQLite file's folder cannot be made
            raise StoreError(
                f"scenario store {self.name}: cannot create its folder ({e.strerror}); "
                "choose a writable place with TT_STORE_URL or --store",
                N_("error_store_folder"),
                store=self.name,
                reason=e.strerror,
            ) from None
        self._ready = False
        self._ready_lock = threading.Lock()

    def close(self) -> None:
        self.engine.dispose()

    def _prepare(self) -> None:
        """Create or migrate the tables on first use, not on opening: a refused command writes nothing."""
        if self._ready:  # every transaction asks; only the first few need the lock
            return
        with self._ready_lock:
            if self._ready:
                return
            with self._connected(write=True) as conn:  # serialised, so sessions starting together do not race
                metadata.create_all(conn)
                self._migrate(conn)
            self._ready = True

    @contextmanager
    def _transaction(self, write: bool = False) -> Iterator[Connection]:
        self._prepare()
        with self._connected(write) as conn:
            yield conn

    @contextmanager
    def _connected(self, write: bool) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                conn.execution_options(write=write)
                with conn.begin():
                    yield conn
        except IntegrityError:
            raise  # a taken name: the callers turn it into NameTaken
        except DBAPIError as e:
            raise self._failed(_problem(e)) from None
        except SQLAlchemyError as e:
            raise self._failed(f"{type(e).__name__}: {first_line(e)}") from None

    def _failed(self, problem: Worded | str) -> StoreError:
        return StoreError(
            f"scenario store {self.name}: {problem}", N_("error_store_at"), store=self.name, problem=problem
        )

    @staticmethod
    def _migrate(conn: Connection) -> None:
        """Bring a table made by an earlier release up to date (the columns it lacks, a 64-bit seed)."""
        columns = {c["name"]: c for c in inspect(conn).get_columns("tt_scenarios")}
        for name, sql_type in _ADDED_COLUMNS:
            if name not in columns:
                conn.execute(sql(f"ALTER TABLE tt_scenarios ADD COLUMN {name} {sql_type} NOT NULL DEFAULT 'local'"))
        if conn.dialect.name == "postgresql" and not isinstance(columns["seed"]["type"], BigInteger):
            conn.execute(sql("ALTER TABLE tt_scenarios ALTER COLUMN seed TYPE BIGINT"))

    def _record(
        self,
        conn: Connection,
        by: User,
        action: Action,
        program: str,
        name: str,
        before: SavedScenario | None,
        after: SavedScenario | None,
    ) -> None:
        self.record_change(conn, by, action, program, name, _fields(before), _fields(after))

    @staticmethod
    def record_change(
        conn: Connection, by: User, action: Action, program: str, name: str, before: dict | None, after: dict | None
    ) -> None:
        """One row of the audit table, in the change's own transaction: who, when, what, the fields
        before and after (None where there was or is nothing)."""
        conn.execute(
            insert(audit).values(
                at=_now(),
                user=by.name,
                role=by.role.value,
                action=action.value,
                program=program,
                name=name,
                before=before,
                after=after,
            )
        )

    def audit_log(self, program: str | None = None, limit: int | None = None) -> builtins.list[dict]:
        """Recorded changes, newest first: ``at`` (UTC), user, role, action, program, name, before, after."""
        query = select(audit).order_by(audit.c.id.desc())
        if program is not None:
            query = query.where(audit.c.program == program)
        if limit is not None:
            query = query.limit(limit)
        with self._transaction() as conn:
            return [
                {k: (row.at.replace(tzinfo=dt.UTC) if k == "at" else getattr(row, k)) for k in AUDIT_COLUMNS}
                for row in conn.execute(query)
            ]

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

    def save(self, spec: ScenarioSpec, expected_version: int | None = None, by: User = LOCAL) -> SavedScenario:
        """Create (``expected_version=None``) or update the scenario ``(spec.program, spec.name)``.

        An update applies only if the stored version is still ``expected_version``; otherwise
        :class:`VersionConflict`. Creating a name that exists raises :class:`NameTaken`.
        """
        spec = self._validated(spec)
        with self._transaction(write=True) as conn:
            if expected_version is None:
                return self._insert(conn, spec, by, Action.CREATE)
            values = spec.model_dump(exclude={"program", "name"})
            return self._update(conn, spec.program, spec.name, expected_version, values, by, Action.UPDATE)

    def rename(self, program: str, name: str, new_name: str, expected_version: int, by: User = LOCAL) -> SavedScenario:
        values = {"name": _checked_name(program, new_name)}
        with self._transaction(write=True) as conn:
            return self._update(conn, program, name, expected_version, values, by, Action.RENAME)

    def duplicate(self, program: str, name: str, new_name: str, by: User = LOCAL) -> SavedScenario:
        with self._transaction(write=True) as conn:
            original = self._load(conn, program, name)
            by.check(Action.DUPLICATE, program, name, original.created_by)
            copy = original.spec().model_copy(update={"name": _checked_name(program, new_name)})
            return self._insert(conn, copy, by, Action.DUPLICATE)

    def delete(self, program: str, name: str, expected_version: int | None = None, by: User = LOCAL) -> None:
        """Delete; with ``expected_version``, only if nobody changed it since (else VersionConflict)."""
        with self._transaction(write=True) as conn:
            current = self._load(conn, program, name)
            by.check(Action.DELETE, program, name, current.created_by)
            if expected_version is not None and current.version != expected_version:
                raise VersionConflict(program, name, expected_version, current.version)
            conn.execute(delete(scenarios).where(_where(program, name)))
            self._record(conn, by, Action.DELETE, program, name, current, None)

    def _insert(self, conn: Connection, spec: ScenarioSpec, by: User, action: Action) -> SavedScenario:
        by.check(action, spec.program, spec.name)
        now = _now()
        row = {**spec.model_dump(), "version": 1, "created_at": now, "updated_at": now}
        try:
            with conn.begin_nested():  # a savepoint: a taken name must not end the caller's transaction
                conn.execute(insert(scenarios).values(**row, created_by=by.name, updated_by=by.name))
        except IntegrityError:
            raise NameTaken(
                f"{spec.program} already has a scenario named {spec.name!r}", N_("error_name_taken"), name=spec.name
            ) from None
        saved = self._load(conn, spec.program, spec.name)
        self._record(conn, by, action, spec.program, spec.name, None, saved)
        return saved

    def _update(
        self, conn: Connection, program: str, name: str, expected_version: int, values: dict, by: User, action: Action
    ) -> SavedScenario:
        before = self._load(conn, program, name)  # raises NotFound if it was deleted
        by.check(action, program, name, before.created_by)
        try:
            with conn.begin_nested():
                done = conn.execute(
                    update(scenarios)
                    .where(_where(program, name) & (scenarios.c.version == expected_version))
                    .values(**values, version=expected_version + 1, updated_at=_now(), updated_by=by.name)
                )
        except IntegrityError:
            raise NameTaken(
                f"{program} already has a scenario named {values.get('name')!r}",
                N_("error_name_taken"),
                name=values.get("name"),
            ) from None
        if done.rowcount != 1:
            raise VersionConflict(program, name, expected_version, before.version)
        after = self._load(conn, program, values.get("name", name))
        self._record(conn, by, action, program, name, before, after)
        return after

    # -- files -----------------------------------------------------------------------------------

    def export(self, path: Path | str, program: str | None = None, names: Sequence[str] | None = None) -> Path:
        """Write the program's (or every) saved scenario, or just ``names``, to a JSON or YAML file."""
        chosen = self.list(program)
        if names is not None:
            missing = set(names) - {s.name for s in chosen}
            if missing:
                listed = ", ".join(sorted(missing))
                if program is None:
                    raise NotFound(
                        f"no saved scenario {listed} for any program", N_("error_export_missing_any"), names=listed
                    )
                raise NotFound(
                    f"no saved scenario {listed} for {program}",
                    N_("error_export_missing"),
                    names=listed,
                    program=program,
                )
            chosen = [s for s in chosen if s.name in set(names)]
        return write_scenario_file(path, chosen)

    def import_file(self, path: Path | str, replace: bool = False, by: User = LOCAL) -> builtins.list[SavedScenario]:
        """Import every scenario in the file, or none (one transaction).

        A name that exists raises :class:`NameTaken`, unless ``replace`` (then it is updated).
        """
        specs = read_scenario_file(path, self.catalog)
        with self._transaction(write=True) as conn:
            out = []
            for spec in specs:
                row = conn.execute(select(scenarios.c.version).where(_where(spec.program, spec.name))).first()
                if row is None or not replace:
                    out.append(self._insert(conn, spec, by, Action.IMPORT))
                else:
                    values = spec.model_dump(exclude={"program", "name"})
                    out.append(self._update(conn, spec.program, spec.name, row.version, values, by, Action.IMPORT))
            return out

    def export_audit(self, path: Path | str, program: str | None = None) -> Path:
        """The audit table (or one program's part) as CSV or JSON, by the suffix, written atomically."""
        return write_audit_file(path, self.audit_log(program))


_URL_HELP = Worded(
    "expected sqlite:///PATH or postgresql+psycopg://USER@HOST/DB (set TT_STORE_URL or --store)",
    N_("error_store_url_help"),
)


def _shown(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url[:200])


def _problem(e: DBAPIError) -> Worded | str:
    """What went wrong with the database, and what to do, in one line.

    SQLite ends the whole transaction when the disk fills, so the savepoint SQLAlchemy then
    releases is gone and *that* error is raised; the cause is further down the chain.
    """
    chain: list[BaseException] = []
    cause: BaseException | None = e
    while cause is not None and len(chain) < 10:
        chain.append(cause)
        cause = cause.__context__
    messages = [first_line(x.orig if isinstance(x, DBAPIError) and x.orig is not None else x) for x in chain]
    for message in messages:
        lowered = message.lower()
        if "disk is full" in lowered or "no space left" in lowered:
            return Worded(
                "the disk holding it is full; free some space and try again (nothing was saved)",
                N_("error_store_disk_full"),
            )
        if "readonly" in lowered or "read-only" in lowered or "permission denied" in lowered:
            return Worded(
                f"cannot write to it ({message}); give this account write access or choose another store",
                N_("error_store_read_only"),
                reason=message,
            )
        if "unable to open database" in lowered:
            return Worded(
                "cannot open the database file (is the path a folder, or the folder not writable?)",
                N_("error_store_cannot_open"),
            )
        if "connection refused" in lowered or "could not connect" in lowered or "timeout" in lowered:
            return Worded(
                f"cannot reach the database server ({message}); check the host, port and that the server runs",
                N_("error_store_unreachable"),
                reason=message,
            )
    return messages[0]


def _fields(saved: SavedScenario | None) -> dict | None:
    return (
        None if saved is None else saved.model_dump(mode="json", include=set(ScenarioSpec.model_fields) | {"version"})
    )


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
