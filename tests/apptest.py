"""Streamlit AppTest helpers shared by the dashboard tests (a helper module, not a test module)."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
from streamlit.testing.v1 import AppTest

from tests.documented import ROOT

APP = str(ROOT / "app.py")


def _app(page: str | None = None, query: dict | None = None, **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in state.items():
        at.session_state[k] = v
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, at.exception
    return at


def _det(pid: str, **state) -> dict:
    """Session state for a deterministic (expected-value) run of ``pid``, the assumed values at their
    values (not drawn): results checkable by hand."""
    return {"program_id": pid, f"{pid}:det": True, f"{pid}:unk": False, **state}


def charts(at: AppTest) -> list[tuple[dict, list[pd.DataFrame]]]:
    """Each Altair chart on the page: its Vega-Lite spec and its datasets as data frames."""
    out = []
    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in el.proto.datasets]
        out.append((spec, frames))
    return out


def read(markdown: str) -> str:
    """What a reader sees of a Markdown element's source: backslash escapes (``ui.safe.md``) removed."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown)
