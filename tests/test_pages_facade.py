"""Pages reach the library only through ui.data: no page imports sim itself."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

PAGES = sorted((ROOT / "pages").glob("*.py"))


def _imported(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_there_are_pages_to_check():
    assert len(PAGES) >= 10


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_a_page_does_not_import_sim(page):
    direct = sorted(m for m in _imported(page) if m == "sim" or m.startswith("sim."))
    assert not direct, f"{page.name} imports {', '.join(direct)}; go through ui.data instead"
