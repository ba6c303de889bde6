"""What every report format is computed from: the runs of the scenario and of the documented baseline.

Overrides for several programs (``--set KEY=VALUE``): a plain key goes to every listed program
that has a knob of that name; ``PROGRAM_ID:KEY`` sends it to one program only. A key that no
listed program has is a ScenarioError naming the key and the programs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.base import ScenarioError
from sim.catalog import Catalog, Finding, Program, data_version, program_dict, run_audit
from sim.results import Result
from sim.run import MAX_REPLICATIONS, run
from sim.scenario import knobs, make_scenario
from sim.text import LANGS, text


@dataclass
class ProgramRun:
    program: Program
    view: dict[str, Any]  # program_dict: document, sub-programs, parameters with provenance
    overrides: dict[str, Any]  # the validated overrides this program received
    result: Result
    baseline: Result  # documented defaults, same seed and replications

    @property
    def changed(self) -> bool:
        return bool(self.overrides)


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


def interval_text(inputs: ReportInputs) -> str:
    """What the figures are: a 95% range over replications, one run, or expected values."""
    lang = inputs.lang
    if inputs.deterministic:
        return text("expected_values", lang)
    return text("interval_note", lang, n=inputs.replications) if inputs.replications > 1 else text("single_run", lang)


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


def gather(
    catalog: Catalog,
    program_ids: Sequence[str],
    overrides: Mapping[str, Any] | None = None,
    replications: int = 20,
    seed: int = 0,
    lang: str = "zh",
    title: str | None = None,
    deterministic: bool = False,
) -> ReportInputs:
    """Validate everything, then run each program in the scenario and, where it differs, the baseline."""
    if lang not in LANGS:
        raise ScenarioError(f"language must be zh or en, got {lang!r}")
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise ScenarioError(f"replications must be in [1, {MAX_REPLICATIONS}], got {replications}")
    if seed < 0:
        raise ScenarioError(f"seed must be a whole number >= 0, got {seed}")
    programs = _programs(catalog, program_ids)
    per_program = split_overrides(programs, overrides or {})
    scenarios = {}
    for p in programs:  # validate every program before running any
        try:
            scenarios[p.id] = make_scenario(p, per_program[p.id])
        except ScenarioError as e:
            raise ScenarioError(f"{p.id}: {e}", e.code, **e.params) from None
    runs = []
    for p in programs:
        scenario = scenarios[p.id]
        result = run(p, scenario, replications=replications, seed=seed, deterministic=deterministic)
        baseline = (
            run(p, make_scenario(p), replications=replications, seed=seed, deterministic=deterministic)
            if scenario.overrides
            else result
        )
        runs.append(ProgramRun(p, program_dict(p), scenario.overrides, result, baseline))
    return ReportInputs(
        runs=runs,
        replications=replications,
        seed=seed,
        lang=lang,
        data_version=data_version(catalog, [p.id for p in programs]),
        generated=dt.datetime.now(dt.UTC).replace(microsecond=0),
        findings=run_audit(programs, include_ok=True),
        title=title,
        deterministic=deterministic,
    )
