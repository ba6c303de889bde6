"""Enough replications, and said so: the runner adds replications until each key figure's mean is
known within a stated share of it, or stops at a cap and says by how much it fell short."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from sim.cli import main
from sim.results import KEY_FIGURES, half_width
from sim.run import run, run_to_precision
from sim.scenario import make_scenario


def test_half_width_by_hand():
    """1, 2, 3, 4, 5: mean 3, s = sqrt(10 / 4) = 1.5811; Student's t at 97.5% with 4 degrees of
    freedom is 2.7764 (from the table), so the half-width is 2.7764 x 1.5811 / sqrt(5) = 1.9632."""
    assert half_width([1, 2, 3, 4, 5]) == pytest.approx(2.776445 * math.sqrt(2.5) / math.sqrt(5), rel=1e-6)
    assert half_width([1, 2, 3, 4, 5]) == pytest.approx(1.9632, abs=1e-4)
    # 10, 12 (1 degree of freedom, t = 12.706): s = 1.4142, half-width 12.706 x 1.4142 / 1.4142 = 12.706
    assert half_width([10, 12]) == pytest.approx(12.7062, abs=1e-4)
    assert half_width([7, 7, 7]) == 0.0 and math.isinf(half_width([7]))


def test_a_tighter_precision_needs_more_replications(henan):
    s = make_scenario(henan)
    loose, tight = (run_to_precision(henan, s, p, 400, seed=3, workers=1) for p in (0.01, 0.002))
    assert loose.precision.met and tight.precision.met
    assert loose.replications < tight.replications == tight.precision.replications
    assert all(f.relative <= 0.002 for f in tight.precision.figures)
    # the reported half-width is the t-interval of the run's own replications
    t = tight.table
    cost = t[(t.track == "") & (t.unit == "") & (t.year == 0) & (t.figure == "cost_yuan")].value.to_numpy()
    record = next(f for f in tight.precision.figures if f.figure == "cost_yuan")
    assert record.half_width == pytest.approx(half_width(cost)) and record.mean == pytest.approx(np.mean(cost))
    assert record.relative == pytest.approx(record.half_width / record.mean)
    # the Result is the plain run of that many replications: the same numbers
    again = run(henan, s, tight.replications, seed=3, workers=1)
    assert again.summary == tight.summary


def test_the_cap_stops_it_and_says_it_fell_short(henan):
    r = run_to_precision(henan, make_scenario(henan), 0.0001, max_replications=12, seed=1, workers=1)
    assert r.replications == 12 and r.precision.cap == 12 and not r.precision.met
    assert any(not f.met and f.relative > 0.0001 for f in r.precision.figures)
    assert [f.figure for f in r.precision.figures] == list(KEY_FIGURES)


def test_nothing_varies_in_the_expected_value_model(henan):
    r = run_to_precision(henan, make_scenario(henan), 0.005, deterministic=True)
    assert r.replications == 1 and r.precision.met and all(f.half_width == 0 for f in r.precision.figures)


def test_with_the_unknowns_each_round_is_one_design(catalog):
    """A round's Latin hypercube is not an extension of the last: the Result is the plain run of the final count."""
    jiangxi = catalog.program("jiangxi-2022")
    s = make_scenario(jiangxi)
    r = run_to_precision(jiangxi, s, 0.01, 60, deterministic=True, unknowns=True, workers=1)
    assert r.unknowns and r.summary == run(jiangxi, s, r.replications, deterministic=True, unknowns=True).summary


def test_the_command_line_says_the_count_and_the_precision(capsys):
    chance = ["--chance-only", "--seed", "2", "--workers", "1"]  # the unknowns' spread would need thousands
    assert main(["--lang", "zh", "run", "henan-2021", "--precision", "0.005", *chance]) == 0
    out = capsys.readouterr().out
    assert "经费的95%区间半宽为均值的" in out and "目标：不超过0.50%" in out
    assert main(["run", "henan-2021", "--precision", "0.0001", "--max-replications", "8", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)["precision"]
    assert record["replications"] == 8 and record["met"] is False and len(record["figures"]) == len(KEY_FIGURES)
    assert main(["--lang", "en", "run", "henan-2021", "--precision", "2"]) == 2
    assert "precision must be in (0, 1)" in capsys.readouterr().err
