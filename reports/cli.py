"""``python -m sim report``: registered through ``sim.cli.plugins`` (the library does not import reports).

python -m sim report henan-2021 --scenario 方案B-扩招20% --scenario 方案C --out brief.pdf
python -m sim report henan-2021 jiangxi-2022 --set attendance_rate=0.8 --out brief.xlsx
python -m sim report jiangxi-2022 --chance-only --out brief.pdf   # intervals of chance alone, for comparison
"""

from __future__ import annotations

import argparse
from typing import Any

from sim.base import N_, ScenarioError
from sim.catalog import Catalog
from sim.cli.words import help_text
from sim.text import LANGS, text

FORMATS = ("xlsx", "docx", "pdf")
DEFAULT_REPLICATIONS = 20


def _words(lang: str):
    """Help words in ``lang``; called as ``t(key)`` so that ``make messages`` finds the keys."""
    return lambda key: help_text(key, lang)


def add_report_arguments(p: argparse.ArgumentParser, lang: str) -> None:
    t = _words(lang)
    p.add_argument("programs", nargs="+", metavar="PROGRAM_ID", help=t("cli_help_report_programs"))
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=t("cli_help_report_set"))
    p.add_argument("--scenario", action="append", default=[], metavar="NAME", help=t("cli_help_report_scenario"))
    p.add_argument("--store", metavar="URL", default=None, help=t("cli_help_store"))
    # Unset, saved scenarios run with the first one's seed and replications (all share them, and the baseline).
    p.add_argument("--replications", "-n", type=int, default=None, help=t("cli_help_replications"))
    p.add_argument("--seed", type=int, default=None, help=t("cli_help_seed"))
    p.add_argument("--deterministic", action="store_true", help=t("cli_help_report_deterministic"))
    p.add_argument("--chance-only", action="store_true", help=t("cli_help_report_chance_only"))
    p.add_argument("--format", choices=FORMATS, default=None, help=t("cli_help_report_format"))
    p.add_argument("--out", required=True, metavar="FILE", help=t("cli_help_report_out"))
    # The report's language is the command line's (``python -m sim --lang``); given here it sets both.
    p.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help=t("cli_help_report_lang"))
    p.add_argument("--title", default=None, help=t("cli_help_report_title"))


def register(sub: argparse._SubParsersAction, lang: str) -> None:
    t = _words(lang)
    b = sub.add_parser("report", help=t("cli_help_report"), description=t("cli_help_report"))
    add_report_arguments(b, lang)
    b.set_defaults(func=report_command)


def report_command(catalog: Catalog, args: argparse.Namespace) -> int:
    from sim.cli.whatif import open_store, parse_sets
    from sim.store import store_exists

    from .api import saved_scenarios, stored_actuals, write_report  # the builders load only here

    overrides: dict[str, Any] = parse_sets(args.set)
    replications, seed = args.replications, args.seed
    named = None
    if args.scenario:
        if len(args.programs) != 1:
            raise ScenarioError(
                f"--scenario: name one program, got {len(args.programs)}", N_("error_report_scenario_program")
            )
        store = open_store(catalog, args.store)
        named = saved_scenarios(store, args.programs[0], args.scenario)
        first = store.load(args.programs[0], args.scenario[0])
        replications = first.replications if replications is None else replications
        seed = first.seed if seed is None else seed
    # What actually happened, where the store holds it: a plan-against-actual section per such program.
    # No store yet (the default SQLite file is made on first use) is no actuals, and makes none.
    actuals = stored_actuals(open_store(catalog, args.store), args.programs) if store_exists(args.store) else None
    path = write_report(
        catalog,
        args.programs,
        args.out,
        overrides,
        replications=DEFAULT_REPLICATIONS if replications is None else replications,
        seed=0 if seed is None else seed,
        named=named,
        fmt=args.format,
        lang=args.lang,
        title=args.title,
        deterministic=args.deterministic,
        actuals=actuals,
        unknowns=not args.chance_only,
    )
    print(text("cli_report_written", args.lang, file=path))
    return 0
