"""What every scenario page starts with: the program's title, its scenario's result, and how it was computed."""

from __future__ import annotations

import contextlib
import contextvars
import runpy
import time
from collections.abc import Iterator
from pathlib import Path

import streamlit as st

from sim.base import ScenarioError
from sim.results import Result

from . import data
from .fmt import number
from .i18n import comma, error, knob_label, name, t
from .safe import tm
from .scenario import DEFAULT_REPLICATIONS, Settings, settings

_IN_APP = contextvars.ContextVar("in_app", default=False)
APP = Path(__file__).resolve().parent.parent / "app.py"


@contextlib.contextmanager
def inside_app() -> Iterator[None]:
    """Mark this script run as going through app.py (language switch, sidebar, URL state)."""
    token = _IN_APP.set(True)
    try:
        yield
    finally:
        _IN_APP.reset(token)


def ensure_app() -> None:
    """Run app.py instead when a page file was started on its own.

    On a fresh server Streamlit's first script run treats a folder named ``pages/`` as a legacy
    page set and runs the page file a deep link names, without app.py. app.py then resolves the
    same URL to the same page through ``st.navigation``, and this run stops here.
    """
    if not _IN_APP.get():
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()


def method_note(s: Settings, elapsed: float | None = None, *lines: str) -> None:
    """One "计算说明" expander: how the page's figures were computed (runs, seed, data version, time).

    What a reader needs to read the figures stays on the page; these details are for whoever checks them.
    """
    notes = [*lines]
    if s.unknowns:
        notes.append(t("method_unknowns"))
        notes.append(t("method_unknowns_count", n=s.replications, default=DEFAULT_REPLICATIONS))
    if s.calibrated:
        notes.append(t("method_calibrated", n=len(s.calibrated)))
    if s.deterministic and not s.unknowns:
        notes.append(t("method_expected"))
    else:
        notes.append(t("interval_note", n=s.replications) if s.replications > 1 else t("single_run"))
    notes.append(t("method_seed", seed=s.seed))
    notes.append(t("method_data_version", version=f"`{data.data_version(s.program_id)}`"))  # a code, not words
    if elapsed is not None:
        notes.append(t("run_time", s=elapsed))
    with st.expander(t("method_note")):
        st.markdown("\n".join(f"- {line}" for line in notes))


def header() -> tuple[Settings, Result]:
    """Title and caption for the chosen program; the result of its current scenario (stops on a bad one)."""
    s = settings(st.session_state["program_id"])
    started = time.perf_counter()
    try:
        with st.spinner(t("computing")):
            res = data.result(s)
    except ScenarioError as e:
        st.error(tm("scenario_error", error=error(e)))
        st.stop()
    elapsed = time.perf_counter() - started
    st.title(name(res.names))
    if s.overrides:
        st.caption(t("changes_count", n=len(s.overrides)))
    method_note(s, elapsed)
    return s, res


def analysis_header(title: str, intro: str):
    """Title and intro of a what-if page; returns the chosen program and its current scenario settings."""
    pid = st.session_state["program_id"]
    st.title(title)
    st.caption(f"{name(data.program_view(pid)['names'])} · {intro}")
    return data.catalog().program(pid), settings(pid)


def changes_text(program, overrides) -> str:
    """A scenario's changes in words, e.g. 报到率=0.8，集中培训经费标准=450 (documented defaults if none)."""
    from sim.scenario import knobs

    valid = knobs(program)
    items = overrides.items() if hasattr(overrides, "items") else overrides
    words = [
        f"{knob_label(program, k) if k in valid else k}={number(v, None) if isinstance(v, float) else v}"
        for k, v in items
    ]
    return comma().join(words) or t("documented_defaults")
