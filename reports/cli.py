"""``python -m sim report``: registered through ``sim.cli.plugins`` (the library does not import reports)."""

from __future__ import annotations

import argparse
from typing import Any

from sim.catalog import Catalog
from sim.text import LANGS

FORMATS = ("xlsx", "docx", "pdf")


def add_report_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("programs", nargs="+", metavar="PROGRAM_ID", help="one or more program ids (see `programs`)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a knob in every listed program that has it; PROGRAM_ID:KEY=VALUE for one program",
    )
    p.add_argument("--replications", "-n", type=int, default=20)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--deterministic", action="store_true", help="expected values instead of random draws (one run)")
    p.add_argument("--format", choices=FORMATS, default=None, help="default: from the suffix of --out")
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the report (.xlsx, .docx or .pdf)")
    p.add_argument("--lang", choices=LANGS, default="zh")
    p.add_argument("--title", default=None, help="title on the cover (default: 教师培训政策模拟简报)")


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("report", help="briefing report (Excel workbook, Word brief or PDF) for one or more programs")
    add_report_arguments(b)
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
    print(f"wrote {path}")
    return 0
