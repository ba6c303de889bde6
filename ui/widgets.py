"""Widgets shared by pages."""

from __future__ import annotations

import json

import streamlit as st

from . import data
from .i18n import comma, error, lang, t
from .safe import tm


def _remember(key: str) -> None:
    st.session_state["program_id"] = st.session_state[key]


def program_picker() -> str:
    """Program selector whose choice carries across pages and language switches.

    ``program_id`` holds the choice. The widget key includes the language because a keyed
    selectbox keeps showing the labels it was first drawn with; each draw is synced to
    ``program_id``, and a user's pick updates it through the callback before the page runs.
    """
    programs = data.catalog().programs
    ids = list(programs)
    if st.session_state.get("program_id") not in ids:
        st.session_state["program_id"] = ids[0]
    language = lang()
    key = f"program_picker_{language}"
    st.session_state[key] = st.session_state["program_id"]
    # The label function is bound to this draw's language, not looked up when called.
    labels = {pid: getattr(p.names, language) for pid, p in programs.items()}
    return st.sidebar.selectbox(
        t("program"), ids, key=key, on_change=_remember, args=(key,), format_func=labels.__getitem__
    )


def kept(widget, label: str, *, key: str, default, **kwargs):
    """A widget seeded once with ``default`` whose value then lives in session state under ``key``.

    Streamlit forgets a widget's value when a run does not draw it (another page or program);
    app.py re-stores every such key on each run, and the widget never takes ``value=`` again.
    """
    st.session_state.setdefault("_kept", set()).add(key)
    if key not in st.session_state:
        st.session_state[key] = default
    return widget(label, key=key, **kwargs)


def keep_widget_values() -> None:
    for key in st.session_state.get("_kept", ()):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


ROW_PX, HEADER_PX, MAX_ROWS_SHOWN = 35, 38, 30  # st.dataframe's row height; taller tables scroll (and say so)
WIDEST_PX = 460  # no column wider than this: longer text wraps (in a tall row) or shows its start
TABLE_PX = 940  # the page's width for a table at the smallest wide layout (a 1400-pixel window)
# st.dataframe wraps text only in rows taller than 4rem: a table too wide for the page gets such rows and
# narrower columns, so its last columns are not cut off at the page's edge.
WRAPPED_ROW_PX = 72
READABLE_PX = 120  # a narrowed column still holds a few words a line: a date range wraps into three lines


def _px(words: str) -> int:
    """Pixels a cell's text needs: a CJK character is about twice as wide as a Latin one."""
    return sum(15 if ord(c) > 0x2E7F else 7 for c in words) + 24


def _wraps(cells) -> bool:
    """Whether a column's text can wrap in the grid: it has Chinese characters in it."""
    return any(ord(ch) > 0x2E7F for v in cells for ch in str(v))


def table(df) -> None:
    """A table whose every row shows (up to ``MAX_ROWS_SHOWN``, else it says how many there are) and whose
    columns are as wide as their longest text, the first (the row's name) pinned while scrolling sideways;
    a table wider than the page wraps its columns' text instead, no column narrower than its heading."""
    import pandas as pd

    df = df if isinstance(df, pd.DataFrame) else pd.DataFrame(df)
    natural = {c: max(_px(str(v)) for v in [c, *df[c].tolist()]) for c in df.columns}
    widths = {c: min(w, WIDEST_PX) for c, w in natural.items()}
    # A text longer than the widest column wraps rather than being cut off.
    row = WRAPPED_ROW_PX if any(w > WIDEST_PX for w in natural.values()) else ROW_PX
    if sum(widths.values()) > TABLE_PX:
        row = WRAPPED_ROW_PX
        # A heading does not wrap: each column keeps its heading's width (and a few words' of its text) and
        # gives up, in proportion, what its cells need beyond it. Only text with Chinese in it gives up
        # any: the grid wraps it anywhere, while it leaves Latin words and figures ("6,502 [4,801 –
        # 8,616]") on one line, cut off, as often as not. Wider together than the page, the table
        # scrolls sideways, its first column pinned.
        least = {c: min(max(_px(str(c)), READABLE_PX), w) if _wraps(df[c]) else w for c, w in widths.items()}
        beyond = sum(widths.values()) - sum(least.values())
        keep = max(TABLE_PX - sum(least.values()), 0) / max(beyond, 1)
        widths = {c: least[c] + int((w - least[c]) * keep) for c, w in widths.items()}
    config = {
        c: st.column_config.Column(width=w, pinned=True if i == 0 else None) for i, (c, w) in enumerate(widths.items())
    }
    shown = min(len(df), MAX_ROWS_SHOWN)
    st.dataframe(
        df,
        hide_index=True,
        width="stretch",
        height=HEADER_PX + row * max(shown, 1),
        row_height=row,
        column_config=config,
    )
    if len(df) > MAX_ROWS_SHOWN:
        st.caption(t("table_rows", shown=shown, n=len(df)))


def uploader(label: str, types: list[str], key: str):
    """``st.file_uploader`` whose own words (its button, its size and type line, which Streamlit writes
    in English whatever the page's language) are the catalog's: the drawn text is swapped by CSS."""
    limit = t("uploader_limit", mb=st.get_option("server.maxUploadSize"), types=comma().join(x.upper() for x in types))
    zone = f'[data-testid="stFileUploader"].st-key-{key} [data-testid="stFileUploaderDropzone"]'
    st.html(
        "<style>"
        f"{zone} button p, {zone} [data-testid=stFileUploaderDropzoneInstructions] span {{font-size: 0}}"
        f"{zone} button p::after {{content: {json.dumps(t('uploader_button'), ensure_ascii=False)}; font-size: 0.875rem}}"
        f"{zone} [data-testid=stFileUploaderDropzoneInstructions] span::after"
        f" {{content: {json.dumps(limit, ensure_ascii=False)}; font-size: 0.875rem}}"
        "</style>"
    )
    return st.file_uploader(label, type=types, key=key)


def stored_plan_actual(s):
    """The stored actuals against the scenario (``data.plan_actual``), or None; a store that cannot be
    read says so on the page instead of stopping it (the rest of the page needs no store)."""
    try:
        return data.plan_actual(s)
    except data.StoreError as e:
        st.warning(tm("store_error", error=error(e)))
        return None
