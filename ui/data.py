"""The dashboard's one door into the library: cached runs and analyses, and the library names pages use.

Pages import nothing from ``sim`` (a test walks their imports). Runs and analyses are cached with
``st.cache_data`` keyed on frozen inputs (``Settings``, tuples of overrides), so a colleague who
opens the same analysis in another session gets the answer from the cache instead of computing it
again. An analysis draws its own progress bar, inside the cached function: Streamlit replays what a
cached function drew, which it can only do for elements the function created (the bar ends
empty, so a replay shows nothing). The bar's label (``_label``) is left out of the key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import streamlit as st

from sim import catalog as _catalog_lib
from sim.actuals import (
    FORMATS,
    Actuals,
    Calibration,
    Observed,
    PlanActual,
    calibrate,
    calibrated_unknowns,
    read_actuals,
)
from sim.actuals import compare as compare_actuals
from sim.base import DataError, ScenarioError, StoreError
from sim.catalog import Catalog, Finding, Program, load_catalog, program_dict, provenance, run_audit
from sim.results import Result, RuleCheck, rule_checks
from sim.run import ProgressFn, Unknown, limited, run
from sim.scenario import Knob, Scenario, bounds, dashboard_keys, fee_keys, knobs, make_scenario
from sim.store import (
    ENV_URL,
    ActualsFile,
    ActualsOverlap,
    ActualsStore,
    ScenarioSpec,
    ScenarioStore,
    User,
    store_exists,
)
from sim.text import text
from sim.whatif import (
    BASELINE,
    KEY_FIGURES,
    MAX_SCENARIOS,
    Comparison,
    Drivers,
    GoalResult,
    check_scenarios,
    comparison_of,
    driver_breakdown,
    goal_seek,
    knob_low_high,
    tornado,
    two_way,
)
from sim.whatif.attribution import Driver, base_sample, linear_shares, named_drivers, shares_by_figure

DRIVEN = ("cost_yuan", "fill_rate", "completed")  # the figures whose drivers the pages name
SHARED = ("cost_yuan", "fill_rate", "completed", "enrolled")  # the figures the uncertainty view shares out

if TYPE_CHECKING:
    from reports import Report
    from sim.run.nowcast import Nowcast
    from sim.whatif.extension import Extension

    from .scenario import Settings

__all__ = [
    "BASELINE",
    "Calibration",
    "FORMATS",
    "KEY_FIGURES",
    "MAX_SCENARIOS",
    "Actuals",
    "PlanActual",
    "ActualsFile",
    "ActualsOverlap",
    "DataError",
    "ScenarioError",
    "ScenarioSpec",
    "StoreError",
    "actuals_files",
    "actuals_rows",
    "actuals_reported_until",
    "analysis_extension",
    "analysis_nowcast",
    "actuals_store",
    "calibration",
    "analysis_compare",
    "analysis_goal",
    "analysis_grid",
    "analysis_tornado",
    "analysis_uncertainty",
    "chance_only",
    "drivers",
    "audit",
    "basis_of",
    "catalog",
    "check_actuals",
    "checks",
    "dashboard_knobs",
    "data_version",
    "expected",
    "delete_actuals",
    "goal_knobs",
    "grid_axis",
    "import_actuals",
    "knobs_of",
    "list_actuals",
    "plan_actual",
    "program",
    "program_view",
    "report",
    "report_file",
    "result",
    "store",
]

Overrides = tuple[tuple[str, Any], ...]  # sorted (key, value) pairs: a hashable scenario


def data_dir() -> str | None:
    return os.environ.get("TT_DATA_DIR") or None


@st.cache_resource(show_spinner=False)
def _catalog(folder: str | None) -> Catalog:
    return load_catalog(folder)


def catalog() -> Catalog:
    return _catalog(data_dir())


def program(program_id: str) -> Program:
    return catalog().program(program_id)


@st.cache_data(show_spinner=False)
def program_view(program_id: str) -> dict[str, Any]:
    return program_dict(program(program_id))


@st.cache_data(show_spinner=False)
def audit() -> list[Finding]:
    return run_audit(catalog().programs.values())


@st.cache_data(show_spinner=False)
def data_version(program_id: str) -> str:
    """The fingerprint of the program's data file, as reports print it."""
    return _catalog_lib.data_version(catalog(), [program_id])


def knobs_of(program_id: str) -> dict[str, Knob]:
    return knobs(program(program_id))


def basis_of(program_id: str, key: str) -> dict[str, Any] | None:
    """Where a knob's documented value comes from (clause and wording, or the assumption); None for model knobs."""
    p = program(program_id)
    q = p.parameters.get(key)
    return None if q is None else provenance(q, p)


def dashboard_knobs(program_id: str) -> list[str]:
    return dashboard_keys(program(program_id))


def goal_knobs(program_id: str) -> list[str]:
    """The knobs goal seek offers: the quota multiplier, participation and the fee standards."""
    return ["quota_scale", "participation_rate", *fee_keys(program(program_id))]


def _scenario(program_id: str, overrides: Overrides | dict[str, Any]) -> Scenario:
    return make_scenario(program(program_id), dict(overrides))


DASHBOARD_TIME_LIMIT = 120.0  # a meeting waits this long at most; the cost budget keeps most runs far below


def time_limit() -> float:
    """Seconds a page's run or analysis may take before it stops with a message (TT_DASHBOARD_TIME_LIMIT)."""
    return float(os.environ.get("TT_DASHBOARD_TIME_LIMIT", DASHBOARD_TIME_LIMIT))


# A Result is frozen, so every session can be handed the same object (cache_resource) rather than
# an unpickled copy per call (cache_data): a page reads it several times per redraw.
@st.cache_resource(show_spinner=False, max_entries=128)
def simulate(
    program_id: str,
    overrides: Overrides,
    replications: int,
    seed: int,
    deterministic: bool,
    unknowns: bool = False,
    calibrated: tuple[str, ...] = (),
) -> Result:
    """``calibrated``: the stored actuals files (hashes) whose calibration replaces the assumed ranges."""
    ranges = calibrated_unknowns(calibration(program_id)) if calibrated else None
    with limited(time_limit=time_limit()):
        return run(
            program(program_id),
            _scenario(program_id, overrides),
            replications=replications,
            seed=seed,
            deterministic=deterministic,
            unknowns=unknowns,
            ranges=ranges,
        )


def result(s: Settings) -> Result:
    return simulate(s.program_id, s.overrides, s.replications, s.seed, s.deterministic, s.unknowns, s.calibrated)


def actuals_files(program_id: str) -> tuple[str, ...]:
    """The program's stored actuals files by their hashes (empty without any, or without a store yet)."""
    return _fingerprint([program_id])


def chance_only(s: Settings) -> Result | None:
    """``s``'s runs by chance alone (same seed and replications), beside a result with the unknowns
    drawn: the narrower interval a figure is given with. None when ``s`` is chance alone already."""
    return result(s.chance_only()) if s.unknowns else None


@st.cache_data(show_spinner=False, max_entries=16)
def _drivers(program_id: str, seed: int) -> dict[str, list[Driver]]:
    return linear_shares(program(program_id), make_scenario(program(program_id)), DRIVEN, seed)


def drivers(s: Settings, figure: str) -> list[Driver]:
    """The unknowns behind ``figure`` that ``s`` leaves open, largest share first (``named_drivers``),
    found at the documents' values (a slider's move changes their ranking little, and costs no runs)."""
    return named_drivers(_drivers(s.program_id, s.seed)[figure], dict(s.overrides)) if s.unknowns else []


def checks(s: Settings) -> list[RuleCheck]:
    return rule_checks(program(s.program_id), result(s))


@st.cache_resource(show_spinner=False)
def _store(url: str | None, folder: str | None) -> ScenarioStore:
    return ScenarioStore(_catalog(folder), url=url)


def store() -> ScenarioStore:
    """The saved-scenario store: $TT_STORE_URL, else SQLite in the user's data folder."""
    return _store(os.environ.get(ENV_URL) or None, data_dir())


# -- what actually happened (actuals), kept in the same store ---------------------------------


def actuals_store() -> ActualsStore:
    """The actuals files beside the saved scenarios: the same database, transactions and audit."""
    return ActualsStore(store())


def check_actuals(program_id: str, content: bytes, name: str) -> tuple[Actuals | None, list[DataError]]:
    """An uploaded file (its bytes, its own name) checked against the program: (the checked file, no
    problems), or (None, every problem found, each located by file, line and column). Nothing is stored."""
    with tempfile.TemporaryDirectory() as tmp:
        # The library reads the format from the suffix; the user's name (any characters) stays the label.
        path = Path(tmp) / f"upload{Path(name).suffix.lower()}"
        path.write_bytes(content)
        try:
            return read_actuals(program(program_id), path, name), []
        except DataError as e:  # ActualsRejected carries each problem; another DataError is the one problem
            return None, list(getattr(e, "problems", [e]))


def import_actuals(checked: Actuals, by: User, replace: bool = False) -> tuple[ActualsFile, bool]:
    """Store a checked file: (its record, whether anything changed). Raises ``ActualsOverlap`` when it
    repeats records of an earlier file (``replace=True`` puts it in their place), ``PermissionDenied``."""
    return actuals_store().add(checked, replace=replace, by=by)


def list_actuals(program_id: str) -> list[ActualsFile]:
    return actuals_store().list(program_id)


def actuals_rows(program_id: str, name: str) -> pd.DataFrame:
    """A stored file's rows as the file had them: ``line`` then its format's columns (counts as whole numbers)."""
    kind = next(f.kind for f in list_actuals(program_id) if f.name == name)
    fmt = FORMATS[kind]
    long = actuals_store().rows(program_id, name)  # one row per figure
    figures = long.pivot(index="line", columns="figure", values="value")
    for c in fmt.counts:
        figures[c] = figures[c].astype(int)
    keys = long.drop_duplicates("line").set_index("line")[["track", "unit", "date"]]
    return keys.join(figures).reset_index()[["line", *fmt.columns]]


def delete_actuals(program_id: str, name: str, by: User) -> None:
    actuals_store().delete(program_id, name, by=by)


def _fingerprint(program_ids: Sequence[str]) -> tuple[str, ...]:
    """The stored actuals files of the programs by their hashes: a cache key that changes with them.
    No store yet is no files: a page that only looks for actuals does not create the store."""
    if not store_exists(os.environ.get(ENV_URL) or None):
        return ()
    return tuple(f.sha256 for pid in program_ids for f in list_actuals(pid))


@st.cache_data(show_spinner=False, max_entries=32)
def _observed(program_id: str, files: tuple[str, ...]) -> Observed:
    """``files`` (the stored files' hashes) is in the cache key (no leading underscore), so a change reads again."""
    return actuals_store().observed(program_id)


def observed(program_id: str) -> Observed:
    """What the store holds of the program (every file, one table per kind), read again when a file changes."""
    return _observed(program_id, _fingerprint([program_id]))


def plan_actual(s: Settings) -> PlanActual | None:
    """The stored actuals against the sidebar's scenario (the plan); None when the program has none.
    Raises ``StoreError`` when the store cannot be read."""
    files = _fingerprint([s.program_id])
    return compare_actuals(_observed(s.program_id, files), result(s)) if files else None


@st.cache_data(show_spinner=False, max_entries=32)
def _calibration(program_id: str, files: tuple[str, ...], as_of: dt.date | None) -> Calibration:
    """Keyed on the stored files' hashes: an import or a delete recalibrates, nothing else does."""
    return calibrate(program(program_id), actuals_store().records(program_id), text, as_of)


def calibration(program_id: str, as_of: dt.date | None = None) -> Calibration:
    """The assumed rates re-estimated from every actuals file stored for the program (empty without any)."""
    files = _fingerprint([program_id])
    if not files:
        return Calibration(program_id, as_of, {})
    return _calibration(program_id, files, as_of)


# -- nowcast: the rest of a running program on its current pace ------------------------------

NOWCAST_REPLICATIONS = 100  # enough for a 90% interval's ends (5 runs outside each); Henan: about a second


def _rows(program_id: str) -> list[dict[str, Any]]:
    return actuals_store().records(program_id).to_dict("records")


@st.cache_data(show_spinner=False, max_entries=32)
def _reported_until(program_id: str, files: tuple[str, ...]) -> dt.date | None:
    """Keyed on the stored files' hashes: the rows are read again only when a file changes."""
    from sim.run.nowcast import last_reported

    return last_reported(_rows(program_id))


def actuals_reported_until(program_id: str) -> dt.date | None:
    """The last day the stored registrations report (the nowcast's default reference date), or None."""
    try:
        files = _fingerprint([program_id])
        return _reported_until(program_id, files) if files else None
    except StoreError:  # a store that cannot be read has no actuals to show: the actuals page says why
        return None


def _pace(program_id: str, as_of: dt.date) -> dict[str, Unknown]:
    """The rates the actuals up to ``as_of`` show, for the rest of the program (the nowcast's ranges)."""
    return calibrated_unknowns(calibration(program_id, as_of))


@st.cache_data(show_spinner=False, max_entries=32)
def _nowcast(program_id: str, overrides: Overrides, seed: int, as_of: dt.date, files: tuple[str, ...]) -> Nowcast:
    from sim.run.nowcast import nowcast

    with limited(time_limit=time_limit()):
        rows, ranges = _rows(program_id), _pace(program_id, as_of)
        scenario = _scenario(program_id, overrides)
        return nowcast(program(program_id), scenario, rows, as_of, NOWCAST_REPLICATIONS, seed, ranges)


def analysis_nowcast(s: Settings, as_of: dt.date) -> Nowcast:
    """The nowcast of ``s``'s program from its stored actuals up to ``as_of`` (``sim.run.nowcast``)."""
    return _nowcast(s.program_id, s.overrides, s.seed, as_of, _fingerprint([s.program_id]))


@st.cache_data(show_spinner=False, max_entries=16)
def _extension(
    program_id: str, overrides: Overrides, seed: int, as_of: dt.date, target: float, files: tuple[str, ...]
) -> list[Extension]:
    from sim.whatif.extension import extensions

    with limited(time_limit=time_limit()):
        rows = _rows(program_id)
        p = program(program_id)
        wanted = [(t.id, "") for t in p.tracks]
        scenario = _scenario(program_id, overrides)
        ranges = _pace(program_id, as_of)
        return extensions(
            p, scenario, rows, as_of, wanted, target, replications=NOWCAST_REPLICATIONS, seed=seed, ranges=ranges
        )


def analysis_extension(s: Settings, as_of: dt.date, target: float) -> list[Extension]:
    """Per sub-program, the days registration must be extended to fill ``target`` of the quota."""
    return _extension(s.program_id, s.overrides, s.seed, as_of, target, _fingerprint([s.program_id]))


# -- analyses, shared between sessions ------------------------------------------------------


@contextlib.contextmanager
def _progress(label: str) -> Iterator[ProgressFn]:
    """A progress bar and the ``on_progress(done, total)`` that moves it; gone when the work is."""
    bar = st.progress(0.0, text=label)

    def update(done: int, total: int) -> None:
        bar.progress(min(done / max(total, 1), 1.0), text=f"{label} {done}/{total}")

    try:
        with limited(time_limit=time_limit()):  # an analysis's many runs share one time limit
            yield update
    finally:
        bar.empty()


@st.cache_data(show_spinner=False, max_entries=64)
def _levers(program_id: str, name: str, overrides: Overrides) -> list[Drivers]:
    """What drives one scenario's change from the baseline (deterministic runs), kept per scenario."""
    return driver_breakdown(program(program_id), {name: _scenario(program_id, overrides)})


def analysis_compare(s: Settings, scenarios: tuple[tuple[str, Overrides], ...], _label: str) -> Comparison:
    """Named scenarios of ``s``'s program beside its baseline, with ``s``'s replications, seed and
    unknowns. Each scenario's run is the cached one (``simulate``): changing one scenario in a
    meeting runs that one alone, the baseline and the others come from the cache."""
    check_scenarios(program(s.program_id), {name: _scenario(s.program_id, o) for name, o in scenarios})
    runs = {}
    with st.spinner(_label), limited(time_limit=time_limit()):
        for name, o in ((BASELINE, ()), *scenarios):
            r = simulate(s.program_id, o, s.replications, s.seed, s.deterministic, s.unknowns, s.calibrated)
            by_figure = [r.per_replication(f) for f in KEY_FIGURES]
            runs[name] = (dict(o), [dict(zip(KEY_FIGURES, map(float, row))) for row in zip(*by_figure)])
        drivers = [d for name, o in scenarios for d in _levers(s.program_id, name, o)]
    return comparison_of(s.program_id, s.seed, runs, drivers)


# The tornado and the grid run the expected-value model, one run a point: they show how the figures'
# means move with each setting, which chance does not change, and a meeting gets them in about a
# second at full scale instead of one replication set a point (Zhejiang 2021 H2: 5.8 s).
@st.cache_data(show_spinner=False, max_entries=32)
def analysis_tornado(s: Settings, relative: float, _label: str) -> pd.DataFrame:
    with _progress(_label) as on_progress:
        return tornado(
            program(s.program_id),
            _scenario(s.program_id, s.overrides),
            relative=relative,
            replications=1,
            seed=s.seed,
            deterministic=True,
            on_progress=on_progress,
        )


def expected(s: Settings) -> Result:
    """``s``'s scenario on the expected-value model (what the tornado and the grid are centred on)."""
    return simulate(s.program_id, s.overrides, 1, s.seed, True)


@st.cache_data(show_spinner=False, max_entries=16)
def analysis_uncertainty(program_id: str, overrides: Overrides, seed: int, _label: str) -> tuple[int, dict]:
    """(base sample, figure -> Sobol shares) of the scenario's unknowns; the base sample fits the
    dashboard's run budget (``sim.whatif.attribution.DASHBOARD_RUNS``)."""
    scenario = _scenario(program_id, overrides)
    n = base_sample(program(program_id), scenario)
    with _progress(_label) as on_progress:
        return n, shares_by_figure(program(program_id), scenario, SHARED, n, seed, on_progress=on_progress)


def grid_axis(s: Settings, key: str, relative: float, steps: int) -> tuple[float, ...]:
    """``steps`` values of a knob across its tornado range (within its bounds), rounded, without repeats."""
    p = program(s.program_id)
    low, _, high = knob_low_high(p, _scenario(s.program_id, s.overrides), key, relative)
    lo, hi = bounds(knobs(p)[key])
    values = np.linspace(max(low, lo), min(high, hi), steps)
    return tuple(sorted({round(float(v), 4) for v in values}))


@st.cache_data(show_spinner=False, max_entries=32)
def analysis_grid(
    s: Settings,
    x: tuple[str, tuple[float, ...]],
    y: tuple[str, tuple[float, ...]],
    _label: str,
) -> pd.DataFrame:
    with _progress(_label) as on_progress:
        return two_way(
            program(s.program_id),
            _scenario(s.program_id, s.overrides),
            x,
            y,
            replications=1,
            seed=s.seed,
            deterministic=True,
            on_progress=on_progress,
        )


@st.cache_data(show_spinner=False, max_entries=32)
def analysis_goal(
    s: Settings,
    knob: str,
    metric: str,
    target: float,
    budget_cap: float | None,
    probability: float,
    _label: str,
) -> GoalResult:
    """Goal seek in ``s``'s scenario: reached in ``probability`` of the replications, or, with the
    unknowns drawn, in that share of the plausible worlds."""
    chance = {"replications": s.replications, "deterministic": s.deterministic, "probability": probability}
    with _progress(_label) as on_progress:
        return goal_seek(
            program(s.program_id),
            _scenario(s.program_id, s.overrides),
            target,
            metric=metric,
            knob=knob,
            budget_cap=budget_cap,
            seed=s.seed,
            on_progress=on_progress,
            **({"confidence": probability} if s.unknowns else chance),
        )


def report_file(program_ids: Sequence[str], fmt: str) -> tuple[str, str]:
    """(download name, MIME type) of a report, known before it is built (a download button needs them first)."""
    from reports.api import suggested_name
    from reports.output import FORMATS

    return suggested_name(program_ids, fmt), FORMATS[fmt]


def report(
    program_ids: Sequence[str],
    overrides: Overrides,
    replications: int,
    seed: int,
    deterministic: bool,
    unknowns: bool,
    fmt: str,
    lang: str,
    title: str | None,
    named: tuple[tuple[str, Overrides], ...] = (),
) -> Report:
    """A briefing report; ``overrides`` as ``PROGRAM:KEY`` pairs (see ``reports.build_report``); ``named``:
    saved scenarios (name, overrides) of the one program, beside its baseline instead of ``overrides``.
    Programs with stored actuals get their plan-against-actual section."""
    ids = tuple(program_ids)
    return _report(
        ids, overrides, replications, seed, deterministic, unknowns, fmt, lang, title, named, _fingerprint(ids)
    )


@st.cache_data(show_spinner=False, max_entries=16)
def _report(
    program_ids: tuple[str, ...],
    overrides: Overrides,
    replications: int,
    seed: int,
    deterministic: bool,
    unknowns: bool,
    fmt: str,
    lang: str,
    title: str | None,
    named: tuple[tuple[str, Overrides], ...],
    actuals: tuple[str, ...],  # the stored files' hashes: a new file makes a new report
) -> Report:
    from reports import export_report  # the document libraries load when a report is first asked for

    found = {pid: o for pid in program_ids if not (o := observed(pid)).empty} if actuals else None
    return export_report(
        catalog(),
        list(program_ids),
        dict(overrides),
        replications=replications,
        seed=seed,
        fmt=fmt,
        lang=lang,
        title=title,
        deterministic=deterministic,
        named={program_ids[0]: [(name, dict(o)) for name, o in named]} if named else None,
        actuals=found,
        unknowns=unknowns,
    )
