"""One replication of one program under one scenario: the unit every executor runs."""
from __future__ import annotations

from typing import Any

from .draws import Draws
from .engine import ProgramModel
from .results import summarise
from .scenario import Params, Scenario
from .schema import Program


def run_once(program: Program, scenario: Scenario, seed: int = 0, replication: int = 0,
             deterministic: bool = False) -> dict[str, Any]:
    model = ProgramModel(program, Params(program, scenario), Draws(seed, replication, program.id, deterministic))
    return summarise(model.run())
