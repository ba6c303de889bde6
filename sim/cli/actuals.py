"""``python -m sim actuals import|list|show|delete``: what actually happened, kept in the scenario store."""

from __future__ import annotations

import json
import sys

from sim.catalog import Catalog
from sim.text import date, error_in, number, text

from .whatif import open_store
from .words import help_text


def _store(catalog: Catalog, url: str | None):
    from sim.store import ActualsStore

    return ActualsStore(open_store(catalog, url))


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
    a.set_defaults(func=_cmd_actuals)
