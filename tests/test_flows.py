"""Flows: every track mode has one, and data/README.md's worked example of adding a mode runs as written."""

from __future__ import annotations

import inspect
import re
import sys
import types
from typing import get_args

import numpy as np
import pytest
import yaml

from sim.catalog import Program, load_catalog
from sim.catalog.schema import TrackMode
from sim.model import FLOWS, Draws, ProgramModel, flows
from sim.results import key_figures
from sim.run import run, run_once, run_reference
from sim.scenario import Params, make_scenario
from tests.conftest import EXAMPLE_ID, ROOT

SECTION = "## Flows: modes and steps"


def readme_section() -> str:
    return (ROOT / "data" / "README.md").read_text(encoding="utf-8").split(SECTION, 1)[1].split("\n## ", 1)[0]


def readme_files() -> dict[str, str]:
    """The section's code blocks that open with the file they belong in, by that file."""
    found = re.findall(r"```(?:python|yaml)\n# (\S+)\n(.*?)```", readme_section(), re.DOTALL)
    return dict(found)


@pytest.fixture
def two_stage(monkeypatch) -> dict:
    """The README's new module and FLOWS, executed; the new mode registered for this test only."""
    files = readme_files()
    vetting = types.ModuleType("sim.model.vetting")
    vetting.__package__ = "sim.model"
    monkeypatch.setitem(sys.modules, "sim.model.vetting", vetting)
    exec(compile(files["sim/model/vetting.py"], "data/README.md", "exec"), vars(vetting))
    namespace = dict(vars(flows))  # the README's lines run where they would be written
    exec(compile(files["sim/model/flows.py"], "data/README.md", "exec"), namespace)
    monkeypatch.setitem(FLOWS, "two_stage", namespace["FLOWS"]["two_stage"])
    return namespace["FLOWS"]


@pytest.fixture
def example(scratch_data) -> Program:
    """The example program with the README's changes to its data file."""
    change = yaml.safe_load(readme_files()[f"data/programs/{EXAMPLE_ID}.yaml"])
    modes = {t["id"]: t.pop("mode") for t in change["tracks"]}

    def mutate(data: dict) -> None:
        data["parameters"].update(change["parameters"])
        data["milestones"] += change["milestones"]

    program = load_catalog(scratch_data(mutate)).program(EXAMPLE_ID)
    # This branch's schema does not list the new mode (the README's schema step), so it is set here.
    tracks = [t.model_copy(update={"mode": modes.get(t.id, t.mode)}) for t in program.tracks]
    return program.model_copy(update={"tracks": tracks})


def test_every_track_mode_has_a_flow():
    assert set(FLOWS) == set(get_args(TrackMode))


def test_readme_shows_the_registry_as_it_reads():
    source = inspect.getsource(flows)
    registry = re.search(r"```python\n(DELIVERY = .*?)```", readme_section(), re.DOTALL)
    assert registry is not None
    assert all(line in source for line in registry.group(1).splitlines())


def test_readme_adds_only_its_mode(two_stage):
    assert {mode: flow for mode, flow in two_stage.items() if mode != "two_stage"} == {
        mode: flow for mode, flow in FLOWS.items() if mode != "two_stage"
    }


def test_two_stage_example_vets_the_nominees(two_stage, example):
    r = run(example, make_scenario(example), deterministic=True).summary.totals
    nominated = 120 * 0.95  # the quota's sign-ups fill 114 of 120 seats
    assert r.enrolled.mean == pytest.approx(nominated * 0.9)
    assert r.attended.mean == pytest.approx(nominated * 0.9 * 0.95)
    assert r.cost_yuan.mean == pytest.approx(nominated * 0.9 * 0.95 * 5 * 300)
    vetted_all = run(example, make_scenario(example, {"review_pass_rate": 1}), deterministic=True)
    assert vetted_all.summary.totals.enrolled.mean == pytest.approx(nominated)


def test_two_stage_example_agrees_with_the_per_teacher_model(two_stage, example):
    scenario = make_scenario(example)
    n = 40
    for key in ("enrolled", "completed"):
        a = np.array([key_figures(run_once(example, scenario, seed=4, replication=r))[key] for r in range(n)])
        b = np.array([key_figures(run_reference(example, scenario, seed=4, replication=r))[key] for r in range(n)])
        se = np.sqrt(a.var(ddof=1) / n + b.var(ddof=1) / n)
        assert abs(a.mean() - b.mean()) <= 4 * se, (key, a.mean(), b.mean(), se)


def test_a_mode_without_a_flow_is_named(catalog):
    program = catalog.program("henan-2021")
    track = program.tracks[0].model_copy(update={"mode": "lottery"})
    odd = program.model_copy(update={"tracks": [track], "capacity": type(program.capacity)()})
    with pytest.raises(ValueError, match="'lottery'"):
        ProgramModel(odd, Params(odd, make_scenario(odd)), Draws(0, 0, odd.id)).run()
