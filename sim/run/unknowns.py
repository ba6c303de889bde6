"""What the documents leave open, drawn for every replication from its plausible range.

An *unknown* is a knob whose data gives a range (an assumed value, or a documented one whose notice
states a range). Each replication takes one point of a Latin hypercube over all of a program's
unknowns (``scipy.stats.qmc``), turned into values by each range's shape; the points depend only
on the seed and the program, so a baseline and a scenario run with the same seed see the same
plausible worlds (and the same random streams), and the interval of their difference is as tight
as it honestly is. A knob the scenario sets itself is not drawn: it is the user's what-if.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sim.base import N_, ScenarioError
from sim.catalog import MODEL_PARAMETERS, UNIT_DIMENSION, Program
from sim.catalog.schema import Range
from sim.scenario import Scenario, knobs


@dataclass(frozen=True)
class Unknown:
    key: str
    unit: str
    value: float
    range: Range

    def at(self, u: np.ndarray) -> np.ndarray:
        """The values at quantiles ``u`` of the range's shape."""
        from scipy import stats  # scipy loads only when an unknown is drawn: a plain run starts faster

        r, span = self.range, self.range.high - self.range.low
        if r.shape == "triangular":
            mode = (self.value - r.low) / span if span else 0.5
            x = stats.triang.ppf(u, mode, loc=r.low, scale=span)
        elif r.shape == "beta":
            a, b = r.beta_parameters(self.value)
            x = stats.beta.ppf(u, a, b, loc=r.low, scale=span)
        else:
            x = r.low + u * span
        if UNIT_DIMENSION[self.unit] == "count":  # whole teachers, classes, institutions
            x = np.rint(x)
        return np.asarray(x, dtype=float)


def unknowns(program: Program, ranges: Mapping[str, Unknown] | None = None) -> list[Unknown]:
    """The program's unknowns, in knob order. A track's rate that takes the program's value (the
    track has none of its own) is drawn once, through the program's key.

    ``ranges`` replaces some of them, each knob at its own value and range (a calibration's
    posterior mean and calibrated range, ``sim.actuals.calibrate``); a track's rate given there is
    drawn apart from the program's even if the track has no value of its own. A key that is no
    knob, or a documented value whose source states no range, is refused: those are not open."""
    tracks = {t.id: t for t in program.tracks}
    found = knobs(program)
    ranges = ranges or {}
    for key in ranges:
        k = found.get(key)
        if k is None or (not k.assumed and k.range is None):
            raise ScenarioError(
                f"{program.id}: {key!r} is not an assumed value of the program; only those are drawn",
                N_("error_range_not_open"),
                program=program.id,
                key=key,
            )
    out = []
    for key, k in found.items():
        if key in ranges:
            out.append(ranges[key])
            continue
        if k.range is None or not isinstance(k.default, (int, float)):
            continue
        owner, _, attr = key.partition(".")
        if owner in tracks and attr in MODEL_PARAMETERS and attr not in tracks[owner].parameters:
            continue
        out.append(Unknown(key, k.unit, float(k.default), k.range))
    return out


def _typed(unit: str, x: float) -> Any:
    return int(x) if UNIT_DIMENSION[unit] == "count" and float(x).is_integer() else float(x)


def world(program: Program, scenario: Scenario, found: Sequence[Unknown], quantiles: Sequence[float]) -> Scenario:
    """``scenario`` with each of ``found`` at its quantile (one row of a design); the scenario's own
    settings stay as they are."""
    own = scenario.overrides
    values = {u.key: _typed(u.unit, float(u.at(np.array([q]))[0])) for u, q in zip(found, quantiles)}
    return Scenario(program.id, tuple(sorted({**{k: v for k, v in values.items() if k not in own}, **own}.items())))


def drawn_scenarios(
    program: Program,
    scenario: Scenario,
    n: int,
    seed: int,
    only: Collection[str] | None = None,
    ranges: Mapping[str, Unknown] | None = None,
) -> list[Scenario]:
    """``n`` scenarios, one per replication: ``scenario``'s own settings, and each unknown it does
    not set at the replication's point of the design. ``only`` keeps the others at their values;
    ``ranges`` replaces some unknowns' values and ranges (see ``unknowns``)."""
    found = [u for u in unknowns(program, ranges) if only is None or u.key in only]
    if not found or n < 1:
        return [scenario] * max(n, 0)
    from scipy.stats import qmc

    # A fixed stream of its own: the design does not move when the model's draws do.
    points = qmc.LatinHypercube(d=len(found), rng=np.random.default_rng([seed, 0x5EED])).random(n)
    return [world(program, scenario, found, row) for row in points]
