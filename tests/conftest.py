"""Shared fixtures: the bundled catalog, its Henan program, and a scratch data folder holding one example program."""

from __future__ import annotations

import copy
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
import yaml

from sim.catalog import load_catalog
from tests.documented import ROOT

EXAMPLES = ROOT / "data" / "examples"
EXAMPLE_ID = "example-2023"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def henan(catalog):
    """The program whose figures the tests work out by hand."""
    return catalog.program("henan-2021")


@pytest.fixture(scope="session")
def example_program() -> dict:
    return yaml.safe_load((EXAMPLES / "sixth-program.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def scratch_data(tmp_path, example_program):
    """Returns write(mutate) -> data dir holding the example program after ``mutate(dict)``."""
    (tmp_path / "programs").mkdir()
    (tmp_path / "sources").mkdir()
    shutil.copy(EXAMPLES / "example-notice.txt", tmp_path / "sources")

    def write(mutate=None, text: str | None = None) -> Path:
        path = tmp_path / "programs" / f"{EXAMPLE_ID}.yaml"
        if text is None:
            data = copy.deepcopy(example_program)
            if mutate is not None:
                mutate(data)
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL server on 127.0.0.1 from Debian's postgresql package (`make test` installs it).

    Yields the server's SQLAlchemy URL without a database name.
    """
    initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not initdbs:
        pytest.fail("PostgreSQL is not installed: `make test` installs Debian's postgresql package")
    bindir = Path(initdbs[-1]).parent
    folder = Path(tempfile.mkdtemp(prefix="tt-pg-"))  # not under pytest's root-only temp folder
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(folder, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = folder / "data"
    subprocess.run(
        [*as_postgres, str(bindir / "initdb"), "-D", str(data), "--auth=trust", "-U", "postgres"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(
        [
            *as_postgres,
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*as_postgres, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres):
    """A fresh, empty database on the test server."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    port = postgres.rsplit(":", 1)[1]
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{postgres}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """The default SQLite file, and a real PostgreSQL server: the store promises any SQLAlchemy database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(catalog, store_url):
    from sim.store import ScenarioStore

    s = ScenarioStore(catalog, url=store_url)
    yield s
    s.close()


@pytest.fixture
def dashboard_store(tmp_path, monkeypatch):
    """The dashboard's scenario store for one test: a fresh SQLite file, through TT_STORE_URL."""
    url = f"sqlite:///{tmp_path / 'scenarios.sqlite'}"
    monkeypatch.setenv("TT_STORE_URL", url)
    return url
