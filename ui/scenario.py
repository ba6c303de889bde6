"""The scenario every page uses: sidebar controls, their values in session state, and the page URL.

A program's settings live in session state under ``{program}:{knob}`` (kept across pages and
programs, see ``widgets.kept``), so any page can read any program's scenario without drawing its
controls. The URL carries the current program's scenario, so a link reproduces the view.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from sim.base import ScenarioError
from sim.catalog import provenance
from sim.run import SEED_MAX
from sim.scenario import RATES, fee_keys, knobs, make_scenario
from sim.text import LANGS, N_

from . import data
from .fmt import setting, unit
from .i18n import basis, comma, error, knob_label, t
from .safe import tm
from .widgets import kept

# 20 plausible worlds (and the same 20 by chance alone, for the narrower interval beside): a changed
# slider on the scenario page answers in 0.8 s for the slowest program (Zhejiang 2021 H2) on 2 quiet
# cores (bench/bench_dashboard.py); a 95% interval from fewer worlds is little more than their extremes.
DEFAULT_REPLICATIONS = 20
# Intervals hold what the documents leave open unless the user (or a link's unk=0) asks for chance alone.
UNKNOWNS_DEFAULT = True
QUOTA_SLIDER = (0.1, 3.0)  # the range planning meetings use; links and saved scenarios may go to QUOTA_SCALE_MAX
# The sliders' step (the quota multiplier and the rates): fine enough to hold a goal seek's answer
# ("至少取 1.33"), which is rounded up to it.
SLIDER_STEP = 0.01
# An analysis page's settings in the link (the ± range, grid axes, compared scenarios, goal seek's question):
# page -> its URL parameters. Each page restores and writes its own with ``link``.
LINKS = {
    "sensitivity": ("sens_range", "grid_x", "grid_y", "grid_figure", "unc_figure", "unc"),
    "compare": ("pick",),
    "goal_seek": ("goal_knob", "goal_metric", "goal_target", "goal_cap", "goal_p"),
}
# Everything else in the URL is a scenario knob.
URL_KEYS = ("program", "lang", "reps", "seed", "det", "unk", "cal", *(p for params in LINKS.values() for p in params))
LISTS = ("pick",)  # parameters that repeat, one value each


@dataclass(frozen=True)
class Settings:
    """A frozen scenario: the cache key of a simulation."""

    program_id: str
    overrides: tuple[tuple[str, object], ...]
    replications: int
    seed: int
    deterministic: bool
    unknowns: bool = False  # the assumed values drawn from their ranges too (sim.run.unknowns)
    # The stored actuals files (their hashes) whose calibration replaces the rates' assumed ranges;
    # empty: the assumed ranges. A new file makes a new cache key.
    calibrated: tuple[str, ...] = ()

    def baseline(self) -> Settings:
        return dataclasses.replace(self, overrides=())

    def chance_only(self) -> Settings:
        """The same runs (seed, replications) with the assumed values at their values: chance alone."""
        return dataclasses.replace(self, unknowns=False, calibrated=())


def _on_slider(key: str, value) -> bool:
    """Whether a sidebar control can show ``value`` (a link or saved scenario may hold any legal value)."""
    return key != "quota_scale" or QUOTA_SLIDER[0] <= float(value) <= QUOTA_SLIDER[1]


def _defaults(program) -> dict[str, object]:
    values: dict[str, object] = {"quota_scale": 1.0}
    values.update({k: float(program.parameters[k].value) for k in (*RATES, *fee_keys(program))})
    return values


def _place(pid: str, overrides: dict) -> None:
    """Set the sidebar controls to ``overrides``; what no control can show is kept as a link setting."""
    state = st.session_state
    defaults = _defaults(data.catalog().program(pid))
    extra = {k: v for k, v in overrides.items() if k not in defaults or not _on_slider(k, v)}
    for key, default in defaults.items():
        state[f"{pid}:{key}"] = float(default if key in extra else overrides.get(key, default))
    if extra:
        state[f"{pid}:extra"] = extra
    else:
        state.pop(f"{pid}:extra", None)


def apply(pid: str, overrides: dict, seed: int, replications: int) -> None:
    """Put a saved scenario into the sidebar's controls (the URL follows on the next run)."""
    _place(pid, overrides)
    state = st.session_state
    state[f"{pid}:seed"] = int(seed)
    state[f"{pid}:det"] = False
    state[f"{pid}:reps"] = int(replications)


def set_knob(pid: str, key: str, value: float) -> None:
    """Put one knob's value into the program's scenario, its other settings kept (e.g. goal seek's answer)."""
    overrides = dict(settings(pid).overrides)
    overrides[key] = value
    _place(pid, overrides)


def reset(pid: str) -> None:
    """Every knob back to the documents' value (seed and replications stay: they are how, not what)."""
    _place(pid, {})


def settings(pid: str) -> Settings:
    """The program's scenario as its controls (drawn or not) and the URL set it."""
    program = data.catalog().program(pid)
    state = st.session_state
    overrides = dict(state.get(f"{pid}:extra", {}))
    for key, default in _defaults(program).items():
        value = state.get(f"{pid}:{key}", default)
        if abs(float(value) - float(default)) > 1e-12:
            overrides[key] = float(value)
    deterministic = bool(state.get(f"{pid}:det", False))
    unknowns = bool(state.get(f"{pid}:unk", UNKNOWNS_DEFAULT))
    # Expected values with the unknowns drawn are still many plausible worlds, one a replication.
    replications = 1 if deterministic and not unknowns else int(state.get(f"{pid}:reps", DEFAULT_REPLICATIONS))
    seed = int(state.get(f"{pid}:seed", 0))
    calibrated = data.actuals_files(pid) if unknowns and state.get(f"{pid}:cal") else ()
    return Settings(pid, tuple(sorted(overrides.items())), replications, seed, deterministic, unknowns, calibrated)


def _provenance_help(q, program) -> str:
    return basis(provenance(q, program))


def _set_by_hand(pid: str, knob: str) -> None:
    """A control the user moves takes over its knob from any link setting of the same key."""
    extra = st.session_state.get(f"{pid}:extra")
    if extra and knob in extra:
        st.session_state[f"{pid}:extra"] = {k: v for k, v in extra.items() if k != knob}


def sidebar(pid: str) -> Settings:
    """Draw the scenario controls for ``pid`` in the sidebar; return the scenario they set."""
    program = data.catalog().program(pid)
    params = program.parameters
    bar = st.sidebar
    bar.subheader(t("settings"))
    kept(
        bar.slider,
        knob_label(program, "quota_scale"),
        key=f"{pid}:quota_scale",
        default=1.0,
        min_value=QUOTA_SLIDER[0],
        max_value=QUOTA_SLIDER[1],
        step=SLIDER_STEP,
        help=t("quota_scale_help"),
        on_change=_set_by_hand,
        args=(pid, "quota_scale"),
    )
    for knob in RATES:
        q = params[knob]
        kept(
            bar.slider,
            knob_label(program, knob),
            key=f"{pid}:{knob}",
            default=float(q.value),
            min_value=0.0,
            max_value=1.0,
            step=SLIDER_STEP,
            help=_provenance_help(q, program),
            on_change=_set_by_hand,
            args=(pid, knob),
        )
    with bar.expander(t("fees")):
        for fee in fee_keys(program):
            q = params[fee]
            kept(
                st.number_input,
                t("with_unit", name=knob_label(program, fee), unit=unit(q.unit)),
                key=f"{pid}:{fee}",
                default=float(q.value),
                min_value=0.0,
                help=_provenance_help(q, program),
                on_change=_set_by_hand,
                args=(pid, fee),
            )
    bar.button(
        t("reset_to_documents"),
        key=f"reset_{pid}",
        on_click=reset,
        args=(pid,),
        disabled=not settings(pid).overrides,
        help=t("reset_to_documents_help"),
        width="stretch",
    )
    with bar.expander(t("run_settings")):
        unk = kept(
            st.toggle, t("with_unknowns"), key=f"{pid}:unk", default=UNKNOWNS_DEFAULT, help=t("with_unknowns_help")
        )
        if unk and data.actuals_files(pid):  # the rates the stored actuals inform, narrowed by them
            kept(st.toggle, t("calibrated"), key=f"{pid}:cal", default=False, help=t("calibrated_help"))
        det = kept(st.toggle, t("deterministic"), key=f"{pid}:det", default=False)
        if not det or unk:
            kept(
                st.slider,
                t("replications"),
                key=f"{pid}:reps",
                default=DEFAULT_REPLICATIONS,
                min_value=1,
                max_value=100,
            )
        kept(st.number_input, t("seed"), key=f"{pid}:seed", default=0, min_value=0, step=1)
    extra = st.session_state.get(f"{pid}:extra")
    if extra:
        bar.caption(
            tm("url_extra", keys=comma().join(f"{knob_label(program, k)}={setting(v)}" for k, v in extra.items()))
        )
        if bar.button(t("url_extra_clear")):
            del st.session_state[f"{pid}:extra"]
            st.rerun()
    return settings(pid)


def restore_from_url() -> list[str]:
    """Once per session: take program, language and knobs from the URL. Returns readable problems."""
    if st.session_state.get("_url_restored"):
        return []
    st.session_state["_url_restored"] = True
    qp = st.query_params
    problems: list[str] = []
    programs = data.catalog().programs
    if "lang" in qp and qp["lang"] in LANGS:
        st.session_state["lang"] = qp["lang"]
    st.session_state["_linked"] = {
        p: qp.get_all(p) if p in LISTS else qp[p] for params in LINKS.values() for p in params if p in qp
    }
    pid = qp.get("program")
    if pid is None:
        return problems
    if pid not in programs:
        return [tm("url_bad_program", value=pid, valid="、".join(programs))]
    st.session_state["program_id"] = pid
    program = programs[pid]
    valid = knobs(program)
    overrides: dict[str, object] = {}
    for key in qp:
        if key in URL_KEYS:
            continue
        raw = qp[key]
        try:
            value = dict(make_scenario(program, {key: raw}).overrides)[key] if key in valid else None
            if value is None:
                raise ScenarioError(f"{key}: not a setting of {pid}")
        except ScenarioError as e:
            problems.append(tm("url_bad_value", param=key, value=raw, error=error(e)))
            continue
        overrides[key] = value
    _place(pid, overrides)
    for key, expected in (("reps", N_("url_expected_reps")), ("seed", N_("url_expected_seed"))):
        if key in qp:
            try:
                value = int(qp[key])
                if value < (1 if key == "reps" else 0) or value > (100 if key == "reps" else SEED_MAX):
                    raise ValueError
                st.session_state[f"{pid}:{key}"] = value
            except ValueError:
                problems.append(tm("url_bad_value", param=key, value=qp[key], error=t(expected)))
    for param, key in (("det", "det"), ("unk", "unk"), ("cal", "cal")):
        if param in qp:
            st.session_state[f"{pid}:{key}"] = qp[param] in ("1", "true")
    return problems


def link(
    param: str,
    key: str,
    parse: Callable[[Any], Any] = str,
    valid: Callable[[Any], bool] | None = None,
    write: Callable[[Any], Any] | None = None,
) -> bool:
    """Carry the widget ``key``'s value in the link as ``param``: a value the link brought (once per session)
    goes into the widget first, if ``parse`` reads it and ``valid`` accepts it (True when it did); the
    widget's value goes into the link, as ``write`` words it."""
    pending = st.session_state.get("_linked", {})
    restored = False
    if param in pending:
        raw = pending.pop(param)
        try:
            value = parse(raw)
            if valid is not None and not valid(value):
                raise ValueError(raw)
        except (ValueError, TypeError):
            st.warning(tm("url_bad_value", param=param, value=raw, error=t("url_expected_choice")))
        else:
            st.session_state[key] = value
            restored = True
    if key in st.session_state:
        value = st.session_state[key] if write is None else write(st.session_state[key])
        st.query_params[param] = [str(v) for v in value] if isinstance(value, list) else _written(value)
    return restored


def _written(v: Any) -> str:
    if isinstance(v, bool):
        return "1" if v else "0"
    return repr(v) if isinstance(v, float) else str(v)


def write_to_url(s: Settings, page: str = "") -> None:
    """Mirror the scenario in the address bar (only what differs from the defaults); the page's own
    analysis settings (``LINKS``), which it writes itself, stay."""
    params: dict[str, Any] = {"program": s.program_id, "lang": st.session_state.get("lang", "zh")}
    params.update({p: st.query_params.get_all(p) for p in LINKS.get(page, ()) if p in st.query_params})
    params.update({k: (v.isoformat() if hasattr(v, "isoformat") else _written(v)) for k, v in s.overrides})
    if s.unknowns != UNKNOWNS_DEFAULT:  # a link without unk gets the default
        params["unk"] = "1" if s.unknowns else "0"
    if s.calibrated:
        params["cal"] = "1"
    if s.deterministic:
        params["det"] = "1"
    if (not s.deterministic or s.unknowns) and s.replications != DEFAULT_REPLICATIONS:
        params["reps"] = str(s.replications)
    if s.seed:
        params["seed"] = str(s.seed)
    now = {k: st.query_params.get_all(k) for k in st.query_params}
    if now != {k: v if isinstance(v, list) else [v] for k, v in params.items()}:
        st.query_params.from_dict(params)
