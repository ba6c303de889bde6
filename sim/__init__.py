"""Teacher-training policy simulation: the library behind the dashboard, the CLI and reports.

    from sim import load_catalog, make_scenario, run
    catalog = load_catalog()
    program = catalog.program("henan-2021")
    result = run(program, make_scenario(program, {"attendance_rate": 0.9}), replications=50)
"""
from .audit import run_audit
from .catalog_view import program_dict
from .errors import DataError, ScenarioError
from .loader import Catalog, load_catalog
from .runner import replicate, run, run_once
from .scenario import Scenario, knobs, make_scenario

__all__ = ["Catalog", "DataError", "Scenario", "ScenarioError", "knobs", "load_catalog", "make_scenario",
           "program_dict", "replicate", "run", "run_audit", "run_once"]
