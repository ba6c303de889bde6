"""Declaration -> review -> publication: where a supplier track's classes come from."""

from __future__ import annotations

import numpy as np

from .context import Context, Process
from .rules import leader_limit
from .state import TrackState
from .supply import classes


def declare_if_suppliers(ctx: Context, ts: TrackState) -> Process[None]:
    """Institutions of each supplier category declare projects up to their caps; the bureau reviews
    them; the approved projects are published, and only then do their classes exist.

    Waits for the end of the ``declaration``, the last ``review`` and the ``publication`` phases;
    where reviewers' capacity is modelled (``capacity.ReviewBoard``), the review starts when its phase
    opens and takes as long as the board needs, and publication waits for it.
    Rules: each institution may declare up to ``project_cap`` projects (``declared_share`` of the cap
    is used) and a category no more than its qualified leaders may lead (``leaders_per_institution``
    x the rule ``max_projects_per_leader``; leaders are people, so ``quota_scale`` does not scale
    them), the review passes ``review_pass_rate`` of them, each project runs
    ``classes_per_project`` classes of ``class_size``. A track without suppliers has its seats
    already and goes straight on.
    """
    t, d, p = ts.track, ctx.draws, ctx.params
    if t.suppliers is None:
        return
    caps = np.array(
        [p.slot(t, "institutions", s.institutions) * p.slot(t, "project_cap", s.project_cap) for s in t.suppliers],
        dtype=float,
    )
    declared = d.binomial(f"{t.id}/declared", d.count(caps * p.quota_scale), p.rate(t, "declared_share", 1.0))
    ts.projects_wanted = float(declared.sum())
    limits = [leader_limit(ctx.program, p, t, s) for s in t.suppliers]
    declared = np.minimum(declared, d.count([np.inf if x is None else x for x in limits]))
    closed = yield from ctx.until_close(t, "declaration")
    if closed is not None:
        ts.events["declaration_closed"] = closed
    board = ctx.capacity.board(t.id)
    reviewed = None
    if board is None:
        yield from ctx.until_close(t, "review", last=True)
    else:  # the reviewers start when the review opens and take as long as the projects need
        yield from ctx.until(ctx.calendar.windows(t, ("review",))[0].start)
        reviewed = yield board.review(float(declared.sum()))
        ts.events["reviewed"] = reviewed
    approved = d.binomial(f"{t.id}/approved", declared, p.rate(t, "review_pass_rate", 1.0))
    published = yield from ctx.until_close(t, "publication")
    if published is not None and reviewed is not None and reviewed >= published:
        published = reviewed + 1  # nothing is published before it is reviewed
        yield from ctx.until(published)
    if published is not None:
        ts.events["published"] = published
    ts.projects_declared, ts.projects_approved = float(declared.sum()), float(approved.sum())
    class_size, per_project = ctx.required(t, "class_size"), ctx.num(t, "classes_per_project", 1.0)
    for s, n in zip(t.suppliers, approved):
        units, seats = classes(n * per_project, class_size, s.id)
        ts.units += units
        ts.seats = np.concatenate([ts.seats, seats])
    ts.added = np.zeros_like(ts.seats)
