"""Goal seek: hand-checked answers, budget caps, unreachable targets, uncertainty and the trace."""

from __future__ import annotations

import math

import pytest

from sim.base import ScenarioError
from sim.scenario import make_scenario
from sim.whatif import TRACE_COLUMNS, goal_seek
from tests.documented import FULL, HENAN_COST_AT_FULL


def test_quota_for_a_completion_target_by_hand(henan):
    """At full rates every one of the 12,500 seats completes, and cost is linear in the quota multiplier."""
    full = make_scenario(henan, FULL)
    g = goal_seek(henan, full, 10_000, deterministic=True, budget_cap=0.8 * HENAN_COST_AT_FULL + 1)
    assert g.status == "reached"
    assert g.value_at_probability == pytest.approx(10_000 / 12_500, abs=1e-9)
    assert g.cost_at_value.mean == pytest.approx(0.8 * HENAN_COST_AT_FULL)
    assert list(g.trace.columns) == TRACE_COLUMNS and g.trace.step.is_monotonic_increasing
    assert (g.trace.feasible == (g.trace.meets_target & g.trace.within_budget)).all()
    assert g.warnings == []


def test_a_cap_below_the_cheapest_answer_is_over_budget(henan):
    g = goal_seek(henan, make_scenario(henan, FULL), 10_000, deterministic=True, budget_cap=34_000_000)
    assert g.status == "over_budget" and g.value_at_probability is None
    assert g.value.mean == pytest.approx(0.8, abs=1e-9)  # reachable, just too expensive


def test_a_target_beyond_the_range_is_unreachable(henan):
    g = goal_seek(henan, make_scenario(henan, FULL), 12_500 * 10 + 1, deterministic=True)
    assert g.status == "unreachable" and g.value is None and g.share_reached == 0
    assert (g.knob, g.low, g.high) == ("quota_scale", 0.01, 10)
    assert len(g.trace) == 2  # both ends evaluated, nothing to bisect


def test_a_target_met_at_the_low_end_needs_no_search(henan):
    g = goal_seek(henan, make_scenario(henan, FULL), 100, deterministic=True)
    assert g.value_at_probability == 0.01 and len(g.trace) == 2


def test_replications_give_an_answer_with_uncertainty(henan):
    s = make_scenario(henan)
    g = goal_seek(henan, s, 10_000, replications=8, seed=2, workers=2)
    det = goal_seek(henan, s, 10_000, deterministic=True)
    answers = g.per_replication
    assert g.status == "reached" and all(a is not None for a in answers)
    # the interval summarises the eight answers, and their draws differ, so it has a width
    assert min(answers) <= g.value.low < g.value.high <= max(answers)
    assert g.value.mean == pytest.approx(sum(answers) / len(answers))
    assert g.value.mean == pytest.approx(det.value_at_probability, rel=0.02)
    assert g.value_at_probability == sorted(answers)[math.ceil(0.95 * 8) - 1]
    half = goal_seek(henan, s, 10_000, replications=8, seed=2, probability=0.5)
    assert half.value_at_probability <= g.value_at_probability
    for r, answer in enumerate(answers):  # each answer meets the target; just below it does not
        runs = g.trace[g.trace.replication == r]
        assert runs[runs.value == answer].meets_target.all()
        below = runs[runs.value < answer]
        assert not below.meets_target.any() and answer - below.value.max() <= (10 - 0.01) * 1e-4 + 1e-12


def test_whole_number_knobs_and_knobs_that_cannot_move_the_metric(henan):
    g = goal_seek(henan, make_scenario(henan, FULL), 12_500 - 150 + 100, knob="trainer_quota", deterministic=True)
    assert g.value_at_probability == 100  # the other tracks give 12,350 completers
    fee = goal_seek(henan, make_scenario(henan), 10_000, knob="fee_face", deterministic=True)
    assert [w.code for w in fee.warnings] == ["flat"]  # a code and its numbers; the page words it


def test_fill_rate_target_by_participation(catalog):
    jiangxi = catalog.program("jiangxi-2022")
    g = goal_seek(
        jiangxi, make_scenario(jiangxi), 0.99, metric="fill_rate", knob="participation_rate", deterministic=True
    )
    assert g.status == "reached" and g.value_at_probability == pytest.approx(0.99, abs=1e-6)


def test_bad_requests_are_refused(henan):
    s = make_scenario(henan)
    with pytest.raises(ScenarioError, match="metric"):
        goal_seek(henan, s, 1, metric="cost_yuan")
    with pytest.raises(ScenarioError, match="numeric knob"):
        goal_seek(henan, s, 1, knob="delivery.end")
    with pytest.raises(ScenarioError, match="empty"):
        goal_seek(henan, s, 1, low=2, high=1)
