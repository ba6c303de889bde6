"""Running the model: one replication, many on local processes or a Dask cluster, and the run limits."""

from .budget import (
    DEFAULT_BUDGET,
    ENV_BUDGET,
    BudgetExceeded,
    Limits,
    RunSize,
    check_budget,
    check_sizes,
    limited,
    run_size,
)
from .executor import Job, ProgressFn, RunTimeout, on_pool, run_jobs, shared_pool
from .once import run_once, run_reference
from .precision import DEFAULT_CAP, DEFAULT_PRECISION, run_to_precision
from .runner import MAX_REPLICATIONS, SEED_MAX, effective_values, replicate, run
from .unknowns import Unknown, drawn_scenarios, unknowns, world

__all__ = [
    "DEFAULT_CAP",
    "DEFAULT_PRECISION",
    "run_to_precision",
    "Unknown",
    "drawn_scenarios",
    "unknowns",
    "world",
    "DEFAULT_BUDGET",
    "ENV_BUDGET",
    "BudgetExceeded",
    "Limits",
    "RunSize",
    "RunTimeout",
    "check_budget",
    "check_sizes",
    "limited",
    "run_size",
    "Job",
    "MAX_REPLICATIONS",
    "SEED_MAX",
    "ProgressFn",
    "effective_values",
    "on_pool",
    "replicate",
    "run",
    "run_jobs",
    "run_once",
    "run_reference",
    "shared_pool",
]
