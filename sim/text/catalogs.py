"""The message catalogs: gettext ``.po`` files per language, keyed by message id (``msgid "app_title"``).

``make`` compiles them to ``.mo`` (``pybabel compile``); a run that skipped make (``python -m sim``
from a fresh clone, or after editing a ``.po``) compiles the stale catalog in memory instead.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
LANGS = ("zh", "en")
# The Babel locale each language's catalog and number formats use.
LOCALES = {"zh": "zh_CN", "en": "en"}


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> gettext.GNUTranslations:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    po = po_path(lang)
    mo = po.with_suffix(".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    with po.open("rb") as f:
        catalog = read_po(f, locale=LOCALES[lang], domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def message(key: str, lang: str) -> str:
    """The words for ``key``; a KeyError, not the bare key, when a catalog lacks it."""
    words = translations(lang).gettext(key)
    if words == key:
        raise KeyError(f"message {key!r} is not in the {lang} catalog ({po_path(lang)})")
    return words
