"""The scenario library: saved scenarios in SQLite or any SQLAlchemy database, and scenario files."""

from .db import ENV_URL, NameTaken, NotFound, ScenarioStore, VersionConflict, scenario_of
from .files import SavedScenario, ScenarioSpec

__all__ = [
    "ENV_URL",
    "NameTaken",
    "NotFound",
    "SavedScenario",
    "ScenarioSpec",
    "ScenarioStore",
    "VersionConflict",
    "scenario_of",
]
