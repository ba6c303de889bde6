"""A finished model run as tidy tables, replications combined into typed summaries, the documents' rules checked."""

from .capacity import POOL_FIGURES, BusyDay, PoolSummary
from .checks import RuleCheck, rule_checks
from .deadlines import NOTICE, Deadline, DeadlineCheck, deadline_checks
from .export import result_dict
from .fields import FIELDS, Agg, FieldSpec, UndeclaredFigure, spec
from .figures import DateFigure, Figure
from .precision import FigurePrecision, Precision, half_width
from .result import Result
from .summary import (
    Budget,
    CashflowDay,
    EnrolmentDay,
    Events,
    Replicates,
    Selection,
    Stages,
    Summary,
    Totals,
    TrackSummary,
    UnitFigures,
    YearFigures,
    aggregate,
    flows_side_by_side,
    side_by_side,
    summary_of,
)
from .tables import ALL_YEARS, EVENTS, KEY_FIGURES, Layout, Phase, Replication, TrackInfo, key_figures, summarise

__all__ = [
    "FigurePrecision",
    "Precision",
    "half_width",
    "POOL_FIGURES",
    "BusyDay",
    "PoolSummary",
    "ALL_YEARS",
    "Agg",
    "Budget",
    "CashflowDay",
    "DateFigure",
    "Deadline",
    "DeadlineCheck",
    "EVENTS",
    "EnrolmentDay",
    "Events",
    "FIELDS",
    "FieldSpec",
    "Figure",
    "KEY_FIGURES",
    "Layout",
    "NOTICE",
    "Phase",
    "Replicates",
    "Replication",
    "Result",
    "RuleCheck",
    "Selection",
    "Stages",
    "Summary",
    "Totals",
    "TrackInfo",
    "TrackSummary",
    "UndeclaredFigure",
    "UnitFigures",
    "YearFigures",
    "aggregate",
    "deadline_checks",
    "key_figures",
    "result_dict",
    "rule_checks",
    "spec",
    "summarise",
    "flows_side_by_side",
    "side_by_side",
    "summary_of",
]
