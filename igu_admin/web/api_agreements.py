"""Agreements in the JSON API: read one, or page through those the caller may see.

The shapes are declared here once; the OpenAPI document is made from them.
Writing (create, change, submit, withdraw) comes with the guided agreement.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from flask import url_for
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from igu_admin.domain.lifecycle import RecordKind, status_values
from igu_admin.models import Agreement, Role
from igu_admin.services import agreements, tenancy, trainees
from igu_admin.services.eligibility_answer import Assessment, answer
from igu_admin.services.input_types import OneOf
from igu_admin.web.api import api

STAFF = (Role.EMPLOYER, Role.CASEWORKER, Role.FINANCE, Role.ADMIN)
AgreementStatusCode = Annotated[
    str, OneOf(lambda: status_values(RecordKind.AGREEMENT), "status_unknown",
               "The agreement's status.")]


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


class Period(BaseModel):
    from_: date = Field(alias="from")
    to: date


class CompanyOut(BaseModel):
    cvr: str
    name: str
    employer_type: str = Field(description="private or public (public employers get no "
                                           "company bonus).")


class TraineeOut(BaseModel):
    name: str
    cpr: str = Field(description="DDMMYY-XXXX, or in full for the municipality's caseworkers.")
    address: str
    email: str
    phone: str
    municipality_code: str


class Wage(BaseModel):
    basis: str | None = Field(description="hourly or monthly")
    year1: str | None = Field(description="DKK as a decimal string, e.g. \"12132.00\".")
    year2: str | None


class Terms(BaseModel):
    holiday: str
    notice: str
    other: str


class EligibilityFactsOut(BaseModel):
    target_group: str | None
    registered_since: date | None
    absences: list[Period]
    previous_igu: bool | None
    recent_ordinary_employment: bool | None


class VersionOut(BaseModel):
    number: int
    submitted_at: datetime
    pdf_sha256: str | None


class AgreementOut(BaseModel):
    """An IGU agreement as the caller may see it."""

    model_config = ConfigDict(populate_by_name=True)

    id: int
    status: AgreementStatusCode
    lock_version: int = Field(description="Send it back with a change; a stale one answers 409.")
    ruleset: str | None
    start_date: date | None
    end_date: date | None
    company: CompanyOut
    trainee: TraineeOut | None
    facts: EligibilityFactsOut = Field(description="The trainee's facts for eligibility.")
    workplace_address: str
    job_title: str
    tasks: str
    weekly_hours: str | None
    collective_agreement: str
    wage: Wage
    terms: Terms
    contact_person: str
    eligibility: Assessment | None = Field(description=(
        "The assessment from the facts on the agreement, as POST /eligibility answers it; "
        "null while facts are missing."))
    missing: list[str] = Field(description="Field paths still needed to submit.")
    versions: list[VersionOut]


class AgreementPage(BaseModel):
    items: list[AgreementOut]
    next: str | None = Field(description="The URL of the next page, or null on the last.")


class AgreementQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: AgreementStatusCode | None = None
    limit: Annotated[int, Field(ge=1, le=500)] = 50
    after: Annotated[int, Field(ge=1, le=tenancy.MAX_ID,
                                description="The cursor from `next`.")] | None = None


def agreement_out(agreement: Agreement) -> AgreementOut:
    role = Role(current_user.role)
    trainee = agreement.trainee
    # The municipality's review looks for a recorded IGU everywhere; the
    # employer only in its own company.
    assessment = agreements.assess(agreement, everywhere=role in (Role.CASEWORKER, Role.ADMIN))
    return AgreementOut(
        id=agreement.id, status=agreement.status, lock_version=agreement.lock_version,
        ruleset=agreement.ruleset_code, start_date=agreement.start_date,
        end_date=agreement.end_date,
        company=CompanyOut(cvr=agreement.company.cvr, name=agreement.company.name,
                           employer_type="private" if agreement.company.is_private else "public"),
        trainee=None if trainee is None else TraineeOut(
            name=trainee.full_name,
            cpr=trainees.display_cpr(trainee, full=role is Role.CASEWORKER) or "",
            address=" ".join(p for p in (trainee.address, trainee.postal_code, trainee.city) if p),
            email=trainee.email, phone=trainee.phone,
            municipality_code=trainee.municipality_code),
        facts=EligibilityFactsOut(
            target_group=agreement.target_group, registered_since=agreement.registered_since,
            absences=[Period.model_validate(a) for a in agreement.absences or []],
            previous_igu=agreement.previous_igu,
            recent_ordinary_employment=agreement.recent_ordinary_employment),
        workplace_address=agreement.workplace_address, job_title=agreement.job_title,
        tasks=agreement.tasks, weekly_hours=_money(agreement.weekly_hours),
        collective_agreement=agreement.collective_agreement,
        wage=Wage(basis=agreement.wage_basis or None, year1=_money(agreement.wage_rate_year1),
                  year2=_money(agreement.wage_rate_year2)),
        terms=Terms(holiday=agreement.terms_holiday, notice=agreement.terms_notice,
                    other=agreement.terms_other),
        contact_person=agreement.contact_person,
        eligibility=None if assessment is None else answer(assessment),
        missing=agreements.missing_fields(agreement),
        versions=[VersionOut(number=v.number, submitted_at=v.submitted_at,
                             pdf_sha256=v.pdf_sha256) for v in agreement.versions])


@api.operation(
    "/agreements", "GET", operation_id="listAgreements", tags=("agreements",), bearer=True,
    roles=STAFF, query=AgreementQuery,
    summary="The agreements the caller may see, newest first",
    description="Employers: their company's. Caseworkers and finance officers: their "
                "municipality's, from the first submission on. `?status=` filters; `?limit=` "
                "(default 50, at most 500) and the `next` URL page through them.",
    responses={200: (AgreementPage, "One page of agreements.")})
def list_agreements(query: AgreementQuery) -> AgreementPage:
    rows, last_id = tenancy.page_of_agreements(
        current_user, (query.status,) if query.status else (), query.after, query.limit)
    following = None
    if last_id is not None:
        following = url_for("api.list_agreements", limit=query.limit, after=last_id,
                            status=query.status)  # status=None is left out of the URL
    return AgreementPage(items=[agreement_out(a) for a in rows], next=following)


@api.operation(
    "/agreements/<int:agreement_id>", "GET", operation_id="getAgreement", tags=("agreements",),
    bearer=True, roles=STAFF, summary="One agreement",
    responses={200: (AgreementOut, "The agreement."),
               404: "No such agreement, or one outside the caller's tenancy."})
def get_agreement(agreement_id: int) -> AgreementOut:
    return agreement_out(tenancy.get_agreement(current_user, agreement_id))
