"""Message keys for codes the model and its results carry: one literal key per code.

A code (a track's mode, an event, a rule check) is looked up here, never turned into a key at
run time, so ``pybabel extract`` sees every key the code can ask for.
"""

from __future__ import annotations

from sim.base import N_

MODE_LABEL = {
    "assigned": N_("mode_assigned"),
    "course_selection": N_("mode_course_selection"),
    "registration": N_("mode_registration"),
}

# The shapes of a plausible range (``sim.catalog.Range.shape``).
SHAPE_LABEL = {
    "uniform": N_("shape_uniform"),
    "triangular": N_("shape_triangular"),
    "beta": N_("shape_beta"),
}

EVENT_LABEL = {
    "reviewed": N_("event_reviewed"),
    "published": N_("event_published"),
    "seats_filled": N_("event_seats_filled"),
    "enrolment_closed": N_("event_enrolment_closed"),
    "delivery_start": N_("event_delivery_start"),
    "delivery_end": N_("event_delivery_end"),
    "settlement_done": N_("event_settlement_done"),
}

CHECK_LABEL = {
    "fee_standard": N_("check_fee_standard"),
    "training_fund_share": N_("check_training_fund_share"),
    "teacher_population": N_("check_teacher_population"),
}

LEVER_LABEL = {
    "quota": N_("lever_quota"),
    "participation": N_("lever_participation"),
    "attendance": N_("lever_attendance"),
    "completion": N_("lever_completion"),
    "fees": N_("lever_fees"),
    "other": N_("lever_other"),
}

# The two ends a sensitivity run moves a knob to.
END_LABEL = {"low": N_("end_low"), "high": N_("end_high")}

# Result figures; the cost is labelled with its unit.
FIGURE_LABEL = {
    "quota": N_("quota"),
    "enrolled": N_("enrolled"),
    "attended": N_("attended"),
    "completed": N_("completed"),
    "credited": N_("credited"),
    "fill_rate": N_("fill_rate"),
    "completion_rate": N_("completion_rate"),
    "credits": N_("credits"),
    "cost_yuan": N_("cost"),
}

UNIT_LABEL = {
    "persons": N_("unit_persons"),
    "projects": N_("unit_projects"),
    "institutions": N_("unit_institutions"),
    "studios": N_("unit_studios"),
    "counties": N_("unit_counties"),
    "schools": N_("unit_schools"),
    "classes": N_("unit_classes"),
    "items": N_("unit_items"),
    "days": N_("unit_days"),
    "hours": N_("unit_hours"),
    "weeks": N_("unit_weeks"),
    "years": N_("unit_years"),
    "credits": N_("unit_credits"),
    "hours/credit": N_("unit_hours_per_credit"),
    "projects/day": N_("unit_projects_per_day"),
    "yuan": N_("unit_yuan"),
    "yuan/person-day": N_("unit_yuan_per_person_day"),
    "yuan/person-hour": N_("unit_yuan_per_person_hour"),
    "yuan/studio": N_("unit_yuan_per_studio"),
    "yuan/person": N_("unit_yuan_per_person"),
    "ratio": N_("unit_ratio"),
    "multiplier": N_("unit_multiplier"),
    "date": N_("unit_date"),
    "text": N_("unit_text"),
}
