"""What a brief says first: a headline and numbered findings, each with its figure, range and basis.

Pure functions of a program's runs (``ProgramRun``): nothing is drawn or written here. The findings
come in the order a decision-maker weighs them: what it costs, how full the places are, which
deadlines are at risk, which of the documents' rules a scenario breaks, and whether the institutions
can hold the classes in time; where the store holds what actually happened, the largest gap between
plan and actual. A change is the mean of the paired differences (scenario minus baseline,
replication by replication, on the same random numbers and the same draws of the unknowns) with
their 95% range, so the range measures the scenario and not the noise between runs.

Cost and fill rate also say what their range means: which assumptions, over which ranges, give
it, beside the narrower range of chance alone; and cost says which assumption its uncertainty
comes from (``ProgramRun.drivers``), which tells the bureau which figure is worth finding out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sim.catalog import Program, provenance
from sim.results import Deadline, Figure, Result, RuleCheck, rule_checks
from sim.scenario import driving_parameters, knobs
from sim.text import (
    N_,
    assumed_range,
    date,
    deadline_name,
    driver_sentence,
    knob_label,
    name_in,
    pct,
    text,
    two_intervals,
)
from sim.whatif.attribution import Driver, named_drivers

from .inputs import ProgramRun
from .plan_actual import gap_sentence, range_note, total_words
from .words import citation, count_range, money_range, pct_range, scenario_label, setting_value, span

MAX_FINDINGS = 6
RULE_WORDS = {
    "fee_standard": N_("finding_rule_fee_standard"),
    "training_fund_share": N_("finding_rule_training_fund_share"),
    "teacher_population": N_("finding_rule_teacher_population"),
}
SAME = 0.0005  # a rate that moves by less than this (0.05 points) is reported as unchanged
KIND = {"cost_yuan": "money", "fill_rate": "pct"}


@dataclass(frozen=True)
class Point:
    topic: str  # cost, fill, deadlines, rules, capacity, plan_actual
    text: str
    basis: str  # the document's number and clauses behind the figure, and the assumed inputs


@dataclass(frozen=True)
class Findings:
    program: str
    headline: str
    points: tuple[Point, ...]


def change(result: Result, baseline: Result, figure: str) -> Figure:
    """The scenario's change of a program total, from the paired differences of its replications."""
    return Figure.of(result.per_replication(figure) - baseline.per_replication(figure))


def series(run: ProgramRun, lang: str) -> list[tuple[str, Result]]:
    """(name, result): the baseline first, then each scenario."""
    return [(text("baseline_name", lang), run.baseline)] + [
        (scenario_label(s.name, lang), s.result) for s in run.scenarios
    ]


def _join(items: Sequence[str], lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(items)


def _sources(program: Program, lang: str, keep: Callable[[str, str], bool]) -> list[dict[str, Any]]:
    """Provenance of the parameters the model reads whose (id, unit) ``keep`` accepts, assumed ones labelled."""
    valid = knobs(program)
    out = []
    for pid in driving_parameters(program):
        q = program.parameters[pid]
        if not keep(pid, q.unit):
            continue
        prov = provenance(q, program)
        if prov["kind"] == "assumed":
            prov["label"] = knob_label(valid[pid], lang) if pid in valid else pid
        out.append(prov)
    return out


def _main_chance(run: ProgramRun) -> Result | None:
    return run.main.chance if run.main else run.baseline_chance


def interval_words(run: ProgramRun, figure: str, lang: str) -> str | None:
    """The main scenario's two intervals of ``figure`` in words (``sim.text.two_intervals``), naming
    the assumptions behind it and their ranges; None when its range reads as one number."""
    honest = span(run.result.summary.totals.figure(figure), KIND[figure], lang)
    if honest is None:
        return None
    if not run.result.unknowns:
        words = two_intervals(figure, None, honest, (), lang)
    else:
        chance_run = _main_chance(run)
        # chance alone may read as one number: that it does is the point
        chance = span(chance_run.summary.totals.figure(figure), KIND[figure], lang, single=True) if chance_run else None
        valid = knobs(run.program)
        named = [
            (knob_label(valid[d.key], lang), assumed_range(d.low, d.high, valid[d.key].unit, lang))
            for d in drivers(run, figure)
        ]
        words = two_intervals(figure, honest, chance, named, lang)
    return text("finding_interval_of", lang, name=_main_name(run, lang), words=words)


def _main_name(run: ProgramRun, lang: str) -> str:
    return scenario_label(run.main.name, lang) if run.main else text("baseline_name", lang)


def drivers(run: ProgramRun, figure: str) -> list[Driver]:
    """The unknowns behind ``figure`` that the main scenario leaves open, largest share first."""
    return named_drivers(run.drivers.get(figure, []), run.overrides)


def driver_words(run: ProgramRun, figure: str, lang: str) -> str | None:
    """成本不确定性的53%来自实际参训率，47%来自报名注册率 (None when no assumption drives it)."""
    found = drivers(run, figure)
    if not found:
        return None
    valid = knobs(run.program)
    return driver_sentence(figure, [(pct(d.share, lang, 0), knob_label(valid[d.key], lang)) for d in found], lang)


def _then(body: str, lang: str, *sentences: str | None) -> str:
    """``body`` (a whole sentence) followed by each of ``sentences`` that there is, as sentences."""
    end, sep = ("。", "") if lang == "zh" else (".", " ")
    return sep.join([body, *(f"{s}{end}" for s in sentences if s)])


# ---------------------------------------------------------------- the five topics


def cost_point(run: ProgramRun, lang: str) -> Point:
    base = run.baseline.summary.totals.cost_yuan
    parts = [text("finding_level", lang, name=text("baseline_name", lang), value=money_range(base, lang))]
    for s in run.scenarios:
        d = change(s.result, run.baseline, "cost_yuan")
        key = (
            N_("finding_cost_up") if d.mean > 0 else N_("finding_cost_down") if d.mean < 0 else N_("finding_cost_same")
        )
        parts.append(
            text(
                key,
                lang,
                name=scenario_label(s.name, lang),
                change=money_range(d, lang, signed=True),
                value=money_range(s.result.summary.totals.cost_yuan, lang),
            )
        )
    sources = _sources(run.program, lang, lambda pid, unit: unit.startswith("yuan"))
    body = _then(
        text("finding_cost", lang, items=_join(parts, lang)),
        lang,
        interval_words(run, "cost_yuan", lang),
        driver_words(run, "cost_yuan", lang),
    )
    return Point("cost", body, citation(run.view, sources, lang))


def _fill_words(fill: Figure, before: Figure, lang: str) -> str:
    moved = fill.mean - before.mean
    key = (
        N_("finding_fill_up") if moved > SAME else N_("finding_fill_down") if moved < -SAME else N_("finding_fill_same")
    )
    return text(key, lang, value=pct_range(fill, lang))


def fill_point(run: ProgramRun, lang: str) -> Point:
    base = run.baseline.summary.totals
    parts = [text("finding_level", lang, name=text("baseline_name", lang), value=pct_range(base.fill_rate, lang))]
    parts += [
        text(
            "finding_named",
            lang,
            name=scenario_label(s.name, lang),
            words=_fill_words(s.result.summary.totals.fill_rate, base.fill_rate, lang),
        )
        for s in run.scenarios
    ]
    completed = count_range(run.result.summary.totals.completed, lang, N_("persons_n"))
    body = _then(
        text("finding_fill", lang, items=_join(parts, lang), name=_main_name(run, lang), completed=completed),
        lang,
        interval_words(run, "fill_rate", lang),
    )
    sources = _sources(run.program, lang, lambda pid, unit: unit == "persons" or pid == "participation_rate")
    return Point("fill", body, citation(run.view, sources, lang))


def _late(result: Result) -> list[Deadline]:
    return [d for d in result.summary.deadlines if d.at_risk]


def _deadline_words(d: Deadline, lang: str) -> str:
    return text(
        "risk_item",
        lang,
        name=deadline_name(d.names, d.track_names, lang),
        deadline=date(d.deadline, lang),
        share=pct(d.at_risk_share, lang, 0),
    )


def deadline_point(run: ProgramRun, lang: str) -> Point:
    checked = len(run.baseline.summary.deadlines)
    late = [(name, _late(r)) for name, r in series(run, lang)]
    sep = "、" if lang == "zh" else ", "
    if not any(ds for _, ds in late):
        body = text("finding_deadlines_ok", lang, n=checked)
    else:
        body = text(
            "finding_deadlines",
            lang,
            items=_join(
                [
                    text(
                        "finding_deadlines_late",
                        lang,
                        name=name,
                        n=len(ds),
                        items=sep.join(_deadline_words(d, lang) for d in ds),
                    )
                    if ds
                    else text("finding_deadlines_none", lang, name=name)
                    for name, ds in late
                ],
                lang,
            ),
        )
    milestones = {m.id: m.source for m in run.baseline.summary.timeline}
    sources = [milestones[d.milestone] for d in run.baseline.summary.deadlines if d.milestone in milestones]
    return Point("deadlines", body, citation(run.view, sources, lang))


def _check_words(c: RuleCheck, lang: str) -> str:
    if c.kind == "fee_standard":
        value, limit = setting_value(c.value, c.unit, lang), setting_value(c.limit, c.unit, lang)
    elif c.kind == "training_fund_share":
        value, limit = money_range(Figure.exactly(c.value), lang), money_range(Figure.exactly(c.limit), lang)
    else:
        value, limit = count_range(Figure.exactly(c.value), lang), count_range(Figure.exactly(c.limit), lang)
    words = text(RULE_WORDS[c.kind], lang, rule=name_in(c.names, lang), value=value, limit=limit)
    # a check that fails in some runs only (the unknowns drawn): how likely it is to fail
    return words + text("rule_fail_probability", lang, p=pct(c.fail_share, lang, 0)) if 0 < c.fail_share < 1 else words


def rule_point(run: ProgramRun, lang: str) -> Point | None:
    checks = [(name, rule_checks(run.program, r)) for name, r in series(run, lang)]
    n = len(checks[0][1])
    if not n:
        return None
    failing = [(name, [c for c in cs if not c.passed]) for name, cs in checks]
    if not any(fs for _, fs in failing):
        body = text("finding_rules_ok", lang, n=n)
    else:
        sep = "、" if lang == "zh" else ", "
        body = text(
            "finding_rules",
            lang,
            n=n,
            items=_join(
                [
                    text("finding_named", lang, name=name, words=sep.join(_check_words(c, lang) for c in fs))
                    for name, fs in failing
                    if fs
                ],
                lang,
            ),
        )
    sources = [c.source for _, cs in checks[:1] for c in cs]
    return Point("rules", body, citation(run.view, sources, lang))


def capacity_point(run: ProgramRun, lang: str) -> Point | None:
    if not run.baseline.summary.capacity:
        return None
    parts = []
    for name, r in series(run, lang):
        for pool in r.summary.capacity:
            if pool.classes_late.mean > 0:
                parts.append(
                    text(
                        "finding_capacity_late",
                        lang,
                        name=name,
                        pool=name_in(pool.names, lang),
                        n=count_range(pool.classes_late, lang, N_("classes_n")),
                        classes=count_range(pool.classes, lang, N_("classes_n")),
                    )
                )
    pools = ("、" if lang == "zh" else ", ").join(name_in(p.names, lang) for p in run.baseline.summary.capacity)
    body = (
        text("finding_capacity", lang, items=_join(parts, lang))
        if parts
        else text("finding_capacity_ok", lang, pools=pools)
    )
    refs = {r.param for pool in run.program.capacity.delivery for r in (pool.classes_each, pool.institutions) if r}
    sources = _sources(run.program, lang, lambda pid, unit: pid in refs)
    return Point("capacity", body, citation(run.view, sources, lang))


def plan_actual_point(run: ProgramRun, lang: str) -> Point | None:
    """The gap that moves the program most (``sim.actuals.compare``), after its figure over all the
    compared units."""
    pa = run.plan_actual
    if pa is None or not pa.gaps:
        return None
    top = pa.gaps[0]
    body = text(
        "finding_plan_actual",
        lang,
        total=total_words(pa.totals[top.figure], lang),
        gap=gap_sentence(top, run.program, lang),
        range=range_note(top, lang),
    )
    basis = text("pva_basis", lang, n=len(pa.files), files=("、" if lang == "zh" else ", ").join(pa.files))
    return Point("plan_actual", body, basis)


# ---------------------------------------------------------------- headline


def headline(run: ProgramRun, lang: str) -> str:
    """One sentence: what the main scenario costs or saves and how full the places get; the risks if any."""
    program = name_in(run.result.names, lang)
    late = len(_late(run.result))
    risk = text("headline_risks", lang, n=late) if late else text("headline_on_time", lang)
    totals_now = run.result.summary.totals
    if run.main is None:
        return text(
            "headline_baseline",
            lang,
            program=program,
            cost=money_range(totals_now.cost_yuan, lang),
            fill=pct_range(totals_now.fill_rate, lang),
            risk=risk,
        )
    d = change(run.result, run.baseline, "cost_yuan")
    key = N_("headline_more") if d.mean > 0 else N_("headline_less") if d.mean < 0 else N_("headline_same")
    return text(
        key,
        lang,
        program=program,
        name=scenario_label(run.main.name, lang),
        change=money_range(d, lang, signed=True),
        fill=_fill_words(totals_now.fill_rate, run.baseline.summary.totals.fill_rate, lang),
        risk=risk,
    )


TOPICS: tuple[Callable[[ProgramRun, str], Point | None], ...] = (
    cost_point,
    fill_point,
    deadline_point,
    rule_point,
    capacity_point,
    plan_actual_point,
)


def findings(run: ProgramRun, lang: str) -> Findings:
    points = tuple(p for p in (topic(run, lang) for topic in TOPICS) if p is not None)
    return Findings(run.program.id, headline(run, lang), points[:MAX_FINDINGS])
