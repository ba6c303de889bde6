"""Saved-scenario records and their exchange files (JSON or YAML).

A file holds ``{"format": "tt-scenarios/1", "scenarios": [{program, name, overrides, seed,
replications, note}, ...]}``. Unknown keys are refused, and every override is checked against the
program's knobs (``make_scenario``), so a file that imports cleanly runs cleanly. Problems raise
:class:`~sim.base.DataError` naming the file, the field path (``scenarios[2].overrides.quota_scale``)
and what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, ValidationError, field_validator

from sim.base import (
    N_,
    DataError,
    ScenarioError,
    UnknownProgram,
    at_line,
    checked_output,
    read_text,
    write_atomically,
)
from sim.catalog import Catalog, pydantic_error, read_yaml
from sim.run import MAX_REPLICATIONS, SEED_MAX
from sim.scenario import Scenario, make_scenario

FORMAT = "tt-scenarios/1"
FILE_SUFFIXES = (".json", ".yaml", ".yml")
FILE_MAX_SCENARIOS = 2_000  # a bureau's library, not a dump: 50,000 made the saved page take 42 s
SCENARIO_FILE_MAX_BYTES = 5_000_000  # thousands of scenarios; more is a mistake, not a library

OverrideValue = StrictInt | StrictFloat | dt.date | str
NAME_MAX = 200
NOTE_MAX = 2000


class ScenarioSpec(BaseModel):
    """What a planner saves: a program's knob overrides with the seed and replications to run them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    program: str = Field(min_length=1, max_length=100)
    name: str = Field(min_length=1, max_length=NAME_MAX)
    overrides: dict[str, OverrideValue] = Field(default_factory=dict)
    seed: int = Field(default=0, ge=0, le=SEED_MAX)
    replications: int = Field(default=20, ge=1, le=MAX_REPLICATIONS)
    note: str = Field(default="", max_length=NOTE_MAX)

    @field_validator("name")
    @classmethod
    def _trimmed(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("expected a name with at least one visible character")
        if not v.isprintable():
            raise ValueError("expected a name without control characters")
        return v

    @field_validator("note")
    @classmethod
    def _plain(cls, v: str) -> str:
        # Line breaks and tabs are fine in a note; other control characters (ANSI escapes, NUL) are not.
        if not v.replace("\n", "").replace("\t", "").isprintable():
            raise ValueError("expected a note without control characters (line breaks and tabs are fine)")
        return v


class SavedScenario(ScenarioSpec):
    """A spec as stored: ``version`` goes up by one on every change (optimistic concurrency)."""

    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    created_by: str
    updated_by: str

    def spec(self) -> ScenarioSpec:
        """The saved fields without the bookkeeping, e.g. to change and save again."""
        return ScenarioSpec(**self.model_dump(include=set(ScenarioSpec.model_fields)))


class ScenarioFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["tt-scenarios/1"]
    scenarios: list[ScenarioSpec]


class LocatedScenarioError(ScenarioError):
    """A ScenarioError that also names the spec's field (``program``, ``overrides.KEY``); its words are its cause's."""

    def __init__(self, field: str, cause: ScenarioError):
        self.field = field
        super().__init__(str(cause), cause.code, **cause.params)


def checked_scenario(catalog: Catalog, spec: ScenarioSpec) -> Scenario:
    """The validated scenario, or a LocatedScenarioError naming the offending field."""
    try:
        program = catalog.program(spec.program)
    except UnknownProgram as e:
        raise LocatedScenarioError("program", e) from None
    for key, value in spec.overrides.items():  # one at a time, so the error names the key
        try:
            make_scenario(program, {key: value})
        except ScenarioError as e:
            raise LocatedScenarioError(f"overrides.{key}", e) from None
    try:
        return make_scenario(program, spec.overrides)  # checks that only hold together (date order)
    except ScenarioError as e:
        raise LocatedScenarioError("overrides", e) from None


def normalised(spec: ScenarioSpec, scenario: Scenario) -> ScenarioSpec:
    """The spec with overrides as the model reads them (numbers parsed, dates as YYYY-MM-DD)."""
    values = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in scenario.overrides.items()}
    return ScenarioSpec(**{**spec.model_dump(include=set(ScenarioSpec.model_fields)), "overrides": values})


def read_scenario_file(path: Path | str, catalog: Catalog) -> list[ScenarioSpec]:
    """Validated, normalised specs from a JSON or YAML file; DataError locating the first problem."""
    path = Path(path)
    file = str(path)
    if path.suffix.lower() not in FILE_SUFFIXES:
        suffixes = ", ".join(FILE_SUFFIXES)
        raise DataError(
            file, "", f"expected a file name ending in {suffixes}", N_("error_output_suffix"), suffixes=suffixes
        )
    raw = _read_json(path) if path.suffix.lower() == ".json" else read_yaml(path, SCENARIO_FILE_MAX_BYTES)
    if not isinstance(raw, dict):
        raise DataError(
            file,
            "",
            f"expected a mapping with `format: {FORMAT}` and `scenarios: [...]`",
            N_("error_scenario_file_shape"),
            format=FORMAT,
        )
    count = len(raw.get("scenarios") or []) if isinstance(raw.get("scenarios"), list) else 0
    if count > FILE_MAX_SCENARIOS:
        raise DataError(
            file,
            "scenarios",
            f"expected at most {FILE_MAX_SCENARIOS:,} scenarios in one file, got {count:,}",
            N_("error_too_many_scenarios"),
            top=FILE_MAX_SCENARIOS,
            got=count,
        )
    try:
        parsed = ScenarioFile.model_validate(raw)
    except ValidationError as e:
        raise pydantic_error(file, e, keys_doc="sim/store/files.py") from None
    seen: dict[tuple[str, str], int] = {}
    out = []
    for i, spec in enumerate(parsed.scenarios):
        where = f"scenarios[{i}]"
        first = seen.setdefault((spec.program, spec.name), i)
        if first != i:
            raise DataError(
                file,
                f"{where}.name",
                f"expected a name unique per program; {spec.name!r} is also scenarios[{first}]",
                N_("error_name_not_unique"),
                name=spec.name,
                first=first,
            )
        try:
            scenario = checked_scenario(catalog, spec)
        except LocatedScenarioError as e:
            raise DataError(file, f"{where}.{e.field}", str(e), e.code, **e.params) from None
        out.append(normalised(spec, scenario))
    return out


def _read_json(path: Path) -> Any:
    text = read_text(path, max_bytes=SCENARIO_FILE_MAX_BYTES)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise DataError(
            str(path), at_line(e.lineno), f"not valid JSON: {e.msg}", N_("error_not_json"), problem=e.msg
        ) from None


def write_scenario_file(path: Path | str, specs: Sequence[ScenarioSpec]) -> Path:
    """Write specs as JSON or YAML (by the suffix), atomically."""
    path = checked_output(path, FILE_SUFFIXES)
    doc: Mapping[str, Any] = {
        "format": FORMAT,
        "scenarios": [s.model_dump(include=set(ScenarioSpec.model_fields), mode="json") for s in specs],
    }
    if path.suffix.lower() == ".json":
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    else:
        text = yaml.safe_dump(dict(doc), allow_unicode=True, sort_keys=False)
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


AUDIT_SUFFIXES = (".csv", ".json")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_audit_file(path: Path | str, rows: Sequence[Mapping[str, Any]]) -> Path:
    """The audit log as CSV (one row a change, before/after as JSON text) or JSON, atomically.

    A CSV cell that a spreadsheet would read as a formula (a name like ``=HYPERLINK(...)``) is
    written with a leading apostrophe, so opening the export runs nothing.
    """
    path = checked_output(path, AUDIT_SUFFIXES)
    records = [{k: _plain(v) for k, v in row.items()} for row in rows]
    if path.suffix.lower() == ".json":
        text = json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]) if records else ["at"], lineterminator="\n")
        writer.writeheader()
        for r in records:
            writer.writerow(
                {k: _inert(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else v) for k, v in r.items()}
            )
        text = buffer.getvalue()
    write_atomically(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return path


def _plain(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.datetime) else v


def _inert(v: Any) -> Any:
    return "'" + v if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v
