"""Money axes on the costs page read in the language's large units: 万 in Chinese, k/M in English."""

from __future__ import annotations

import pytest

from tests.apptest import _app, _det, charts


def _yuan_axes(spec) -> list[dict]:
    """The axis of every quantitative x or y channel drawing the ``yuan`` field, in every layer."""
    found = []
    if isinstance(spec, dict):
        for channel in ("x", "y"):
            enc = spec.get("encoding", {}).get(channel)
            if isinstance(enc, dict) and enc.get("field") == "yuan" and enc.get("type") == "quantitative":
                found.append(enc.get("axis", {}))
        for v in spec.values():
            found += _yuan_axes(v)
    elif isinstance(spec, list):
        for v in spec:
            found += _yuan_axes(v)
    return found


@pytest.mark.parametrize("lang,unit", [("zh", "万"), ("en", "~s")])
def test_every_money_axis_on_the_costs_page_reads_in_large_units(lang, unit):
    # Guopei's cost lines, sub-programs, years and cash flow run to 336,569,325 yuan: "33,657万" and
    # "337M" where the plain format wrote "336,569,325" under every tick.
    at = _app("costs", **_det("guopei-2021-2025", lang=lang))
    axes = [axis for spec, _ in charts(at) for axis in _yuan_axes(spec)]
    assert len(axes) >= 4  # cost lines, sub-programs, years, cash flow
    assert all(unit in axis.get("labelExpr", "") for axis in axes), axes
    assert not [axis for axis in axes if "format" in axis]
