"""The cost guard: a run's size is checked before it starts, so one request cannot hold the workers
for minutes and gigabytes (a link with ``rural_quota=100000000&quota_scale=10`` once did).

Size is cells × replications: a cell is a class or an allocated unit, and a replication's time and
memory grow with its cells. The bundled programs need at most 27,700 cells at the largest quota
multiplier (Zhejiang at ×10), so the default budget leaves room for 100 replications of that.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sim.base import N_, ScenarioError
from sim.catalog import Program
from sim.model import cell_estimate
from sim.scenario import Params, Scenario

ENV_BUDGET = "TT_RUN_BUDGET"
DEFAULT_BUDGET = 5_000_000  # cell-replications: about 30 s of one core at the cohort model's speed


class BudgetExceeded(ScenarioError):
    """A run larger than the budget; the message gives its size, the budget and how to raise it."""

    def __init__(self, program: str, cells: int, replications: int, budget: int):
        self.cells, self.replications, self.budget = cells, replications, budget
        super().__init__(
            f"{program}: this run would simulate {cells:,} classes or units × {replications:,} replication(s) "
            f"= {cells * replications:,}, over the budget of {budget:,}; lower the quotas, the multiplier or "
            f"the replications, or raise the budget with --budget N (or {ENV_BUDGET}=N)",
            N_("error_over_budget"),
            cells=cells,
            replications=replications,
            total=cells * replications,
            budget=budget,
            setting=ENV_BUDGET,
        )


@dataclass(frozen=True)
class Limits:
    """A caller's limits for every run it starts: cell-replications, and seconds (None: no limit)."""

    budget: int | None = None
    time_limit: float | None = None


NO_LIMITS = Limits()
_limits: ContextVar[Limits] = ContextVar("run_limits", default=NO_LIMITS)  # frozen, so safe to share


@contextmanager
def limited(budget: int | None = None, time_limit: float | None = None) -> Iterator[None]:
    """Runs started inside the block (by the runner or any what-if analysis) keep these limits.

    The dashboard wraps each page's work in it, so an analysis that starts many runs is held to the
    same time limit as a single run, without every analysis passing the limits along.
    """
    token = _limits.set(Limits(budget, time_limit))
    try:
        yield
    finally:
        _limits.reset(token)


def current_limits() -> Limits:
    return _limits.get()


@dataclass(frozen=True)
class RunSize:
    cells: int
    replications: int

    @property
    def total(self) -> int:
        return self.cells * self.replications


def budget_from_env() -> int:
    raw = os.environ.get(ENV_BUDGET)
    if raw is None:
        return DEFAULT_BUDGET
    try:
        value = int(raw)
    except ValueError:
        raise ScenarioError(
            f"{ENV_BUDGET}: expected a whole number of cell-replications, got {raw[:40]!r}",
            N_("error_budget_not_whole"),
            setting=ENV_BUDGET,
            got=repr(raw[:40]),
        ) from None
    if value < 1:
        raise ScenarioError(
            f"{ENV_BUDGET}: expected at least 1, got {value}", N_("error_budget_min"), setting=ENV_BUDGET, got=value
        )
    return value


def run_size(program: Program, scenario: Scenario, replications: int) -> RunSize:
    return RunSize(cell_estimate(program, Params(program, scenario)), replications)


def check_budget(program: Program, scenario: Scenario, replications: int, budget: int | None = None) -> RunSize:
    """The run's size, or BudgetExceeded when it is over ``budget`` (default: TT_RUN_BUDGET or 5,000,000)."""
    return check_sizes(program, Counter({scenario: replications}), budget)


def check_sizes(program: Program, runs: Mapping[Scenario, int], budget: int | None = None) -> RunSize:
    """``check_budget`` for several scenarios at once: ``runs`` counts the replications of each.

    The size reported is of the largest scenario, its replications being all of them (what decides
    the time is the sum of cells × replications).
    """
    if budget is None:
        budget = current_limits().budget
    limit = budget_from_env() if budget is None else budget
    sizes = {s: cell_estimate(program, Params(program, s)) for s in runs}
    total = sum(sizes[s] * n for s, n in runs.items())
    replications = sum(runs.values())
    cells = max(sizes.values(), default=0)
    if total > limit:
        raise BudgetExceeded(program.id, math.ceil(total / max(replications, 1)), replications, limit)
    return RunSize(cells, replications)
