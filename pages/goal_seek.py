"""Goal seek: the smallest quota (or rate, or fee) that reaches a target within a budget, with its range."""

import math

import streamlit as st

from charts import search_chart
from ui import data
from ui.extension import extension_answer
from ui.fmt import date, figure, number, pct, spread, unit, yuan_large
from ui.i18n import figure_name, knob_label, lang, t
from ui.page import analysis_header, ensure_app, method_note
from ui.safe import tm
from ui.scenario import SLIDER_STEP, link, set_knob
from ui.widgets import kept

ensure_app()
program, s = analysis_header(t("nav_goal"), t("goal_intro"))
pid = program.id
totals = data.result(s).summary.totals

KNOBS = data.goal_knobs(pid)
METRICS = {"completed": "count", "fill_rate": "pct"}


def extension_section() -> None:
    """With stored registrations, the same question in days: how long must registration be extended."""
    reported = data.actuals_reported_until(pid)
    if reported is not None:
        st.subheader(t("goal_extension"))
        st.caption(t("goal_extension_note", date=date(reported)))
        extension_answer(s, program, reported, "goal")


def _at_least_zero(v: float) -> bool:
    return v >= 0


# The question can come in a link (its answer then shows at once); the form writes it back.
from_link = [
    link("goal_knob", f"goal_knob_{pid}", valid=KNOBS.__contains__),
    link("goal_metric", "goal_metric", valid=METRICS.__contains__),
    link("goal_p", "goal_probability", float, lambda p: 0.5 <= p <= 0.99),
]
with st.form("goal_form"):
    a, b = st.columns(2)
    knob = kept(
        a.selectbox,
        t("goal_knob"),
        key=f"goal_knob_{pid}",
        default=KNOBS[0],
        options=KNOBS,
        format_func=lambda k: knob_label(program, k),
    )
    metric = kept(
        b.selectbox,
        t("goal_metric"),
        key="goal_metric",
        default="completed",
        options=list(METRICS),
        format_func=figure_name,
    )
    now = totals.figure(metric).mean
    c, d, e = st.columns(3)
    from_link.append(link("goal_target", f"goal_target_{pid}_{metric}", float, _at_least_zero))
    target = kept(
        c.number_input,
        t("goal_target"),
        key=f"goal_target_{pid}_{metric}",
        default=float(round(now * 1.1)) if metric == "completed" else 0.95,
        min_value=0.0,
        help=t("goal_target_help", now=figure(now, METRICS[metric])),
        format="%.0f" if metric == "completed" else "%.3f",
    )
    if link("goal_cap", f"goal_cap_{pid}", float, _at_least_zero):
        st.session_state["goal_use_cap"] = True
        from_link.append(True)
    use_cap = kept(d.checkbox, t("goal_use_cap"), key="goal_use_cap", default=False)
    cap = kept(
        d.number_input,
        t("goal_cap"),
        key=f"goal_cap_{pid}",
        default=float(round(totals.cost_yuan.mean * 1.2, -4)),
        min_value=0.0,
        step=100_000.0,
        format="%.0f",
    )
    if not use_cap:
        st.query_params.pop("goal_cap", None)  # no cap asked: none in the link
    probability = kept(
        e.slider,
        t("goal_probability"),
        key="goal_probability",
        default=0.95,
        min_value=0.5,
        max_value=0.99,
        step=0.01,
        help=t("goal_confidence_help" if s.unknowns else "goal_probability_help"),
    )
    go = st.form_submit_button(t("goal_run"), type="primary") or any(from_link)

if (applied := st.session_state.pop("goal_applied", None)) is not None:
    st.success(tm("goal_applied", knob=applied[0], value=applied[1]))

# The session keeps the question asked (run on pressing the button); the answer comes from the shared cache.
if go:
    st.session_state["goal_asked"] = (s, knob, metric, target, cap if use_cap else None, probability)
asked = st.session_state.get("goal_asked")
if not asked or asked[0] != s:
    st.info(t("goal_press_run"))
    extension_section()
    st.stop()
_, knob, metric, target, cap, probability = asked
# With the unknowns on, the confidence is over the plausible worlds (chance off), else over replications.
r = data.analysis_goal(*asked, t("computing"))
label = knob_label(program, knob)
largest = r.direction == "falls"  # the metric falls as the knob rises: the answer is the most it may be


def fmt_value(v: float) -> str:
    q = program.parameters.get(knob)
    return number(v, 2) + (f" {unit(q.unit)}" if q is not None and q.unit.startswith("yuan") else "")


def applicable(v: float) -> float:
    """The answer at the sidebar's precision, rounded towards where it still reaches the target."""
    steps = round(v / SLIDER_STEP, 6)  # 1.33 / 0.01 is 133.00000000000003: not a step more
    return round((math.floor(steps) if largest else math.ceil(steps)) * SLIDER_STEP, 6)


def _apply(key: str, value: float, words: tuple[str, str]) -> None:
    set_knob(pid, key, value)
    st.session_state["goal_applied"] = words


if r.status == "reached":
    answer = applicable(r.value_at_probability)
    words = {"knob": label, "value": fmt_value(answer), "p": pct(probability)}
    words |= {"target": figure(target, METRICS[metric]), "metric": figure_name(metric)}
    if r.confidence is None:
        st.success(t("goal_reached", **words))
    else:  # "在90%的合理情形下达到95%", and how likely at the scenario's own value
        words |= {"p": pct(probability, 0), "reached": pct(r.share_at_answer or 0, 0)}
        st.success(t("goal_confidence_most", **words) if largest else t("goal_confidence_least", **words))
        if r.share_at_current is not None:
            st.caption(
                t("goal_confidence_current", current=fmt_value(r.current or 0), share=pct(r.share_at_current, 0))
            )
        st.caption(t("goal_confidence_worlds", n=r.replications))
    cost = yuan_large(r.cost_at_value.mean) if r.cost_at_value else "—"
    if r.value is not None and spread(r.value.low, r.value.high, fmt_value):
        st.caption(t("goal_range", low=fmt_value(r.value.low), high=fmt_value(r.value.high), cost=cost))
    else:  # every run needs the same value: no range that repeats it
        st.caption(t("goal_cost", cost=cost))
    st.button(
        t("goal_apply", knob=label, value=fmt_value(answer)),
        type="primary",
        on_click=_apply,
        args=(knob, answer, (label, fmt_value(answer))),
        help=t("goal_apply_help"),
    )
elif r.status == "over_budget":
    st.error(
        t(
            "goal_over_budget",
            cap=yuan_large(cap or 0),
            metric=figure_name(metric),
            target=figure(target, METRICS[metric]),
        )
    )
else:
    st.error(
        t(
            "goal_unreachable",
            knob=label,
            low=fmt_value(r.low),
            high=fmt_value(r.high),
            metric=figure_name(metric),
            target=figure(target, METRICS[metric]),
        )
    )
a, b = st.columns(2)
if r.confidence is None:
    a.metric(t("goal_share_reached"), pct(r.share_reached))
    b.metric(t("goal_share_feasible"), pct(r.share_feasible))
else:
    a.metric(t("goal_worlds_reached"), pct(r.share_reached))
    b.metric(t("goal_worlds_feasible"), pct(r.share_feasible))
for w in r.warnings:
    if w.code in ("falls", "rises"):
        what = figure_name(metric if w.params["what"] == "metric" else "cost_yuan")
        words = {"what": what, "knob": label, "drops": w.params["drops"], "runs": w.params["runs"]}
        st.warning(t("goal_falls" if w.code == "falls" else "goal_rises", **words))
    else:
        st.warning(
            t(
                "goal_flat",
                metric=figure_name(metric),
                knob=label,
                low=fmt_value(w.params["low"]),
                high=fmt_value(w.params["high"]),
            )
        )
st.subheader(t("goal_search"))
st.caption(t("goal_search_note", n=len(r.trace)))
st.altair_chart(search_chart(r.trace, target, label, figure_name(metric), lang()), width="stretch")
extension_section()
method_note(s, None)
