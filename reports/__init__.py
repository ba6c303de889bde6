"""Briefing reports (Excel workbook, Word brief, PDF) and the resources they need (the bundled CJK font).

    from reports import build_report, export_report, write_report
    report = export_report(catalog, ["henan-2021"], {"fee_face": 450}, replications=20, fmt="docx")
    report.data, report.file_name, report.mime
    named = saved_scenarios(store, "henan-2021", ["方案B-扩招20%"])   # saved scenarios beside the baseline
    write_report(catalog, ["henan-2021"], "brief.pdf", named=named)
    actuals = stored_actuals(store, ["henan-2021"])   # plan against actual, where the store has actuals
    write_report(catalog, ["henan-2021"], "brief.pdf", actuals=actuals)

The builders are imported on first use, so ``python -m sim`` stays quick for commands that
write no report.
"""

from __future__ import annotations

_API = ("Report", "build_report", "export_report", "saved_scenarios", "stored_actuals", "write_report")
__all__ = list(_API)


def __getattr__(name: str):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'reports' has no attribute {name!r}")
