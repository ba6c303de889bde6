"""Build a briefing report as bytes, or write it to a file: the one entry point for the CLI and the dashboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.actuals import Observed
from sim.base import N_, ScenarioError
from sim.catalog import Catalog
from sim.store import ScenarioStore, scenario_of
from sim.text import beijing

from .brief import build_brief
from .docx_brief import render_docx
from .inputs import Named, ReportInputs, gather
from .output import FORMATS, check_format, check_path, format_for, write_atomic
from .pdf_brief import render_pdf
from .xlsx_report import render_xlsx


@dataclass(frozen=True)
class Report:
    data: bytes
    file_name: str  # suggested download name
    mime: str


def render(inputs: ReportInputs, fmt: str) -> bytes:
    if fmt == "xlsx":
        return render_xlsx(inputs)
    brief = build_brief(inputs)  # Word and PDF say the same thing; only the layout differs
    return render_docx(brief) if fmt == "docx" else render_pdf(brief)


def build_report(
    catalog: Catalog,
    program_ids: Sequence[str],
    overrides: Mapping[str, Any] | None = None,
    replications: int = 20,
    seed: int = 0,
    fmt: str = "xlsx",
    lang: str = "zh",
    title: str | None = None,
    deterministic: bool = False,
    named: Named | None = None,
    actuals: Mapping[str, Observed] | None = None,
    unknowns: bool = True,
) -> bytes:
    """A briefing report for ``program_ids`` in ``fmt`` (xlsx, docx or pdf) and ``lang`` (zh or en).

    ``overrides`` are scenario keys as in ``python -m sim run --set``: a plain key goes to every
    listed program that has a knob of that name, ``PROGRAM_ID:KEY`` to that program only; a key
    no listed program has raises ScenarioError. Each program is compared with its baseline: the
    documented defaults (no overrides) with the same seed and replications. ``deterministic``
    replaces every draw by its expected value (one run, no intervals). ``named`` puts a program's
    named scenarios (``saved_scenarios``) beside its baseline instead of the one ``overrides`` make.
    ``actuals`` (program id -> ``stored_actuals``) adds a plan-against-actual section to a program's part.
    ``unknowns`` draws the assumed values from their ranges as well (the honest intervals, with the
    ranges of chance alone beside); False gives chance alone. Raises ScenarioError for bad ids, keys,
    values, replications, seed or language.
    """
    check_format(fmt)
    check_title(title)
    inputs = gather(
        catalog, program_ids, overrides, replications, seed, lang, title, deterministic, named, actuals, unknowns
    )
    return render(inputs, fmt)


def saved_scenarios(store: ScenarioStore, program_id: str, names: Sequence[str]) -> Named:
    """Saved scenarios of one program, by name, as ``named`` for ``build_report``: (name, overrides) in
    the order given. A name not saved raises NotFound; one the catalog no longer fits, ScenarioError."""
    picked = []
    for name in dict.fromkeys(names):
        scenario, _seed, _replications = scenario_of(store, program_id, name)
        picked.append((store.load(program_id, name).name, dict(scenario.overrides)))
    return {program_id: picked}


def stored_actuals(store: ScenarioStore, program_ids: Sequence[str]) -> dict[str, Observed]:
    """What the store holds of each program that has actuals, as ``actuals`` for ``build_report``."""
    from sim.store import ActualsStore

    found = ActualsStore(store)
    return {pid: o for pid in dict.fromkeys(program_ids) if not (o := found.observed(pid)).empty}


def suggested_name(program_ids: Sequence[str], fmt: str, when: dt.datetime | None = None) -> str:
    when = beijing(when or dt.datetime.now(dt.UTC))  # the readers' clock, as in the report
    ids = list(dict.fromkeys(program_ids))
    what = ids[0] if len(ids) == 1 else f"{len(ids)}-programs"
    return f"briefing-{what}-{when:%Y%m%d-%H%M}.{fmt}"


def export_report(
    catalog: Catalog,
    program_ids: Sequence[str],
    overrides: Mapping[str, Any] | None = None,
    replications: int = 20,
    seed: int = 0,
    fmt: str = "xlsx",
    lang: str = "zh",
    title: str | None = None,
    deterministic: bool = False,
    named: Named | None = None,
    actuals: Mapping[str, Observed] | None = None,
    unknowns: bool = True,
) -> Report:
    """For a download button: the bytes, a file name and the MIME type (arguments as in ``build_report``)."""
    data = build_report(
        catalog, program_ids, overrides, replications, seed, fmt, lang, title, deterministic, named, actuals, unknowns
    )
    return Report(data, suggested_name(program_ids, fmt), FORMATS[fmt])


TITLE_MAX = 100  # a cover title a page can hold


def check_title(title: str | None) -> None:
    """A cover title within the length a cover holds and free of control characters, or a ScenarioError."""
    if title is None:
        return
    if len(title) > TITLE_MAX:
        raise ScenarioError(
            f"--title: expected at most {TITLE_MAX} characters, got {len(title)}",
            N_("error_title_too_long"),
            limit=TITLE_MAX,
            length=len(title),
        )
    if not title.isprintable():
        raise ScenarioError("--title: expected a title without control characters", N_("error_title_control"))


def write_report(
    catalog: Catalog,
    program_ids: Sequence[str],
    out_path: str | Path,
    overrides: Mapping[str, Any] | None = None,
    replications: int = 20,
    seed: int = 0,
    fmt: str | None = None,
    lang: str = "zh",
    title: str | None = None,
    deterministic: bool = False,
    named: Named | None = None,
    actuals: Mapping[str, Observed] | None = None,
    unknowns: bool = True,
) -> Path:
    """Write the report to ``out_path`` atomically; ``fmt`` defaults to the path's suffix.

    The path is checked before anything runs (existing folder, not a folder itself, suffix
    matching the format); OutputPathError says what is wrong. Returns the path written.
    """
    path = Path(out_path)
    check_path(path)
    check_title(title)  # before the runs, not after
    fmt = format_for(path, fmt)
    write_atomic(
        path,
        lambda: build_report(
            catalog,
            program_ids,
            overrides,
            replications,
            seed,
            fmt,
            lang,
            title,
            deterministic,
            named,
            actuals,
            unknowns,
        ),
    )
    return path
