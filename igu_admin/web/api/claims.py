"""Bonus claims in the JSON API: read an agreement's claims or page through
those the caller may see, take the steps of a claim, export them.

Who sees what: an employer the company's own claims; a finance officer or a
caseworker those of the municipality (both beneficiaries). Who acts: the
claim's handler only (the employer for a company claim, the finance officer
for the municipality's); anyone else who sees it is refused with 403. The
export is the finance officers'.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from flask import url_for
from flask_babel import get_locale
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from igu_admin.core import rules_in_force, tenancy
from igu_admin.core.clock import today
from igu_admin.documents import claim_export
from igu_admin.domain.de_minimis import Declaration
from igu_admin.domain.lifecycle import Action, RecordKind, allowed_actions, status_values
from igu_admin.domain.rulesets import BENEFICIARIES
from igu_admin.inputs.agreement import LockVersion
from igu_admin.inputs.types import (
    DecimalString,
    Flag,
    IsoDate,
    OneOf,
    Text,
    left_out,
    refuse_null,
)
from igu_admin.models import BonusClaim, Role
from igu_admin.services import claims
from igu_admin.services.claims import queries as claim_queries
from igu_admin.services.claims.queries import CURSOR_PATTERN, ClaimFilter, Cursor
from igu_admin.web.api.blueprint import api
from igu_admin.web.api.operations import Binary, FileReply
from igu_admin.web.claim_exports import export_chunks
from igu_admin.web.labels import claim_status_label, claim_type_label
from igu_admin.wording.rule_labels import evidence_label

READERS = (Role.EMPLOYER, Role.CASEWORKER, Role.FINANCE)
HANDLERS = (Role.EMPLOYER, Role.FINANCE)
FINANCE = (Role.FINANCE,)
NOT_FOUND = "No such claim, or one outside the caller's tenancy."
# The steps the API offers, by the lifecycle's action.
API_STEPS = {Action.PREPARE: "prepare", Action.SUBMIT: "submit",
             Action.RECORD_PAYMENT: "paid", Action.RECORD_REJECTION: "reject"}
_AMOUNT = "DKK, two decimals: \"20000.00\"."


@functools.cache
def claim_type_codes() -> tuple[str, ...]:
    """Every claim type any rule set has."""
    catalogue = rules_in_force.catalogue()
    return tuple(sorted({t.code for code in catalogue.codes for t in catalogue.get(code).claims}))


ClaimStatusCode = Annotated[str, OneOf(lambda: status_values(RecordKind.CLAIM), "status_unknown",
                                       "The claim's status.")]
BeneficiaryCode = Annotated[str, OneOf(lambda: BENEFICIARIES, "beneficiary_unknown",
                                       "Who receives the money.")]
ClaimTypeCode = Annotated[str, OneOf(claim_type_codes, "claim_type_unknown",
                                     "The claim type's code in the rule set.")]


class CompanyRef(BaseModel):
    cvr: str
    name: str


class EvidenceOut(BaseModel):
    code: str = Field(description="The evidence's code in the rule set.")
    label: str = Field(description="In the language of Accept-Language.")
    documents: int = Field(description="Documents attached (pages attach them).")
    not_relevant: bool = Field(description="Marked not relevant: the course had no such "
                                           "schooling.")
    done: bool


class DeMinimisOut(BaseModel):
    """The employer's de minimis declaration and the claim against the
    ceiling in force on its due date (rules/de-minimis.toml)."""

    regime: str = Field(description="The regulation in force on the due date: 1407/2013 or "
                                    "2023/2831.")
    regime_label: str = Field(description="In the language of Accept-Language.")
    window: str = Field(description="fiscal_years (the current and two previous fiscal years) "
                                    "or rolling_years (any three years back).")
    ceiling_eur: str = Field(description="EUR, two decimals.")
    dkk_per_eur: str = Field(description="The rate the claim is converted at.")
    rate_sureness: str = Field(description="How sure the rate is: unverified until looked up.")
    other_aid_eur: str = Field(description="The other de minimis aid declared, EUR.")
    grantors: list[str]
    claim_eur: str = Field(description="This claim in EUR at the rate.")
    total_eur: str = Field(description="Other aid and this claim, EUR.")
    exceeds_ceiling: bool = Field(description="A warning: the claim is prepared all the same.")
    declared_at: datetime


class ClaimOut(BaseModel):
    """A bonus claim as the caller may see it. No CPR number: the summary PDF
    of the claim's handler carries it."""

    id: int
    agreement_id: int
    type: ClaimTypeCode
    type_label: str = Field(description="In the language of Accept-Language.")
    beneficiary: BeneficiaryCode
    company: CompanyRef
    amount: str = Field(description=_AMOUNT)
    due_date: date
    deadline: date | None
    status: ClaimStatusCode
    status_label: str = Field(description="In the language of Accept-Language.")
    cancel_reason: str | None = Field(description="terminated, or not_applicable; null unless "
                                                  "cancelled.")
    lock_version: int = Field(description="Send it back with a step; a stale one answers 409.")
    submitted_on: date | None
    reference: str = Field(description="SIRI's (or the state's) reference, once sent.")
    paid_on: date | None
    paid_amount: str | None = Field(description=_AMOUNT)
    rejection_reason: str
    evidence: list[EvidenceOut]
    missing_evidence: list[str] = Field(description="Codes of the evidence still missing.")
    de_minimis_needed: bool = Field(description=(
        "A company claim due from 1 June 2023 is de minimis aid: prepare it with "
        "`de_minimis`."))
    de_minimis: DeMinimisOut | None = Field(description="The declaration given when the claim "
                                                        "was prepared; null before.")
    actions: list[str] = Field(description=(
        "The steps the caller may take now: prepare, submit, paid, reject."))


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    next: str | None = Field(description="The URL of the next page, or null on the last.")


class ClaimList(BaseModel):
    items: list[ClaimOut]
    next: str | None = Field(description="Always null: an agreement's claims are one page.")


def _cursor(value: Any) -> Any:
    refuse_null(value)
    if not isinstance(value, str) or Cursor.parse(value) is None:
        raise PydanticCustomError("cursor_invalid", "cursor_invalid")
    return value


class ClaimFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ClaimStatusCode | None = None
    beneficiary: BeneficiaryCode | None = None
    type: ClaimTypeCode | None = None
    due_from: Annotated[date, IsoDate("Due on or after this day.")] | None = None
    due_to: Annotated[date, IsoDate("Due on or before this day.")] | None = None

    @model_validator(mode="after")
    def _period(self) -> ClaimFilters:
        if self.due_from and self.due_to and self.due_to < self.due_from:
            raise PydanticCustomError("period_reversed", "period_reversed")
        return self

    def claim_filter(self) -> ClaimFilter:
        return ClaimFilter(status=self.status, beneficiary=self.beneficiary,
                           claim_type=self.type, due_from=self.due_from, due_to=self.due_to)

    def args(self) -> dict[str, Any]:
        given = {"status": self.status, "beneficiary": self.beneficiary, "type": self.type,
                 "due_from": self.due_from and self.due_from.isoformat(),
                 "due_to": self.due_to and self.due_to.isoformat()}
        return {name: value for name, value in given.items() if value}


class ClaimQuery(ClaimFilters):
    limit: Annotated[int, Field(ge=1, le=500)] = 50
    after: Annotated[str, Field(pattern=CURSOR_PATTERN, description="The cursor from `next`.")
                     ] | None = None

    _after = field_validator("after", mode="before")(_cursor)


class ExportQuery(ClaimFilters):
    format: Annotated[str, OneOf(lambda: tuple(claim_export.FORMATS), "export_format_unknown",
                                 "csv (UTF-8 with BOM, semicolons, decimal comma) or xlsx.")]


class DeMinimisIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    other_aid_eur: Annotated[Decimal, DecimalString(10, description=(
        "The other de minimis aid the company (the group) received in the last three years, "
        "EUR: \"0.00\" if none."))]
    grantors: Annotated[list[Annotated[str, Text(claims.GRANTOR_LENGTH, required=True)]],
                        Field(max_length=claims.GRANTORS_MAX, description=(
                            "Who granted the other aid; at least one when it is above 0."))]
    declared: Annotated[bool, Flag("Must be true: the employer declares the other aid.")]

    _no_null = field_validator("*", mode="before")(refuse_null)

    def declaration(self) -> Declaration:
        return Declaration(self.other_aid_eur, tuple(self.grantors), self.declared)


class PrepareBody(LockVersion):
    de_minimis: DeMinimisIn | None = left_out(
        "The employer's de minimis declaration: required for a company claim due from "
        "1 June 2023, refused on a municipality's claim.")


class SubmitBody(LockVersion):
    submitted_on: Annotated[date, IsoDate("The day the claim was sent.")]
    reference: Annotated[str, Text(claims.REFERENCE_LENGTH, description=(
        "SIRI's (or the state's) reference of the application."))]


class PaidBody(LockVersion):
    paid_on: Annotated[date, IsoDate("The day the amount was paid.")]
    amount: Annotated[Decimal, DecimalString(10, description="The amount paid, DKK: \"20000.00\".")]


class RejectBody(LockVersion):
    reason: Annotated[str, Text(claims.REASON_LENGTH, multiline=True,
                                description="The reason given for the refusal.")]


def claim_out(claim: BonusClaim) -> ClaimOut:
    role = str(current_user.role)
    handles = claims.may_handle(current_user, claim)
    steps = [API_STEPS[a] for a in allowed_actions(RecordKind.CLAIM, claim.status, role)
             if handles and a in API_STEPS]
    company = claim.agreement.company
    return ClaimOut(
        id=claim.id, agreement_id=claim.agreement_id, type=claim.claim_type,
        type_label=claim_type_label(claim.claim_type), beneficiary=claim.beneficiary,
        company=CompanyRef(cvr=company.cvr, name=company.name), amount=f"{claim.amount:.2f}",
        due_date=claim.due_date, deadline=claim.deadline, status=claim.status,
        status_label=claim_status_label(claim.status), cancel_reason=claim.cancel_reason,
        lock_version=claim.lock_version, submitted_on=claim.submitted_on,
        reference=claim.reference, paid_on=claim.paid_on,
        paid_amount=None if claim.paid_amount is None else f"{claim.paid_amount:.2f}",
        rejection_reason=claim.rejection_reason,
        evidence=[EvidenceOut(code=item.code, label=evidence_label(item.code),
                              documents=item.documents, not_relevant=item.not_relevant,
                              done=item.done) for item in claims.checklist(claim)],
        missing_evidence=list(claims.missing_evidence(claim)),
        de_minimis_needed=claims.de_minimis_needed(claim), de_minimis=de_minimis_out(claim),
        actions=steps)


def de_minimis_out(claim: BonusClaim) -> DeMinimisOut | None:
    check = claims.de_minimis_check(claim)
    if check is None or claim.de_minimis_declared_at is None:
        return None
    return DeMinimisOut(
        regime=check.regime.code, regime_label=check.regime.title(str(get_locale())),
        window=check.regime.window, ceiling_eur=f"{check.regime.ceiling_eur:.2f}",
        dkk_per_eur=str(check.rate.dkk_per_eur), rate_sureness=check.rate.sureness,
        other_aid_eur=f"{check.other_aid_eur:.2f}", grantors=list(claim.de_minimis_grantors or []),
        claim_eur=f"{check.claim_eur:.2f}", total_eur=f"{check.total_eur:.2f}",
        exceeds_ceiling=check.exceeds, declared_at=claim.de_minimis_declared_at)


@api.operation(
    "/agreements/<int:agreement_id>/claims", "GET", operation_id="listAgreementClaims",
    tags=("claims",), bearer=True, roles=READERS,
    summary="The bonus claims of one agreement, in due-date order",
    description="Employers: the company's claims; caseworkers and finance officers: every "
                "claim of an agreement of their municipality.",
    responses={200: (ClaimList, "The agreement's claims."),
               404: "No such agreement, or one outside the caller's tenancy."})
def agreement_claims(agreement_id: int) -> ClaimList:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return ClaimList(items=[claim_out(c) for c in
                            claim_queries.claims_of_agreement(current_user, agreement)], next=None)


@api.operation(
    "/claims", "GET", operation_id="listClaims", tags=("claims",), bearer=True, roles=READERS,
    query=ClaimQuery, summary="The bonus claims the caller may see, in due-date order",
    description="Employers: their company's claims; finance officers and caseworkers: their "
                "municipality's, for companies and the municipality. Filters: `status`, "
                "`beneficiary`, `type`, and the due period `due_from`..`due_to` (both days "
                "included). `?limit=` (default 50, at most 500) and the `next` URL page "
                "through them.",
    responses={200: (ClaimPage, "One page of claims.")})
def list_claims(query: ClaimQuery) -> ClaimPage:
    rows, following = claim_queries.page_of_claims(
        current_user, query.claim_filter(), Cursor.parse(query.after), query.limit)
    next_url = None
    if following is not None:
        next_url = url_for("api.list_claims", limit=query.limit, after=str(following),
                           **query.args())
    return ClaimPage(items=[claim_out(c) for c in rows], next=next_url)


@api.operation(
    "/claims/<int:claim_id>", "GET", operation_id="getClaim", tags=("claims",), bearer=True,
    roles=READERS, summary="One bonus claim",
    responses={200: (ClaimOut, "The claim."), 404: NOT_FOUND})
def get_claim(claim_id: int) -> ClaimOut:
    return claim_out(tenancy.get_claim(current_user, claim_id))


_STEP_ANSWERS = {
    404: NOT_FOUND,
    409: "A stale lock_version, or a status that does not allow the step.",
}


@api.operation(
    "/claims/<int:claim_id>/prepare", "POST", operation_id="prepareClaim", tags=("claims",),
    bearer=True, roles=HANDLERS, body=PrepareBody,
    summary="Mark a claim that fell due as prepared",
    description="Only the claim's handler (the employer for a company claim, the finance "
                "officer for the municipality's); others who see the claim get 403. Every "
                "evidence item must have a document, or be marked not relevant where the "
                "claim type allows it.",
    responses={200: (ClaimOut, "The claim, now prepared."), **_STEP_ANSWERS,
               403: "The caller's role may not use this operation, or does not handle this "
                    "claim.",
               422: "Evidence is missing: each item at `evidence.<code>`; the de minimis "
                    "declaration is missing, not declared, or given on a claim that takes "
                    "none: at `de_minimis` or its field."})
def prepare_claim(claim_id: int, body: PrepareBody) -> ClaimOut:
    claim = tenancy.get_claim(current_user, claim_id)
    claims.prepare(current_user, claim, body.lock_version,
                   body.de_minimis.declaration() if body.de_minimis is not None else None)
    return claim_out(claim)


@api.operation(
    "/claims/<int:claim_id>/submit", "POST", operation_id="submitClaim", tags=("claims",),
    bearer=True, roles=HANDLERS, body=SubmitBody,
    summary="Record that a prepared claim was sent, with its reference",
    responses={200: (ClaimOut, "The claim, now sent."), **_STEP_ANSWERS,
               403: "The caller's role may not use this operation, or does not handle this "
                    "claim.",
               422: "A date after today, or an empty reference."})
def submit_claim(claim_id: int, body: SubmitBody) -> ClaimOut:
    claim = tenancy.get_claim(current_user, claim_id)
    claims.submit(current_user, claim, body.submitted_on, body.reference, body.lock_version)
    return claim_out(claim)


@api.operation(
    "/claims/<int:claim_id>/paid", "POST", operation_id="recordClaimPayment", tags=("claims",),
    bearer=True, roles=HANDLERS, body=PaidBody,
    summary="Record that a sent claim was paid",
    responses={200: (ClaimOut, "The claim, now paid."), **_STEP_ANSWERS,
               403: "The caller's role may not use this operation, or does not handle this "
                    "claim.",
               422: "A date after today or before the claim was sent, or an amount of 0 or "
                    "less."})
def record_claim_payment(claim_id: int, body: PaidBody) -> ClaimOut:
    claim = tenancy.get_claim(current_user, claim_id)
    claims.record_payment(current_user, claim, body.paid_on, body.amount, body.lock_version)
    return claim_out(claim)


@api.operation(
    "/claims/<int:claim_id>/reject", "POST", operation_id="recordClaimRejection",
    tags=("claims",), bearer=True, roles=HANDLERS, body=RejectBody,
    summary="Record that a sent claim was refused, with the reason",
    responses={200: (ClaimOut, "The claim, now refused."), **_STEP_ANSWERS,
               403: "The caller's role may not use this operation, or does not handle this "
                    "claim.",
               422: "An empty reason."})
def record_claim_rejection(claim_id: int, body: RejectBody) -> ClaimOut:
    claim = tenancy.get_claim(current_user, claim_id)
    claims.record_rejection(current_user, claim, body.reason, body.lock_version)
    return claim_out(claim)


@api.operation(
    "/claims/export", "GET", operation_id="exportClaims", tags=("claims",), bearer=True,
    roles=FINANCE, query=ExportQuery,
    summary="The municipality's claims as a CSV or XLSX file",
    description="Finance officers only. The same filters as GET /claims; every claim they "
                "find, in due-date order, streamed as it is written. Columns: see docs/features.md "
                "(\"Export columns\").",
    responses={200: Binary(claim_export.CSV_MEDIA_TYPE,
                           "format=csv: UTF-8 with BOM, semicolons, decimal comma, dates "
                           "dd-mm-yyyy; format=xlsx: a workbook with Danish number and date "
                           "formats, a frozen header row and a totals row.",
                           (claim_export.XLSX_MEDIA_TYPE,))})
def export_claims(query: ExportQuery) -> FileReply:
    kind = query.format
    return FileReply(export_chunks(kind, query.claim_filter()), claim_export.FORMATS[kind],
                     claim_export.export_filename(kind, today()))
