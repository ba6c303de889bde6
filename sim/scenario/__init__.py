"""Scenarios: the knobs a program offers, validated overrides, and the effective values the model reads."""

from .knobs import Knob, Params, Scenario, driving_parameters, knobs, make_scenario
from .space import GROUPS, RATES, bounds, clip, dashboard_keys, fee_keys, group, is_numeric

__all__ = [
    "GROUPS",
    "Knob",
    "Params",
    "RATES",
    "Scenario",
    "bounds",
    "clip",
    "dashboard_keys",
    "driving_parameters",
    "fee_keys",
    "group",
    "is_numeric",
    "knobs",
    "make_scenario",
]
