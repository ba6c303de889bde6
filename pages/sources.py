"""Sources and audit: every parameter with its provenance, the dated phases, sub-programs, rules and audit."""

import pandas as pd
import streamlit as st

from charts import phase_chart
from sim.text import MODE_LABEL
from ui import data
from ui.fmt import date, number, unit
from ui.i18n import label, lang, name, t
from ui.page import ensure_app

ensure_app()
pid = st.session_state["program_id"]
p = data.program_view(pid)
doc = p["document"]
st.title(name(p["names"]))
st.markdown(
    f"**{doc['title']}**  \n{doc['number'] or t('no_number')} · {doc['issuer']} · "
    f"{date(doc['issued']) if doc['issued'] else t('no_date')} · {t('source_doc')}: `{doc['file']}`"
)

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
                "id": r["id"],
                t("parameters"): label(r),
                t("value"): number(r["value"], None) if isinstance(r["value"], (int, float)) else str(r["value"]),
                t("unit"): unit(r["unit"]),
                t("provenance"): t("kind_source") if prov["kind"] == "source" else "⚠ " + t("kind_assumed"),
                t("clause"): prov.get("clause", ""),
                t("quote_or_reason"): prov.get("quote") or prov.get("reason"),
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        height=560,
        column_config={t("quote_or_reason"): st.column_config.TextColumn(width="large")},
    )

with tab_phases:
    st.altair_chart(phase_chart(p["milestones"], lang=lang()), width="stretch")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("phase"): name(m["names"]),
                    t("start"): date(m["start"]) if m["start"] else "",
                    t("end"): date(m["end"]),
                    t("provenance"): t("kind_source") if m["source"]["kind"] == "source" else t("kind_assumed"),
                    t("quote_or_reason"): m["source"].get("quote") or m["source"].get("reason"),
                }
                for m in p["milestones"]
            ]
        ),
        hide_index=True,
        width="stretch",
    )

with tab_tracks:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "id": s["id"],
                    t("subprograms"): name(s["names"]),
                    t("mode"): t(MODE_LABEL[s["mode"]]),
                    t("quota"): (
                        number(s["quota"])
                        if s.get("quota") is not None
                        else number(sum(s["allocation"]["values"].values()))
                        if "allocation" in s
                        else t("by_project")
                    ),
                    t("provider"): s.get("provider") or "",
                }
                for s in p["subprograms"]
            ]
        ),
        hide_index=True,
        width="stretch",
    )

with tab_rules:
    for r in p["rules"]:
        st.markdown(
            f"- **{name(r['names'])}** — 「{r['source'].get('quote') or r['source'].get('reason')}」"
            f"（{r['source'].get('clause', '')}）"
        )

with tab_audit:
    st.write(t("audit_intro"))
    findings = [f for f in data.audit() if f["program"] == pid]
    if not findings:
        st.success(t("audit_none"))
    else:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("table"): name(f["table_names"]),
                        t("stated"): f["stated"],
                        t("computed"): f["computed"],
                        t("message"): f["message_zh"] if lang() == "zh" else f["message"],
                    }
                    for f in findings
                ]
            ),
            hide_index=True,
            width="stretch",
        )
