"""What-if analyses on top of the runner: compare, sensitivity, goal seek, sweeps."""

from sim.results import KEY_FIGURES

from .compare import (
    BASELINE,
    MAX_SCENARIOS,
    Comparison,
    Drivers,
    check_scenarios,
    compare,
    comparison_of,
    driver_breakdown,
    lever_overrides,
    shapley,
)
from .goalseek import TRACE_COLUMNS, GoalResult, goal_seek
from .sensitivity import knob_low_high, tornado, two_way
from .sweep import OUTPUT_SUFFIXES, parse_grid, sweep, write_table

__all__ = [
    "BASELINE",
    "KEY_FIGURES",
    "MAX_SCENARIOS",
    "OUTPUT_SUFFIXES",
    "TRACE_COLUMNS",
    "Comparison",
    "Drivers",
    "GoalResult",
    "compare",
    "check_scenarios",
    "comparison_of",
    "driver_breakdown",
    "goal_seek",
    "knob_low_high",
    "lever_overrides",
    "parse_grid",
    "shapley",
    "sweep",
    "tornado",
    "two_way",
    "write_table",
]
