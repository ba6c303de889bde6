"""A finished model run turned into figures, replications into intervals, and the documents' rules checked."""

from .checks import rule_checks
from .figures import mean, spread
from .summary import (
    KEY_FIGURES,
    aggregate,
    aggregate_cashflow,
    aggregate_deadlines,
    aggregate_enrolment,
    interval,
    key_figures,
    summarise,
    unit_totals,
)

__all__ = [
    "aggregate",
    "aggregate_cashflow",
    "aggregate_deadlines",
    "aggregate_enrolment",
    "interval",
    "rule_checks",
    "summarise",
    "unit_totals",
    "KEY_FIGURES",
    "key_figures",
    "mean",
    "spread",
]
