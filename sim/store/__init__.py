"""The scenario library: saved scenarios in SQLite or any SQLAlchemy database, scenario files, who may
change what, and the audit of every change."""

from .access import LOCAL, Action, PermissionDenied, Role, User
from .actuals import ActualsFile, ActualsOverlap, ActualsStore
from .db import ENV_URL, NameTaken, NotFound, ScenarioStore, VersionConflict, scenario_of, store_exists
from .files import SavedScenario, ScenarioSpec

__all__ = [
    "ActualsFile",
    "ActualsOverlap",
    "ActualsStore",
    "ENV_URL",
    "LOCAL",
    "Action",
    "NameTaken",
    "NotFound",
    "PermissionDenied",
    "Role",
    "SavedScenario",
    "ScenarioSpec",
    "ScenarioStore",
    "User",
    "VersionConflict",
    "scenario_of",
    "store_exists",
]
