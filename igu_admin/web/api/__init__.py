"""The JSON API (v1): operations declared per capability on one JsonApi
(blueprint.py); the OpenAPI document is made from the same declarations."""

from igu_admin.web.api import (
    agreements,
    amendments,
    bonus_schedule,
    claims,
    course,
    eligibility,
    follow_up,
    imports,
    overview,
    plan_pdf,
    plans,
    review,
    trainee_copy,
)
from igu_admin.web.api.blueprint import api, bp

__all__ = ["agreements", "amendments", "api", "bonus_schedule", "bp", "claims", "course",
           "eligibility", "follow_up", "imports", "overview", "plan_pdf", "plans", "review",
           "trainee_copy"]
