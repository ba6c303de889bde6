"""Every error a face may show carries a message code, so the Chinese CLI and dashboard word it in
Chinese; its English str() (logs, ``--lang en``) stays as it was."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import sim
from sim.base import Worded
from sim.cli.commands import main
from sim.run.budget import budget_from_env
from sim.run.executor import _on_dask
from sim.scenario import make_scenario
from sim.store import Action, Role, ScenarioStore, User
from sim.store.files import read_scenario_file
from sim.text import error_in
from sim.whatif.compare import compare
from sim.whatif.goalseek import goal_seek
from sim.whatif.sweep import parse_grid
from tests.documented import ROOT
from tests.language import LATIN_WORD, QUOTATION, ZH_LATIN

SIM = ROOT / "sim"

# Raise sites another change words (sim/catalog is not this change's): (file, call as ast.unparse gives it).
# An entry that no longer matches fails too, so the list only shrinks.
WORDED_ELSEWHERE: set[tuple[str, str]] = set()  # (file, call) of an error worded by what it wraps


def _error_classes() -> dict[str, int]:
    """Each Worded class in sim by name, with the position of its ``code`` argument (after ``self``).

    A class whose constructor takes no ``code`` words itself (VersionConflict, BudgetExceeded)."""
    for info in pkgutil.walk_packages(sim.__path__, "sim."):
        if not info.name.endswith(".__main__"):  # importing it would run the CLI
            importlib.import_module(info.name)
    found, todo = {}, [Worded]
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        names = list(inspect.signature(cls.__init__).parameters)[1:]
        if "code" in names and cls.__module__.startswith("sim."):
            found[cls.__name__] = names.index("code")
    return found


def _passes_code(call: ast.Call, position: int) -> bool:
    if any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "N_"
        for arg in [*call.args, *(k.value for k in call.keywords)]
        for n in ast.walk(arg)
    ):
        return True
    if any(k.arg == "code" for k in call.keywords):
        return True
    given = call.args[position] if len(call.args) > position else None
    return given is not None and not (isinstance(given, ast.Constant) and given.value is None)


def keyless_errors(folder: Path = SIM) -> list[tuple[str, int, str]]:
    """(file, line, call) of each error constructed in ``folder`` without a message code."""
    classes = _error_classes()
    out = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in classes and not _passes_code(node, classes[name]):
                out.append((path.relative_to(folder.parent).as_posix(), node.lineno, ast.unparse(node)))
    return out


def test_every_error_in_sim_has_a_message_code():
    found = keyless_errors()
    new = [f"{file}:{line}: {call[:120]}" for file, line, call in found if (file, call) not in WORDED_ELSEWHERE]
    assert not new, "errors without a message code (give each N_('error_…') and named params):\n" + "\n".join(new)
    assert {(file, call) for file, _, call in found} >= WORDED_ELSEWHERE, "now worded: drop it from WORDED_ELSEWHERE"


def test_the_scan_finds_a_keyless_error(tmp_path):
    """The scan can fail: errors with only their English are reported with file and line; a code passed
    on (``e.code``) or one the class words itself (BudgetExceeded) is not."""
    (tmp_path / "sim").mkdir()
    (tmp_path / "sim" / "probe.py").write_text(
        "def f(e):\n"
        '    raise ScenarioError("x")\n'
        '    raise DataError("f", "", "x", None)\n'
        '    raise StoreError("x", N_("error_store_at"), store="s", problem="p")\n'
        '    raise DataError("f", "", str(e), e.code, **e.params)\n'
        '    raise BudgetExceeded("p", 1, 1, 1)\n',
        encoding="utf-8",
    )
    assert [line for _, line, _ in keyless_errors(tmp_path / "sim")] == [2, 3]


# -- worded in each language ----------------------------------------------------------------------

CODE = re.compile(r"`[^`]*`")


def _values(e: BaseException) -> list[str]:
    """The values an error names (what was typed, ids, a driver's own text), its nested errors' too."""
    out = []
    for v in getattr(e, "params", {}).values():
        out += _values(v) if isinstance(v, BaseException) else [str(v)]
    return out


def english_words_in_chinese(e: BaseException) -> set[str]:
    """Latin words the Chinese wording adds around the values it names (code in backticks aside)."""
    words = error_in(e, "zh")
    for value in sorted(_values(e), key=len, reverse=True):
        words = words.replace(value, "")
    return set(LATIN_WORD.findall(CODE.sub("", QUOTATION.sub("", words)))) - ZH_LATIN


def _raised(fn, *args, **kwargs) -> Worded:
    with pytest.raises(Worded) as info:
        fn(*args, **kwargs)
    return info.value


@pytest.fixture(scope="module")
def errors(catalog, tmp_path_factory):
    """(error, its English as before this change) for representative raise sites of each layer."""
    henan = catalog.program("henan-2021")
    broken = tmp_path_factory.mktemp("files") / "broken.json"
    broken.write_text("{", encoding="utf-8")
    return {
        "unknown key": (
            _raised(make_scenario, henan, {"nosuch": 1}),
            "unknown key 'nosuch' for henan-2021; valid keys: ",
        ),
        "replications": (
            _raised(compare, henan, {"a": make_scenario(henan)}, replications=0),
            "replications must be at least 1, got 0",
        ),
        "grid": (_raised(parse_grid, ["quota_scale"]), "--grid expects KEY=V1,V2,..., got 'quota_scale'"),
        "metric": (
            _raised(goal_seek, henan, make_scenario(henan), 1.0, metric="cost_yuan"),
            "goal seek: metric must be one of ",
        ),
        "permission": (
            _raised(User("bo", Role.VIEWER).check, Action.DELETE, "henan-2021", "扩招", owner="anna"),
            "bo (viewer) may not delete henan-2021/扩招 (created by anna): viewers read and export; "
            "ask an administrator for the analyst role to save",
        ),
        "json": (_raised(read_scenario_file, broken, catalog), f"{broken}: line 1: not valid JSON: "),
        "store": (
            _raised(ScenarioStore, catalog, url="nosuch://x"),
            "scenario store nosuch://x: unknown database kind; expected sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST/DB (set TT_STORE_URL or --store)",
        ),
        "dask": (
            _raised(_on_dask, "no-such-scheme://x", [], None),
            "Dask scheduler 'no-such-scheme://x': cannot connect (",
        ),
    }


CASES = ["unknown key", "replications", "grid", "metric", "permission", "json", "store", "dask"]


@pytest.mark.parametrize("case", CASES)
def test_an_error_reads_in_chinese(errors, case):
    e, _ = errors[case]
    assert e.code is not None
    assert not english_words_in_chinese(e), error_in(e, "zh")


@pytest.mark.parametrize("case", CASES)
def test_its_english_is_as_before(errors, case):
    e, english = errors[case]
    assert str(e).startswith(english)


def test_a_budget_from_the_environment_reads_in_chinese(monkeypatch):
    monkeypatch.setenv("TT_RUN_BUDGET", "lots")
    e = _raised(budget_from_env)
    assert str(e) == "TT_RUN_BUDGET: expected a whole number of cell-replications, got 'lots'"
    assert error_in(e, "zh") == "TT_RUN_BUDGET：应为整数（班级或单位数 × 重复次数），实为 'lots'"


def test_the_chinese_cli_lists_the_valid_keys_of_an_unknown_set_key(capsys):
    assert main(["--lang", "zh", "run", "henan-2021", "--set", "nosuch=1"]) == 2
    zh = capsys.readouterr().err
    assert "'nosuch' 不是本项目的设置；有效的设置：quota_scale (0, 10]" in zh
    assert "其中 `MILESTONE` 取 [" in zh and "valid keys" not in zh
    assert main(["--lang", "en", "run", "henan-2021", "--set", "nosuch=1"]) == 2
    assert "unknown key 'nosuch' for henan-2021; valid keys: quota_scale (0, 10]" in capsys.readouterr().err


def test_a_scenario_file_error_keeps_the_words_of_its_cause(catalog, tmp_path):
    """A bad override in an imported file is located by the file and worded by the knob's own check."""
    path = tmp_path / "s.json"
    path.write_text(
        '{"format": "tt-scenarios/1", "scenarios": [{"program": "henan-2021", "name": "a", '
        '"overrides": {"nosuch": 1}}]}',
        encoding="utf-8",
    )
    e = _raised(read_scenario_file, path, catalog)
    assert str(e).startswith(f"{path}: scenarios[0].overrides.nosuch: unknown key 'nosuch' for henan-2021;")
    assert error_in(e, "zh").startswith(f"{path}：scenarios[0].overrides.nosuch：'nosuch' 不是本项目的设置；")


if __name__ == "__main__":  # list the keyless raise sites: python -m tests.test_error_words
    for file, line, call in keyless_errors():
        print(f"{Path(file)}:{line}: {call[:120]}")
