"""``python -m sim nowcast PROGRAM --as-of YYYY-MM-DD``: where a running program ends up on its current
pace, from the actuals stored for it (``python -m sim actuals import``)."""

from __future__ import annotations

import dataclasses
import json

from sim.base import N_, ScenarioError
from sim.catalog import Catalog
from sim.scenario import knobs, make_scenario
from sim.text import (
    FORMATS,
    comma,
    date,
    extension_sentence,
    knob_label,
    nowcast_sentence,
    nowcast_where,
    number,
    pct,
    text,
)

from .actuals import parse_as_of, stored_records
from .whatif import check_runs, parse_sets
from .words import help_text


def _risk_words(row, lang: str) -> list[str]:
    out = []
    if row.quota_at_risk:
        out.append(text("nowcast_quota_at_risk", lang))
    if row.deadline_at_risk:
        out.append(text("nowcast_deadline_at_risk", lang, at_close=number(row.at_close_on_pace or 0, lang)))
    return out


def _cmd_nowcast(catalog: Catalog, args) -> int:
    from sim.actuals import calibrate, calibrated_unknowns
    from sim.run.nowcast import last_reported, nowcast

    lang, program = args.lang, catalog.program(args.program)
    check_runs(args.replications, args.seed)
    records = stored_records(catalog, program, args.store)  # read once: replayed and calibrated on
    rows = records.to_dict("records")
    as_of = parse_as_of(args.as_of) or last_reported(rows)
    if not rows or as_of is None:
        raise ScenarioError(
            f"{program.id}: no registrations stored; import them first with `python -m sim actuals import`",
            N_("error_nowcast_no_actuals"),
            program=program.id,
        )
    scenario = make_scenario(program, parse_sets(args.set))
    # The rest runs at the pace and rates the actuals so far show, not at the assumed ones.
    ranges = calibrated_unknowns(calibrate(program, records, text, as_of))
    n = nowcast(program, scenario, rows, as_of, args.replications, args.seed, ranges, target=args.target)
    answers = []
    if args.extend_to is not None:
        from sim.whatif.extension import extensions

        wanted = [(u.track, u.unit) for u in n.units if not u.unit]
        answers = extensions(
            program,
            scenario,
            rows,
            as_of,
            wanted,
            args.extend_to,
            replications=args.replications,
            seed=args.seed,
            ranges=ranges,
        )
    if args.json:
        out = {**dataclasses.asdict(n), "extensions": [dataclasses.asdict(e) for e in answers]}
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
        return 0
    heading = {"program": program.id, "date": date(as_of, lang), "n": number(n.replications, lang)}
    print(text("cli_nowcast_heading", lang, **heading))
    if n.replaced:
        valid = knobs(program)
        names = comma(lang).join(knob_label(valid[k], lang) for k in n.replaced[:3])
        print("  " + text("cli_nowcast_calibrated", lang, names=names, n=len(n.replaced)))
    total, cost = n.totals["fill_rate"], n.totals["cost_yuan"]
    words = {
        "fill": pct(total.mean, lang, 0),
        "low": pct(total.low, lang, 0),
        "high": pct(total.high, lang, 0),
        "cost": FORMATS["wan"](cost.mean, lang),
        "cost_low": FORMATS["wan"](cost.low, lang),
        "cost_high": FORMATS["wan"](cost.high, lang),
    }
    print("  " + text("cli_nowcast_totals", lang, **words))
    for row in n.units:
        flags = _risk_words(row, lang)
        mark = "!!" if flags else "ok"
        print(f"  {mark} " + nowcast_sentence(row, program, lang) + "".join(f" {f}" for f in flags))
    at_risk = [nowcast_where(u.track, u.unit, program, lang) for u in n.at_risk()]
    print("  " + text("cli_nowcast_at_risk", lang, n=number(len(at_risk), lang), target=pct(n.target, lang, 0)))
    for e in answers:
        print("  " + extension_sentence(e, program, lang))
    return 0


def share(raw: str) -> float:
    """A share of the quota in (0, 1] (argparse names this function in its error: "invalid share value")."""
    value = float(raw)
    if not 0 < value <= 1:
        raise ValueError(raw)
    return value


def add_nowcast_command(sub, store_help: str, lang: str) -> None:
    """Register ``nowcast`` on the main parser's subparsers, its help in ``lang``."""

    def t(key: str) -> str:  # named t so that `make messages` finds the keys
        return help_text(key, lang)

    p = sub.add_parser("nowcast", help=t("cli_help_nowcast"), description=t("cli_help_nowcast"))
    p.add_argument("program", help=t("cli_help_program"))
    p.add_argument("--as-of", metavar="YYYY-MM-DD", default=None, help=t("cli_help_nowcast_as_of"))
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help=t("cli_help_set"))
    p.add_argument("--replications", "-n", type=int, default=200, help=t("cli_help_run_replications"))
    p.add_argument("--seed", type=int, default=0, help=t("cli_help_run_seed"))
    p.add_argument("--target", type=share, default=0.95, metavar="SHARE", help=t("cli_help_nowcast_target"))
    p.add_argument("--extend-to", type=share, default=None, metavar="SHARE", help=t("cli_help_nowcast_extend"))
    p.add_argument("--store", metavar="URL", default=None, help=store_help)
    p.add_argument("--json", action="store_true", help=t("cli_help_json"))
    p.set_defaults(func=_cmd_nowcast)
