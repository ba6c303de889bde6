"""Whether shown text is in the page's language: the rule the browser and AppTest page scans share.

Allowed across languages: the documents' own wording shown as a quotation 「…」, the language
switch, and in Chinese a short list of Latin words (formats, units, names with no Chinese form).
"""

from __future__ import annotations

import re

from sim.catalog import load_catalog


def _ids() -> set[str]:
    """The data's ids no English text would contain (with a digit, or of three words or more)."""
    ids = set()
    for p in load_catalog().programs.values():
        ids |= {p.id, *(t.id for t in p.tracks), *(m.id for m in p.milestones), *(g.id for g in p.groups)}
        ids |= {s.id for t in p.tracks for s in t.suppliers or []} | {c.id for t in p.tracks for c in t.cost_lines}
    return {i for i in ids if i.count("-") >= 2 or any(c.isdigit() for c in i)}


DATA_IDS = _ids()
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9]")
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
QUOTATION = re.compile(r"「[^」]*」")
# The language switch names both languages in each.
BOTH_LANGUAGES = {"语言 / Language", "中文", "English"}
# The date picker's own announcement (Streamlit's words, hidden for screen readers).
STREAMLIT_WORDS = re.compile(r"^Selected Date: ")
# Latin words Chinese text may keep: units, formats and proper names with no Chinese form.
ZH_LATIN = {"PDF", "Excel", "Word", "YAML", "JSON", "CSV", "UTC", "Shapley", "X", "B2B", "BIM", "Web", "EEPM"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def out_of_place(words: str, lang: str) -> bool:
    """Chinese in English, English words in Chinese, or a raw id: snake_case or one of the data's ids
    (quotations aside)."""
    if words in BOTH_LANGUAGES or STREAMLIT_WORDS.match(words):
        return False
    plain = QUOTATION.sub("", words)
    if IDENTIFIER.search(plain) or DATA_IDS & set(TOKEN.findall(plain)):
        return True
    if lang == "en":
        return bool(CJK.search(plain))
    return bool(set(LATIN_WORD.findall(plain)) - ZH_LATIN)
