"""The command line's words in its language, from the message catalogs."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sim.base import N_
from sim.text import text


def help_text(key: str, lang: str, **kwargs: Any) -> str:
    """An argparse help or description: argparse %-formats them, so a literal % is doubled."""
    return text(key, lang, **kwargs).replace("%", "%%")


# The words argparse writes itself (its usage line, section titles and errors), by its English
# message id: argparse looks each up through its module's ``_`` when it needs it.
ARGPARSE_WORDS = {
    "usage: ": N_("argparse_usage"),
    "positional arguments": N_("argparse_positionals"),
    "options": N_("argparse_options"),
    "show this help message and exit": N_("argparse_help"),
    "argument %(argument_name)s: %(message)s": N_("argparse_argument"),
    "the following arguments are required: %s": N_("argparse_required"),
    "unrecognized arguments: %s": N_("argparse_unrecognized"),
    "invalid %(type)s value: %(value)r": N_("argparse_invalid_value"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_("argparse_invalid_choice"),
    "expected one argument": N_("argparse_expected_one"),
    "ambiguous option: %(option)s could match %(matches)s": N_("argparse_ambiguous"),
    "%(prog)s: error: %(message)s\n": N_("argparse_error"),
}


@contextmanager
def argparse_in(lang: str) -> Iterator[None]:
    """While building and running a parser, argparse's own words come from the catalogs in ``lang``."""
    original = argparse._  # type: ignore[attr-defined]

    def words(message: str) -> str:
        key = ARGPARSE_WORDS.get(message)
        return message if key is None else text(key, lang)

    argparse._ = words  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
