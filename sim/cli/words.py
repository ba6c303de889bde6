"""The command line's words in its language, from the message catalogs."""

from __future__ import annotations

from typing import Any

from sim.text import text


def help_text(key: str, lang: str, **kwargs: Any) -> str:
    """An argparse help or description: argparse %-formats them, so a literal % is doubled."""
    return text(key, lang, **kwargs).replace("%", "%%")
