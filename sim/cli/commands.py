"""Command line: ``python -m sim programs|audit|run|report|sweep|scenarios``.

Bad data or bad overrides exit with code 2 and one located line on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from sim.base import DataError, ScenarioError, StoreError
from sim.catalog import Catalog, load_catalog, program_dict, run_audit
from sim.results import DateFigure, Figure, result_dict
from sim.run import DEFAULT_BUDGET, ENV_BUDGET, run
from sim.scenario import make_scenario
from sim.text import deadline_what, finding_text, text

from .plugins import add_plugin_commands
from .terminal import safe_output
from .whatif import add_commands, check_runs, open_store, parse_sets

STORE_HELP = (
    "scenario store as an SQLAlchemy URL (default: $TT_STORE_URL, else scenarios.sqlite in the user data folder)"
)


def _json_default(obj):
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")


def _cmd_programs(catalog: Catalog, args) -> int:
    programs = [program_dict(p) for p in catalog.programs.values()]
    if args.json:
        _print_json(programs)
        return 0
    for p in programs:
        doc = p["document"]
        print(f"{p['id']}  {p['names']['zh']} / {p['names']['en']}")
        print(f"  {doc['number'] or text('no_number', 'zh')}  {doc['issuer']}  {doc['issued'] or ''}")
        print(f"  sub-programs: {len(p['subprograms'])}  milestones: {len(p['milestones'])}  rules: {len(p['rules'])}")
        for row in p["parameters"]:
            prov = row["provenance"]
            tag = f"[{prov['clause']}]" if prov["kind"] == "source" else "[assumed]"
            print(f"    {row['id']:<44} {row['value']!s:>14} {row['unit']:<16} {tag}")
        print()
    return 0


def _cmd_audit(catalog: Catalog, args) -> int:
    findings = run_audit(catalog.programs.values(), include_ok=args.all)
    if args.json:
        _print_json([f.as_dict() for f in findings])
        return 0
    if not findings:
        print("no mismatches: every stated total equals the sum of its parts")
    for f in findings:
        mark = "ok " if f.ok else "!! "
        print(f"{mark}{f.program}  {f.table}  {finding_text(f, 'en')}")
    return 0


def _fmt(v: Figure | DateFigure | float | dt.date | None) -> str:
    """A figure as its mean with the range when the runs differ; numbers large or small readably."""
    if isinstance(v, (Figure, DateFigure)):
        return _fmt(v.mean) if v.low == v.high else f"{_fmt(v.mean)} [{_fmt(v.low)}, {_fmt(v.high)}]"
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3f}"
    return str(v)


def _cmd_run(catalog: Catalog, args) -> int:
    program = catalog.program(args.program)
    overrides, seed, replications = {}, 0, 1
    if args.scenario:  # a saved scenario's knobs, seed and replications; --set and -n/--seed change them
        saved = open_store(catalog, args.store).load(program.id, args.scenario)
        overrides, seed, replications = dict(saved.overrides), saved.seed, saved.replications
    seed = seed if args.seed is None else args.seed
    replications = replications if args.replications is None else args.replications
    check_runs(replications, seed)
    scenario = make_scenario(program, {**overrides, **parse_sets(args.set)})
    result = run(
        program,
        scenario,
        replications=replications,
        seed=seed,
        deterministic=args.deterministic,
        workers=args.workers,
        dask_address=args.dask,
        budget=args.budget,
    )
    if args.json:
        _print_json(result_dict(result))
        return 0
    summary = result.summary
    mode = "deterministic" if args.deterministic else f"{result.replications} replication(s), seed {seed}"
    print(f"{program.id}  {program.names.zh}  ({mode})")
    if scenario.overrides:
        print("  overrides: " + ", ".join(f"{k}={v}" for k, v in scenario.overrides.items()))
    fields = ("quota", "enrolled", "attended", "completed", "fill_rate", "cost_yuan")
    print("  " + " | ".join(f"{f}: {_fmt(summary.totals.figure(f))}" for f in fields))
    for t in summary.subprograms:
        print(f"    {t.id:<28} " + " | ".join(f"{f}: {_fmt(t.totals.figure(f))}" for f in fields))
    for d in summary.deadlines:
        if d.at_risk:
            what = deadline_what(d.code, "en")
            print(f"  ! deadline at risk: {d.key} ({d.deadline}): {what}, simulated {_fmt(d.simulated)}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sim", description="Teacher-training policy simulation")
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="data directory with programs/ and sources/ (default: the bundled data/)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("programs", help="list programs, milestones and every parameter with provenance")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_cmd_programs)

    a = sub.add_parser("audit", help="recompute stated totals and report mismatches")
    a.add_argument("--json", action="store_true")
    a.add_argument("--all", action="store_true", help="also list the checks that agree")
    a.set_defaults(func=_cmd_audit)

    r = sub.add_parser("run", help="simulate a program's declaration-to-settlement timeline")
    r.add_argument("program", help="program id (see `programs`)")
    r.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a knob: quota_scale, participation_rate, attendance_rate, completion_rate, "
        "any parameter id, TRACK.FIELD or MILESTONE.start/end",
    )
    r.add_argument("--replications", "-n", type=int, default=None, help="default 1 (or the saved scenario's)")
    r.add_argument("--seed", type=int, default=None, help="default 0 (or the saved scenario's)")
    r.add_argument("--scenario", metavar="NAME", default=None, help="start from this saved scenario (see `scenarios`)")
    r.add_argument("--store", metavar="URL", default=None, help=STORE_HELP)
    r.add_argument("--deterministic", action="store_true", help="replace every random draw by its expected value")
    r.add_argument("--workers", type=int, default=None, help="processes for replications (default: all cores)")
    r.add_argument(
        "--budget",
        type=int,
        default=None,
        metavar="N",
        help=f"largest run in classes x replications (default {DEFAULT_BUDGET:,}, or {ENV_BUDGET})",
    )
    r.add_argument(
        "--dask",
        metavar="ADDRESS",
        default=None,
        help="run replications on the Dask cluster at ADDRESS (e.g. tcp://host:8786)",
    )
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=_cmd_run)

    add_commands(sub, STORE_HELP)
    add_plugin_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with safe_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        catalog = load_catalog(args.data)
        return args.func(catalog, args)
    except (DataError, ScenarioError, StoreError, OSError) as e:  # OSError: e.g. an unreachable Dask scheduler
        print(f"error: {e}", file=sys.stderr)
        return 2
    except ValidationError as e:  # a saved-scenario field given on the command line (e.g. a blank name)
        first = e.errors(include_url=False)[0]
        print(f"error: {'.'.join(map(str, first['loc']))}: {first['msg']}", file=sys.stderr)
        return 2
