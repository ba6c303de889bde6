"""Which assumption matters: Sobol shares, checked on a case with known answers and on Jiangxi."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sim.catalog.schema import Names, Range
from sim.run import Unknown
from sim.scenario import make_scenario
from sim.whatif.attribution import uncertainty_shares, variance_shares
from tests.documented import ROOT


def _uniform(key: str, low: float, high: float) -> Unknown:
    why = Names(zh="测试", en="test")
    return Unknown(key, "ratio", (low + high) / 2, Range(low=low, high=high, reason=why))


def test_shares_of_a_figure_linear_in_two_assumptions():
    """y = 2a + b with a ~ U(0, 1) and b ~ U(0, 1): Var = 4/12 + 1/12, so a's share is 0.8 and b's 0.2,
    alone and in total (no interaction)."""
    found = [_uniform("a", 0, 1), _uniform("b", 0, 1)]

    def evaluate(points):
        a, b = (u.at(points[:, j]) for j, u in enumerate(found))
        return 2 * a + b

    shares = {s.key: s for s in variance_shares(found, evaluate, n=512, seed=1)}
    assert shares["a"].first == pytest.approx(0.8, abs=0.03) and shares["a"].total == pytest.approx(0.8, abs=0.03)
    assert shares["b"].first == pytest.approx(0.2, abs=0.03) and shares["b"].total == pytest.approx(0.2, abs=0.03)


def test_a_product_shares_by_the_spread_of_its_factors():
    """y = a x b with a ~ U(0.9, 0.99) and b ~ U(0.5, 1): b's relative spread is far wider, so nearly
    all of y's uncertainty is b's (the log-variances are 0.0009 : 0.036, about 2.5% : 97.5%)."""
    found = [_uniform("a", 0.9, 0.99), _uniform("b", 0.5, 1.0)]

    def evaluate(points):
        return found[0].at(points[:, 0]) * found[1].at(points[:, 1])

    shares = variance_shares(found, evaluate, n=512, seed=2)
    assert shares[0].key == "b" and shares[0].total > 0.9 and shares[1].total < 0.1


def test_jiangxis_cost_comes_from_its_participation_and_attendance(catalog):
    """Jiangxi pays 1.5 yuan an hour on actual participants: cost = teachers x participation x
    attendance x 60 h x 1.5, so its uncertainty is those two rates' (the completion rate and the
    schools' funds change no yuan of it)."""
    program = catalog.program("jiangxi-2022")
    shares = {
        s.key: s for s in uncertainty_shares(program, make_scenario(program), "cost_yuan", n=128, seed=3, workers=1)
    }
    assert shares["participation_rate"].total + shares["attendance_rate"].total > 0.9
    assert shares["completion_rate"].total < 0.02 and shares["school_public_funds"].total < 0.02


def test_a_setting_the_scenario_makes_is_no_unknown(catalog):
    program = catalog.program("jiangxi-2022")
    shares = uncertainty_shares(program, make_scenario(program, {"attendance_rate": 0.95}), n=16, workers=1)
    assert "attendance_rate" not in {s.key for s in shares}


def test_command_line_names_the_assumption_that_matters():
    out = subprocess.run(
        [sys.executable, "-m", "sim", "uncertainty", "jiangxi-2022", "-n", "32", "--workers", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "经费（元）不确定性的" in out.stdout and "单独" in out.stdout and "rate" not in out.stdout
