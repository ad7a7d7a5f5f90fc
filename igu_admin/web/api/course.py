"""The course's later events in the JSON API: extensions (asked for by the
employer, decided by the trainee's municipality), an early end (with a
continuing company) and completion. Thin: every operation is one service call.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from flask import url_for
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from igu_admin.core import tenancy
from igu_admin.domain.course_events import EXTENSION_REASONS
from igu_admin.domain.lifecycle import RecordKind, status_values
from igu_admin.inputs.course import (
    CompletionInput,
    ContinuationInput,
    ExtensionDecisionInput,
    ExtensionRequestInput,
    TerminationInput,
    WithdrawalInput,
)
from igu_admin.inputs.types import OneOf
from igu_admin.models import CourseExtension, Role
from igu_admin.services.course import certificate as course_certificate
from igu_admin.services.course import continuation as course_continuation
from igu_admin.services.course import end as course_end
from igu_admin.services.course import extension_requests as extensions
from igu_admin.web.api.agreement_shapes import (
    EMPLOYER,
    NOT_FOUND,
    PDF,
    STAFF,
    AgreementOut,
    agreement_out,
)
from igu_admin.web.api.blueprint import api
from igu_admin.web.api.operations import Binary, FileReply

CASEWORKER = (Role.CASEWORKER,)
ENDS_COURSE = (Role.EMPLOYER, Role.CASEWORKER)
EXTENSION_NOT_FOUND = ("No such agreement or extension, or an agreement outside the caller's "
                       "tenancy.")
ExtensionStatusCode = Annotated[
    str, OneOf(lambda: status_values(RecordKind.EXTENSION), "status_unknown",
               "requested, approved, refused or withdrawn.")]
ExtensionReasonCode = Annotated[str, OneOf(lambda: tuple(EXTENSION_REASONS),
                                           "extension_reason_unknown")]


class ExtensionOut(BaseModel):
    """A request to extend the course, and the municipality's decision."""

    model_config = ConfigDict(populate_by_name=True)

    number: int = Field(description="1, 2, ... within the agreement.")
    from_: date = Field(alias="from")
    to: date
    days: int = Field(description="The days from `from` to `to`, both included: approved, the "
                                  "course's end date moves by this many days.")
    reason: ExtensionReasonCode
    status: ExtensionStatusCode
    lock_version: int = Field(description="Send it back with a decision; a stale one answers "
                                          "409.")
    requested_at: datetime
    decided_at: datetime | None
    decision_reason: str


class ExtensionPage(BaseModel):
    items: list[ExtensionOut]
    next: str | None = Field(description="Always null: an agreement's extensions are one page.")


def extension_out(extension: CourseExtension) -> ExtensionOut:
    return ExtensionOut.model_validate({
        "number": extension.number, "from": extension.first_day, "to": extension.last_day,
        "days": extensions.extension_days(extension), "reason": extension.reason,
        "status": extension.status, "lock_version": extension.lock_version,
        "requested_at": extension.requested_at, "decided_at": extension.decided_at,
        "decision_reason": extension.decision_reason or ""})


@api.operation(
    "/agreements/<int:agreement_id>/extensions", "GET", operation_id="listExtensions",
    tags=("course",), bearer=True, roles=STAFF,
    summary="The extensions asked for on an agreement, in order",
    responses={200: (ExtensionPage, "Every extension of the agreement."), 404: NOT_FOUND})
def list_extensions(agreement_id: int) -> ExtensionPage:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return ExtensionPage(items=[extension_out(e) for e in extensions.extensions_of(agreement)],
                         next=None)


@api.operation(
    "/agreements/<int:agreement_id>/extensions/<int:number>", "GET",
    operation_id="getExtension", tags=("course",), bearer=True, roles=STAFF,
    summary="One extension of an agreement",
    responses={200: (ExtensionOut, "The extension."), 404: EXTENSION_NOT_FOUND})
def get_extension(agreement_id: int, number: int) -> ExtensionOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return extension_out(extensions.get_extension(agreement, number))


@api.operation(
    "/agreements/<int:agreement_id>/extensions", "POST", operation_id="requestExtension",
    tags=("course",), bearer=True, roles=EMPLOYER, body=ExtensionRequestInput,
    summary="Ask the municipality to extend an active course",
    description="For parental leave, a continuous sickness longer than the rule set's weeks, "
                "or schooling that special circumstances kept from being completed. The period "
                "is judged against the course (from its start to its current end), not against "
                "today: a leave that starts next month can be asked for now. Approved, the end "
                "date moves by the period's days.",
    responses={201: (ExtensionOut, "The request, numbered; `Location` is its URL."),
               400: "Malformed input, or a period or reason the rules refuse, at its field.",
               404: NOT_FOUND,
               409: "The course is not active, or its early end is recorded."})
def request_extension(agreement_id: int,
                      body: ExtensionRequestInput) -> tuple[ExtensionOut, int, dict[str, str]]:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    extension = extensions.request_extension(current_user, agreement, body)
    return extension_out(extension), 201, {"Location": url_for(
        "api.get_extension", agreement_id=agreement.id, number=extension.number)}


@api.operation(
    "/agreements/<int:agreement_id>/extensions/<int:number>/decision", "POST",
    operation_id="decideExtension", tags=("course",), bearer=True, roles=CASEWORKER,
    body=ExtensionDecisionInput,
    summary="Approve or refuse an extension (the trainee's municipality)",
    description="With the extension's `lock_version` last read. A refusal needs a reason. "
                "Approved, the agreement's end_date moves by the extension's days.",
    responses={200: (ExtensionOut, "The extension as decided."),
               400: "Malformed input, or a refusal without a reason.",
               404: EXTENSION_NOT_FOUND,
               409: "A stale lock_version, an extension already decided or withdrawn, or a "
                    "course no longer running on."})
def decide_extension(agreement_id: int, number: int,
                     body: ExtensionDecisionInput) -> ExtensionOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return extension_out(extensions.decide_extension(current_user, agreement, number, body))


@api.operation(
    "/agreements/<int:agreement_id>/extensions/<int:number>/withdraw", "POST",
    operation_id="withdrawExtension", tags=("course",), bearer=True, roles=EMPLOYER,
    body=WithdrawalInput, summary="Take an extension request back before the decision",
    responses={200: (ExtensionOut, "The extension, now withdrawn."),
               404: EXTENSION_NOT_FOUND,
               409: "A stale lock_version, or an extension already decided."})
def withdraw_extension(agreement_id: int, number: int, body: WithdrawalInput) -> ExtensionOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return extension_out(extensions.withdraw_extension(current_user, agreement, number,
                                                       body.lock_version))


@api.operation(
    "/agreements/<int:agreement_id>/termination", "POST", operation_id="terminateAgreement",
    tags=("course",), bearer=True, roles=ENDS_COURSE, body=TerminationInput,
    summary="Record the course's early end",
    description="By the employer, or by the trainee's municipality. `date` is the last day of "
                "employment, within the course; a later date is recorded now (a dismissal with "
                "notice) and the course is terminated when that day comes. "
                "`continued_by_cvr` names a company that continues the course with the time "
                "served counted: if it uses igu-admin it gets a draft agreement continuing the "
                "course (start the day after `date`, the course's end date).",
    responses={200: (AgreementOut, "The agreement with its termination recorded."),
               400: "Malformed input, a date outside the course, or the caller's own company "
                    "as the continuing one.",
               404: NOT_FOUND,
               409: "A stale lock_version, a status that allows no termination, or a "
                    "termination already recorded."})
def terminate_agreement(agreement_id: int, body: TerminationInput) -> AgreementOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return agreement_out(course_end.record_termination(current_user, agreement, body))


@api.operation(
    "/agreements/<int:agreement_id>/continuation", "POST", operation_id="recordContinuation",
    tags=("course",), bearer=True, roles=ENDS_COURSE, body=ContinuationInput,
    summary="Name the company that continued a course ended early, after the fact",
    description="For an agreement whose early end is recorded and that no agreement in "
                "igu-admin continues yet (the jobcentre often learns of the new employer "
                "later). `continued_by_cvr` is kept on the agreement; a company that uses "
                "igu-admin gets a draft agreement continuing the course, as when it is named "
                "with the termination.",
    responses={200: (AgreementOut, "The ended agreement with the continuing company named."),
               400: "Malformed input, or the ended agreement's own company.",
               404: NOT_FOUND,
               409: "A stale lock_version, no early end recorded, or a course already "
                    "continued by an agreement in igu-admin."})
def record_continuation(agreement_id: int, body: ContinuationInput) -> AgreementOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return agreement_out(course_continuation.record_continuation(current_user, agreement, body))


@api.operation(
    "/agreements/<int:agreement_id>/completion", "POST", operation_id="completeAgreement",
    tags=("course",), bearer=True, roles=EMPLOYER, body=CompletionInput,
    summary="Confirm that the course has been completed",
    description="On or after the course's (current) end date, for an active course.",
    responses={200: (AgreementOut, "The agreement, now completed."),
               404: NOT_FOUND,
               409: "A stale lock_version, a course not active, or one whose early end is "
                    "recorded.",
               422: "The course has not reached its end date yet (at `end_date`)."})
def complete_agreement(agreement_id: int, body: CompletionInput) -> AgreementOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return agreement_out(course_end.complete(current_user, agreement, body))


CERTIFICATE_READERS = (Role.EMPLOYER, Role.CASEWORKER, Role.ADMIN)


@api.operation(
    "/agreements/<int:agreement_id>/certificate", "GET", operation_id="getCourseCertificate",
    tags=("course",), bearer=True, roles=CERTIFICATE_READERS,
    summary="The certificate at the end of the course, as a PDF",
    description="\"Bevis for gennemført integrationsgrunduddannelse\" once the course is "
                "completed (the file attached to the completion claim as its evidence "
                "`completion_certificate`), \"Dokumentation for delvist gennemført "
                "integrationsgrunduddannelse\" once it ended early. Through any agreement of "
                "the course (a continued course: the first employer's as well as the "
                "continuing one's). Every download is recorded in the case's events.",
    responses={200: Binary(PDF, "The PDF, as an attachment."),
               404: NOT_FOUND,
               409: "The course has not ended yet (or continues with another agreement that "
                    "has not)."})
def course_certificate_file(agreement_id: int) -> FileReply:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    download = course_certificate.download_certificate(current_user, agreement)
    return FileReply(download.content, download.media_type, download.filename)
