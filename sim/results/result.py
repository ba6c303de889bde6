"""A run's result: its summary, and its replications as tidy tables.

The tables are laid out the first time they are read: a command-line run or a dashboard page that
only shows the summary never pays for them, nor imports pandas. Dated flows are in the summary
(``cashflow``, ``enrolment``: per day, mean and range over the runs).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from .deadlines import DeadlineCheck
from .precision import Precision
from .summary import Replicates, Summary
from .tables import FIGURE_COLUMNS

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Result:
    program: str
    names: dict[str, str]
    scenario: dict[str, Any]  # every knob's value as the model used it
    overrides: dict[str, Any]
    deterministic: bool
    replications: int
    seed: int
    summary: Summary
    replicates: Replicates
    unknowns: bool = False  # the intervals hold the open values' ranges too (sim.run.unknowns)
    precision: Precision | None = None  # how well the means are known, for a run to a precision (sim.run.precision)
    calibrated: bool = False  # some unknowns drawn from ranges the actuals narrowed (sim.actuals.calibrate)

    def per_replication(self, figure: str) -> np.ndarray:
        """A program total (``cost_yuan``, ``fill_rate`` …) in every replication (the first rows)."""
        return self.replicates.values[self.replicates.keys.index(("", "", 0, figure))]

    @cached_property
    def table(self) -> pd.DataFrame:
        """Every replication's figures, one row each: "replication" + FIGURE_COLUMNS (dates as day ordinals)."""
        import pandas as pd

        r = self.replicates
        n, keys = r.count, r.keys
        table = pd.DataFrame({"replication": np.repeat(np.arange(n), len(keys))})
        for j, column in enumerate(FIGURE_COLUMNS[:-1]):
            labels = [k[j] for k in keys]
            if column == "year":
                table[column] = np.tile(np.array(labels, dtype=int), n)
            else:  # as categories: a many-replication table repeats the same few thousand labels
                codes, categories = pd.factorize(pd.Series(labels))
                table[column] = pd.Categorical.from_codes(np.tile(codes, n), categories=categories)
        table["value"] = r.values.T.ravel()
        return table

    @cached_property
    def checks(self) -> pd.DataFrame:
        """Every replication's deadline checks: "replication", DeadlineCheck's fields and "at_risk"."""
        import pandas as pd

        columns = [f.name for f in fields(DeadlineCheck)]
        rows = [
            (i, *(getattr(c, k) for k in columns), c.at_risk)
            for i, checks in enumerate(self.replicates.checks)
            for c in checks
        ]
        return pd.DataFrame(rows, columns=["replication", *columns, "at_risk"])
