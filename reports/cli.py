"""``python -m sim report``: registered through ``sim.cli.plugins`` (the library does not import reports)."""

from __future__ import annotations

import argparse
from typing import Any

from sim.catalog import Catalog
from sim.cli.words import help_text
from sim.text import LANGS, text

FORMATS = ("xlsx", "docx", "pdf")


def _words(lang: str):
    """Help words in ``lang``; called as ``t(key)`` so that ``make messages`` finds the keys."""
    return lambda key: help_text(key, lang)


def add_report_arguments(p: argparse.ArgumentParser, lang: str) -> None:
    t = _words(lang)
    p.add_argument("programs", nargs="+", metavar="PROGRAM_ID", help=t("cli_help_report_programs"))
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=t("cli_help_report_set"))
    p.add_argument("--replications", "-n", type=int, default=20, help=t("cli_help_replications"))
    p.add_argument("--seed", type=int, default=0, help=t("cli_help_seed"))
    p.add_argument("--deterministic", action="store_true", help=t("cli_help_report_deterministic"))
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
    from sim.cli.whatif import parse_sets

    from .api import write_report  # the builders (Altair, fpdf2, python-docx) load only for this command

    overrides: dict[str, Any] = parse_sets(args.set)
    path = write_report(
        catalog,
        args.programs,
        args.out,
        overrides,
        replications=args.replications,
        seed=args.seed,
        fmt=args.format,
        lang=args.lang,
        title=args.title,
        deterministic=args.deterministic,
    )
    print(text("cli_report_written", args.lang, file=path))
    return 0
