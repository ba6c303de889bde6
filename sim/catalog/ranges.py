"""Checks of the plausible ranges on values (``range: {low, high, shape, reason}``), each a located error.

A range says where an assumed value plausibly lies, so it must hold the value, stay inside the
unit's legal values and be a real interval; a documented value stays fixed unless its own source
states a range (Henan's "50 至 100 名新入职教师"), and then the quote must show both ends.
"""

from __future__ import annotations

import datetime as dt

from sim.base import N_, DataError

from .schema import UNIT_DIMENSION, Program, Quantity, value_problem


def value_words(value) -> list[str]:
    """How a value is written in a notice: '400', '1.5', or '7月13日' for a date."""
    if isinstance(value, dt.date):
        return [f"{value.month}月{value.day}日"]
    if isinstance(value, (int, float)):
        return [f"{value:g}" if float(value) != int(value) else str(int(value))]
    return []


def _shown(v: float) -> str:
    return f"{v:g}"


def check_range(file: str, where: str, q: Quantity) -> None:
    """``q``'s range, if it has one: a DataError at ``where.range.<field>`` for the first problem."""
    r = q.range
    if r is None:
        return
    at = f"{where}.range"
    if UNIT_DIMENSION[q.unit] == "date":
        raise DataError(file, at, "a range is for numbers, not dates", N_("error_range_on_date"))
    if not q.assumed and not r.stated:
        raise DataError(
            file,
            f"{at}.stated",
            "a documented value stays fixed; give a range only where its source states one (`stated: true`)",
            N_("error_range_on_documented"),
        )
    if q.assumed and r.stated:
        raise DataError(
            file,
            f"{at}.stated",
            "`stated: true` needs a documented value whose quote gives the range; this value is assumed",
            N_("error_range_stated_assumed"),
        )
    for end in ("low", "high"):
        problem = value_problem(q.unit, getattr(r, end))
        if problem is not None:
            raise DataError(file, f"{at}.{end}", str(problem), problem.code, **problem.params)
    if r.low >= r.high:
        raise DataError(
            file,
            f"{at}.high",
            f"expected high above low {_shown(r.low)}, got {_shown(r.high)}",
            N_("error_range_high_not_above_low"),
            low=_shown(r.low),
            got=_shown(r.high),
        )
    assert not isinstance(q.value, dt.date)  # refused above
    value = float(q.value)
    if value < r.low:
        raise DataError(
            file,
            f"{at}.low",
            f"expected at most the value {value:g}, got {_shown(r.low)}",
            N_("error_range_low_above_value"),
            value=f"{value:g}",
            got=_shown(r.low),
        )
    if value > r.high:
        raise DataError(
            file,
            f"{at}.high",
            f"expected at least the value {value:g}, got {_shown(r.high)}",
            N_("error_range_high_below_value"),
            value=f"{value:g}",
            got=_shown(r.high),
        )
    if r.shape == "beta":
        if q.unit != "ratio":
            raise DataError(
                file,
                f"{at}.shape",
                f"a beta range is for rates (unit `ratio`), not `{q.unit}`; use uniform or triangular",
                N_("error_range_beta_not_ratio"),
                unit=q.unit,
            )
        if not r.low < value < r.high:
            raise DataError(
                file,
                f"{at}.shape",
                "a beta range needs the value (its mean) strictly between low and high",
                N_("error_range_beta_mean_at_end"),
            )
    if r.stated:
        assert q.source is not None  # documented: the schema guarantees a source
        quote = "".join(q.source.quote.split())  # line breaks and spaces ignored, as the quote check does
        for end in ("low", "high"):
            for word in value_words(getattr(r, end)):
                if word not in quote:
                    raise DataError(
                        file,
                        f"{at}.{end}",
                        f"a stated range's quote must contain both ends; {word!r} is not in it",
                        N_("error_range_stated_not_quoted"),
                        value=word,
                    )


def check_ranges(file: str, program: Program) -> None:
    """Every range of the program, in file order."""
    for where, q in program.quantities():
        check_range(file, where, q)
