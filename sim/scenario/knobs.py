"""Scenarios: validated, immutable overrides on top of a program's documented values.

Keys are ``quota_scale``, any program parameter id (``fee_face``), a track value
(``trainer.quota``), a model rate for one track (``order-based.participation_rate``)
or a milestone date (``round2.end``). Precedence for model rates: a track key
beats the track's own data value, which beats the program-wide key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sim.base import N_, ScenarioError, Worded, shown
from sim.catalog import (
    DATE_MAX,
    DATE_MIN,
    MODEL_PARAMETERS,
    SLOT_UNIT,
    SUPPLIER_SLOTS,
    UNIT_DIMENSION,
    Names,
    Program,
    Quantity,
    Range,
    Ref,
    Track,
    check_value,
)

QUOTA_SCALE_MAX = 10.0


@dataclass(frozen=True)
class Knob:
    """A key a scenario may set. Its words are a message key (``sim.text`` words it), filled with the
    names of the track or milestone it belongs to and a second message (the track's slot or rate).
    ``range`` is where the data says an assumed value plausibly lies (None for a fixed value)."""

    key: str
    unit: str
    default: Any
    assumed: bool
    message: str
    names: Names | None = None
    part: str | None = None
    range: Range | None = None

    @property
    def range_text(self) -> str:
        dim = UNIT_DIMENSION[self.unit]
        if self.key == "quota_scale":
            return f"(0, {QUOTA_SCALE_MAX:g}]"
        return {"ratio": "[0, 1]", "date": "YYYY-MM-DD", "multiplier": "> 0", "count": "0, 1, 2, …"}.get(dim, ">= 0")


# The words of a track's own quantities, as knobs ("{track}: seats").
SLOT_LABEL = {
    "quota": N_("slot_quota"),
    "eligible": N_("slot_eligible"),
    "projects": N_("slot_projects"),
    "class_size": N_("slot_class_size"),
    "classes_per_project": N_("slot_classes_per_project"),
    "face_days": N_("slot_face_days"),
    "online_hours": N_("slot_online_hours"),
    "years": N_("slot_years"),
    "studios": N_("slot_studios"),
    "candidate_ratio": N_("slot_candidate_ratio"),
    "credits_per_completion": N_("slot_credits_per_completion"),
    "counties": N_("slot_counties"),
    "hours_per_credit": N_("slot_hours_per_credit"),
    "studio_members": N_("slot_studio_members"),
    "per_host_studio": N_("slot_per_host_studio"),
    "institutions": N_("slot_institutions"),
    "project_cap": N_("slot_project_cap"),
    "leaders_per_institution": N_("slot_leaders_per_institution"),
}
MILESTONE_END_LABEL = {"start": N_("knob_milestone_start"), "end": N_("knob_milestone_end")}


def _parameter_knob(pid: str, q: Quantity) -> Knob:
    if q.names:
        return Knob(pid, q.unit, q.value, q.assumed, N_("knob_named"), q.names, range=q.range)
    return Knob(pid, q.unit, q.value, q.assumed, MODEL_PARAMETERS[pid].label, range=q.range)


def driving_parameters(program: Program) -> list[str]:
    """Parameter ids the model reads: those tracks point at, and the model's own parameters.

    The others are documented facts (an age limit, a team's make-up) shown with their source;
    changing them would change nothing, so they are not scenario knobs.
    """
    refs = set(MODEL_PARAMETERS)
    for t in program.tracks:
        values = [getattr(t, slot, None) for slot in SLOT_UNIT]
        values += [getattr(s, slot) for s in t.suppliers or [] for slot in SUPPLIER_SLOTS]
        values += [line.rate for line in t.cost_lines]
        refs |= {v.param for v in values if isinstance(v, Ref)}
    capacity = program.capacity
    refs |= {r.param for pool in capacity.delivery for r in (pool.classes_each, pool.institutions) if r is not None}
    refs |= {board.projects_per_day.param for board in capacity.review}
    return [pid for pid in program.parameters if pid in refs]


def knobs(program: Program) -> dict[str, Knob]:
    """Every key a scenario may set for this program, with its unit and documented default."""
    out: dict[str, Knob] = {"quota_scale": Knob("quota_scale", "multiplier", 1.0, False, N_("knob_quota_scale"))}
    for pid in driving_parameters(program):
        out[pid] = _parameter_knob(pid, program.parameters[pid])
    model_ids = [pid for pid in MODEL_PARAMETERS if pid in program.parameters]
    for t in program.tracks:
        for slot in SLOT_UNIT:
            v = getattr(t, slot, None)
            if isinstance(v, Quantity):
                key = f"{t.id}.{slot}"
                out[key] = Knob(
                    key, v.unit, v.value, v.assumed, N_("knob_of_track"), t.names, SLOT_LABEL[slot], v.range
                )
        for pid in dict.fromkeys([*model_ids, *t.parameters]):
            q = t.parameters.get(pid) or program.parameters[pid]
            key = f"{t.id}.{pid}"
            label = MODEL_PARAMETERS[pid].label
            out[key] = Knob(key, q.unit, q.value, q.assumed, N_("knob_of_track"), t.names, label, q.range)
    for m in program.milestones:
        for end in ("start", "end"):
            value = getattr(m, end)
            if value is not None:
                key = f"{m.id}.{end}"
                out[key] = Knob(key, "date", value, m.assumed, MILESTONE_END_LABEL[end], m.names)
    return out


def _valid_keys(program: Program, valid: dict[str, Knob]) -> Worded:
    """Valid keys, grouped so the list stays readable: program keys with ranges, then the patterns."""
    tracks = [t.id for t in program.tracks]
    milestones = [m.id for m in program.milestones]
    plain = [f"{k} {v.range_text}" for k, v in valid.items() if "." not in k]
    rates = sorted({k.split(".", 1)[1] for k in valid if k.split(".", 1)[0] in tracks})
    lists = {"keys": plain, "tracks": tracks, "rates": rates, "milestones": milestones}
    return Worded(
        f"valid keys: {', '.join(plain)}; per track: TRACK.KEY with TRACK in [{', '.join(tracks)}] "
        f"and KEY in [{', '.join(rates)}]; dates: MILESTONE.start|end (YYYY-MM-DD) with MILESTONE in "
        f"[{', '.join(milestones)}]",
        N_("error_valid_keys"),
        **{name: ", ".join(items) for name, items in lists.items()},
    )


def _parse(knob: Knob, raw: Any) -> Any:
    if knob.unit == "date":
        try:
            day = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ScenarioError(
                f"{knob.key}: expected a date YYYY-MM-DD, got {shown(str(raw))}",
                N_("error_not_a_date"),
                setting=knob.key,
                raw=shown(str(raw)),
            ) from None
        if check_value("date", day):
            raise ScenarioError(
                f"{knob.key}: {check_value('date', day)}",
                N_("error_date_out_of_window"),
                setting=knob.key,
                value=day.isoformat(),
                low=DATE_MIN.isoformat(),
                high=DATE_MAX.isoformat(),
            )
        return day
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ScenarioError(
            f"{knob.key}: expected a number in {knob.unit}, got {shown(raw)}",
            N_("error_not_a_number"),
            setting=knob.key,
            raw=shown(raw),
        ) from None
    if value.is_integer() and UNIT_DIMENSION[knob.unit] == "count":
        value = int(value)
    problem = check_value(knob.unit, value)
    if problem is None and knob.key == "quota_scale" and value > QUOTA_SCALE_MAX:
        problem = f"expected at most {QUOTA_SCALE_MAX:g}, got {value:g}"
    if problem is None and knob.key.rsplit(".", 1)[-1] in ("class_size", "classes_per_project") and value < 1:
        problem = f"expected at least 1, got {value:g}"
    if problem:
        raise ScenarioError(
            f"{knob.key}: {problem} (valid: {knob.range_text} {knob.unit})",
            N_("error_out_of_range"),
            setting=knob.key,
            value=shown(raw),
            range=knob.range_text,
        )
    return value


def _check_dates(program: Program, overrides: dict[str, Any]) -> None:
    for m in program.milestones:
        start = overrides.get(f"{m.id}.start", m.start)
        end = overrides.get(f"{m.id}.end", m.end)
        if start is not None and end < start:
            raise ScenarioError(
                f"{m.id}: end {end} is before start {start}",
                N_("error_milestone_dates"),
                milestone=m.id,
                end=end,
                start=start,
            )


@dataclass(frozen=True)
class Scenario:
    program_id: str
    items: tuple[tuple[str, Any], ...] = ()  # sorted (key, value) pairs: hashable and picklable

    @property
    def overrides(self) -> dict[str, Any]:
        return dict(self.items)


def make_scenario(program: Program, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Validate ``overrides`` against the program's knobs; raises ScenarioError listing valid keys."""
    valid = knobs(program)
    parsed: dict[str, Any] = {}
    for key, raw in (overrides or {}).items():
        knob = valid.get(key)
        if knob is None and key in program.parameters:
            listed = _valid_keys(program, valid)
            raise ScenarioError(
                f"{shown(key)} is a documented fact of {program.id} that no part of the model reads, "
                f"so changing it would change nothing; {listed}",
                N_("error_documented_fact"),
                setting=shown(key),
                valid=listed,
            )
        if knob is None:
            listed = _valid_keys(program, valid)
            raise ScenarioError(
                f"unknown key {shown(key)} for {program.id}; {listed}",
                N_("error_unknown_key"),
                setting=shown(key),
                valid=listed,
            )
        parsed[key] = _parse(knob, raw)
    _check_dates(program, parsed)
    return Scenario(program.id, tuple(sorted(parsed.items())))


class Params:
    """Effective values for one (program, scenario): what the model reads."""

    def __init__(self, program: Program, scenario: Scenario):
        if scenario.program_id != program.id:
            raise ScenarioError(
                f"scenario is for {scenario.program_id!r}, not {program.id!r}",
                N_("error_scenario_other_program"),
                scenario_program=scenario.program_id,
                program=program.id,
            )
        self.program = program
        self.o = scenario.overrides  # a private copy
        self.quota_scale = float(self.o.get("quota_scale", 1.0))

    def param(self, pid: str, default: Any = None) -> Any:
        if pid in self.o:
            return self.o[pid]
        q = self.program.parameters.get(pid)
        return default if q is None else q.value

    def slot(self, track: Track, slot: str, value: Quantity | Ref | None = None) -> Any:
        """A track quantity (``quota``, ``face_days`` ...), honouring overrides of the parameter it points at."""
        value = getattr(track, slot) if value is None else value
        if isinstance(value, Ref):
            return self.param(value.param)
        key = f"{track.id}.{slot}"
        if key in self.o:
            return self.o[key]
        q = self.program.resolve(value)
        return None if q is None else q.value

    def rate(self, track: Track, pid: str, default: Any = None) -> Any:
        key = f"{track.id}.{pid}"
        if key in self.o:
            return self.o[key]
        if pid in track.parameters:
            return track.parameters[pid].value
        return self.param(pid, default)

    def date(self, milestone_id: str, end: str, default: dt.date | None) -> dt.date | None:
        return self.o.get(f"{milestone_id}.{end}", default)
