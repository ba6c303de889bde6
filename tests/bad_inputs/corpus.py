"""The bad-input corpus: every case is a command line that must be refused with one located line.

A case is (id, build) where ``build(folder)`` makes whatever files the case needs inside ``folder``
and returns the arguments after ``python -m sim``. Each runs in a fresh process with a time limit,
so a hang or a traceback is caught, and nothing may be written on refusal.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "data" / "examples"
Build = Callable[[Path], list[str]]


def _data(
    folder: Path,
    mutate: Callable[[dict[str, Any]], None] | None = None,
    text: str | bytes | None = None,
    special: Callable[[Path], None] | None = None,
) -> list[str]:
    """A data folder holding the example program, changed by ``mutate``, replaced by ``text``, or made
    by ``special(path)``; the arguments list its programs."""
    (folder / "programs").mkdir()
    (folder / "sources").mkdir()
    shutil.copy(EXAMPLE / "example-notice.txt", folder / "sources")
    path = folder / "programs" / "example-2023.yaml"
    if special is not None:
        special(path)
    elif text is not None:
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    else:
        data = yaml.safe_load((EXAMPLE / "sixth-program.yaml").read_text(encoding="utf-8"))
        if mutate is not None:
            mutate(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return ["--data", str(folder), "programs"]


def _example_text() -> str:
    return (EXAMPLE / "sixth-program.yaml").read_text(encoding="utf-8")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _huge(path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(_example_text())
        for _ in range(50_000):
            f.write("# " + "padding " * 125 + "\n")


def _scenario_file(
    name: str, doc: Any = None, text: str | bytes | None = None, special: Callable[[Path], None] | None = None
) -> Build:
    def build(folder: Path) -> list[str]:
        path = folder / name
        if special is not None:
            special(path)
        elif text is not None:
            path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        else:
            path.write_text(json.dumps(doc) if name.endswith(".json") else yaml.safe_dump(doc), encoding="utf-8")
        return ["scenarios", "--store", f"sqlite:///{folder / 'store.sqlite'}", "import", str(path)]

    return build


def _one(program: str = "henan-2021", **kw: Any) -> dict[str, Any]:
    return {"format": "tt-scenarios/1", "scenarios": [{"program": program, "name": "方案", "overrides": {}, **kw}]}


def _run(*args: str) -> Build:
    return lambda folder: ["run", "henan-2021", *args]


def _save(*args: str) -> Build:
    return lambda folder: ["scenarios", "--store", f"sqlite:///{folder / 'store.sqlite'}", "save", "henan-2021", *args]


def _store(url: str) -> Build:
    return lambda folder: ["scenarios", "--store", url.format(folder=folder), "list"]


def _set(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(d: dict[str, Any]) -> None:
        target = d
        *path, last = key.split("/")
        for part in path:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value

    return mutate


# (id, build, what the one line must mention)
CASES: list[tuple[str, Build, str]] = [
    # -- program files --------------------------------------------------------------------------
    ("program-flow-nested-500", lambda f: _data(f, text="id: x\nnames: " + "[" * 500 + "]" * 500 + "\n"), "nesting"),
    ("program-block-nested-500", lambda f: _data(f, text="".join(" " * i + f"k{i}:\n" for i in range(500))), "nesting"),
    (
        "program-nul-byte",
        lambda f: _data(f, text=_example_text().replace("names:", "na\x00mes:", 1)),
        "control characters",
    ),
    (
        "program-ansi-escape",
        lambda f: _data(f, text=_example_text().replace("names:", "names: \x1b[31m", 1)),
        "control characters",
    ),
    ("program-fifo", lambda f: _data(f, special=_fifo), "regular file"),
    ("program-50-mb", lambda f: _data(f, special=_huge), "bytes"),
    ("program-not-utf8", lambda f: _data(f, text=_example_text().encode("gbk")), "UTF-8"),
    ("program-folder-named-yaml", lambda f: _data(f, special=lambda p: p.mkdir()), "regular file"),
    ("program-device-link", lambda f: _data(f, special=lambda p: p.symlink_to("/dev/zero")), "regular file"),
    ("program-empty", lambda f: _data(f, text=""), "expected a mapping"),
    ("program-top-level-list", lambda f: _data(f, text="- 1\n- 2\n"), "expected a mapping"),
    ("program-duplicate-key", lambda f: _data(f, text=_example_text() + "\nid: again\n"), "duplicate"),
    ("program-bad-syntax", lambda f: _data(f, text="id: [unclosed\n"), "not valid YAML"),
    (
        "program-impossible-date",
        lambda f: _data(f, text=_example_text().replace("2023-", "2023-02-30 #", 1)),
        "example-2023.yaml",
    ),
    ("program-year-0", lambda f: _data(f, text="id: x\nwhen: 0000-01-01\n"), "not valid YAML"),
    ("program-delivery-9999", lambda f: _data(f, mutate=_set("milestones/-1/end", "9999-12-31")), "2100-12-31"),
    ("program-delivery-0001", lambda f: _data(f, mutate=_set("milestones/0/start", "0001-01-01")), "2000-01-01"),
    ("program-unknown-key", lambda f: _data(f, mutate=_set("colour", "blue")), "colour"),
    ("program-rate-above-one", lambda f: _data(f, mutate=_set("parameters/completion_rate/value", 1.5)), "[0, 1]"),
    (
        "program-infinite-number",
        lambda f: _data(f, mutate=_set("parameters/fee_face/value", float("inf"))),
        "finite",
    ),
    ("program-no-folder", lambda f: ["--data", str(f / "missing"), "programs"], "expected a folder"),
    # -- run and its --set values ---------------------------------------------------------------
    ("set-date-9999", _run("--set", "delivery.end=9999-12-31"), "delivery.end"),
    ("set-date-0001", _run("--set", "delivery.start=0001-01-01"), "delivery.start"),
    ("set-date-month-13", _run("--set", "delivery.end=2021-13-01"), "delivery.end"),
    ("set-date-order", _run("--set", "delivery.end=2020-01-01"), "before start"),
    ("set-not-a-number", _run("--set", "quota_scale=abc"), "quota_scale"),
    ("set-nan", _run("--set", "quota_scale=nan"), "quota_scale"),
    ("set-infinity", _run("--set", "fee_face=inf"), "fee_face"),
    ("set-negative", _run("--set", "quota_scale=-1"), "quota_scale"),
    ("set-huge", _run("--set", "quota_scale=1e308"), "quota_scale"),
    ("set-rate-above-one", _run("--set", "participation_rate=1.5"), "participation_rate"),
    ("set-unknown-key", _run("--set", "colour=blue"), "unknown key"),
    ("set-empty-key", _run("--set", "=1"), "KEY=VALUE"),
    ("set-no-equals", _run("--set", "quota_scale"), "KEY=VALUE"),
    ("set-ansi-key", _run("--set", "\x1b[31mred=1"), "unknown key"),
    ("set-10kb-value", _run("--set", "quota_scale=" + "9" * 10_000), "quota_scale"),
    ("set-documented-fact", _run("--set", "trainer_max_age=50"), "documented fact"),
    ("run-negative-seed", _run("--seed", "-1"), "seed"),
    ("run-seed-too-large", _run("--seed", str(10**30)), "seed"),
    ("run-zero-replications", _run("-n", "0"), "replications"),
    ("run-too-many-replications", _run("-n", str(10**9)), "replications"),
    ("run-dask-not-an-address", _run("-n", "2", "--dask", "not-an-address"), "not-an-address"),
    ("run-unknown-program", lambda f: ["run", "no-such-program"], "unknown program"),
    # -- scenario files -------------------------------------------------------------------------
    ("file-json-nested-100000", _scenario_file("deep.json", text="[" * 100_000 + "]" * 100_000), "nesting"),
    ("file-yaml-nested", _scenario_file("deep.yaml", text="a: " + "[" * 1000 + "]" * 1000), "nesting"),
    ("file-seed-too-large", _scenario_file("s.json", _one(seed=10**30)), "seed"),
    ("file-negative-replications", _scenario_file("s.json", _one(replications=-3)), "replications"),
    (
        "file-nul",
        _scenario_file("s.json", text='{"format": "tt-scenarios/1",\x00 "scenarios": []}'),
        "control characters",
    ),
    ("file-wrong-format", _scenario_file("s.json", {"format": "other", "scenarios": []}), "format"),
    ("file-unknown-key", _scenario_file("s.json", _one(colour="blue")), "colour"),
    ("file-fifo", _scenario_file("s.yaml", special=_fifo), "regular file"),
    (
        "file-too-large",
        _scenario_file("s.json", text='{"format": "tt-scenarios/1", "scenarios": []}' + " " * 6_000_000),
        "bytes",
    ),
    ("file-bad-suffix", _scenario_file("s.txt", text="{}"), ".json"),
    ("file-not-json", _scenario_file("s.json", text="{not json"), "not valid JSON"),
    ("file-unknown-program", _scenario_file("s.json", _one(program="nope")), "program"),
    ("file-date-9999", _scenario_file("s.json", _one(overrides={"delivery.end": "9999-12-31"})), "2100-12-31"),
    ("file-name-control", _scenario_file("s.json", _one(name="a\x1b[2Jb")), "control characters"),
    (
        "file-too-many-scenarios",
        _scenario_file(
            "s.json",
            {
                "format": "tt-scenarios/1",
                "scenarios": [{"program": "henan-2021", "name": f"s{i}"} for i in range(2001)],
            },
        ),
        "at most 2,000 scenarios",
    ),
    ("file-top-level-list", _scenario_file("s.yaml", text="- 1\n"), "expected a mapping"),
    # -- saving scenarios -----------------------------------------------------------------------
    ("save-seed-too-large", _save("大种子", "--seed", str(10**30)), "seed"),
    ("save-ansi-name", _save("a\x1b[31mb"), "control characters"),
    ("save-long-note", _save("长备注", "--note", "备" * 5000), "note"),
    ("save-blank-name", _save("   "), "name"),
    ("save-bad-override", _save("坏值", "--set", "quota_scale=11"), "quota_scale"),
    # -- reports ----------------------------------------------------------------------------------
    (
        "report-title-too-long",
        lambda f: ["report", "henan-2021", "--out", str(f / "r.docx"), "--title", "题" * 300],
        "--title",
    ),
    (
        "report-title-control",
        lambda f: ["report", "henan-2021", "--out", str(f / "r.docx"), "--title", "a\x0bb"],
        "--title",
    ),
    ("report-bad-suffix", lambda f: ["report", "henan-2021", "--out", str(f / "r.txt")], "r.txt"),
    ("report-missing-folder", lambda f: ["report", "henan-2021", "--out", str(f / "no" / "r.pdf")], "r.pdf"),
    # -- store URLs -----------------------------------------------------------------------------
    ("store-unknown-kind", _store("nosuch://x/y"), "unknown database kind"),
    ("store-missing-driver", _store("mysql+pymysql://u@127.0.0.1/db"), "not installed"),
    ("store-not-a-url", _store("::::"), "not a database URL"),
    ("store-folder", _store("sqlite:///{folder}"), "cannot open the database file"),
    ("store-unmakeable-folder", _store("sqlite:////proc/tt-store/s.sqlite"), "cannot create its folder"),
    ("store-refused-port", _store("postgresql+psycopg://u@127.0.0.1:9/db"), "cannot reach the database server"),
]
