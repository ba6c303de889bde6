"""Command line: ``python -m sim programs|audit|run|report|sweep|scenarios``.

Bad data or bad overrides exit with code 2 and one located line on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.base import DataError, ScenarioError, StoreError
from sim.catalog import Catalog, Program, load_catalog, program_dict, run_audit
from sim.results import Figure, Precision, Result, RuleCheck, result_dict, rule_checks
from sim.run import DEFAULT_BUDGET, DEFAULT_CAP, DEFAULT_PRECISION, ENV_BUDGET, run, run_to_precision, unknowns
from sim.scenario import Scenario, make_scenario
from sim.text import (
    CHECK_LABEL,
    FIGURE_LABEL,
    LANGS,
    clause_in,
    colon,
    date,
    deadline_name,
    deadline_what,
    error_in,
    figure,
    finding_text,
    name_in,
    number,
    pct,
    proper_in,
    text,
    unit_in,
)

from .actuals import add_actuals_command, stored_calibration
from .nowcast import add_nowcast_command
from .plugins import add_plugin_commands
from .terminal import safe_output
from .uncertainty import add_uncertainty_command
from .whatif import add_commands, check_runs, open_store, parse_sets
from .words import argparse_in, help_text

ENV_LANG = "TT_LANG"
# The figures of a run's text summary and how each is written (sim.text.figure kinds).
RUN_FIGURES = {
    "quota": "count",
    "enrolled": "count",
    "attended": "count",
    "completed": "count",
    "fill_rate": "pct",
    "cost_yuan": "wan",  # 万元, as the bureau reads money (the JSON keeps yuan)
}


def _name(f: str, lang: str) -> str:
    """A figure's name in the run's text: cost without "（元）", since it is written in 万元."""
    return text("cli_cost", lang) if f == "cost_yuan" else text(FIGURE_LABEL[f], lang)


def _json_default(obj):
    if isinstance(obj, (dt.date, dt.datetime)):
        return obj.isoformat()
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2, default=_json_default)
    sys.stdout.write("\n")


def _value(value, unit: str, lang: str) -> str:
    """A parameter's value as the language writes it: dates and numbers per locale, text as it is."""
    if unit == "date" and value is not None:
        return date(value, lang)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value, lang, None)
    return str(value)


def _basis(prov: dict, lang: str) -> str:
    """A value's basis in brackets: its clause, or that it is assumed."""
    return f"[{clause_in(prov['clause'], lang) if prov['kind'] == 'source' else text('cli_assumed', lang)}]"


def _cmd_programs(catalog: Catalog, args) -> int:
    programs = [program_dict(p) for p in catalog.programs.values()]
    if args.json:
        _print_json(programs)
        return 0
    lang = args.lang
    for p in programs:
        doc = p["document"]
        issuer = proper_in(doc["issuer"], p["names_en"], lang)
        print(f"{p['id']}  {name_in(p['names'], lang)}")
        print(
            f"  {doc['number'] or text('no_number', lang)}  {issuer}  {date(doc['issued'], lang) if doc['issued'] else ''}"
        )
        counts = {"subprograms": len(p["subprograms"]), "milestones": len(p["milestones"]), "rules": len(p["rules"])}
        print("  " + text("cli_program_counts", lang, **counts))
        for row in p["parameters"]:
            value = _value(row["value"], row["unit"], lang)
            print(f"    {row['id']:<44} {value:>14} {unit_in(row['unit'], lang):<16} {_basis(row['provenance'], lang)}")
        print()
    return 0


def _cmd_audit(catalog: Catalog, args) -> int:
    findings = run_audit(catalog.programs.values(), include_ok=args.all)
    if args.json:
        _print_json([f.as_dict() for f in findings])
        return 0
    if not findings:
        print(text("cli_no_mismatches", args.lang))
    for f in findings:
        mark = "ok " if f.ok else "!! "
        names_en = catalog.program(f.program).names_en
        print(f"{mark}{f.program}  {f.table}  {finding_text(f, args.lang, names_en)}")
    return 0


def _figures(totals, lang: str) -> str:
    return " | ".join(
        f"{_name(f, lang)}{colon(lang)}{figure(totals.figure(f), kind, lang)}" for f, kind in RUN_FIGURES.items()
    )


def _check_dict(c: RuleCheck) -> dict:
    """A rule check for ``run --json``: the figure against the limit, and the clause that sets it."""
    clause = c.source["clause"] if c.source["kind"] == "source" else None
    return {
        "id": c.id,
        "kind": c.kind,
        "passed": c.passed,
        "value": c.value,
        "limit": c.limit,
        "unit": c.unit,
        "clause": clause,
        "fail_share": c.fail_share,
    }


def _check_line(c: RuleCheck, lang: str, unknowns: bool = False) -> str:
    """One rule check: pass or fail, the scenario's figure, the limit and the clause that sets it; with
    the unknowns drawn, how likely it is to fail over the plausible worlds."""
    if c.unit == "yuan":
        value, limit = figure(c.value, "wan", lang), figure(c.limit, "wan", lang)
    else:
        value, limit = (f"{number(v, lang, None)} {unit_in(c.unit, lang)}" for v in (c.value, c.limit))
    words = text(CHECK_LABEL[c.kind], lang, name=name_in(c.names, lang), value=value, limit=limit)
    verdict = text("pass" if c.passed else "fail", lang)
    if unknowns:
        words += text("rule_fail_probability", lang, p=pct(c.fail_share, lang, 0))
    return f"  {'ok ' if c.passed else '!! '}{verdict}{colon(lang)}{words} {_basis(c.source, lang)}"


# The figures whose two intervals a run with the unknowns words: chance alone, and with the unknowns.
TWO_INTERVALS = ("enrolled", "completed", "fill_rate", "cost_yuan")


def _between(f: Figure, kind: str, lang: str) -> str:
    return text("cli_between", lang, low=figure(f.low, kind, lang), high=figure(f.high, kind, lang))


def _two_intervals(program: Program, scenario: Scenario, result: Result, args) -> list[str]:
    """Each figure's range from chance alone (a run of the same seed with the unknowns fixed) beside
    its range with the unknowns drawn, in words."""
    lang = args.lang
    chance = run(
        program,
        scenario,
        replications=result.replications,
        seed=result.seed,
        deterministic=args.deterministic,
        workers=args.workers,
        dask_address=args.dask,
        budget=args.budget,
    ).summary.totals
    n_open = len([u for u in unknowns(program) if u.key not in scenario.overrides])
    lines = [text("cli_two_intervals_heading", lang, n=number(n_open, lang))]
    for f in TWO_INTERVALS:
        kind = RUN_FIGURES[f]
        words = {
            "figure": _name(f, lang),
            "chance": _between(chance.figure(f), kind, lang),
            "both": _between(result.summary.totals.figure(f), kind, lang),
        }
        lines.append(text("cli_two_intervals", lang, **words))
    return lines


def _precision_lines(p: Precision, lang: str) -> list[str]:
    """How many replications were run and how well they know each key figure's mean."""
    worst = max(p.figures, key=lambda f: f.relative)
    shown_figure = next(f for f in p.figures if f.figure == "cost_yuan") if p.met else worst
    words = {
        "n": number(p.replications, lang),
        "figure": _name(shown_figure.figure, lang),
        "share": pct(shown_figure.relative, lang, 2),
        "target": pct(p.target, lang, 2),
    }
    lines = [text("cli_precision_met" if p.met else "cli_precision_short", lang, **words)]
    sep = "、" if lang == "zh" else ", "
    each = sep.join(f"{_name(f.figure, lang)} {pct(f.relative, lang, 2)}" for f in p.figures if f.figure in RUN_FIGURES)
    lines.append(text("cli_precision_figures", lang, figures=each))
    return lines


# A run draws the unknowns too unless asked for chance alone (or for the one expected-value run of
# --deterministic): the honest interval is the default, as on the dashboard and in the briefs.
HONEST_REPLICATIONS = 20  # plausible worlds a run takes unless told (-n): the dashboard's count


def _cmd_run(catalog: Catalog, args) -> int:
    program = catalog.program(args.program)
    args.unknowns = args.unknowns or not (args.chance_only or args.deterministic)
    overrides, seed, replications = {}, 0, HONEST_REPLICATIONS if args.unknowns else 1
    if args.scenario:  # a saved scenario's knobs, seed and replications; --set and -n/--seed change them
        saved = open_store(catalog, args.store).load(program.id, args.scenario)
        overrides, seed, replications = dict(saved.overrides), saved.seed, saved.replications
    seed = seed if args.seed is None else args.seed
    replications = replications if args.replications is None else args.replications
    check_runs(replications, seed)
    scenario = make_scenario(program, {**overrides, **parse_sets(args.set)})
    ranges = None
    if args.calibrated:  # the stored actuals' posteriors in place of the assumed ranges
        from sim.actuals import calibrated_unknowns

        ranges = calibrated_unknowns(stored_calibration(catalog, program, args.store))
        if not ranges:
            print(text("cli_calibrated_nothing", args.lang, program=program.id), file=sys.stderr)
    if args.precision is not None:  # as many replications as the key figures need, up to the cap
        check_runs(args.max_replications, seed)
        result = run_to_precision(
            program,
            scenario,
            args.precision,
            args.max_replications,
            seed,
            args.deterministic,
            args.unknowns,
            args.workers,
            args.dask,
            args.budget,
            ranges=ranges,
        )
    else:
        result = run(
            program,
            scenario,
            replications=replications,
            seed=seed,
            deterministic=args.deterministic,
            workers=args.workers,
            dask_address=args.dask,
            budget=args.budget,
            unknowns=args.unknowns,
            ranges=ranges,
        )
    checks = rule_checks(program, result)
    if args.json:
        _print_json({**result_dict(result), "rule_checks": [_check_dict(c) for c in checks]})
        return 0
    lang, summary = args.lang, result.summary
    if args.deterministic and not result.unknowns:
        mode = text("cli_mode_deterministic", lang)
    else:
        mode = text("cli_mode_runs", lang, n=number(result.replications, lang), seed=seed)
    if result.unknowns:  # what the intervals now hold: the open values' ranges, and chance unless deterministic
        mode += text("cli_mode_unknowns_only", lang) if args.deterministic else text("cli_mode_unknowns", lang)
    if result.calibrated:
        mode += text("cli_mode_calibrated", lang)
    print(text("cli_run_heading", lang, program=program.id, name=name_in(program.names.model_dump(), lang), mode=mode))
    if scenario.overrides:
        settings = ", ".join(f"{k}={v}" for k, v in scenario.overrides.items())
        print("  " + text("cli_overrides", lang, settings=settings))
    print("  " + _figures(summary.totals, lang))
    if result.precision is not None:
        for line in _precision_lines(result.precision, lang):
            print("  " + line)
    if result.unknowns:
        for line in _two_intervals(program, scenario, result, args):
            print("  " + line)
    for t in summary.subprograms:
        print(f"    {t.id:<28} " + _figures(t.totals, lang))
    milestones = {m.id: m for m in program.milestones}
    tracks = {t.id: t for t in program.tracks}
    for d in summary.deadlines:
        if d.at_risk:
            milestone, track = milestones.get(d.milestone or ""), tracks.get(d.track or "")
            name = deadline_name(
                milestone.names.model_dump() if milestone else None, track.names.model_dump() if track else None, lang
            )
            words = {"name": name, "deadline": date(d.deadline, lang), "what": deadline_what(d.code, lang)}
            print("  ! " + text("cli_deadline_at_risk", lang, **words, simulated=figure(d.simulated, "date", lang)))
    for t in summary.subprograms:
        if t.selection and t.selection.projects_without_leaders.mean > 0:
            n = figure(t.selection.projects_without_leaders, "count", lang)
            print("  ! " + text("cli_leader_limit", lang, track=name_in(t.names, lang), n=n))
    if summary.capacity:
        print("  " + text("capacity", lang))
    for pool in summary.capacity:
        words = {
            "pool": name_in(pool.names, lang),
            "slots": figure(pool.slots, "count", lang),
            "used": figure(pool.utilisation, "pct", lang),
            "waited": figure(pool.classes_waited, "count", lang),
            "wait": figure(pool.mean_wait_days, "decimal", lang),
            "late": figure(pool.classes_late, "count", lang),
        }
        print("    " + text("cli_pool_line", lang, **words))
    print("  " + text("rule_checks", lang))
    if not checks:
        print("  " + text("no_rule_checks", lang))
    for c in checks:
        print(_check_line(c, lang, result.unknowns))
    return 0


def default_lang() -> str:
    """The language of the command line's words: $TT_LANG, else Chinese."""
    return os.environ.get(ENV_LANG, "zh")


def build_parser(lang: str = "zh") -> argparse.ArgumentParser:
    """The parser, its help in ``lang``."""

    def t(key: str, **kwargs: Any) -> str:  # named t so that `make messages` finds the keys
        return help_text(key, lang, **kwargs)

    parser = argparse.ArgumentParser(prog="python -m sim", description=t("cli_description"))
    parser.add_argument("--data", type=Path, default=None, help=t("cli_help_data"))
    parser.add_argument("--lang", choices=LANGS, default=lang, help=t("cli_help_lang", env=ENV_LANG))
    sub = parser.add_subparsers(dest="command", required=True)
    store_help = t("cli_help_store")

    p = sub.add_parser("programs", help=t("cli_help_programs"), description=t("cli_help_programs"))
    p.add_argument("--json", action="store_true", help=t("cli_help_json"))
    p.set_defaults(func=_cmd_programs)

    a = sub.add_parser("audit", help=t("cli_help_audit"), description=t("cli_help_audit"))
    a.add_argument("--json", action="store_true", help=t("cli_help_json"))
    a.add_argument("--all", action="store_true", help=t("cli_help_audit_all"))
    a.set_defaults(func=_cmd_audit)

    r = sub.add_parser("run", help=t("cli_help_run"), description=t("cli_help_run"))
    r.add_argument("program", help=t("cli_help_program"))
    r.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=t("cli_help_set"))
    r.add_argument("--replications", "-n", type=int, default=None, help=t("cli_help_run_replications"))
    r.add_argument("--seed", type=int, default=None, help=t("cli_help_run_seed"))
    r.add_argument("--scenario", metavar="NAME", default=None, help=t("cli_help_scenario"))
    r.add_argument("--store", metavar="URL", default=None, help=store_help)
    r.add_argument("--deterministic", action="store_true", help=t("cli_help_deterministic"))
    r.add_argument("--unknowns", action="store_true", help=t("cli_help_unknowns"))
    r.add_argument("--chance-only", action="store_true", help=t("cli_help_chance_only"))
    target = pct(DEFAULT_PRECISION, lang, 1)
    r.add_argument("--precision", type=float, default=None, metavar="P", help=t("cli_help_precision", default=target))
    cap = t("cli_help_max_replications", default=number(DEFAULT_CAP, lang))
    r.add_argument("--max-replications", type=int, default=DEFAULT_CAP, metavar="N", help=cap)
    r.add_argument("--calibrated", action="store_true", help=t("cli_help_calibrated"))
    r.add_argument("--workers", type=int, default=None, help=t("cli_help_workers"))
    budget = t("cli_help_budget", default=number(DEFAULT_BUDGET, lang), env=ENV_BUDGET)
    r.add_argument("--budget", type=int, default=None, metavar="N", help=budget)
    r.add_argument("--dask", metavar="ADDRESS", default=None, help=t("cli_help_dask"))
    r.add_argument("--json", action="store_true", help=t("cli_help_json"))
    r.set_defaults(func=_cmd_run)

    add_commands(sub, store_help, lang)
    add_actuals_command(sub, store_help, lang)
    add_nowcast_command(sub, store_help, lang)
    add_uncertainty_command(sub, lang)
    add_plugin_commands(sub, lang)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with safe_output():
        return _main(argv)


def _lang(argv: Sequence[str] | None) -> str | None:
    """The language asked for (--lang, else $TT_LANG, else Chinese) before the full parser is built,
    so that its help is in that language; None when $TT_LANG names no language."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=LANGS, default=None)
    given, _ = pre.parse_known_args(argv)
    lang = given.lang or default_lang()
    return lang if lang in LANGS else None


def _worded(e: BaseException, lang: str) -> str:
    """An error in ``lang``: in English its own words, the fullest (an unknown --set key lists the valid
    ones), in other languages its message code's."""
    return str(e) if lang == "en" else error_in(e, lang)


def _main(argv: Sequence[str] | None) -> int:
    lang = _lang(argv)
    if lang is None:
        print(
            text("cli_error", "zh", error=text("cli_bad_lang", "zh", env=ENV_LANG, langs=", ".join(LANGS))),
            file=sys.stderr,
        )
        return 2
    with argparse_in(lang):
        args = build_parser(lang).parse_args(argv)
    lang = args.lang  # a subcommand's own --lang (the report's) counts too
    try:
        catalog = load_catalog(args.data)
        return args.func(catalog, args)
    except (DataError, ScenarioError, StoreError, OSError) as e:  # OSError: e.g. an unreachable Dask scheduler
        print(text("cli_error", lang, error=_worded(e, lang)), file=sys.stderr)
        return 2
    except ValidationError as e:  # a saved-scenario field given on the command line (e.g. a blank name)
        first = e.errors(include_url=False)[0]
        problem = f"{'.'.join(map(str, first['loc']))}{colon(lang)}{first['msg']}"
        print(text("cli_error", lang, error=problem), file=sys.stderr)
        return 2
