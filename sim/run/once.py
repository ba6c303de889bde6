"""One replication of one program under one scenario: the unit every executor runs."""

from __future__ import annotations

from sim.catalog import Program
from sim.model import Draws, ProgramModel, TeacherModel
from sim.results import Replication, summarise
from sim.scenario import Params, Scenario


def run_once(
    program: Program, scenario: Scenario, seed: int = 0, replication: int = 0, deterministic: bool = False
) -> Replication:
    model = ProgramModel(program, Params(program, scenario), Draws(seed, replication, program.id, deterministic))
    return summarise(model.run())


def run_reference(program: Program, scenario: Scenario, seed: int = 0, replication: int = 0) -> Replication:
    """The same replication on the per-teacher reference model (validation only: slow for large programs)."""
    return summarise(TeacherModel(program, Params(program, scenario), seed, replication).run())
