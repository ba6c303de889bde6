"""The message catalogs against the code: every key the code uses has words in every language, and no more.

Keys are extracted the way ``make messages`` does it (babel.cfg, the Makefile's keyword list).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import string

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from sim.text import catalogs, clause_in, error_in, text
from tests.conftest import ROOT

KEYWORDS = re.search(r"^MESSAGE_KEYWORDS := (.+)$", (ROOT / "Makefile").read_text(), re.M).group(1).split()
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# Latin words a Chinese message may keep: file formats, units and names that have no Chinese form.
ZH_KEEPS_LATIN = {"PDF", "Excel", "Word", "YAML", "JSON", "CSV", "ID", "SHA", "UTC", "Shapley", "MB"}  # MB: a unit, as Chinese software writes it
# Messages meant for both readers at once.
BILINGUAL = {"language"}


def _used_keys() -> dict[str, list[str]]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    used: dict[str, list[str]] = {}
    for path, line, key, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=dict.fromkeys(KEYWORDS)
    ):
        used.setdefault(key, []).append(f"{path}:{line}")
    return used


USED = _used_keys()
CATALOGS = {
    lang: {m.id: m.string for m in read_po(catalogs.po_path(lang).open("rb")) if m.id} for lang in catalogs.LANGS
}


def _shown(words: str) -> str:
    """A message as a reader sees it: without {placeholders}, argparse's %(name)s / %s ones and `code`."""
    return re.sub(r"`[^`]*`|\{[^{}]*\}|%\([a-z_]+\)[sr]|%[sr]", "", words)


def test_every_key_the_code_uses_has_words_in_every_language():
    for lang, messages in CATALOGS.items():
        missing = {k: where for k, where in USED.items() if not messages.get(k)}
        assert not missing, f"keys used in code but missing in {catalogs.po_path(lang)}: {missing}"


def test_every_catalog_key_is_used_by_the_code():
    for lang, messages in CATALOGS.items():
        unused = sorted(set(messages) - set(USED))
        assert not unused, f"{catalogs.po_path(lang)} has keys no code uses (make messages drops them): {unused}"


def test_languages_have_the_same_keys_and_placeholders():
    zh, en = CATALOGS["zh"], CATALOGS["en"]
    assert set(zh) == set(en), f"only in zh: {sorted(set(zh) - set(en))}; only in en: {sorted(set(en) - set(zh))}"

    def fields(words: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(words) if name}

    differ = {k: (fields(zh[k]), fields(en[k])) for k in zh if fields(zh[k]) != fields(en[k])}
    assert not differ, f"placeholders differ between zh and en: {differ}"


def test_english_messages_have_no_chinese():
    bad = {k: w for k, w in CATALOGS["en"].items() if k not in BILINGUAL and CJK.search(_shown(w))}
    assert not bad, f"Chinese in English messages: {bad}"


def test_chinese_messages_have_no_english_words():
    bad = {}
    for k, w in CATALOGS["zh"].items():
        words = set(re.findall(r"[A-Za-z]+", _shown(w))) - ZH_KEEPS_LATIN
        if words and k not in BILINGUAL:
            bad[k] = sorted(words)
    assert not bad, f"English words in Chinese messages (allowed: {sorted(ZH_KEEPS_LATIN)}): {bad}"


def test_no_key_is_built_at_run_time():
    """A key built from pieces (f-string, +, .format) escapes extraction: look it up in a table instead."""
    built = []
    for folder in ("sim", "ui", "pages", "charts", "reports"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in KEYWORDS
                    and node.args
                    and isinstance(node.args[0], (ast.JoinedStr, ast.BinOp, ast.Call))
                ):
                    built.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not built, f"message keys built at run time: {built}"


def test_an_unknown_key_fails_loudly():
    with pytest.raises(KeyError, match="no_such_key"):
        text("no_such_key", "en")


def _isolated_catalogs(tmp_path, monkeypatch):
    shutil.copytree(catalogs.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(catalogs, "LOCALE_DIR", tmp_path / "locale")
    catalogs.translations.cache_clear()
    return catalogs.po_path("en")


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    yield _isolated_catalogs(tmp_path, monkeypatch)
    catalogs.translations.cache_clear()


def test_a_missing_mo_is_compiled_in_memory(isolated):
    isolated.with_suffix(".mo").unlink(missing_ok=True)
    assert text("app_title", "en") == "Teacher-training policy simulation and briefing"
    assert not isolated.with_suffix(".mo").exists()


def test_a_mo_older_than_its_po_is_not_used(isolated):
    po = isolated
    mo = po.with_suffix(".mo")
    mo.write_bytes(b"not a catalog")  # would fail to load if it were read
    os.utime(mo, (0, 0))
    po.write_text(po.read_text(encoding="utf-8").replace("Teacher-training policy", "Edited policy"), encoding="utf-8")
    assert text("app_title", "en") == "Edited policy simulation and briefing"


def _data_programs():
    from sim.catalog import load_catalog, program_dict

    return [program_dict(p) for p in load_catalog().programs.values()]


def _provenances(d: dict):
    yield from (r["provenance"] for r in d["parameters"])
    yield from (m["source"] for m in d["milestones"])
    yield from (r["source"] for r in d["rules"])


def test_the_data_words_every_assumption_and_clause_in_english():
    """Reasons (and ranges' reasons) are {zh, en}, each wholly in its language; clause references have
    English words."""
    for d in _data_programs():
        reasons = [r["range_reason"] for r in d["parameters"] if r["range_reason"]]
        for prov in _provenances(d):
            if prov["kind"] == "assumed":
                reasons.append(prov["reason"])
            else:
                assert not CJK.search(clause_in(prov["clause"], "en")), (d["id"], prov["clause"])
        for reason in reasons:
            assert not CJK.search(reason["en"]) and not re.search(r"[A-Za-z]{2}", reason["zh"]), (d["id"], reason)


def test_clause_references_in_english():
    assert clause_in("附件 二（五）3", "en") == "Annex 2(5)3"
    assert clause_in("附件1 第3项", "en") == "Annex 1 item 3"
    assert clause_in("三（二）", "en") == "3(2)" and clause_in("落款", "en") == "signature block"
    assert clause_in("三（二）", "zh") == "三（二）"


def test_errors_the_user_can_fix_are_worded_in_the_language_shown(catalog):
    from sim.base import ScenarioError
    from sim.scenario import make_scenario

    with pytest.raises(ScenarioError) as info:
        make_scenario(catalog.program("henan-2021"), {"attendance_rate": 2})
    assert error_in(info.value, "zh") == "attendance_rate：取值 2 超出允许范围 `[0, 1]`"
    assert error_in(info.value, "en") == "attendance_rate: 2 is outside the allowed range `[0, 1]`"
    assert "expected a rate in [0, 1], got 2" in str(info.value)  # the CLI's English stays
