"""``python -m sim uncertainty PROGRAM``: which assumption a figure's uncertainty comes from."""

from __future__ import annotations

import json

from sim.catalog import Catalog
from sim.results import KEY_FIGURES
from sim.scenario import knobs, make_scenario
from sim.text import FIGURE_LABEL, knob_label, number, pct, text

from .progress import StderrProgress
from .whatif import parse_sets
from .words import help_text


def _cmd_uncertainty(catalog: Catalog, args) -> int:
    from sim.whatif.attribution import base_sample, uncertainty_shares  # SALib: only for this command

    lang, program = args.lang, catalog.program(args.program)
    scenario = make_scenario(program, parse_sets(args.set))
    n = base_sample(program, scenario) if args.n is None else args.n
    shares = uncertainty_shares(
        program,
        scenario,
        args.figure,
        n,
        args.seed,
        args.workers,
        on_progress=StderrProgress(text("cli_progress_uncertainty", lang)),
    )
    if args.json:
        rows = [{"key": s.key, "first": s.first, "total": s.total, "first_conf": s.first_conf} for s in shares]
        print(json.dumps({"program": program.id, "figure": args.figure, "shares": rows}, ensure_ascii=False, indent=2))
        return 0
    valid, figure = knobs(program), text(FIGURE_LABEL[args.figure], lang)
    print(text("cli_uncertainty_heading", lang, program=program.id, figure=figure, n=number(n, lang)))
    if shares and shares[0].total > 0:
        top = shares[0]
        print(
            "  "
            + text(
                "cli_uncertainty_top",
                lang,
                figure=figure,
                share=pct(top.total, lang, 0),
                name=knob_label(valid[top.key], lang),
            )
        )
    for s in shares:
        words = {
            "name": knob_label(valid[s.key], lang),
            "first": pct(max(s.first, 0.0), lang, 0),
            "total": pct(max(s.total, 0.0), lang, 0),
        }
        print("    " + text("cli_uncertainty_line", lang, **words))
    return 0


def add_uncertainty_command(sub, lang: str) -> None:
    """Register ``uncertainty`` on the main parser's subparsers, its help in ``lang``."""

    def t(key: str) -> str:  # named t so that `make messages` finds the keys
        return help_text(key, lang)

    u = sub.add_parser("uncertainty", help=t("cli_help_uncertainty"), description=t("cli_help_uncertainty"))
    u.add_argument("program", help=t("cli_help_program"))
    u.add_argument("--figure", choices=KEY_FIGURES, default="cost_yuan", help=t("cli_help_uncertainty_figure"))
    u.add_argument("-n", type=int, default=None, help=t("cli_help_uncertainty_n"))
    u.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=t("cli_help_set"))
    u.add_argument("--seed", type=int, default=0, help=t("cli_help_run_seed"))
    u.add_argument("--workers", type=int, default=None, help=t("cli_help_workers"))
    u.add_argument("--json", action="store_true", help=t("cli_help_json"))
    u.set_defaults(func=_cmd_uncertainty)
