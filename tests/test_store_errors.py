"""A scenario store that cannot be opened or written is one line naming the store and what to do."""

from __future__ import annotations

import socket

import pytest
from pydantic import ValidationError
from sqlalchemy import event

from sim.base import StoreError
from sim.store import ScenarioSpec, ScenarioStore


def _refused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("nosuchdb://x/y", "unknown database kind"),
        ("not a url at all", "not a database URL"),
        ("mysql+pymysql://u@127.0.0.1/db", "driver 'pymysql' is not installed"),
        ("postgresql+psycopg://u@127.0.0.1:{port}/db", "cannot reach the database server"),
    ],
)
def test_a_store_url_that_cannot_be_opened(catalog, url, expected):
    url = url.format(port=_refused_port())
    with pytest.raises(StoreError, match=expected) as e:
        ScenarioStore(catalog, url=url).list()
    assert str(e.value).startswith("scenario store ") and "\n" not in str(e.value)


def test_a_folder_an_unmakeable_folder_or_a_read_only_file_as_the_sqlite_store(catalog, tmp_path):
    with pytest.raises(StoreError, match="cannot open the database file"):
        ScenarioStore(catalog, path=tmp_path).list()  # a folder
    with pytest.raises(StoreError, match="cannot create its folder"):
        ScenarioStore(catalog, path="/proc/tt-store/s.sqlite")  # not even root can make a folder there
    ScenarioStore(catalog, path=tmp_path / "ro.sqlite").list()  # first use creates it
    read_only = ScenarioStore(catalog, url=f"sqlite:///file:{tmp_path / 'ro.sqlite'}?mode=ro&uri=true")
    with pytest.raises(StoreError, match="cannot write to it"):
        read_only.save(ScenarioSpec(program="henan-2021", name="只读"))
    read_only.close()


def test_a_full_disk_is_reported_and_keeps_what_was_saved(catalog, tmp_path):
    store = ScenarioStore(catalog, path=tmp_path / "s.sqlite")
    store.save(ScenarioSpec(program="henan-2021", name="已存"))

    @event.listens_for(store.engine, "connect")
    def _tiny(dbapi_connection, _record):  # a database that may not grow: what a full disk looks like to SQLite
        dbapi_connection.execute("PRAGMA max_page_count = 1")

    store.engine.dispose()
    with pytest.raises(StoreError, match="the disk holding it is full"):
        for i in range(50):
            store.save(ScenarioSpec(program="henan-2021", name=f"新的{i}", note="满" * 2000))
    assert "已存" in [s.name for s in store.list("henan-2021")]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("seed", 10**30),
        ("seed", -1),
        ("note", "x" * 2001),
        ("note", "红色\x1b[31m"),
        ("name", "a\x07b"),
        ("name", "x" * 201),
    ],
)
def test_saved_fields_within_their_limits(field, value):
    with pytest.raises(ValidationError, match=field):
        ScenarioSpec(**{"program": "henan-2021", "name": "n", field: value})


def test_the_largest_seed_is_kept_exactly(store):
    big = 2**63 - 1
    store.save(ScenarioSpec(program="henan-2021", name="大种子", seed=big))
    assert store.load("henan-2021", "大种子").seed == big
