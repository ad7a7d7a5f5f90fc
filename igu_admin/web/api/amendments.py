"""Changes to an approved agreement (tillæg) in the JSON API: proposed by
the employer or the caseworker while the course runs, decided by the
trainee's municipality, taken back by whoever proposed them. Thin: every
operation is one service call."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from flask import url_for
from flask_login import current_user
from pydantic import BaseModel, Field

from igu_admin.core import tenancy
from igu_admin.domain.lifecycle import RecordKind, status_values
from igu_admin.inputs.amendment import (
    AmendmentDecisionInput,
    AmendmentInput,
    AmendmentWithdrawalInput,
)
from igu_admin.inputs.types import OneOf
from igu_admin.models import AgreementAmendment, Role
from igu_admin.services.agreements import amendments
from igu_admin.services.agreements.fields import put_value
from igu_admin.web.api.agreement_shapes import NOT_FOUND, STAFF, WarningOut
from igu_admin.web.api.blueprint import api

PROPOSERS = (Role.EMPLOYER, Role.CASEWORKER)
CASEWORKER = (Role.CASEWORKER,)
AMENDMENT_NOT_FOUND = ("No such agreement or amendment, or an agreement outside the caller's "
                       "tenancy.")
AmendmentStatusCode = Annotated[
    str, OneOf(lambda: status_values(RecordKind.AMENDMENT), "status_unknown",
               "requested, approved, refused or withdrawn.")]


class AmendmentOut(BaseModel):
    """A change to the agreement's terms, and the municipality's decision."""

    number: int = Field(description="1, 2, ... within the agreement.")
    status: AmendmentStatusCode
    effective_from: date
    changes: dict[str, Any] = Field(description=(
        "The new terms, in the shape they were sent (`wage` nested); numbers as text."))
    previous: dict[str, Any] = Field(description=(
        "The terms they replace (as they stood on `effective_from`), in the same shape."))
    reason: str
    proposed_by: str = Field(description="The side that proposed it: employer or caseworker.")
    warnings: list[WarningOut] = Field(description=(
        "Points to check in the new terms (a wage below the table's rate), at "
        "`changes.<field>`; they do not block the decision."))
    lock_version: int = Field(description="Send it back with a decision or a withdrawal; a "
                                          "stale one answers 409.")
    proposed_at: datetime
    decided_at: datetime | None
    decision_reason: str
    version: int | None = Field(description=(
        "Approved: the agreement's version it made (its PDF is the amendment's)."))


class AmendmentPage(BaseModel):
    items: list[AmendmentOut]
    next: str | None = Field(description="Always null: an agreement's amendments are one page.")


def _nested(flat: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        put_value(nested, path, value)
    return nested


def amendment_out(amendment: AgreementAmendment, warnings: list[WarningOut] | None = None
                  ) -> AmendmentOut:
    return AmendmentOut(
        number=amendment.number, status=amendment.status,
        effective_from=amendment.effective_from,
        changes=_nested({p: c["new"] for p, c in amendment.changes.items()}),
        previous=_nested({p: c["old"] for p, c in amendment.changes.items()}),
        reason=amendment.reason, proposed_by=amendment.proposed_by_role,
        warnings=warnings or [], lock_version=amendment.lock_version,
        proposed_at=amendment.proposed_at, decided_at=amendment.decided_at,
        decision_reason=amendment.decision_reason or "", version=amendment.version_number)


def _with_warnings(agreement: Any, amendment: AgreementAmendment) -> AmendmentOut:
    found = amendments.warnings_of(agreement, amendment)
    return amendment_out(amendment, [WarningOut(code=w.code, message=f"{w.path}: {w.message}")
                                     for w in found])


@api.operation(
    "/agreements/<int:agreement_id>/amendments", "GET", operation_id="listAmendments",
    tags=("course",), bearer=True, roles=STAFF,
    summary="The changes proposed to an agreement's terms, in order",
    responses={200: (AmendmentPage, "Every amendment of the agreement."), 404: NOT_FOUND})
def list_amendments(agreement_id: int) -> AmendmentPage:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return AmendmentPage(items=[amendment_out(a) for a in amendments.amendments_of(agreement)],
                         next=None)


@api.operation(
    "/agreements/<int:agreement_id>/amendments/<int:number>", "GET",
    operation_id="getAmendment", tags=("course",), bearer=True, roles=STAFF,
    summary="One amendment of an agreement",
    responses={200: (AmendmentOut, "The amendment."), 404: AMENDMENT_NOT_FOUND})
def get_amendment(agreement_id: int, number: int) -> AmendmentOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return _with_warnings(agreement, amendments.get_amendment(agreement, number))


@api.operation(
    "/agreements/<int:agreement_id>/amendments", "POST", operation_id="proposeAmendment",
    tags=("course",), bearer=True, roles=PROPOSERS, body=AmendmentInput,
    summary="Propose a change to an approved agreement's terms (tillæg)",
    description="By the employer or the trainee's municipality, while the agreement is "
                "approved or active. What may change: weekly_hours, wage, job_title, tasks, "
                "workplace_address, contact_person. The new terms are checked as a draft's "
                "change is; a wage below the table's rate is a warning. `effective_from` lies "
                "within the course (a day already past is allowed). One amendment at a time "
                "waits for a decision.",
    responses={201: (AmendmentOut, "The amendment, numbered; `Location` is its URL."),
               400: "Malformed input, no term to change, or terms the rules refuse (hours "
                    "outside the rule set at `changes.weekly_hours`).",
               404: NOT_FOUND,
               409: "A stale lock_version, an agreement neither approved nor active, an early "
                    "end recorded, or another amendment waiting for its decision.",
               422: "`effective_from` outside the course."})
def propose_amendment(agreement_id: int,
                      body: AmendmentInput) -> tuple[AmendmentOut, int, dict[str, str]]:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    amendment = amendments.propose(current_user, agreement, body)
    return _with_warnings(agreement, amendment), 201, {"Location": url_for(
        "api.get_amendment", agreement_id=agreement.id, number=amendment.number)}


@api.operation(
    "/agreements/<int:agreement_id>/amendments/<int:number>/decision", "POST",
    operation_id="decideAmendment", tags=("course",), bearer=True, roles=CASEWORKER,
    body=AmendmentDecisionInput,
    summary="Approve or refuse an amendment (the trainee's municipality)",
    description="With the amendment's `lock_version` last read. A refusal needs a reason. "
                "Approved, the agreement gains a version whose PDF is the amendment (Tillæg "
                "til aftale om integrationsgrunduddannelse), and its record shows the new "
                "terms from `effective_from` (at once for a day already come). The claims do "
                "not move.",
    responses={200: (AmendmentOut, "The amendment as decided."),
               400: "Malformed input, or a refusal without a reason.",
               404: AMENDMENT_NOT_FOUND,
               409: "A stale lock_version, an amendment already decided or withdrawn, or a "
                    "course no longer running."})
def decide_amendment(agreement_id: int, number: int,
                     body: AmendmentDecisionInput) -> AmendmentOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return amendment_out(amendments.decide(current_user, agreement, number, body))


@api.operation(
    "/agreements/<int:agreement_id>/amendments/<int:number>/withdraw", "POST",
    operation_id="withdrawAmendment", tags=("course",), bearer=True, roles=PROPOSERS,
    body=AmendmentWithdrawalInput,
    summary="Take an amendment back before the decision (the side that proposed it)",
    responses={200: (AmendmentOut, "The amendment, now withdrawn."),
               403: "The other side proposed it.",
               404: AMENDMENT_NOT_FOUND,
               409: "A stale lock_version, or an amendment already decided."})
def withdraw_amendment(agreement_id: int, number: int,
                       body: AmendmentWithdrawalInput) -> AmendmentOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return amendment_out(amendments.withdraw(current_user, agreement, number,
                                             body.lock_version))
