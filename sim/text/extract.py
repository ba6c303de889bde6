"""A Babel extractor that reads message keys from the syntax tree (``babel.cfg`` maps Python files to it).

Babel's own Python extractor works on tokens: it misses keys inside f-strings and runs the two
keys of ``t("a" if x else "b")`` together. Here every call of a keyword function counts whose
first argument is a literal key, or a conditional choosing between literal keys.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from typing import IO, Any


def _literal_keys(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literal_keys(node.body), _literal_keys(node.orelse)
        if body is not None and orelse is not None:
            return body + orelse
    return None


def keys_in(source: str, keywords: Collection[str]) -> Iterator[tuple[int, str, str]]:
    """(line, function, key) for every literal key passed to one of ``keywords``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in keywords and node.args:
            for key in _literal_keys(node.args[0]) or []:
                yield node.lineno, node.func.id, key


def extract(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: dict[str, Any]
) -> Iterator[tuple[int, str, str, list[str]]]:
    for line, function, key in keys_in(fileobj.read().decode("utf-8"), keywords):
        yield line, function, key, []
