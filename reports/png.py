"""Altair charts to PNG with vl-convert and the bundled CJK font, one render per distinct chart."""

from __future__ import annotations

import json
import struct
from functools import cache, lru_cache

import altair as alt
import vl_convert

from .fonts import cjk_font

FONT_FAMILY = "Noto Sans SC"
SCALE = 2  # twice the CSS pixels: sharp when printed at the width the documents give it


@cache
def _register_font() -> None:
    # vl-convert has no system fonts to fall back on in CI; without this, Chinese labels are boxes.
    vl_convert.register_font_directory(str(cjk_font().parent))


@lru_cache(maxsize=64)
def _render(spec: str) -> bytes:
    _register_font()
    return vl_convert.vegalite_to_png(json.loads(spec), scale=SCALE)


def chart_png(chart: alt.TopLevelMixin, width: int | None = 520, height: int | None = None) -> bytes:
    """The chart at ``width`` CSS pixels (and ``height`` if given) in the bundled font, as PNG bytes.

    A concatenation sizes its panels itself: pass ``width=None``.
    """
    size = {**({"width": width} if width else {}), **({"height": height} if height else {})}
    sized = chart.properties(**size) if size else chart
    # Legend below the plot: on a page the plot keeps the width and long series names stay whole.
    spec = (
        sized.configure(font=FONT_FAMILY)
        .configure_view(stroke=None)
        .configure_legend(orient="bottom", labelLimit=0)
        .to_json(indent=None)
    )
    return _render(spec)


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) in pixels from the PNG header, so renderers keep the aspect ratio."""
    return struct.unpack(">II", png[16:24])


def fit(png: bytes, max_width: float, max_height: float) -> tuple[float, float]:
    """Width and height (any length unit) that keep the aspect ratio inside the box."""
    w, h = png_size(png)
    scale = min(max_width / w, max_height / h)
    return w * scale, h * scale
