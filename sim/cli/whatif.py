"""Command-line what-if tools: ``sweep``, ``goal-seek`` and ``scenarios list|show|save|export|import|delete``.

``sim.cli`` registers them; the work is done by ``sim.whatif`` and ``sim.store``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sim.base import N_, ScenarioError, checked_output, shown
from sim.catalog import Catalog
from sim.run import MAX_REPLICATIONS, SEED_MAX
from sim.text import FIGURE_LABEL, knob_label, number, pct, text

from .progress import StderrProgress
from .words import help_text

if TYPE_CHECKING:
    from sim.store import SavedScenario
    from sim.store.files import OverrideValue


def parse_sets(pairs: list[str]) -> dict[str, str]:
    """``--set KEY=VALUE`` pairs as a dict (values stay text; make_scenario parses them)."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ScenarioError(f"--set expects KEY=VALUE, got {shown(pair)}", N_("error_set_syntax"), got=shown(pair))
        out[key.strip()] = value.strip()
    return out


def open_store(catalog: Catalog, url: str | None):
    from sim.store import ScenarioStore  # SQLAlchemy is only imported by the commands that use the store

    return ScenarioStore(catalog, url=url)


def check_runs(replications: int, seed: int) -> None:
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise ScenarioError(
            f"--replications must be in [1, {MAX_REPLICATIONS}], got {replications}",
            N_("error_replications"),
            top=MAX_REPLICATIONS,
            got=replications,
        )
    if not 0 <= seed <= SEED_MAX:
        raise ScenarioError(
            f"--seed must be a whole number from 0 to 2**63-1, got {shown(seed)}", N_("error_seed"), got=shown(seed)
        )


def _cmd_sweep(catalog: Catalog, args) -> int:
    from sim.whatif import OUTPUT_SUFFIXES, parse_grid, sweep, write_table  # pandas: only sweeps need it

    program = catalog.program(args.program)
    check_runs(args.replications, args.seed)
    out = checked_output(args.out, OUTPUT_SUFFIXES)  # a bad path fails before the runs, not after
    progress = None if args.quiet else StderrProgress(text("cli_sweep_progress", args.lang, program=program.id))
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
    rows, combinations = number(len(table), args.lang), number(table["combination"].nunique(), args.lang)
    print(text("cli_sweep_written", args.lang, rows=rows, combinations=combinations, file=out))
    return 0


GOAL_METRICS = {"completed": "count", "enrolled": "count", "attended": "count", "fill_rate": "ratio"}


def _goal_value(v: float, kind: str, lang: str) -> str:
    return pct(v, lang) if kind == "ratio" else number(v, lang, None)


def _cmd_goal(catalog: Catalog, args) -> int:
    from sim.scenario import knobs, make_scenario
    from sim.whatif import goal_seek  # pandas: only what-if commands need it
    from sim.whatif.goalseek import DEFAULT_WORLDS

    lang, program = args.lang, catalog.program(args.program)
    check_runs(args.replications, args.seed)
    scenario = make_scenario(program, parse_sets(args.set))
    g = goal_seek(
        program,
        scenario,
        args.target,
        metric=args.metric,
        knob=args.knob,
        budget_cap=args.budget_cap,
        replications=args.replications,
        seed=args.seed,
        deterministic=args.deterministic,
        probability=args.probability,
        workers=args.workers,
        on_progress=None if args.json else StderrProgress(text("cli_goal_progress", lang)),
        confidence=args.confidence,
        worlds=args.worlds or DEFAULT_WORLDS,
    )
    if args.json:
        fields = ("status", "value_at_probability", "share_reached", "share_feasible", "low", "high", "replications")
        out = {"program": g.program, "knob": g.knob, "metric": g.metric, "target": g.target, "budget_cap": g.budget_cap}
        out |= {k: getattr(g, k) for k in fields}
        out |= {"confidence": g.confidence, "current": g.current, "direction": g.direction}
        out |= {"share_at_answer": g.share_at_answer, "share_at_current": g.share_at_current}
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    kind = GOAL_METRICS[g.metric]
    words = {
        "knob": knob_label(knobs(program)[g.knob], lang),
        "metric": text(FIGURE_LABEL[g.metric], lang),
        "target": _goal_value(g.target, kind, lang),
        "p": pct(g.probability, lang, 0),
    }
    if g.status == "reached" and g.confidence is not None:
        words |= {"value": number(g.value_at_probability or 0, lang, None)}
        words |= {"reached": pct(g.share_at_answer or 0, lang, 0)}
        most = g.direction == "falls"
        print(text("goal_confidence_most", lang, **words) if most else text("goal_confidence_least", lang, **words))
        if g.share_at_current is not None:
            at = {"current": number(g.current or 0, lang, None), "share": pct(g.share_at_current, lang, 0)}
            print("  " + text("goal_confidence_current", lang, **at))
        print("  " + text("goal_confidence_worlds", lang, n=number(g.replications, lang)))
    elif g.status == "reached":
        print(text("goal_reached", lang, **words, value=number(g.value_at_probability or 0, lang, None)))
    elif g.status == "over_budget":
        print(text("goal_over_budget", lang, **words, cap=number(g.budget_cap or 0, lang)))
    else:
        ends = {"low": number(g.low, lang, None), "high": number(g.high, lang, None)}
        print(text("goal_unreachable", lang, **words, **ends))
    return 0


def _line(s: SavedScenario, lang: str) -> str:
    overrides = ", ".join(f"{k}={v}" for k, v in s.overrides.items()) or text("cli_documented_values", lang)
    runs = text("cli_saved_runs", lang, version=s.version, seed=s.seed, n=s.replications)
    return f"{s.program}  {s.name}  {runs}  {overrides}"


def _cmd_scenarios(catalog: Catalog, args) -> int:
    from sim.store import ScenarioSpec

    store = open_store(catalog, args.store)
    action, lang = args.action, args.lang
    if action == "list":
        saved = store.list(args.program)
        if args.json:
            json.dump([s.model_dump(mode="json") for s in saved], sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        for s in [] if args.json else saved:
            print(_line(s, lang))
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
        print(_line(store.save(spec, version), lang))
    elif action == "export":
        path = store.export(args.file, args.program, args.name or None)
        print(text("cli_exported", lang, file=path))
    elif action == "import":
        for s in store.import_file(args.file, replace=args.replace):
            print(_line(s, lang))
    elif action == "delete":
        store.delete(args.program, args.name)
        print(text("cli_deleted", lang, program=args.program, name=args.name))
    return 0


def add_commands(sub, store_help: str, lang: str) -> None:
    """Register ``sweep`` and ``scenarios`` on the main parser's subparsers, their help in ``lang``."""

    def t(key: str) -> str:  # named t so that `make messages` finds the keys
        return help_text(key, lang)

    w = sub.add_parser("sweep", help=t("cli_help_sweep"), description=t("cli_help_sweep"))
    w.add_argument("program", help=t("cli_help_program"))
    w.add_argument("--grid", action="append", required=True, metavar="KEY=V1,V2,...", help=t("cli_help_grid"))
    w.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=t("cli_help_sweep_set"))
    w.add_argument("--replications", "-n", type=int, default=1, help=t("cli_help_replications"))
    w.add_argument("--seed", type=int, default=0, help=t("cli_help_seed"))
    w.add_argument("--deterministic", action="store_true", help=t("cli_help_sweep_deterministic"))
    w.add_argument("--workers", type=int, default=None, help=t("cli_help_workers"))
    w.add_argument("--scheduler", metavar="ADDRESS", default=None, help=t("cli_help_scheduler"))
    w.add_argument("--out", type=Path, required=True, help=t("cli_help_sweep_out"))
    w.add_argument("--quiet", action="store_true", help=t("cli_help_quiet"))
    w.set_defaults(func=_cmd_sweep)

    g = sub.add_parser("goal-seek", help=t("cli_help_goal"), description=t("cli_help_goal"))
    g.add_argument("program", help=t("cli_help_program"))
    g.add_argument("--target", type=float, required=True, help=t("cli_help_goal_target"))
    g.add_argument("--metric", choices=list(GOAL_METRICS), default="completed", help=t("cli_help_goal_metric"))
    g.add_argument("--knob", default="quota_scale", metavar="KEY", help=t("cli_help_goal_knob"))
    g.add_argument("--budget-cap", type=float, default=None, metavar="YUAN", help=t("cli_help_goal_cap"))
    g.add_argument("--confidence", type=float, default=None, metavar="P", help=t("cli_help_goal_confidence"))
    g.add_argument("--worlds", type=int, default=None, metavar="N", help=t("cli_help_goal_worlds"))
    g.add_argument("--probability", type=float, default=0.95, metavar="P", help=t("cli_help_goal_probability"))
    g.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=t("cli_help_set"))
    g.add_argument("--replications", "-n", type=int, default=20, help=t("cli_help_replications"))
    g.add_argument("--seed", type=int, default=0, help=t("cli_help_seed"))
    g.add_argument("--deterministic", action="store_true", help=t("cli_help_deterministic"))
    g.add_argument("--workers", type=int, default=None, help=t("cli_help_workers"))
    g.add_argument("--json", action="store_true", help=t("cli_help_json"))
    g.set_defaults(func=_cmd_goal)

    s = sub.add_parser("scenarios", help=t("cli_help_scenarios"), description=t("cli_help_scenarios"))
    s.add_argument("--store", metavar="URL", default=None, help=store_help)
    acts = s.add_subparsers(dest="action", required=True)
    a = acts.add_parser("list", help=t("cli_help_list"))
    a.add_argument("program", nargs="?", default=None, help=t("cli_help_program"))
    a.add_argument("--json", action="store_true", help=t("cli_help_json"))
    for name in ("show", "delete"):
        a = acts.add_parser(name, help=t("cli_help_show" if name == "show" else "cli_help_delete"))
        a.add_argument("program", help=t("cli_help_program"))
        a.add_argument("name", help=t("cli_help_name"))
    a = acts.add_parser("save", help=t("cli_help_save"))
    a.add_argument("program", help=t("cli_help_program"))
    a.add_argument("name", help=t("cli_help_name"))
    a.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=t("cli_help_set"))
    a.add_argument("--seed", type=int, default=0, help=t("cli_help_seed"))
    a.add_argument("--replications", "-n", type=int, default=20, help=t("cli_help_replications"))
    a.add_argument("--note", default="", help=t("cli_help_note"))
    a.add_argument("--replace", action="store_true", help=t("cli_help_replace"))
    a = acts.add_parser("export", help=t("cli_help_export"))
    a.add_argument("file", type=Path, help=t("cli_help_file"))
    a.add_argument("--program", default=None, help=t("cli_help_program"))
    a.add_argument("--name", action="append", default=[], help=t("cli_help_only_name"))
    a = acts.add_parser("import", help=t("cli_help_import"))
    a.add_argument("file", type=Path, help=t("cli_help_file"))
    a.add_argument("--replace", action="store_true", help=t("cli_help_import_replace"))
    s.set_defaults(func=_cmd_scenarios)
