"""What a training platform exports, as the files the tool reads: three kinds, each a table with a
header row, as CSV (UTF-8) or Excel (.xlsx, first sheet).

| kind | columns | one row is |
|---|---|---|
| ``registrations`` | ``track, unit, date, registered`` | sign-ups (or course choices) on one day in one unit |
| ``attendance`` | ``track, unit, enrolled, attended, completed`` | a unit's (city, county, provider, class) roster and outcome |
| ``payments`` | ``track, date, paid_yuan`` | money settled with providers on one day |

``unit`` is one of the track's units (an allocation's city or county, a supplier category), or
empty for a track reported as a whole. The kind is read from the header.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["registrations", "attendance", "payments"]


@dataclass(frozen=True)
class Format:
    kind: Kind
    columns: tuple[str, ...]
    key: tuple[str, ...]  # what one row stands for: a second row with the same key is a duplicate
    counts: tuple[str, ...]  # whole numbers >= 0
    dated: bool


FORMATS: dict[str, Format] = {
    "registrations": Format(
        "registrations", ("track", "unit", "date", "registered"), ("track", "unit", "date"), ("registered",), True
    ),
    "attendance": Format(
        "attendance",
        ("track", "unit", "enrolled", "attended", "completed"),
        ("track", "unit"),
        ("enrolled", "attended", "completed"),
        False,
    ),
    "payments": Format("payments", ("track", "date", "paid_yuan"), ("track", "date"), (), True),
}
SUFFIXES = (".csv", ".xlsx")
MAX_ROWS = 200_000  # a province's daily registrations per county over a year is some 40,000 rows


def format_of(columns: list[str]) -> Format | None:
    """The format whose columns the header has (in any order, nothing else)."""
    found = set(columns)
    return next((f for f in FORMATS.values() if set(f.columns) == found), None)
