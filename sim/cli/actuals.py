"""``python -m sim actuals import|list|show|delete|calibrate``: what actually happened, kept in the
scenario store, and the assumed rates it re-estimates."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import TYPE_CHECKING

from sim.base import N_, ScenarioError, shown
from sim.catalog import Catalog, Program
from sim.scenario import knobs
from sim.text import date, error_in, knob_label, number, pct, text

from .whatif import open_store
from .words import help_text

if TYPE_CHECKING:
    from sim.actuals import Calibration


def _store(catalog: Catalog, url: str | None):
    from sim.store import ActualsStore

    return ActualsStore(open_store(catalog, url))


def parse_as_of(raw: str | None) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ScenarioError(
            f"--as-of: expected a date YYYY-MM-DD, got {shown(raw)}", N_("error_as_of_not_a_date"), got=shown(raw)
        ) from None


def stored_records(catalog: Catalog, program: Program, url: str | None):
    """Every stored row of the program's actuals files (``ActualsStore.records``)."""
    return _store(catalog, url).records(program.id)


def stored_calibration(
    catalog: Catalog, program: Program, url: str | None, as_of: dt.date | None = None
) -> Calibration:
    """The program's calibration from every actuals file stored for it (empty without any)."""
    from sim.actuals import calibrate

    return calibrate(program, stored_records(catalog, program, url), text, as_of)


def _span(low: float, high: float, lang: str) -> str:
    return f"{pct(low, lang)}–{pct(high, lang)}"


def _print_calibration(program: Program, cal: Calibration, lang: str) -> None:
    when = text("cli_calibrate_as_of", lang, date=date(cal.as_of, lang)) if cal.as_of else ""
    print(text("cli_calibrate_heading", lang, program=program.id, when=when))
    if not cal:
        print("  " + text("cli_calibrate_none", lang))
        return
    found = knobs(program)
    for key, c in cal.values.items():
        words = {
            "knob": knob_label(found[key], lang),
            "id": key,
            "assumed": _span(c.assumed.low, c.assumed.high, lang),
            "value": pct(c.value, lang),
            "calibrated": _span(c.calibrated.low, c.calibrated.high, lang),
            "mean": pct(c.mean, lang),
            "records": number(c.records, lang),
            "teachers": number(c.teachers, lang),
        }
        print("  " + text("cli_calibrate_line", lang, **words))
        for u in c.units:
            unit = {"unit": u.unit, "mean": pct(u.posterior.mean, lang), "records": number(u.records, lang)}
            print(
                "      "
                + text("cli_calibrate_unit", lang, **unit, interval=_span(u.posterior.low, u.posterior.high, lang))
            )


def _cmd_actuals(catalog: Catalog, args) -> int:
    from sim.actuals import ActualsRejected, read_actuals  # pandas and pandera: only for this command

    lang, action = args.lang, args.actuals_action
    store = _store(catalog, args.store)
    if action == "import":
        program = catalog.program(args.program)
        try:
            checked = read_actuals(program, args.file)
        except ActualsRejected as e:  # every problem, each on its line, then the count
            for p in e.problems:
                print(text("cli_error", lang, error=str(p) if lang == "en" else error_in(p, lang)), file=sys.stderr)
            print(text("cli_actuals_refused", lang, n=number(len(e.problems), lang)), file=sys.stderr)
            return 2
        record, changed = store.add(checked, replace=args.replace)
        words = {"name": record.name, "kind": record.kind, "rows": number(record.rows, lang), "program": program.id}
        print(text("cli_actuals_imported", lang, **words) if changed else text("cli_actuals_unchanged", lang, **words))
    elif action == "list":
        for f in store.list(args.program):
            when = date(f.imported_at.date(), lang)
            words = {"kind": f.kind, "rows": number(f.rows, lang), "by": f.imported_by, "when": when}
            print(f"{f.program}  {f.name}  " + text("cli_actuals_line", lang, **words))
    elif action == "show":
        table = store.rows(args.program, args.name)
        if args.json:
            print(json.dumps(table.to_dict("records"), ensure_ascii=False, default=str, indent=2))
        else:
            print(table.to_string(index=False))
    elif action == "calibrate":
        from sim.actuals import calibration_dict

        program = catalog.program(args.program)
        cal = stored_calibration(catalog, program, args.store, parse_as_of(args.as_of))
        if args.json:
            print(json.dumps(calibration_dict(cal), ensure_ascii=False, indent=2))
        else:
            _print_calibration(program, cal, lang)
    elif action == "delete":
        store.delete(args.program, args.name)
        print(text("cli_deleted", lang, program=args.program, name=args.name))
    return 0


def add_actuals_command(sub, store_help: str, lang: str) -> None:
    """Register ``actuals`` on the main parser's subparsers, its help in ``lang``."""

    def t(key: str) -> str:  # named t so that `make messages` finds the keys
        return help_text(key, lang)

    a = sub.add_parser("actuals", help=t("cli_help_actuals"), description=t("cli_help_actuals"))
    a.add_argument("--store", metavar="URL", default=None, help=store_help)
    acts = a.add_subparsers(dest="actuals_action", required=True)
    p = acts.add_parser("import", help=t("cli_help_actuals_import"))
    p.add_argument("program", help=t("cli_help_program"))
    p.add_argument("file", help=t("cli_help_actuals_file"))
    p.add_argument("--replace", action="store_true", help=t("cli_help_actuals_replace"))
    p = acts.add_parser("list", help=t("cli_help_actuals_list"))
    p.add_argument("program", nargs="?", default=None, help=t("cli_help_program"))
    for p in (
        acts.add_parser("show", help=t("cli_help_actuals_show")),
        acts.add_parser("delete", help=t("cli_help_actuals_delete")),
    ):
        p.add_argument("program", help=t("cli_help_program"))
        p.add_argument("name", help=t("cli_help_actuals_name"))
    acts.choices["show"].add_argument("--json", action="store_true", help=t("cli_help_json"))
    p = acts.add_parser("calibrate", help=t("cli_help_actuals_calibrate"), description=t("cli_help_actuals_calibrate"))
    p.add_argument("program", help=t("cli_help_program"))
    p.add_argument("--as-of", metavar="YYYY-MM-DD", default=None, help=t("cli_help_as_of"))
    p.add_argument("--json", action="store_true", help=t("cli_help_json"))
    a.set_defaults(func=_cmd_actuals)
