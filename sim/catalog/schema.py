"""Typed, validated shape of a program file in ``data/programs/``.

Every number the model uses is a :class:`Quantity` that carries either a
:class:`Source` (seed file, clause, quoted wording) or ``assumed: true`` with a
reason. Models forbid unknown keys so a typo in a data file fails loudly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal, overload

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from sim.base import N_, Worded

Id = str


def refused(problem: Worded) -> PydanticCustomError:
    """A validator's problem for pydantic, its message key as the error type (the loader words it)."""
    return PydanticCustomError(problem.code or "value_error", str(problem), problem.params)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Names(Strict):
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Source(Strict):
    clause: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    # Set when the value is not literally in the quote (e.g. "2周" -> 10 days).
    derivation: str | None = None
    # A file in the sources folder; defaults to the program's own notice.
    file: str | None = Field(default=None, pattern=r"^[^/\\]+$")

    @field_validator("quote")
    @classmethod
    def _has_words(cls, quote: str) -> str:
        if not quote.split():
            raise refused(Worded("a quote needs the document's words, not only spaces", N_("error_blank_quote")))
        return quote


class Provenanced(Strict):
    source: Source | None = None
    assumed: bool = False
    reason: Names | None = None  # why the value is assumed, in both languages

    @model_validator(mode="after")
    def _one_provenance(self):
        if self.assumed:
            if self.source is not None:
                raise refused(Worded("either `source` or `assumed: true`, not both", N_("error_two_provenances")))
            if not self.reason:
                raise refused(Worded("`assumed: true` needs a one-line `reason`", N_("error_assumed_needs_reason")))
        elif self.source is None:
            raise refused(
                Worded(
                    "a value needs provenance: `source` (clause + quote) or `assumed: true` with `reason`",
                    N_("error_no_provenance"),
                )
            )
        return self


# Units are a closed vocabulary: each maps to a dimension that fixes what
# values are legal and which model slots may use it.
UNIT_DIMENSION: dict[str, str] = {
    "persons": "count",
    "projects": "count",
    "institutions": "count",
    "studios": "count",
    "counties": "count",
    "schools": "count",
    "classes": "count",
    "items": "count",
    "days": "duration",
    "hours": "duration",
    "weeks": "duration",
    "years": "duration",
    "credits": "amount",
    "hours/credit": "amount",
    "projects/day": "amount",
    "yuan": "money",
    "yuan/person-day": "money",
    "yuan/person-hour": "money",
    "yuan/studio": "money",
    "yuan/person": "money",
    "ratio": "ratio",
    "multiplier": "multiplier",
    "date": "date",
}
if TYPE_CHECKING:  # a Literal built from the table above is opaque to a type checker
    Unit = str
else:
    Unit = Literal[tuple(UNIT_DIMENSION)]

# Upper bounds that keep every value inside what a training programme can mean
# (and inside what calendar arithmetic can handle).
UNIT_MAX: dict[str, float] = {
    "days": 3650,
    "hours": 100_000,
    "weeks": 520,
    "years": 100,
    "credits": 10_000,
    "hours/credit": 1_000,
    "multiplier": 100,
}
DIMENSION_MAX: dict[str, float] = {"count": 1e8, "money": 1e13, "amount": 1e6, "duration": 1e5, "ratio": 1}


# Programs run in this century: a date outside it is a typo, and one near year 1 or 9999 would
# overflow the calendar arithmetic (a phase moved to a later year, a delay added).
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def date_problem(d: dt.date) -> Worded | None:
    """Why ``d`` is outside the dates a program may use, or None."""
    if not DATE_MIN <= d <= DATE_MAX:
        return Worded(
            f"expected a date from {DATE_MIN} to {DATE_MAX}, got {d}",
            N_("error_date_window"),
            low=DATE_MIN.isoformat(),
            high=DATE_MAX.isoformat(),
            got=d.isoformat(),
        )
    return None


def value_problem(unit: str, v) -> Worded | None:
    """Why ``v`` is not a legal value in ``unit`` (English with a message key), or None if it is."""
    dim = UNIT_DIMENSION[unit]
    if dim == "date":
        if isinstance(v, dt.date):
            return date_problem(v)
        return Worded(f"unit `date` needs a YYYY-MM-DD date, got {v!r}", N_("error_date_unit"), got=repr(v))
    if isinstance(v, (dt.date, bool)) or not isinstance(v, (int, float)):
        return Worded(f"expected a number in `{unit}`, got {v!r}", N_("error_number_in"), unit=unit, got=repr(v))
    if v != v or v in (float("inf"), float("-inf")):
        return Worded(f"expected a finite number in `{unit}`, got {v}", N_("error_finite"), unit=unit, got=v)
    got = f"{v:g}"
    if v < 0:
        return Worded(f"expected a non-negative value in `{unit}`, got {got}", N_("error_negative"), unit=unit, got=got)
    if dim == "count" and float(v) != int(v):
        return Worded(f"expected a whole number of {unit}, got {got}", N_("error_whole_number"), unit=unit, got=got)
    if dim == "ratio" and v > 1:
        return Worded(f"expected a rate in [0, 1], got {got}", N_("error_rate"), got=got)
    if dim == "multiplier" and v == 0:
        return Worded(f"expected a positive multiplier, got {got}", N_("error_multiplier"), got=got)
    top = UNIT_MAX.get(unit, DIMENSION_MAX.get(dim))
    if top is not None and v > top:
        return Worded(
            f"expected at most {top:g} {unit}, got {got}", N_("error_too_large"), top=f"{top:g}", unit=unit, got=got
        )
    return None


def check_value(unit: str, v) -> str | None:
    """Why ``v`` is not a legal value in ``unit``, or None if it is. Shared by data files and scenarios."""
    problem = value_problem(unit, v)
    return None if problem is None else str(problem)


Shape = Literal["uniform", "triangular", "beta"]
# The beta's weight α + β, as in the PERT distribution: enough to centre the mass on the value while
# low and high stay reachable.
BETA_WEIGHT = 6.0


class Range(Strict):
    """Where a value plausibly lies: the loader checks it (``ranges.check_ranges``); samplers draw from it.

    ``uniform`` is flat over [low, high]; ``triangular`` peaks at the value (its mode); ``beta`` (rates
    only) is a beta on the support [low, high] whose mean is the value, with α + β = ``BETA_WEIGHT``.
    A documented value carries a range only where its source states one (``stated: true``).
    """

    low: float
    high: float
    shape: Shape = "uniform"
    reason: Names
    stated: bool = False

    @field_validator("low", "high", mode="before")
    @classmethod
    def _no_booleans(cls, v):
        if isinstance(v, bool):
            raise refused(Worded(f"expected a number, got {v!r}", N_("error_expected_number"), got=repr(v)))
        return v

    def beta_parameters(self, value: float) -> tuple[float, float]:
        """The beta's (α, β) on [low, high] with mean ``value``: α = w·(value − low)/(high − low), β = w − α."""
        alpha = BETA_WEIGHT * (value - self.low) / (self.high - self.low)
        return alpha, BETA_WEIGHT - alpha


class Quantity(Provenanced):
    value: dt.date | float | int
    unit: Unit
    names: Names | None = None
    range: Range | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _no_booleans(cls, v):
        if isinstance(v, bool):
            raise refused(Worded(f"expected a number or a date, got {v!r}", N_("error_number_or_date"), got=repr(v)))
        return v

    @model_validator(mode="after")
    def _value_fits_unit(self):
        problem = value_problem(self.unit, self.value)
        if problem:
            raise refused(problem)
        return self


class Text(Provenanced):
    value: str = Field(min_length=1)


class Ref(Strict):
    """Points at a program parameter (``param: id``) instead of repeating it."""

    param: Id


QuantityOrRef = Quantity | Ref


class Document(Strict):
    file: str
    number: Text | None = None  # some notices carry no 文号
    title: Text
    issuer: Text
    issued: Quantity | None = None  # not every seed text carries its date
    published: Quantity | None = None


PhaseKind = Literal[
    "order_call",  # counties submit order-based training demands
    "declaration",  # institutions declare projects
    "review",  # bureaus review declared projects
    "publication",  # approved projects published
    "browse",  # course menu open for browsing
    "enrolment",  # teachers choose / register (``round`` numbers rounds)
    "school_review",  # principal approves teachers' choices
    "expansion_request",  # institutions ask to add seats
    "expansion_approval",  # bureaus approve added seats
    "recheck",  # institutions re-check rosters
    "selection",  # bureaus/cities select trainees for assigned quotas
    "schedule",  # opening dates submitted
    "preparation",  # agreements, plans
    "trainer_training",  # training of local managers / tutors
    "delivery",  # training takes place
    "assessment",  # completion assessed
    "credit_registration",  # credits entered into the credit bank
    "inspection",  # spot checks, summaries
    "self_assessment",  # institution's performance self-report
    "funding",  # funds arrive
    "planning",  # annual implementation plan
    "reporting",  # reports filed with the ministry
    "settlement",  # payment to training providers / reimbursement
]


class Milestone(Provenanced):
    id: Id
    names: Names
    kind: PhaseKind
    start: dt.date | None = None
    end: dt.date
    tracks: list[Id] | None = None  # track or group ids; None: every track
    round: int | None = Field(default=None, ge=1)
    year: int | None = None

    @field_validator("start", "end")
    @classmethod
    def _in_window(cls, d: dt.date | None) -> dt.date | None:
        problem = None if d is None else date_problem(d)
        if problem:
            raise refused(problem)
        return d

    @model_validator(mode="after")
    def _ordered(self):
        if self.start is not None and self.end < self.start:
            raise refused(
                Worded(
                    f"end {self.end} is before start {self.start}",
                    N_("error_end_before_start"),
                    start=self.start.isoformat(),
                    end=self.end.isoformat(),
                )
            )
        return self


class Allocation(Provenanced):
    by: Literal["city", "county", "institution"]
    unit: Literal["persons"] = "persons"
    values: dict[str, int]
    # The values count every teacher there is (whole-staff training), not seats: scaling the quotas
    # cannot seat more teachers than exist.
    population: bool = False

    @field_validator("values")
    @classmethod
    def _non_negative(cls, values: dict[str, int]):
        for key, v in values.items():
            if v < 0:
                raise refused(
                    Worded(f"{key}: expected a non-negative count, got {v}", N_("error_negative_share"), key=key, got=v)
                )
        return values


# The unit each quantity slot of a track must be given in.
SLOT_UNIT: dict[str, str] = {
    "quota": "persons",
    "eligible": "persons",
    "projects": "projects",
    "class_size": "persons",
    "classes_per_project": "classes",
    "face_days": "days",
    "online_hours": "hours",
    "years": "years",
    "studios": "studios",
    "candidate_ratio": "multiplier",
    "credits_per_completion": "credits",
    "counties": "counties",
    "hours_per_credit": "hours/credit",
    "studio_members": "persons",
    "per_host_studio": "persons",
    "institutions": "institutions",
    "project_cap": "projects",
    "leaders_per_institution": "persons",
}
# The slots a supplier category has (in ``SLOT_UNIT``), not a track.
SUPPLIER_SLOTS = ("institutions", "project_cap", "leaders_per_institution")

Driver = Literal["person_days", "person_hours", "studios", "persons"]
DRIVER_UNIT: dict[str, str] = {
    "person_days": "yuan/person-day",
    "person_hours": "yuan/person-hour",
    "studios": "yuan/studio",
    "persons": "yuan/person",
}


class CostLine(Strict):
    id: Id
    names: Names
    driver: Driver
    rate: QuantityOrRef
    payer: Literal["provider_budget", "school", "teacher_reimbursed"] = "provider_budget"


class Supplier(Strict):
    """A category of institutions that declare projects up to a cap each."""

    id: Id
    names: Names
    institutions: QuantityOrRef
    project_cap: QuantityOrRef
    # Qualified project leaders per institution, where a rule caps the projects each may lead.
    leaders_per_institution: QuantityOrRef | None = None


TrackMode = Literal["assigned", "course_selection", "registration"]


class Track(Strict):
    id: Id
    names: Names
    group: Id | None = None
    provider: str | None = None
    partner: str | None = None
    mode: TrackMode
    quota: QuantityOrRef | None = None
    projects: QuantityOrRef | None = None
    counties: QuantityOrRef | None = None  # counties ordering `projects`, where a rule sets a minimum per county
    suppliers: list[Supplier] | None = None
    eligible: QuantityOrRef | None = None
    allocation: Allocation | None = None
    class_size: QuantityOrRef | None = None
    classes_per_project: QuantityOrRef | None = None
    face_days: QuantityOrRef | None = None
    online_hours: QuantityOrRef | None = None
    years: QuantityOrRef | None = None
    new_cohort_each_year: bool = False
    studios: QuantityOrRef | None = None  # a fixed number of studios (paid where the track has members)
    studio_members: QuantityOrRef | None = None  # trainees per studio: studios follow the trainees ("1+10")
    hosted_by: Id | None = None  # the track whose studios these trainees join ...
    per_host_studio: QuantityOrRef | None = None  # ... at most this many per studio ("50 至 100")
    candidate_ratio: QuantityOrRef | None = None
    credits_per_completion: QuantityOrRef | None = None
    hours_per_credit: QuantityOrRef | None = None  # credits = the hours ÷ this ("每 20学时计算一个学分")
    cost_lines: list[CostLine] = []
    # Model parameters that differ for this track (same ids as the program's).
    parameters: dict[Id, Quantity] = {}

    @model_validator(mode="after")
    def _has_supply(self):
        if self.quota is None and self.projects is None and self.suppliers is None and self.allocation is None:
            raise refused(
                Worded(
                    "a track needs `quota`, `projects`, `suppliers` or `allocation` to know its seats",
                    N_("error_track_no_seats"),
                )
            )
        if (self.suppliers is not None or self.projects is not None) and self.class_size is None:
            raise refused(
                Worded("a track with `projects` or `suppliers` needs `class_size`", N_("error_track_no_class_size"))
            )
        if self.mode == "course_selection" and self.eligible is None:
            raise refused(
                Worded(
                    "a `course_selection` track needs `eligible` (teachers who may choose)",
                    N_("error_track_no_eligible"),
                )
            )
        if self.studios is not None and self.studio_members is not None:
            raise refused(
                Worded(
                    "give `studios` (a fixed number) or `studio_members` (studios follow the trainees), not both",
                    N_("error_track_studios_twice"),
                )
            )
        if (self.hosted_by is None) != (self.per_host_studio is None):
            raise refused(Worded("`hosted_by` and `per_host_studio` go together", N_("error_track_hosted_pair")))
        if self.credits_per_completion is not None and self.hours_per_credit is not None:
            raise refused(
                Worded(
                    "give `credits_per_completion` or `hours_per_credit` (credits from hours), not both",
                    N_("error_track_credits_twice"),
                )
            )
        return self


class Group(Strict):
    id: Id
    names: Names
    quota: Quantity | None = None


RuleKind = Literal[
    "second_round_requires_first",
    "withdrawal_allowed_on_change",
    "no_makeup_training",
    "no_show_ban",
    "settle_on_actual_participants",
    "teacher_pays_then_reimbursed",
    "no_fee_to_teachers",
    "no_substitution",
    "timetable_before_start",
    "notice_before_start",
    "report_after_end",
    "min_briefs",
    "min_projects_per_county",
    "max_projects_per_leader",
    "candidate_selection",
    "training_fund_share",
]


class Rule(Provenanced):
    id: Id
    kind: RuleKind
    names: Names
    param: Id | None = None  # the parameter holding the rule's number, if any


class StatedTable(Provenanced):
    """Totals a document states for a table whose rows are track allocations."""

    id: Id
    names: Names
    tracks: list[Id]
    column_totals: dict[str, int]
    grand_total: int
    # Rows the document says its column totals leave out.
    excluded_from_columns: list[Id] = []


class Pool(Strict):
    """Institutions that run classes from one capacity: ``classes_each`` at once per institution.

    ``serves`` names the classes drawing on it: a track id, or ``track/supplier`` for the classes of
    one supplier category. ``institutions`` defaults to the served supplier category's count.
    """

    id: Id
    names: Names
    serves: list[str]
    classes_each: Ref
    institutions: Ref | None = None


class Board(Strict):
    """Reviewers of declared projects, who get through ``projects_per_day`` of them a day."""

    id: Id
    names: Names
    serves: list[Id]
    projects_per_day: Ref


class Capacity(Strict):
    """What the institutions and reviewers can handle at once; without it nothing queues."""

    delivery: list[Pool] = []
    review: list[Board] = []


class Check(Strict):
    """A stated number that should equal the sum / product / count of parts.

    ``stated`` and ``parts`` are references: ``param_id``, ``track_id.field``,
    ``track_id.allocation`` or ``group_id.quota``.
    """

    id: Id
    names: Names
    op: Literal["sum", "product", "count"]
    stated: str
    parts: list[str]


class Program(Strict):
    """One program file: the notice's facts, its sub-programs, dated phases, rules and stated totals."""

    id: Id
    names: Names
    # English names of the proper names the data writes in Chinese: the issuer, providers, and the
    # cities or counties allocations and tables are keyed by (杭州: Hangzhou, 兰考县: Lankao County).
    names_en: dict[str, str] = {}
    document: Document
    parameters: dict[Id, Quantity]
    milestones: list[Milestone]
    groups: list[Group] = []
    tracks: list[Track]
    rules: list[Rule] = []
    tables: list[StatedTable] = []
    checks: list[Check] = []
    capacity: Capacity = Capacity()

    @model_validator(mode="after")
    def _hosts_have_studios(self):
        hosts = {t.id: t for t in self.tracks}
        for t in self.tracks:
            host = hosts.get(t.hosted_by) if t.hosted_by is not None else None
            if t.hosted_by is not None and (host is None or host.studio_members is None):
                raise ValueError(
                    f"track {t.id!r}: `hosted_by` needs a track with `studio_members`, got {t.hosted_by!r}"
                )
        return self

    def proper_names(self) -> dict[str, str]:
        """Each proper name the program shows, with the field that first uses it."""
        used = {self.document.issuer.value: "document.issuer"}
        for i, t in enumerate(self.tracks):
            if t.provider:
                used.setdefault(t.provider, f"tracks[{i}].provider")
            for key in t.allocation.values if t.allocation else {}:
                used.setdefault(key, f"tracks[{i}].allocation.values.{key}")
        return used

    def quantities(self) -> Iterator[tuple[str, Quantity]]:
        """Every value written in place (not a ``{param: id}`` reference), with its field path."""
        for name in ("issued", "published"):
            q = getattr(self.document, name)
            if q is not None:
                yield f"document.{name}", q
        for pid, p in self.parameters.items():
            yield f"parameters.{pid}", p
        for i, g in enumerate(self.groups):
            if g.quota is not None:
                yield f"groups[{i}].quota", g.quota
        for i, t in enumerate(self.tracks):
            slots = [(f"tracks[{i}].{slot}", getattr(t, slot, None)) for slot in SLOT_UNIT]
            slots += [(f"tracks[{i}].parameters.{pid}", q) for pid, q in t.parameters.items()]
            slots += [
                (f"tracks[{i}].suppliers[{j}].{slot}", getattr(s, slot))
                for j, s in enumerate(t.suppliers or [])
                for slot in SUPPLIER_SLOTS
            ]
            slots += [(f"tracks[{i}].cost_lines[{j}].rate", line.rate) for j, line in enumerate(t.cost_lines)]
            yield from ((where, q) for where, q in slots if isinstance(q, Quantity))

    @overload
    def resolve(self, value: Quantity | Ref) -> Quantity: ...
    @overload
    def resolve(self, value: Quantity | Ref | None) -> Quantity | None: ...
    def resolve(self, value: Quantity | Ref | None) -> Quantity | None:
        """The quantity a slot holds, following a ``{param: id}`` reference."""
        return self.parameters[value.param] if isinstance(value, Ref) else value
