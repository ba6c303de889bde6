"""Saved scenarios: save the sidebar's scenario under a name, load, rename, duplicate, delete, export, import."""

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from ui import data
from ui.auth import Action, allowed, current_user
from ui.data import DataError, ScenarioError, ScenarioSpec, StoreError
from ui.fmt import timestamp
from ui.i18n import N_, error, name, t
from ui.page import changes_text, ensure_app
from ui.safe import tm
from ui.scenario import apply, settings
from ui.widgets import table, uploader

ensure_app()
AUDIT_ROWS = 200  # the newest changes on the page; the export has them all
ACTION_LABEL = {
    "create": N_("audit_create"),
    "update": N_("audit_update"),
    "rename": N_("audit_rename"),
    "duplicate": N_("audit_duplicate"),
    "delete": N_("audit_delete"),
    "import": N_("audit_import"),
}
pid = st.session_state["program_id"]
program = data.catalog().program(pid)
s = settings(pid)
store = data.store()
user = current_user()
st.title(t("nav_saved"))
st.caption(name(data.program_view(pid)["names"]))


def _feedback() -> None:
    """Show (once) the outcome of the last action: actions run in callbacks, before the page redraws."""
    kind, message = st.session_state.pop("saved_feedback", (None, None))
    if kind:
        getattr(st, kind)(message)


def _say(kind: str, message: str) -> None:
    st.session_state["saved_feedback"] = (kind, message)


def _do(action, args: tuple, ok: str) -> None:
    try:
        action(*args)
        _say("success", ok)
    except (StoreError, ScenarioError, DataError) as e:
        _say("error", tm("store_error", error=error(e)))


def _save() -> None:
    label = st.session_state.get("save_name", "").strip()
    if not label:
        _say("error", t("name_required"))
        return
    spec = ScenarioSpec(
        program=pid,
        name=label,
        overrides=dict(s.overrides),
        seed=s.seed,
        replications=s.replications,
        note=st.session_state.get("save_note", ""),
    )
    existing = {x.name: x for x in store.list(pid)}
    replace = label in existing and st.session_state.get("save_replace")
    _do(store.save, (spec, existing[label].version if replace else None, user), tm("saved_as", name=label))


def _picked():
    """The scenario picked in the list, read when a button is pressed (widgets may have changed since the redraw)."""
    return store.load(pid, st.session_state["saved_pick"])


def _load() -> None:
    x = _picked()
    apply(pid, x.overrides, x.seed, x.replications)
    _say("success", tm("loaded", name=x.name))


def _act(kind: str) -> None:
    """Rename, duplicate or delete the picked scenario, with the new name as typed at the click."""
    try:
        x = _picked()
    except StoreError as e:
        _say("error", tm("store_error", error=error(e)))
        return
    new = st.session_state.get("saved_new_name", "").strip()
    if kind != "delete" and not new:
        _say("error", t("name_required"))
        return
    calls = {
        "rename": (store.rename, (pid, x.name, new, x.version, user), tm("renamed", name=new)),
        "duplicate": (store.duplicate, (pid, x.name, new, user), tm("saved_as", name=new)),
        "delete": (store.delete, (pid, x.name, x.version, user), tm("deleted", name=x.name)),
    }
    _do(*calls[kind])


_feedback()
with st.form("save_form", border=True):
    st.subheader(t("save_current"))
    st.caption(t("save_what", n=len(s.overrides), seed=s.seed, reps=s.replications))
    st.text_input(t("scenario_name"), key="save_name", max_chars=200)
    st.text_area(t("author_note"), key="save_note", max_chars=2000, height=80)
    st.checkbox(t("replace_existing"), key="save_replace")
    st.form_submit_button(t("save"), on_click=_save, type="primary", disabled=not allowed(user, Action.CREATE))

saved = store.list(pid)
st.subheader(t("saved_list", n=len(saved)))
if not saved:
    st.info(t("none_saved"))
else:
    table(
        pd.DataFrame(
            [
                {
                    t("scenario_name"): x.name,
                    t("changes"): changes_text(program, x.overrides),
                    t("seed"): x.seed,
                    t("replications"): x.replications,
                    t("author_note"): x.note,
                    t("updated"): timestamp(x.updated_at),
                    t("created_by"): x.created_by,
                    t("updated_by"): x.updated_by,
                    t("version"): x.version,
                }
                for x in saved
            ]
        )
    )
    by_name = {x.name: x for x in saved}
    pick = st.selectbox(t("pick_saved"), list(by_name), key="saved_pick")
    owner = by_name[pick].created_by if pick in by_name else None

    def may(action: Action) -> bool:
        return allowed(user, action, pid, pick or "", owner)

    a, b, c, d = st.columns(4)
    a.button(t("load"), type="primary", width="stretch", on_click=_load)
    b.text_input(t("new_name"), key="saved_new_name", label_visibility="collapsed", placeholder=t("new_name"))
    c.button(t("rename"), width="stretch", on_click=_act, args=("rename",), disabled=not may(Action.RENAME))
    c.button(t("duplicate"), width="stretch", on_click=_act, args=("duplicate",), disabled=not may(Action.DUPLICATE))
    d.button(t("delete"), width="stretch", on_click=_act, args=("delete",), disabled=not may(Action.DELETE))

st.subheader(t("export_import"))
left, right = st.columns(2)
with left:
    fmt = st.radio(t("file_format"), ["json", "yaml"], horizontal=True, key="export_fmt", format_func=str.upper)
    if saved:

        def exported(fmt=fmt) -> bytes:
            """Written only when the button is pressed, not on every redraw of the page."""
            with tempfile.TemporaryDirectory() as tmp:
                return store.export(Path(tmp) / f"scenarios-{pid}.{fmt}", program=pid).read_bytes()

        st.download_button(
            t("export_all", n=len(saved)),
            exported,
            file_name=f"scenarios-{pid}.{fmt}",
            mime="application/json" if fmt == "json" else "application/x-yaml",
        )
with right:
    upload = uploader(t("import_file"), ["json", "yaml", "yml"], "import_upload")
    replace = st.checkbox(t("replace_existing"), key="import_replace")
    if upload is not None and st.button(t("import"), disabled=not allowed(user, Action.IMPORT)):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / upload.name
            path.write_bytes(upload.getvalue())
            try:
                done = store.import_file(path, replace=replace, by=user)
            except (DataError, StoreError, ScenarioError) as e:
                st.error(tm("import_failed", error=error(e).replace(str(path), upload.name)))
            else:
                _say("success", t("imported", n=len(done)))
                st.rerun()  # redraw the list above with the imported scenarios

st.subheader(t("audit_log"))
log = store.audit_log(pid, limit=AUDIT_ROWS)
if not log:
    st.info(t("audit_log_empty"))
else:
    action_words = {a: t(ACTION_LABEL[a]) for a in ACTION_LABEL}
    table(
        pd.DataFrame(
            [
                {
                    t("audit_when"): timestamp(e["at"]),
                    t("audit_user"): e["user"],
                    t("audit_action"): action_words[e["action"]],
                    t("scenario_name"): e["name"],
                    t("audit_before"): changes_text(program, e["before"]["overrides"]) if e["before"] else "—",
                    t("audit_after"): changes_text(program, e["after"]["overrides"]) if e["after"] else "—",
                }
                for e in log
            ]
        )
    )

    def audit_csv() -> bytes:
        """Every recorded change of this program, written when the button is pressed."""
        with tempfile.TemporaryDirectory() as tmp:
            return store.export_audit(Path(tmp) / f"audit-{pid}.csv", program=pid).read_bytes()

    st.download_button(t("audit_export"), audit_csv, file_name=f"audit-{pid}.csv", mime="text/csv")
