"""Sources and audit: every parameter with its provenance, the dated phases, sub-programs, rules and audit."""

import streamlit as st

from charts import phase_chart
from ui import data
from ui.fmt import date, number, pct, unit
from ui.i18n import (
    MODE_LABEL,
    SHAPE_LABEL,
    basis,
    clause,
    finding_message,
    knob_label,
    label,
    lang,
    name,
    proper,
    quoted,
    sep,
    t,
)
from ui.page import ensure_app
from ui.widgets import table

ensure_app()
pid = st.session_state["program_id"]
p = data.program_view(pid)
doc = p["document"]
st.title(name(p["names"]))
st.markdown(
    f"**{quoted(doc['title'])}**  \n{quoted(doc['number']) if doc['number'] else t('no_number')} · "
    f"{proper(doc['issuer'], p['names_en'])} · {date(doc['issued']) if doc['issued'] else t('no_date')} · "
    f"{t('source_doc')}{sep()}`{doc['file']}`"
)


def basis_text(prov: dict) -> str:
    """The document's wording (a quotation), or why the value is assumed."""
    return quoted(prov["quote"]) if prov["kind"] == "source" else name(prov["reason"])


def shown_value(row: dict) -> str:
    """A number with separators, a date in words; text is the document's: a name in English, else its wording."""
    v = row["value"]
    if row["unit"] == "date":
        return date(v)
    if isinstance(v, (int, float)):
        return number(v, None)
    return proper(v, p["names_en"]) if v in p["names_en"] else quoted(v)


def shown_range(row: dict) -> str:
    """Where an assumed value plausibly lies, "0.9 – 0.99" (empty for a fixed value)."""
    return "" if row["low"] is None else f"{number(row['low'], None)} – {number(row['high'], None)}"


def span(low: float, high: float) -> str:
    return f"{pct(low)} – {pct(high)}"


# What the stored actuals say of the assumed rates: a value's row carries its calibrated range,
# keyed as the rows are (a track's own rate is ``TRACK.parameters.RATE`` there).
cal = data.calibration(pid)
calibrated_rows = {c.key if c.track is None else f"{c.track}.parameters.{c.rate}": c for c in cal.values.values()}


kinds = [r["provenance"]["kind"] for r in p["parameters"]]
a, b, c = st.columns([1, 1, 2])
a.metric(t("documented"), kinds.count("source"))
b.metric(t("assumed"), kinds.count("assumed"))
path = data.catalog().files[pid]
c.download_button(
    t("download_program"),
    path.read_bytes,
    file_name=path.name,
    mime="application/x-yaml",
    help=t("download_program_help"),
)

tab_params, tab_phases, tab_tracks, tab_rules, tab_audit = st.tabs(
    [t("parameters"), t("milestones"), t("subprograms"), t("rules"), t("audit")]
)

with tab_params:
    only_assumed = st.toggle(t("only_assumed"))
    rows = []
    for r in p["parameters"]:
        prov = r["provenance"]
        if only_assumed and prov["kind"] != "assumed":
            continue
        rows.append(
            {
                t("parameters"): label(r),
                t("value"): shown_value(r),
                t("unit"): unit(r["unit"]),
                t("provenance"): t("kind_source") if prov["kind"] == "source" else "⚠ " + t("kind_assumed"),
                t("clause"): clause(prov["clause"]) if "clause" in prov else "",
                t("quote_or_reason"): basis_text(prov),
                t("plausible_range"): shown_range(r),
                t("range_shape"): t(SHAPE_LABEL[r["shape"]]) if r["shape"] else "",
                t("range_reason"): name(r["range_reason"]),
            }
        )
        if cal:
            c = calibrated_rows.get(r["id"])
            # written as the assumed range beside it is: a rate as a fraction, to three places
            rows[-1][t("calibrated_range")] = (
                f"{number(c.calibrated.low, 3)} – {number(c.calibrated.high, 3)}" if c else ""
            )
            rows[-1][t("calibrated_records")] = number(c.records) if c else ""
    table(rows)
    if cal:
        files = len(data.list_actuals(pid))
        st.subheader(t("calibration_heading"))
        st.caption(t("calibration_intro", files=number(files)))
        program = data.program(pid)
        table(
            [
                {
                    t("parameters"): knob_label(program, c.key),
                    t("value"): pct(c.value),
                    t("plausible_range"): span(c.assumed.low, c.assumed.high),
                    t("calibrated_value"): pct(c.mean),
                    t("calibrated_range"): span(c.calibrated.low, c.calibrated.high),
                    t("posterior_interval"): span(c.posterior.low, c.posterior.high),
                    t("calibrated_records"): number(c.records),
                    t("calibrated_teachers"): number(c.teachers),
                    t("range_reason"): name(c.calibrated.reason.model_dump()),
                }
                for c in cal.values.values()
            ]
        )
        with st.expander(t("calibration_units")):
            table(
                [
                    {
                        t("parameters"): knob_label(program, c.key),
                        t("calibration_unit"): proper(u.unit, p["names_en"]),
                        t("calibrated_value"): pct(u.posterior.mean),
                        t("posterior_interval"): span(u.posterior.low, u.posterior.high),
                        t("calibrated_records"): number(u.records),
                        t("calibrated_teachers"): number(u.teachers),
                    }
                    for c in cal.values.values()
                    for u in c.units
                ]
            )

with tab_phases:
    st.altair_chart(phase_chart(p["milestones"], lang=lang()), width="stretch")
    table(
        [
            {
                t("phase"): name(m["names"]),
                t("start"): date(m["start"]) if m["start"] else "",
                t("end"): date(m["end"]),
                t("provenance"): t("kind_source") if m["source"]["kind"] == "source" else t("kind_assumed"),
                t("quote_or_reason"): basis_text(m["source"]),
            }
            for m in p["milestones"]
        ]
    )

with tab_tracks:
    table(
        [
            {
                t("subprograms"): name(s["names"]),
                t("mode"): t(MODE_LABEL[s["mode"]]),
                t("quota"): (
                    number(s["quota"])
                    if s.get("quota") is not None
                    else number(sum(s["allocation"]["values"].values()))
                    if "allocation" in s
                    else t("by_project")
                ),
                t("provider"): proper(s["provider"], p["names_en"]) if s.get("provider") else "",
            }
            for s in p["subprograms"]
        ]
    )

with tab_rules:
    for r in p["rules"]:
        st.markdown(f"- **{name(r['names'])}** — {basis(r['source'])}")

with tab_audit:
    st.write(t("audit_intro"))
    findings = [f for f in data.audit() if f.program == pid]
    if not findings:
        st.success(t("audit_none"))
    else:
        table(
            [
                {
                    t("table"): name(f.table_names),
                    t("stated"): f.stated,
                    t("computed"): f.computed,
                    t("message"): finding_message(f, p["names_en"]),
                }
                for f in findings
            ]
        )
