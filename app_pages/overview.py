"""Overview: the five documents side by side, and what the consistency audit found."""
import pandas as pd
import streamlit as st

from ui import data
from ui.fmt import date
from ui.i18n import lang, name, t

st.title(t("app_title"))
st.caption(t("what_assumed"))

rows = []
for pid in data.catalog().programs:
    p = data.program_view(pid)
    kinds = [r["provenance"]["kind"] for r in p["parameters"]]
    doc = p["document"]
    rows.append({
        t("program"): name(p["names"]),
        t("doc_number"): doc["number"] or t("no_number"),
        t("issuer"): doc["issuer"],
        t("issued"): date(doc["issued"]) if doc["issued"] else t("no_date"),
        t("subprograms"): len(p["subprograms"]),
        t("milestones"): len(p["milestones"]),
        t("documented"): kinds.count("source"),
        t("assumed"): kinds.count("assumed"),
        t("findings"): sum(1 for f in data.audit() if f["program"] == pid),
    })
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.subheader(t("audit"))
st.write(t("audit_intro"))
findings = data.audit()
if not findings:
    st.success(t("audit_none"))
else:
    programs = data.catalog().programs
    st.dataframe(pd.DataFrame([{
        t("program"): name(programs[f["program"]].names.model_dump()),
        t("table"): name(f["table_names"]),
        t("stated"): f["stated"],
        t("computed"): f["computed"],
        t("message"): f["message_zh"] if lang() == "zh" else f["message"],
    } for f in findings]), hide_index=True, width="stretch")
