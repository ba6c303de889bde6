"""What every report format is computed from: the runs of each program's scenarios and of its documented baseline.

A program's scenarios are either named ones (saved scenarios, up to ``MAX_SCENARIOS`` beside the
baseline, all run with the report's seed and replications so that they share their random numbers
with the baseline), or the one unnamed scenario that ``--set`` overrides make.

Overrides for several programs (``--set KEY=VALUE``): a plain key goes to every listed program
that has a knob of that name; ``PROGRAM_ID:KEY`` sends it to one program only. A key that no
listed program has is a ScenarioError naming the key and the programs.

By default every run also draws what the documents leave open (``unknowns``), and each is run a
second time by chance alone (same seed), so a figure can be given with both intervals; the
assumptions that drive cost and fill rate come from ``linear_shares`` (2 runs per unknown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.actuals import Observed, PlanActual, compare
from sim.base import N_, ScenarioError
from sim.catalog import Catalog, Finding, Program, data_version, program_dict, run_audit
from sim.results import Result
from sim.run import MAX_REPLICATIONS, run
from sim.scenario import Scenario, knobs, make_scenario
from sim.text import LANGS, text
from sim.whatif.attribution import Driver, linear_shares

MAX_SCENARIOS = 3  # beside the baseline: four columns still fit a page's width
DRIVEN = ("cost_yuan", "fill_rate")  # the figures whose drivers a brief names


@dataclass(frozen=True)
class ScenarioRun:
    name: str | None  # the saved scenario's name; None for the unnamed scenario of --set overrides
    overrides: dict[str, Any]  # validated, as the model reads them
    result: Result
    chance: Result | None = None  # the same runs by chance alone, beside a result with the unknowns drawn


@dataclass
class ProgramRun:
    program: Program
    view: dict[str, Any]  # program_dict: document, sub-programs, parameters with provenance
    baseline: Result  # documented defaults, same seed and replications
    scenarios: list[ScenarioRun] = field(default_factory=list)  # empty: the baseline alone
    baseline_chance: Result | None = None  # the baseline by chance alone (with the unknowns drawn)
    drivers: dict[str, list[Driver]] = field(default_factory=dict)  # figure -> the unknowns behind it, at baseline
    plan_actual: PlanActual | None = None  # the stored actuals against the main scenario, when there are any

    @property
    def main(self) -> ScenarioRun | None:
        """The scenario the headline is about: the first one picked."""
        return self.scenarios[0] if self.scenarios else None

    @property
    def result(self) -> Result:
        """The main scenario's result, or the baseline's when there is no scenario."""
        return self.main.result if self.main else self.baseline

    @property
    def overrides(self) -> dict[str, Any]:
        return self.main.overrides if self.main else {}

    @property
    def changed(self) -> bool:
        return bool(self.scenarios)


@dataclass
class ReportInputs:
    runs: list[ProgramRun]
    replications: int
    seed: int
    lang: str
    data_version: str
    generated: dt.datetime
    findings: list[Finding] = field(default_factory=list)
    title: str | None = None
    deterministic: bool = False  # every draw replaced by its expected value
    unknowns: bool = False  # the assumed values drawn from their ranges too


def interval_text(inputs: ReportInputs) -> str:
    """What the figures are: a 95% range over replications (with the unknowns or by chance alone),
    one run, or expected values."""
    lang = inputs.lang
    sep = "" if lang == "zh" else " "
    if inputs.unknowns:
        parts = [text("interval_note", lang, n=inputs.replications), text("method_unknowns", lang)]
        return sep.join(parts + ([text("method_unknowns_expected", lang)] if inputs.deterministic else []))
    if inputs.deterministic:
        return text("expected_values", lang)
    if inputs.replications == 1:
        return text("single_run", lang)
    return sep.join((text("interval_note", lang, n=inputs.replications), text("report_chance_only", lang)))


def _programs(catalog: Catalog, program_ids: Sequence[str]) -> list[Program]:
    if not program_ids:
        raise ScenarioError("name at least one program id")
    return [catalog.program(pid) for pid in dict.fromkeys(program_ids)]  # the same id twice is one program


def split_overrides(programs: Sequence[Program], overrides: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Raw overrides per program id (see the module docstring for the rule)."""
    ids = [p.id for p in programs]
    out: dict[str, dict[str, Any]] = {pid: {} for pid in ids}
    for raw_key, value in overrides.items():
        target, sep, key = raw_key.partition(":")
        if sep:
            if target not in out:
                raise ScenarioError(f"{raw_key}: {target!r} is not one of the report's programs ({', '.join(ids)})")
            out[target][key] = value  # make_scenario says what is wrong with the key, if anything
            continue
        key = raw_key
        takers = [p for p in programs if key in knobs(p)]
        if not takers:
            # A documented fact of one program gets make_scenario's explanation; anything else is unknown.
            owner = next((p for p in programs if key in p.parameters), None)
            if owner is not None:
                make_scenario(owner, {key: value})
            plain = sorted({k for p in programs for k in knobs(p) if "." not in k})
            raise ScenarioError(
                f"{key}: no program in this report ({', '.join(ids)}) has this key; program-wide "
                f"keys: {', '.join(plain)}; TRACK.KEY and MILESTONE.start|end as in `sim run`"
            )
        for p in takers:
            out[p.id][key] = value
    return out


Named = Mapping[str, Sequence[tuple[str, Mapping[str, Any]]]]  # program id -> (name, overrides), in order


def _named(programs: Sequence[Program], named: Named, overrides: Mapping[str, Any]) -> None:
    ids = [p.id for p in programs]
    for pid, scenarios in named.items():
        if pid not in ids:
            raise ScenarioError(f"{pid!r} is not one of the report's programs ({', '.join(ids)})")
        if len(scenarios) > MAX_SCENARIOS:
            raise ScenarioError(
                f"{pid}: at most {MAX_SCENARIOS} scenarios beside the baseline, got {len(scenarios)}",
                N_("error_report_scenarios"),
                limit=MAX_SCENARIOS,
                n=len(scenarios),
            )
        names = [n for n, _ in scenarios]
        if len(set(names)) < len(names):
            raise ScenarioError(f"{pid}: a scenario is named twice", N_("error_report_scenario_twice"))
    if named and overrides:
        raise ScenarioError(
            "give either saved scenarios or --set overrides, not both", N_("error_report_scenarios_and_set")
        )


def gather(
    catalog: Catalog,
    program_ids: Sequence[str],
    overrides: Mapping[str, Any] | None = None,
    replications: int = 20,
    seed: int = 0,
    lang: str = "zh",
    title: str | None = None,
    deterministic: bool = False,
    named: Named | None = None,
    actuals: Mapping[str, Observed] | None = None,
    unknowns: bool = True,
) -> ReportInputs:
    """Validate everything, then run each program's scenarios and its baseline.

    ``named`` gives programs their named scenarios (saved ones, see ``reports.api.saved_scenarios``);
    a program without gets the one scenario of ``overrides``, if they change it. ``actuals``: what the
    store holds of a program (``ActualsStore.observed``), compared with its main scenario (the plan).
    ``unknowns``: draw the assumed values too (and run each scenario by chance alone beside); False:
    chance alone.
    """
    if lang not in LANGS:
        raise ScenarioError(f"language must be zh or en, got {lang!r}")
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise ScenarioError(f"replications must be in [1, {MAX_REPLICATIONS}], got {replications}")
    if seed < 0:
        raise ScenarioError(f"seed must be a whole number >= 0, got {seed}")
    programs = _programs(catalog, program_ids)
    named = named or {}
    _named(programs, named, overrides or {})
    per_program = split_overrides(programs, overrides or {})
    scenarios: dict[str, list[tuple[str | None, Scenario]]] = {}
    for p in programs:  # validate every program before running any
        asked = named.get(p.id) or [(None, per_program[p.id])]
        try:
            made = [(name, make_scenario(p, o)) for name, o in asked]
        except ScenarioError as e:
            raise ScenarioError(f"{p.id}: {e}", e.code, **e.params) from None
        scenarios[p.id] = [(name, s) for name, s in made if name is not None or s.overrides]

    unknowns = unknowns and replications > 1  # one run is one world: there is no range to draw over

    def simulate(p: Program, scenario: Scenario, drawn: bool = unknowns) -> Result:
        return run(p, scenario, replications=replications, seed=seed, deterministic=deterministic, unknowns=drawn)

    def chance(p: Program, scenario: Scenario) -> Result | None:
        return simulate(p, scenario, False) if unknowns and not deterministic else None

    runs = []
    for p in programs:
        base = make_scenario(p)
        own = [ScenarioRun(name, s.overrides, simulate(p, s), chance(p, s)) for name, s in scenarios[p.id]]
        drivers = linear_shares(p, base, DRIVEN, seed) if unknowns else {}
        run_ = ProgramRun(p, program_dict(p), simulate(p, base), own, chance(p, base), drivers)
        observed = (actuals or {}).get(p.id)
        if observed is not None and not observed.empty:
            run_.plan_actual = compare(observed, run_.result)
        runs.append(run_)
    return ReportInputs(
        runs=runs,
        replications=replications,
        seed=seed,
        lang=lang,
        data_version=data_version(catalog, [p.id for p in programs]),
        generated=dt.datetime.now(dt.UTC).replace(microsecond=0),  # shown in Beijing time
        findings=run_audit(programs, include_ok=True),
        title=title,
        deterministic=deterministic,
        unknowns=unknowns,
    )
