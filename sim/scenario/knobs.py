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

from sim.base import ScenarioError, shown
from sim.catalog import MODEL_PARAMETERS, SLOT_UNIT, UNIT_DIMENSION, Program, Quantity, Ref, Track, check_value

QUOTA_SCALE_MAX = 10.0


@dataclass(frozen=True)
class Knob:
    key: str
    unit: str
    default: Any
    zh: str
    en: str
    assumed: bool

    def label(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en

    @property
    def range_text(self) -> str:
        dim = UNIT_DIMENSION[self.unit]
        if self.key == "quota_scale":
            return f"(0, {QUOTA_SCALE_MAX:g}]"
        return {"ratio": "[0, 1]", "date": "YYYY-MM-DD", "multiplier": "> 0", "count": "whole number >= 0"}.get(
            dim, ">= 0"
        )


def _names(pid: str, q: Quantity) -> tuple[str, str]:
    if q.names:
        return q.names.zh, q.names.en
    meta = MODEL_PARAMETERS.get(pid)
    return (meta.zh, meta.en) if meta else (pid, pid)


def driving_parameters(program: Program) -> list[str]:
    """Parameter ids the model reads: those tracks point at, and the model's own parameters.

    The others are documented facts (an age limit, a team's make-up) shown with their source;
    changing them would change nothing, so they are not scenario knobs.
    """
    refs = set(MODEL_PARAMETERS)
    for t in program.tracks:
        values = [getattr(t, slot, None) for slot in SLOT_UNIT]
        values += [x for s in t.suppliers or [] for x in (s.institutions, s.project_cap)]
        values += [line.rate for line in t.cost_lines]
        refs |= {v.param for v in values if isinstance(v, Ref)}
    return [pid for pid in program.parameters if pid in refs]


def knobs(program: Program) -> dict[str, Knob]:
    """Every key a scenario may set for this program, with its unit and documented default."""
    out: dict[str, Knob] = {
        "quota_scale": Knob(
            "quota_scale", "multiplier", 1.0, "名额/限额缩放倍数", "multiplier on all quotas and caps", False
        )
    }
    for pid in driving_parameters(program):
        q = program.parameters[pid]
        zh, en = _names(pid, q)
        out[pid] = Knob(pid, q.unit, q.value, zh, en, q.assumed)
    model_ids = [pid for pid in MODEL_PARAMETERS if pid in program.parameters]
    for t in program.tracks:
        for slot in SLOT_UNIT:
            v = getattr(t, slot, None)
            if isinstance(v, Quantity):
                out[f"{t.id}.{slot}"] = Knob(
                    f"{t.id}.{slot}", v.unit, v.value, f"{t.names.zh}·{slot}", f"{t.names.en}: {slot}", v.assumed
                )
        for pid in dict.fromkeys([*model_ids, *t.parameters]):
            q = t.parameters.get(pid) or program.parameters[pid]
            meta = MODEL_PARAMETERS[pid]
            out[f"{t.id}.{pid}"] = Knob(
                f"{t.id}.{pid}", q.unit, q.value, f"{t.names.zh}·{meta.zh}", f"{t.names.en}: {meta.en}", q.assumed
            )
    for m in program.milestones:
        for end in ("start", "end"):
            value = getattr(m, end)
            if value is not None:
                out[f"{m.id}.{end}"] = Knob(
                    f"{m.id}.{end}",
                    "date",
                    value,
                    f"{m.names.zh}（{'开始' if end == 'start' else '结束'}）",
                    f"{m.names.en} ({end})",
                    m.assumed,
                )
    return out


def _valid_keys_text(program: Program, valid: dict[str, Knob]) -> str:
    """Valid keys, grouped so the list stays readable: program keys with ranges, then the patterns."""
    tracks = [t.id for t in program.tracks]
    milestones = [m.id for m in program.milestones]
    plain = [f"{k} {v.range_text}" for k, v in valid.items() if "." not in k]
    rates = sorted({k.split(".", 1)[1] for k in valid if k.split(".", 1)[0] in tracks})
    return (
        f"valid keys: {', '.join(plain)}; per track: TRACK.KEY with TRACK in [{', '.join(tracks)}] "
        f"and KEY in [{', '.join(rates)}]; dates: MILESTONE.start|end (YYYY-MM-DD) with MILESTONE in "
        f"[{', '.join(milestones)}]"
    )


def _parse(knob: Knob, raw: Any) -> Any:
    if knob.unit == "date":
        try:
            day = raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))
        except ValueError:
            raise ScenarioError(f"{knob.key}: expected a date YYYY-MM-DD, got {shown(str(raw))}") from None
        problem = check_value("date", day)
        if problem:
            raise ScenarioError(f"{knob.key}: {problem}")
        return day
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ScenarioError(f"{knob.key}: expected a number in {knob.unit}, got {shown(raw)}") from None
    if value.is_integer() and UNIT_DIMENSION[knob.unit] == "count":
        value = int(value)
    problem = check_value(knob.unit, value)
    if problem is None and knob.key == "quota_scale" and value > QUOTA_SCALE_MAX:
        problem = f"expected at most {QUOTA_SCALE_MAX:g}, got {value:g}"
    if problem is None and knob.key.rsplit(".", 1)[-1] in ("class_size", "classes_per_project") and value < 1:
        problem = f"expected at least 1, got {value:g}"
    if problem:
        raise ScenarioError(f"{knob.key}: {problem} (valid: {knob.range_text} {knob.unit})")
    return value


def _check_dates(program: Program, overrides: dict[str, Any]) -> None:
    for m in program.milestones:
        start = overrides.get(f"{m.id}.start", m.start)
        end = overrides.get(f"{m.id}.end", m.end)
        if start is not None and end < start:
            raise ScenarioError(f"{m.id}: end {end} is before start {start}")


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
            raise ScenarioError(
                f"{shown(key)} is a documented fact of {program.id} that no part of the model reads, "
                f"so changing it would change nothing; {_valid_keys_text(program, valid)}"
            )
        if knob is None:
            raise ScenarioError(f"unknown key {shown(key)} for {program.id}; {_valid_keys_text(program, valid)}")
        parsed[key] = _parse(knob, raw)
    _check_dates(program, parsed)
    return Scenario(program.id, tuple(sorted(parsed.items())))


class Params:
    """Effective values for one (program, scenario): what the model reads."""

    def __init__(self, program: Program, scenario: Scenario):
        if scenario.program_id != program.id:
            raise ScenarioError(f"scenario is for {scenario.program_id!r}, not {program.id!r}")
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
