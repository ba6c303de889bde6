"""The shape of results: typed figures that are {mean, low, high} for one run or many, combined as declared."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from sim.results import FIELDS, Agg, Figure, UndeclaredFigure, aggregate, spec
from sim.results.summary import _combine
from sim.run import run, run_once
from sim.scenario import make_scenario


def test_a_figure_nobody_declared_is_refused_not_averaged():
    with pytest.raises(UndeclaredFigure, match="new_count"):
        spec("new_count")
    assert spec("cost:tuition") is FIELDS["cost"]  # a family covers its details
    assert spec("event:published").agg is Agg.DATE


def test_a_label_is_kept_and_must_agree_between_runs():
    labels = np.array([[5.0, 5.0, 5.0]])
    assert _combine(["budget:years"], labels) == [5.0]
    with pytest.raises(ValueError, match="label"):
        _combine(["budget:years"], np.array([[5.0, 4.0, 5.0]]))


def test_every_figure_of_every_program_is_declared(catalog):
    for program in catalog.programs.values():
        rep = run_once(program, make_scenario(program), seed=3)
        for figure in {k[3] for k in rep.keys}:
            spec(figure)


def test_one_run_and_many_give_the_same_types(catalog):
    program = catalog.program("guopei-2021-2025")
    one = run(program, make_scenario(program), deterministic=True).summary
    many = run(program, make_scenario(program), replications=3, seed=2, workers=1).summary
    assert isinstance(one.totals.cost_yuan, Figure) and isinstance(many.totals.cost_yuan, Figure)
    assert one.totals.cost_yuan.low == one.totals.cost_yuan.mean == one.totals.cost_yuan.high
    assert one.budget is not None and many.budget is not None and one.budget.years == many.budget.years == 5
    assert [dataclasses.fields(t.totals) for t in one.subprograms] == [
        dataclasses.fields(t.totals) for t in many.subprograms
    ]


def test_the_tidy_table_holds_every_replication_and_its_summary_agrees(catalog):
    program = catalog.program("henan-2021")
    scenario = make_scenario(program)
    result = run(program, scenario, replications=4, seed=9, workers=1)
    table = result.table
    assert list(table.columns) == ["replication", "track", "unit", "year", "figure", "value"]
    totals = table[(table.track == "") & (table.unit == "") & (table.year == 0) & (table.figure == "cost_yuan")]
    assert totals.replication.tolist() == [0, 1, 2, 3]
    assert result.summary.totals.cost_yuan == Figure.of(totals.value.to_numpy())
    assert aggregate([run_once(program, scenario, 9, r) for r in range(4)]) == result.summary
    checks = result.checks
    assert set(checks.replication) == {0, 1, 2, 3} and {"key", "code", "deadline", "simulated", "at_risk"} <= set(
        checks
    )


def test_results_compare_as_values(catalog):
    program = catalog.program("zhejiang-voc-2020")
    scenario = make_scenario(program)
    a, b = (run(program, scenario, replications=2, seed=5, workers=1) for _ in range(2))
    assert a == b  # the arrays inside compare by value, not elementwise into an error
    assert a != run(program, scenario, replications=2, seed=6, workers=1)
