"""Reading a figure that is a number after one run and {mean, low, high} after several."""

from __future__ import annotations

from typing import Any


def mean(v: Any) -> Any:
    return v["mean"] if isinstance(v, dict) else v


def spread(v: Any) -> tuple[Any, Any, Any]:
    """(mean, low, high) of a replicated figure; a single run's number three times."""
    if isinstance(v, dict):
        return v.get("mean"), v.get("low"), v.get("high")
    return v, v, v
