"""Where a numeric knob may move, and which policy lever it belongs to.

Shared by sensitivity (how far to push a knob), goal seek (where to search) and compare (which
lever a change belongs to), so the three agree on a knob's range and meaning.
"""

from __future__ import annotations

from sim.catalog import DIMENSION_MAX, UNIT_DIMENSION, UNIT_MAX, Program

from .knobs import QUOTA_SCALE_MAX, Knob, driving_parameters, knobs

RATES = ("participation_rate", "attendance_rate", "completion_rate")
# The levers a decision-maker pulls, in the order the dashboard shows them; "other" is the rest
# (durations, dates, review and approval rates ...).
GROUPS = ("quota", "participation", "attendance", "completion", "fees", "other")
MIN_MULTIPLIER = 0.01  # multipliers must be positive; below 1% of a program nothing meaningful is left


def is_numeric(knob: Knob) -> bool:
    return UNIT_DIMENSION[knob.unit] != "date"


def bounds(knob: Knob) -> tuple[float, float]:
    """The values ``make_scenario`` accepts for this knob."""
    dim = UNIT_DIMENSION[knob.unit]
    low = MIN_MULTIPLIER if dim == "multiplier" else 0.0
    if knob.key.rsplit(".", 1)[-1] in ("class_size", "classes_per_project"):
        low = 1.0  # as make_scenario requires
    if knob.key == "quota_scale":
        return low, QUOTA_SCALE_MAX
    return low, float(UNIT_MAX.get(knob.unit, DIMENSION_MAX.get(dim, 1e13)))


def clip(knob: Knob, value: float) -> float:
    """``value`` moved into the knob's range; counts are whole numbers."""
    lo, hi = bounds(knob)
    value = min(max(float(value), lo), hi)
    return float(round(value)) if UNIT_DIMENSION[knob.unit] == "count" else value


def group(knob: Knob) -> str:
    """The lever a knob belongs to: seats (quota), one of the three rates, fee standards, or other."""
    leaf = knob.key.rsplit(".", 1)[-1]
    if knob.key == "quota_scale" or UNIT_DIMENSION[knob.unit] == "count":
        return "quota"
    if leaf in RATES:
        return leaf.removesuffix("_rate")
    if knob.unit.startswith("yuan/"):
        return "fees"
    return "other"


def fee_keys(program: Program) -> list[str]:
    """Fee standards (yuan per person, day, hour or studio) the model reads."""
    return [pid for pid in driving_parameters(program) if program.parameters[pid].unit.startswith("yuan/")]


def dashboard_keys(program: Program) -> list[str]:
    """The program-wide knobs the scenario page offers: quota multiplier, the three rates, fee standards."""
    valid = knobs(program)
    return ["quota_scale", *[r for r in RATES if r in valid], *fee_keys(program)]
