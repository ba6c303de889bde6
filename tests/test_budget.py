"""The cost guard: a run's size (cells × replications) is known before it starts and checked against a budget."""

from __future__ import annotations

import pytest

from sim import make_scenario
from sim.run import DEFAULT_BUDGET, ENV_BUDGET, BudgetExceeded, check_budget, run_size


def test_sizes_by_hand(catalog):
    zj = catalog.program("zhejiang-2021h2")
    # Every bundled program fits the default budget 100 times over at the largest quota multiplier.
    for program in catalog.programs.values():
        assert run_size(program, make_scenario(program, {"quota_scale": 10}), 100).total <= DEFAULT_BUDGET
    # Jiangxi: 11 cities, each an allocated unit of one class schedule, one year.
    jx = catalog.program("jiangxi-2022")
    assert run_size(jx, make_scenario(jx), 1).cells == 11
    assert run_size(zj, make_scenario(zj, {"quota_scale": 2}), 1).cells == pytest.approx(
        2 * run_size(zj, make_scenario(zj), 1).cells, rel=0.01
    )


def test_the_link_that_starved_everyone_is_refused_with_its_numbers(henan):
    huge = make_scenario(henan, {"rural_quota": 100_000_000, "quota_scale": 10})
    with pytest.raises(BudgetExceeded) as e:
        check_budget(henan, huge, 4)
    cells = run_size(henan, huge, 1).cells
    # 1e8 rural teachers × 10 in classes of the rural track's size: twenty million classes.
    assert cells > 10_000_000
    assert f"{cells:,}" in str(e.value) and "--budget" in str(e.value) and ENV_BUDGET in str(e.value)
    assert check_budget(henan, huge, 4, budget=cells * 4).total == cells * 4  # the flag lifts it


def test_the_budget_from_the_environment(henan, monkeypatch):
    monkeypatch.setenv(ENV_BUDGET, "100")
    with pytest.raises(BudgetExceeded, match="budget of 100"):
        check_budget(henan, make_scenario(henan), 1)
    monkeypatch.setenv(ENV_BUDGET, "lots")
    with pytest.raises(Exception, match=ENV_BUDGET):
        check_budget(henan, make_scenario(henan), 1)


def test_limits_set_for_a_block_reach_every_run_inside_it(henan):
    from sim import run
    from sim.run import limited
    from sim.whatif import tornado

    with limited(budget=10), pytest.raises(BudgetExceeded, match="budget of 10"):
        run(henan, make_scenario(henan), replications=2)
    with limited(budget=10), pytest.raises(BudgetExceeded):
        tornado(henan, make_scenario(henan), replications=2)  # an analysis's many runs too
    assert run(henan, make_scenario(henan), replications=2).replications == 2  # outside the block: the default
