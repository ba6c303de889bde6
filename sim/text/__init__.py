"""Words and number formats in Chinese and English, shared by the CLI, the dashboard and the reports."""
from .formatting import FORMATS, date, delta, figure, mean, pct, spread
from .labels import cite, colon, name_in, text, unit_in

__all__ = ["FORMATS", "cite", "colon", "date", "delta", "figure", "mean", "name_in", "pct", "spread", "text", "unit_in"]
