"""Command-line what-if tools: ``sweep`` and ``scenarios list|show|save|export|import|delete``.

``sim.cli`` registers them; the work is done by ``sim.whatif`` and ``sim.store``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sim.base import ScenarioError, checked_output, shown
from sim.catalog import Catalog
from sim.run import MAX_REPLICATIONS, SEED_MAX

from .progress import StderrProgress

if TYPE_CHECKING:
    from sim.store import SavedScenario
    from sim.store.files import OverrideValue


def parse_sets(pairs: list[str]) -> dict[str, str]:
    """``--set KEY=VALUE`` pairs as a dict (values stay text; make_scenario parses them)."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ScenarioError(f"--set expects KEY=VALUE, got {shown(pair)}")
        out[key.strip()] = value.strip()
    return out


def open_store(catalog: Catalog, url: str | None):
    from sim.store import ScenarioStore  # SQLAlchemy is only imported by the commands that use the store

    return ScenarioStore(catalog, url=url)


def check_runs(replications: int, seed: int) -> None:
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise ScenarioError(f"--replications must be in [1, {MAX_REPLICATIONS}], got {replications}")
    if not 0 <= seed <= SEED_MAX:
        raise ScenarioError(f"--seed must be a whole number from 0 to 2**63-1, got {shown(seed)}")


def _cmd_sweep(catalog: Catalog, args) -> int:
    from sim.whatif import OUTPUT_SUFFIXES, parse_grid, sweep, write_table  # pandas: only sweeps need it

    program = catalog.program(args.program)
    check_runs(args.replications, args.seed)
    out = checked_output(args.out, OUTPUT_SUFFIXES)  # a bad path fails before the runs, not after
    progress = None if args.quiet else StderrProgress(f"sweep {program.id}")
    table = sweep(
        program,
        parse_grid(args.grid),
        parse_sets(args.set),
        args.replications,
        args.seed,
        args.deterministic,
        args.workers,
        args.scheduler,
        progress,
    )
    write_table(table, out)
    print(f"{len(table)} rows ({table['combination'].nunique()} combinations) -> {out}")
    return 0


def _line(s: SavedScenario) -> str:
    overrides = ", ".join(f"{k}={v}" for k, v in s.overrides.items()) or "(documented values)"
    return f"{s.program}  {s.name}  v{s.version}  seed {s.seed}  n={s.replications}  {overrides}"


def _cmd_scenarios(catalog: Catalog, args) -> int:
    from sim.store import ScenarioSpec

    store = open_store(catalog, args.store)
    action = args.action
    if action == "list":
        saved = store.list(args.program)
        if args.json:
            json.dump([s.model_dump(mode="json") for s in saved], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        for s in [] if args.json else saved:
            print(_line(s))
    elif action == "show":
        s = store.load(args.program, args.name)
        print(json.dumps(s.model_dump(mode="json"), ensure_ascii=False, indent=2))
    elif action == "save":
        overrides: dict[str, OverrideValue] = dict(parse_sets(args.set))  # text; the spec parses each value
        spec = ScenarioSpec(
            program=args.program,
            name=args.name,
            overrides=overrides,
            seed=args.seed,
            replications=args.replications,
            note=args.note,
        )
        version = store.load(args.program, args.name).version if args.replace else None
        print(_line(store.save(spec, version)))
    elif action == "export":
        path = store.export(args.file, args.program, args.name or None)
        print(f"exported to {path}")
    elif action == "import":
        for s in store.import_file(args.file, replace=args.replace):
            print(_line(s))
    elif action == "delete":
        store.delete(args.program, args.name)
        print(f"deleted {args.program}/{args.name}")
    return 0


def add_commands(sub, store_help: str) -> None:
    """Register ``sweep`` and ``scenarios`` on the main parser's subparsers."""
    w = sub.add_parser("sweep", help="run every combination of a grid of knob values; tidy Parquet or CSV")
    w.add_argument("program", help="program id (see `programs`)")
    w.add_argument(
        "--grid",
        action="append",
        required=True,
        metavar="KEY=V1,V2,...",
        help="a knob and its values; repeat for more knobs (every combination runs)",
    )
    w.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="a fixed override for every run")
    w.add_argument("--replications", "-n", type=int, default=1)
    w.add_argument("--seed", type=int, default=0)
    w.add_argument("--deterministic", action="store_true", help="one expected-value run per combination")
    w.add_argument("--workers", type=int, default=None, help="local processes (default: all cores)")
    w.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="run on the Dask cluster at ADDRESS (e.g. tcp://host:8786) instead of local processes",
    )
    w.add_argument("--out", type=Path, required=True, help="output file, .parquet or .csv (written atomically)")
    w.add_argument("--quiet", action="store_true", help="no progress bar on stderr")
    w.set_defaults(func=_cmd_sweep)

    s = sub.add_parser("scenarios", help="saved scenarios: list, show, save, export, import, delete")
    s.add_argument("--store", metavar="URL", default=None, help=store_help)
    acts = s.add_subparsers(dest="action", required=True)
    a = acts.add_parser("list")
    a.add_argument("program", nargs="?", default=None)
    a.add_argument("--json", action="store_true")
    for name in ("show", "delete"):
        a = acts.add_parser(name)
        a.add_argument("program")
        a.add_argument("name")
    a = acts.add_parser("save", help="save knob overrides under a name")
    a.add_argument("program")
    a.add_argument("name")
    a.add_argument("--set", action="append", default=[], metavar="KEY=VALUE")
    a.add_argument("--seed", type=int, default=0)
    a.add_argument("--replications", "-n", type=int, default=20)
    a.add_argument("--note", default="")
    a.add_argument("--replace", action="store_true", help="overwrite a scenario of that name")
    a = acts.add_parser("export", help="write saved scenarios to a .json or .yaml file")
    a.add_argument("file", type=Path)
    a.add_argument("--program", default=None)
    a.add_argument("--name", action="append", default=[], help="only this scenario (repeatable)")
    a = acts.add_parser("import", help="read scenarios from a .json or .yaml file (all or none)")
    a.add_argument("file", type=Path)
    a.add_argument("--replace", action="store_true", help="overwrite scenarios with the same name")
    s.set_defaults(func=_cmd_scenarios)
