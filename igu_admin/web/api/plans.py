"""Schooling plans in the JSON API: the public check of a plan against the
rules, an agreement's plan read, replaced and submitted, and the shipped
AMU catalogue. Thin: every operation is one service call.

The shapes are declared here once; the OpenAPI document is made from them.
Hours are decimal strings ("74.00"), counted weeks a string with one decimal
("20.0"); messages follow Accept-Language.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from flask import url_for
from flask_login import current_user
from pydantic import BaseModel, Field

from igu_admin.core import amu_catalogue, tenancy
from igu_admin.domain.lifecycle import RecordKind, status_values
from igu_admin.domain.schooling import PlanCheck
from igu_admin.inputs.plan import PlanLockVersion, PlanPut, PlanValidation
from igu_admin.inputs.types import OneOf
from igu_admin.models import Role, SchoolingPlan, SchoolingPlanVersion
from igu_admin.services.plans import building as schooling_plans
from igu_admin.web.api.blueprint import api
from igu_admin.wording import plan as plan_messages

READERS = (Role.EMPLOYER, Role.CASEWORKER, Role.ADMIN)
EMPLOYER = (Role.EMPLOYER,)
TAGS = ("schooling plans",)
NOT_FOUND = "No such agreement, or one outside the caller's tenancy."
PlanStatusCode = Annotated[
    str, OneOf(lambda: status_values(RecordKind.PLAN), "status_unknown", "The plan's status.")]


class FindingOut(BaseModel):
    code: str = Field(description="A stable code (see the domain's ERROR_CODES and "
                                  "WARNING_CODES).")
    item: int | None = Field(description="The element it concerns, by index from 0; null for "
                                         "the plan as a whole.")
    message: str = Field(description="In the language of Accept-Language; names the element.")


class CheckOut(BaseModel):
    """The plan held against the rules."""

    valid: bool = Field(description="No errors: the plan can be submitted.")
    required_weeks: int = Field(description="The rule set's weeks of schooling.")
    counted_weeks: str = Field(description=(
        "Counted hours (weighted by the rule set) as weeks of the rule set's hours, rounded "
        "down to one decimal: \"20.0\"."))
    errors: list[FindingOut] = Field(description="Block submission.")
    warnings: list[FindingOut] = Field(description="To check; allowed.")


class PlanItemOut(BaseModel):
    kind: str
    title: str
    provider: str
    course_number: str = Field(description="The AMU course number, or \"\".")
    start: date | None
    end: date | None
    hours: str = Field(description="School hours, two decimals: \"74.00\".")
    note: str


class PlanVersionOut(BaseModel):
    number: int
    submitted_at: datetime
    pdf_sha256: str | None


class PlanOut(CheckOut):
    """An agreement's schooling plan and its check."""

    agreement_id: int
    status: PlanStatusCode
    passed_danish_test: bool
    items: list[PlanItemOut]
    lock_version: int = Field(description="Send it back with a change; 0 while no plan is "
                                          "saved. A stale one answers 409.")
    deadline: date | None = Field(description=(
        "The last day for the plan: the end of the first month of employment; null while the "
        "agreement has no start date."))
    versions: list[PlanVersionOut]


class SubmittedPlanOut(PlanOut):
    """The plan as submitted, and the version the submission made."""

    version: PlanVersionOut


class AmuCourseOut(BaseModel):
    number: str = Field(description="The AMU course number, or \"\" where the catalogue's "
                                    "source did not give it.")
    title: str
    days: int | None = Field(description="The course's length in days; null when not known.")
    verified: bool = Field(description="Number, title and length were read in `source`.")
    source: str = Field(description="The address read, or, when not verified, what was and "
                                    "was not read (in Danish).")
    note: str | None


class ProviderOut(BaseModel):
    name: str
    kind: str = Field(description="school or language_centre")
    city: str
    source: str


class AmuCatalogueOut(BaseModel):
    items: list[AmuCourseOut] = Field(description="The courses.")
    providers: list[ProviderOut] = Field(description="Schools and language centres.")
    next: str | None = Field(description="Always null: the catalogue is one page.")


def _findings(found: tuple[plan_messages.WordedFinding, ...]) -> list[FindingOut]:
    return [FindingOut(code=f.code, item=f.item, message=f.message) for f in found]


def check_out(worded: plan_messages.WordedCheck) -> CheckOut:
    check: PlanCheck = worded.check
    return CheckOut(valid=check.valid, required_weeks=check.required_weeks,
                    counted_weeks=f"{check.counted_weeks:.1f}",
                    errors=_findings(worded.errors), warnings=_findings(worded.warnings))


def _hours(value: Decimal) -> str:
    return f"{Decimal(value):.2f}"


def _version_out(version: SchoolingPlanVersion) -> PlanVersionOut:
    return PlanVersionOut(number=version.number, submitted_at=version.submitted_at,
                          pdf_sha256=version.pdf_sha256)


def plan_out(plan: SchoolingPlan) -> PlanOut:
    agreement = plan.agreement
    return PlanOut(
        agreement_id=agreement.id, status=plan.status,
        passed_danish_test=bool(plan.passed_danish_test),
        items=[PlanItemOut(kind=i.kind, title=i.title, provider=i.provider,
                           course_number=i.course_number, start=i.start_date, end=i.end_date,
                           hours=_hours(i.hours), note=i.note) for i in plan.items],
        lock_version=plan.lock_version, deadline=schooling_plans.deadline(agreement),
        versions=[_version_out(v) for v in plan.versions],
        **dict(check_out(schooling_plans.review(plan))))


def _url(agreement_id: int) -> str:
    return url_for("api.get_schooling_plan", agreement_id=agreement_id)


@api.operation(
    "/schooling-plans/validate", "POST", operation_id="validateSchoolingPlan", tags=TAGS,
    summary="Hold a schooling plan against the rules", body=PlanValidation,
    description="Public. The period runs from `start_date` to the end the rule set gives it. "
                "`ruleset` defaults to the server's (by-start-date: the set governing the start "
                "date). `weekly_hours` left out leaves the workplace's share unjudged; an AMU "
                "element's `course_number` left out is not judged. Nothing is saved.",
    responses={200: (CheckOut, "The errors and warnings, each with its element."),
               400: "Malformed input at its field path (`items.0.end`), or an unknown rule set."})
def validate_schooling_plan(body: PlanValidation) -> CheckOut:
    return check_out(plan_messages.worded(schooling_plans.validate(body), body.items))


@api.operation(
    "/agreements/<int:agreement_id>/schooling-plan", "GET", operation_id="getSchoolingPlan",
    tags=TAGS, bearer=True, roles=READERS, summary="An agreement's schooling plan",
    description="The employer of the agreement's company; the caseworkers of the trainee's "
                "municipality once the agreement has been submitted. An agreement without a "
                "plan answers its empty draft: no items, lock_version 0.",
    responses={200: (PlanOut, "The plan and its check."), 404: NOT_FOUND})
def get_schooling_plan(agreement_id: int) -> PlanOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return plan_out(schooling_plans.get_plan(current_user, agreement))


@api.operation(
    "/agreements/<int:agreement_id>/schooling-plan", "PUT", operation_id="putSchoolingPlan",
    tags=TAGS, bearer=True, roles=EMPLOYER, body=PlanPut,
    summary="Replace the agreement's schooling plan",
    description="The whole plan, items in order, with the `lock_version` last read (0 when no "
                "plan is saved yet: the first save answers 201). Allowed while the agreement is "
                "a draft, awaiting the municipality's decision, sent back for changes, approved "
                "or running, and the plan is not awaiting a decision; saving an approved plan "
                "makes it a draft again. The rules do not refuse a save: the answer carries "
                "their errors and warnings.",
    responses={200: (PlanOut, "The plan as saved and its check."),
               201: (PlanOut, "The plan, saved for the first time; `Location` is its URL."),
               404: NOT_FOUND,
               409: "A stale lock_version, or a status that allows no change of the plan."})
def put_schooling_plan(agreement_id: int,
                       body: PlanPut) -> PlanOut | tuple[PlanOut, int, dict[str, str]]:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    plan = schooling_plans.save_plan(current_user, agreement, body, body.lock_version)
    if body.lock_version == 0:
        return plan_out(plan), 201, {"Location": _url(agreement_id)}
    return plan_out(plan)


@api.operation(
    "/agreements/<int:agreement_id>/schooling-plan/submit", "POST",
    operation_id="submitSchoolingPlan", tags=TAGS, bearer=True, roles=EMPLOYER,
    body=PlanLockVersion, summary="Send the schooling plan to the trainee's municipality",
    description="Makes a new immutable version (1, then 2 after changes). Possible once the "
                "agreement has been submitted; a plan that is a draft when the agreement is "
                "submitted goes with it if the rules find no errors.",
    responses={200: (SubmittedPlanOut, "The plan, now submitted, and its new version."),
               404: NOT_FOUND,
               409: "A stale lock_version; an agreement not yet submitted, or ended; a plan "
                    "already awaiting a decision or approved.",
               422: "The rules find errors in the plan: each at `items.N` (an element) or "
                    "`items` (the plan as a whole)."})
def submit_schooling_plan(agreement_id: int, body: PlanLockVersion) -> SubmittedPlanOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    version = schooling_plans.submit_plan(current_user, agreement, body.lock_version)
    record = plan_out(schooling_plans.get_plan(current_user, agreement))
    return SubmittedPlanOut(**dict(record), version=_version_out(version))


@api.operation(
    "/amu-courses", "GET", operation_id="listAmuCourses", tags=TAGS,
    summary="The shipped catalogue of common AMU courses and providers",
    description="Public: for quick picking in a schooling plan; free entry is always possible. "
                "Each course says whether its number, title and length were verified, and "
                "where.",
    responses={200: (AmuCatalogueOut, "Every course and provider in the catalogue.")})
def list_amu_courses() -> AmuCatalogueOut:
    found = amu_catalogue.catalogue()
    return AmuCatalogueOut(
        items=[AmuCourseOut(number=c.number, title=c.title, days=c.days, verified=c.verified,
                            source=c.source, note=c.note) for c in found.courses],
        providers=[ProviderOut(name=p.name, kind=p.kind, city=p.city, source=p.source)
                   for p in found.providers],
        next=None)
