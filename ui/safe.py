"""Text from users, links and files, made safe to show in Streamlit's Markdown.

``st.error``, ``st.success``, ``st.info``, ``st.warning``, ``st.markdown`` and ``st.caption`` read
their text as Markdown: a scenario name or a link value like ``[重新登录](https://…)`` would become
a live link, ``![x](http://…)`` would make every viewer's browser fetch a remote image, a bare
``https://…`` is linked automatically, and ``:red[…]`` or ``$…$`` change the look. ``md`` escapes
every character Markdown (and Streamlit's extensions) gives a meaning, and shortens long text;
``tm`` is the one way to word a catalog message that interpolates such text for ``st.*``.
"""

from __future__ import annotations

import re
from typing import Any

from .i18n import t

SHOWN_MAX = 300  # characters of a text in a message: a whole error, not a wall of pasted text
# CommonMark lets any ASCII punctuation be escaped with a backslash; these are the ones that mean
# something in Markdown, GitHub's autolinks (: . /), Streamlit's directives (: [ ]) and math ($).
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$/=&\"'])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# GitHub-style autolinks are found in the text after escapes are undone, so escaping cannot stop
# them: an invisible word joiner after the scheme, "www" or "@" does (the text reads the same).
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www|@)")
JOINER = "\u2060"


def md(value: Any, limit: int = SHOWN_MAX) -> str:
    """``value`` as literal text inside Markdown: shortened, control characters shown, specials escaped."""
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    text = text.replace("\n", " ")  # a line break could start a heading or a list
    return _AUTOLINK.sub(lambda m: m.group() + JOINER, _SPECIAL.sub(r"\\\1", text))


def tm(key: str, **values: Any) -> str:
    """The catalog message ``key`` for a Markdown element, its ``values`` (from users, links, files) escaped."""
    return t(key, **{k: md(v) for k, v in values.items()})
