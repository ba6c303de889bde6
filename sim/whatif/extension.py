"""How many days must registration be extended to reach a fill target, on the current pace.

    from sim.whatif.extension import extensions
    [e] = extensions(program, scenario, rows, as_of, [("county-system", "")], target=0.95)
    e.days, e.closes, e.new_close, e.share_reaching

Each answer is the smallest number of extra days of the track's first sign-up window at which the
nowcast's final fill reaches ``target`` in at least ``probability`` of the replications -- goal
seek's planning answer, with the nowcast's replications (the reported registrations kept, the rest
simulated). On an extra day the window's pace goes on among the teachers still undecided
(``sim.model.observed``, ``extra_days``); each extra day draws its own numbers, so in every
replication more days never lower the fill and the search can bisect the days between 0 and
``max_days``; every evaluated day count is kept (``tried``). A window shared by several tracks stays
open longer for all of them, and a sign-up after the course opened still misses it, so beyond the
course start more days add nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sim.catalog import Program
from sim.run import Unknown
from sim.run.nowcast import DEFAULT_TARGET, Band, Nowcast, nowcast, sign_up_window
from sim.scenario import Scenario

DEFAULT_PROBABILITY = 0.9  # as sure as the nowcast's 90% interval is wide
MAX_DAYS = 60  # two months: longer and the delivery window has begun


@dataclass(frozen=True)
class Extension:
    track: str
    unit: str
    target: float
    probability: float
    milestone: str | None  # the sign-up window moved (None: the track has no dated one)
    closes: dt.date | None  # its last day now
    days: int | None  # extra days needed: 0 = reached already, None = not within max_days
    new_close: dt.date | None
    share_reaching: float  # at the answer (or at max_days when there is none)
    fill: Band  # the nowcast's final fill there
    tried: dict[int, float]  # every evaluated day count -> share of replications reaching the target


def _share(
    at: Callable[[str, int], Nowcast], milestone: str, track: str, unit: str, tried: dict[int, float], days: int
) -> float:
    """The share of replications whose fill reaches the target with ``days`` more; noted in ``tried``."""
    tried[days] = at(milestone, days).row(track, unit).share_reaching
    return tried[days]


def _smallest(share: Callable[[int], float], probability: float, max_days: int) -> int | None:
    """The fewest days in 0..max_days whose ``share`` reaches ``probability`` (None: not even max_days)."""
    if share(0) >= probability:
        return 0
    if share(max_days) < probability:
        return None
    lo, hi = 0, max_days  # the answer lies in (lo, hi]
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if share(mid) >= probability else (mid, hi)
    return hi


def extensions(
    program: Program,
    scenario: Scenario,
    actuals: Iterable[Mapping[str, Any]],
    as_of: dt.date,
    rows: Sequence[tuple[str, str]],
    target: float = DEFAULT_TARGET,
    probability: float = DEFAULT_PROBABILITY,
    max_days: int = MAX_DAYS,
    replications: int = 100,
    seed: int = 0,
    ranges: Mapping[str, Unknown] | None = None,
) -> list[Extension]:
    """The extension answer for each (track, unit) of ``rows``; tracks sharing a window share the runs."""
    records = list(actuals)
    runs: dict[tuple[str, int], Nowcast] = {}

    def at(milestone: str, days: int) -> Nowcast:
        if (milestone, days) not in runs:
            extra = {milestone: days}
            runs[(milestone, days)] = nowcast(
                program, scenario, records, as_of, replications, seed, ranges, target, extra
            )
        return runs[(milestone, days)]

    out = []
    for track, unit in rows:
        window = sign_up_window(program, scenario, track)
        if window is None:
            row = nowcast(program, scenario, records, as_of, replications, seed, ranges, target).row(track, unit)
            out.append(
                Extension(track, unit, target, probability, None, None, None, None, row.share_reaching, row.fill, {})
            )
            continue
        milestone, _, closes = window
        tried: dict[int, float] = {}
        for_row = functools.partial(_share, at, milestone, track, unit, tried)
        days = _smallest(for_row, probability, max_days)
        answer = at(milestone, max_days if days is None else days).row(track, unit)
        new_close = None if days is None else closes + dt.timedelta(days=days)
        out.append(
            Extension(
                track,
                unit,
                target,
                probability,
                milestone,
                closes,
                days,
                new_close,
                answer.share_reaching,
                answer.fill,
                dict(sorted(tried.items())),
            )
        )
    return out
