"""A key figure's two intervals said in words, as the overview, the scenario page and the summary show them.

"如果实际参训率在90%–99%之间、报名注册率在92%–99.5%之间，经费在4,328–4,630 万元之间（仅随机波动：
4,485–4,491 万元）": the range with what the documents leave open, the assumptions that drive it with
their ranges (``data.drivers``), and beside it the range of chance alone from the same seed's runs
(``data.chance_only``). With the unknowns off the sentence says the range is chance alone.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.results import Figure, Result
from sim.text import assumed_range, driver_sentence, money_span, two_intervals

from . import data
from .fmt import number, pct, yuan_large
from .i18n import knob_label, lang
from .scenario import Settings


def _span(write: Callable[[float], str]) -> Callable[[Figure], tuple[str | None, str]]:
    def span(f: Figure) -> tuple[str | None, str]:
        low, high = write(f.low), write(f.high)
        return None if low == high else f"{low}–{high}", write(f.mean)

    return span


def _money(f: Figure) -> tuple[str | None, str]:
    return money_span(f.low, f.high, lang()), yuan_large(f.mean)


# The figures said in words, and how each one's range is written (the unit once): (the range, or None
# when its ends read the same; the mean, for a range of chance alone that reads as one number).
WRITE: dict[str, Callable[[Figure], tuple[str | None, str]]] = {
    "cost_yuan": _money,
    "fill_rate": _span(pct),
    "completed": _span(number),
}


def range_words(program_id: str, key: str) -> str:
    """An unknown's plausible range as the data gives it: 92.0%–99.5%, 3–7 天."""
    k = data.knobs_of(program_id)[key]
    assert k.range is not None  # only unknowns are asked about
    return assumed_range(k.range.low, k.range.high, k.unit, lang())


def interval_words(s: Settings, res: Result, figure: str) -> str | None:
    """``figure``'s intervals in ``res`` (the result of ``s``) in one sentence; None when its range
    reads as one number (one run, or a figure nothing moves)."""
    span = WRITE[figure]
    honest, _ = span(res.summary.totals.figure(figure))
    if honest is None:
        return None
    chance_res = data.chance_only(s)
    if chance_res is None:
        return two_intervals(figure, None, honest, (), lang())
    program = data.program(s.program_id)
    named = [(knob_label(program, d.key), range_words(s.program_id, d.key)) for d in data.drivers(s, figure)]
    chance, one = span(chance_res.summary.totals.figure(figure))
    return two_intervals(figure, honest, chance or one, named, lang())


def driver_words(s: Settings, figure: str) -> str | None:
    """成本不确定性的53%来自实际参训率，… (None when no assumption drives it, or the unknowns are off)."""
    found = data.drivers(s, figure)
    if not found:
        return None
    program = data.program(s.program_id)
    return driver_sentence(figure, [(pct(d.share, 0), knob_label(program, d.key)) for d in found], lang())
