"""Shared fixtures: the bundled catalog and a scratch data folder holding one example program."""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from sim.loader import load_catalog

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
EXAMPLE_ID = "example-2023"


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def example_program() -> dict:
    return yaml.safe_load((EXAMPLES / "sixth-program.yaml").read_text(encoding="utf-8"))


@pytest.fixture
def scratch_data(tmp_path, example_program):
    """Returns write(mutate) -> data dir holding the example program after ``mutate(dict)``."""
    (tmp_path / "programs").mkdir()
    (tmp_path / "sources").mkdir()
    shutil.copy(EXAMPLES / "example-notice.txt", tmp_path / "sources")

    def write(mutate=None, text: str | None = None) -> Path:
        path = tmp_path / "programs" / f"{EXAMPLE_ID}.yaml"
        if text is None:
            data = copy.deepcopy(example_program)
            if mutate is not None:
                mutate(data)
            text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return tmp_path

    return write
