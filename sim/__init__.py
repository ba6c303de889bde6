"""Teacher-training policy simulation: the library behind the dashboard, the CLI and reports.

from sim import load_catalog, make_scenario, run
catalog = load_catalog()
program = catalog.program("henan-2021")
result = run(program, make_scenario(program, {"attendance_rate": 0.9}), replications=50)
"""

from sim.base import DataError, ScenarioError
from sim.catalog import Catalog, load_catalog, program_dict, run_audit
from sim.run import replicate, run, run_once
from sim.scenario import Scenario, knobs, make_scenario

__all__ = [
    "Catalog",
    "DataError",
    "Scenario",
    "ScenarioError",
    "knobs",
    "load_catalog",
    "make_scenario",
    "program_dict",
    "replicate",
    "run",
    "run_audit",
    "run_once",
]
