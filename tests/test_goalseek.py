"""Goal seek: hand-checked answers, budget caps, unreachable targets, uncertainty and the trace."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from sim.base import ScenarioError
from sim.run import drawn_scenarios, unknowns
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


# -- over the plausible worlds of the unknowns (confidence) ----------------------------------------


def _only_new_teachers_open(henan):
    """Henan at full rates with every unknown but the new-teacher quota (uniform 5,000-10,000) fixed at
    its value: completed = quota_scale x (5,000 other seats + new-teacher quota), by hand from
    tests/documented.py (1,000 + 650 + 150 + 200 + 3,000 = 5,000)."""
    fixed = {u.key: u.value for u in unknowns(henan) if u.key != "new_teacher_quota"}
    return make_scenario(henan, {**{k: int(v) if v.is_integer() else v for k, v in fixed.items()}, **FULL})


def test_confidence_answer_is_at_the_unknowns_point_by_hand(henan):
    """10,500 completers in 90% of worlds: quota_scale x (5,000 + N) >= 10,500 must hold for the 29 of
    32 worlds (ceil(0.9 x 32)) with the largest N, so the answer is 10,500 / (5,000 + N_(4)), the 4th
    smallest N drawn, rounded up to the 0.01 grid. N is uniform on [5,000, 10,000]: its 10% point is
    5,500, where the answer would be 10,500 / 10,500 = 1.00."""
    s = _only_new_teachers_open(henan)
    worlds = drawn_scenarios(henan, s, 32, 0)
    n = np.sort([w.overrides["new_teacher_quota"] for w in worlds])
    assert len({k for w in worlds for k, v in w.overrides.items() if v != s.overrides.get(k)}) == 1
    g = goal_seek(henan, s, 10_500, confidence=0.9, workers=1)
    by_hand = math.ceil(round(10_500 / (5_000 + n[3]) / 0.01, 6)) * 0.01
    assert g.status == "reached" and g.value_at_probability == pytest.approx(by_hand)
    assert g.value_at_probability == pytest.approx(1.0, abs=0.02)  # the range's 10% point of N
    assert g.share_at_answer == pytest.approx(29 / 32)
    # one grid step less and fewer than 29 worlds make it: the answer is the smallest
    below = g.trace[g.trace.value < g.value_at_probability - 1e-9]
    assert below.groupby("value").meets_target.sum().max() < 29
    # at the documents' value (1.0) the share is counted over the same 32 worlds
    assert g.current == 1.0 and g.share_at_current == pytest.approx((5_000 + n >= 10_500).mean())
    assert g.replications == 32 and g.confidence == 0.9 and g.direction == "rises"


def test_a_higher_confidence_asks_for_more(henan):
    """At 50% the answer is at N's median world: 10,500 / (5,000 + N_(17)) ~ 10,500 / 12,500 = 0.84."""
    s = _only_new_teachers_open(henan)
    half, most = (goal_seek(henan, s, 10_500, confidence=c, workers=1) for c in (0.5, 0.9))
    assert half.value_at_probability == pytest.approx(0.84, abs=0.02)
    assert half.value_at_probability < most.value_at_probability
    assert half.share_at_answer >= 0.5 and most.share_at_answer >= 0.9


def test_confidence_every_candidate_sees_the_same_worlds(henan):
    """Common draws: the worlds of one candidate differ from those of another only in the knob."""
    s = _only_new_teachers_open(henan)
    g = goal_seek(henan, s, 10_500, confidence=0.9, workers=1)
    ratio = g.trace.assign(per=g.trace.metric / g.trace.value).pivot(index="replication", columns="value", values="per")
    assert np.allclose(ratio.to_numpy(), ratio.to_numpy()[:, :1])  # 5,000 + N, the same N at every value


def test_confidence_with_a_cap_and_a_falling_metric(catalog, henan):
    s = _only_new_teachers_open(henan)
    capped = goal_seek(henan, s, 10_500, confidence=0.9, budget_cap=1.0, workers=1)
    assert capped.status == "over_budget" and capped.value_at_probability is None
    # Zhejiang's fill rate falls as seats are added beyond the documents' quotas: held at 96.5% in half
    # of worlds, the answer is the largest multiplier, and any larger one holds it in fewer worlds
    zhejiang = catalog.program("zhejiang-2021h2")
    g = goal_seek(
        zhejiang, make_scenario(zhejiang), 0.965, metric="fill_rate", confidence=0.5, worlds=8, low=1.0, high=3.0
    )
    assert g.direction == "falls" and g.status == "reached"
    above = g.trace[g.trace.value > g.value_at_probability + 1e-9]
    assert above.groupby("value").meets_target.sum().max() < 4 <= g.share_at_answer * 8


def test_the_command_line_says_the_confidence_in_words(capsys):
    from sim.cli import main

    args = ["goal-seek", "henan-2021", "--target", "10000", "--confidence", "0.9", "--worlds", "8", "--workers", "1"]
    assert main(["--lang", "zh", *args]) == 0
    out = capsys.readouterr().out
    assert "90%的合理情形下使结业达到 10,000" in out and "按当前取值 1" in out
    assert main([*args, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "reached" and answer["confidence"] == 0.9 and answer["replications"] == 8
    assert answer["share_at_answer"] >= 0.9 > answer["share_at_current"]
