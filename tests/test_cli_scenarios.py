"""The `scenarios` commands and `run --scenario` against a scratch store chosen by TT_STORE_URL."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from sim.cli import main


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys, catalog):
    """Runs the command line in this process, on the session's catalog (loading it per call is slow)."""
    monkeypatch.setenv("TT_STORE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    monkeypatch.setattr("sim.cli.commands.load_catalog", lambda data=None: catalog)

    def call(*args: str) -> SimpleNamespace:
        code = main(["--lang", "en", *args])
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)

    return call


def test_save_list_show_export_import_delete(cli, tmp_path):
    assert (
        cli(
            "scenarios",
            "save",
            "henan-2021",
            "扩招",
            "--set",
            "quota_scale=1.2",
            "-n",
            "4",
            "--seed",
            "7",
            "--note",
            "会议用",
        ).returncode
        == 0
    )
    taken = cli("scenarios", "save", "henan-2021", "扩招", "--set", "quota_scale=1.3")
    assert taken.returncode == 2 and "already has a scenario named" in taken.stderr
    assert (
        "v2"
        in cli(
            "scenarios", "save", "henan-2021", "扩招", "--set", "quota_scale=1.3", "-n", "4", "--seed", "7", "--replace"
        ).stdout
    )
    listed = json.loads(cli("scenarios", "list", "henan-2021", "--json").stdout)
    assert [(s["name"], s["overrides"], s["version"]) for s in listed] == [("扩招", {"quota_scale": 1.3}, 2)]
    assert json.loads(cli("scenarios", "show", "henan-2021", "扩招").stdout)["seed"] == 7
    path = tmp_path / "out.yaml"
    assert cli("scenarios", "export", str(path)).returncode == 0
    assert cli("scenarios", "delete", "henan-2021", "扩招").returncode == 0
    assert cli("scenarios", "list").stdout == ""
    assert "扩招" in cli("scenarios", "import", str(path)).stdout
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "tt-scenarios/1", "scenarios": [{"program": "henan-2021", "name": "x", '
        '"overrides": {"quota_scale": 0}}]}',
        encoding="utf-8",
    )
    refused = cli("scenarios", "import", str(bad))
    assert refused.returncode == 2 and f"{bad}: scenarios[0].overrides.quota_scale:" in refused.stderr
    missing = cli("scenarios", "delete", "henan-2021", "没有")
    assert missing.returncode == 2 and "no saved scenario" in missing.stderr and "Traceback" not in missing.stderr


def test_run_a_saved_scenario(cli):
    cli("scenarios", "save", "henan-2021", "扩招", "--set", "quota_scale=1.2", "-n", "3", "--seed", "7")
    saved = json.loads(cli("run", "henan-2021", "--scenario", "扩招", "--json").stdout)
    direct = json.loads(cli("run", "henan-2021", "--set", "quota_scale=1.2", "-n", "3", "--seed", "7", "--json").stdout)
    assert (saved["replications"], saved["seed"], saved["overrides"]) == (3, 7, {"quota_scale": 1.2})
    assert saved["totals"] == direct["totals"]
    changed = json.loads(
        cli("run", "henan-2021", "--scenario", "扩招", "--set", "fee_face=500", "--deterministic", "--json").stdout
    )
    assert changed["overrides"] == {"fee_face": 500, "quota_scale": 1.2}
