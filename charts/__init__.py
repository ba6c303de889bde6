"""Altair charts shared by the dashboard and the briefing reports (no Streamlit here)."""

from .build import (
    SHARE_TARGET,
    amount_bars,
    capacity_chart,
    cashflow_chart,
    cost_chart,
    difference_bars,
    driver_chart,
    enrolment_chart,
    fill_chart,
    funnel_chart,
    grid_heatmap,
    phase_chart,
    search_chart,
    simulated_spans,
    stage_heatmap,
    tornado_chart,
)

__all__ = [
    "SHARE_TARGET",
    "capacity_chart",
    "phase_chart",
    "enrolment_chart",
    "fill_chart",
    "cost_chart",
    "cashflow_chart",
    "simulated_spans",
    "funnel_chart",
    "stage_heatmap",
    "amount_bars",
    "difference_bars",
    "tornado_chart",
    "grid_heatmap",
    "driver_chart",
    "search_chart",
]
