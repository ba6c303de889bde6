"""Cached access to the simulation library: the only place the dashboard calls ``sim``."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import streamlit as st

from sim.catalog import Catalog, load_catalog, program_dict, run_audit
from sim.results import rule_checks
from sim.run import run
from sim.scenario import Scenario, make_scenario
from sim.store import ENV_URL, ScenarioStore

if TYPE_CHECKING:
    from .scenario import Settings


def data_dir() -> str | None:
    return os.environ.get("TT_DATA_DIR") or None


@st.cache_resource(show_spinner=False)
def _catalog(folder: str | None) -> Catalog:
    return load_catalog(folder)


def catalog() -> Catalog:
    return _catalog(data_dir())


@st.cache_data(show_spinner=False)
def program_view(program_id: str) -> dict[str, Any]:
    return program_dict(catalog().program(program_id))


@st.cache_data(show_spinner=False)
def audit() -> list[dict[str, Any]]:
    return [f.as_dict() for f in run_audit(catalog().programs.values())]


@st.cache_data(show_spinner=False, max_entries=128)
def simulate(program_id: str, overrides: tuple, replications: int, seed: int, deterministic: bool) -> dict[str, Any]:
    program = catalog().program(program_id)
    return run(
        program,
        make_scenario(program, dict(overrides)),
        replications=replications,
        seed=seed,
        deterministic=deterministic,
    )


@st.cache_resource(show_spinner=False)
def _store(url: str | None, folder: str | None) -> ScenarioStore:
    return ScenarioStore(_catalog(folder), url=url)


def store() -> ScenarioStore:
    """The saved-scenario store: $TT_STORE_URL, else SQLite in the user's data folder."""
    return _store(os.environ.get(ENV_URL) or None, data_dir())


def scenario_of(s: Settings) -> Scenario:
    return make_scenario(catalog().program(s.program_id), dict(s.overrides))


def result(s: Settings) -> dict[str, Any]:
    return simulate(s.program_id, s.overrides, s.replications, s.seed, s.deterministic)


def checks(s: Settings) -> list[dict[str, Any]]:
    return rule_checks(catalog().program(s.program_id), result(s))
