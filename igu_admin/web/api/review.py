"""The municipality's review and the employer's next steps in the JSON API:
decisions on the agreement and its plan, taking a case, the integration
programme's start, the conversation, the case's events, the signing and
registration dates, the signed scan, and the VITAS-ready summary. Thin:
every operation is one service call.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from flask import url_for
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from igu_admin.core import tenancy
from igu_admin.inputs.review import (
    AssignInput,
    CommentInput,
    DecisionInput,
    PlanDecisionInput,
    ProgrammeStartInput,
    RegisteredInput,
    SignedInput,
)
from igu_admin.models import Comment, Decision, Role, SignedCopy
from igu_admin.services import documents
from igu_admin.services.plans import building as schooling_plans
from igu_admin.services.review import casework, comments, decisions, next_steps, vitas_summary
from igu_admin.services.review import events as agreement_events
from igu_admin.web.api.agreement_shapes import NOT_FOUND, AgreementOut, agreement_out
from igu_admin.web.api.blueprint import api
from igu_admin.web.api.operations import Binary, FileReply, Upload, UploadedFile

CASEWORKER = (Role.CASEWORKER,)
EMPLOYER = (Role.EMPLOYER,)
PARTIES = (Role.EMPLOYER, Role.CASEWORKER)
TAGS = ("review",)
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
STALE_OR_STATUS = "A stale lock_version, or a status that does not allow it."


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=500)] = 50
    after: Annotated[int, Field(ge=1, le=tenancy.MAX_ID,
                                description="The cursor from `next`.")] | None = None


class DecisionOut(BaseModel):
    id: int
    subject: str = Field(description="agreement or plan: what was decided on.")
    decision: str = Field(description="approve, request_changes or reject.")
    reason: str = Field(description="Why, as the caseworker wrote it; may be empty with an "
                                    "approval.")
    author: str = Field(description="The caseworker's name.")
    role: str
    at: datetime
    version: int | None = Field(description="The number of the version decided on.")


class DecidedOut(DecisionOut):
    """The decision, and the record decided on as it now stands."""

    status: str = Field(description="The new status of the agreement or the plan.")
    lock_version: int = Field(description="The lock_version of the agreement or the plan now.")


class DecisionPage(BaseModel):
    items: list[DecisionOut]
    next: str | None = Field(description="Always null: a case's decisions are one page.")


class CommentOut(BaseModel):
    id: int
    text: str
    author: str = Field(description="The author's name.")
    role: str = Field(description="employer or caseworker.")
    at: datetime


class CommentPage(BaseModel):
    items: list[CommentOut]
    next: str | None = Field(description="The URL of the next page, or null on the last.")


class EventOut(BaseModel):
    id: int
    action: str = Field(description="What happened: created, submit, approve, comment, "
                                    "download, ...")
    entity: str = Field(description="The record it happened to: agreement, agreement_version, "
                                    "plan, plan_version.")
    entity_id: str
    actor: str = Field(description="Who: a user's name, or system for the scheduler.")
    role: str = Field(description="The actor's role then: employer, caseworker, finance, admin "
                                  "or system.")
    channel: str = Field(description="web, api, cli, job or system.")
    at: datetime
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class EventPage(BaseModel):
    items: list[EventOut]
    next: str | None = Field(description="The URL of the next page, or null on the last.")


class SignedCopyOut(BaseModel):
    id: int
    filename: str = Field(description="The name the file was uploaded with (display only).")
    media_type: str = Field(description="The type its content shows: application/pdf, "
                                        "image/png or image/jpeg.")
    size: int = Field(description="In bytes.")
    sha256: str
    uploaded_at: datetime


class VitasFieldOut(BaseModel):
    path: str = Field(description="The field's path, as in the agreement's answer.")
    label: str = Field(description="Its name, in the language of Accept-Language.")
    value: str = Field(description="Written for copying: dates DD-MM-YYYY, amounts and hours "
                                   "with a decimal comma; empty when not given.")


class VitasSummaryOut(BaseModel):
    items: list[VitasFieldOut]
    next: str | None = Field(description="Always null: the summary is one page.")


def _decision_out(row: Decision) -> DecisionOut:
    author = row.author
    return DecisionOut(id=row.id, subject=row.subject, decision=row.kind, reason=row.text,
                       author=(author.name or author.email) if author else "", role=row.role,
                       at=row.occurred_at, version=row.version_number)


def _comment_out(row: Comment) -> CommentOut:
    author = row.author
    return CommentOut(id=row.id, text=row.text,
                      author=(author.name or author.email) if author else "", role=row.role,
                      at=row.occurred_at)


def _next(endpoint: str, agreement_id: int, query: PageQuery, last_id: int | None) -> str | None:
    if last_id is None:
        return None
    return url_for(endpoint, agreement_id=agreement_id, limit=query.limit, after=last_id)


# --- decisions ---------------------------------------------------------------

@api.operation(
    "/agreements/<int:agreement_id>/decision", "POST", operation_id="decideAgreement",
    tags=TAGS, bearer=True, roles=CASEWORKER, body=DecisionInput,
    summary="Approve the agreement, request changes or reject it",
    description="For a caseworker of the trainee's municipality, on the latest submitted "
                "version, with the lock_version last read. A reason is required to request "
                "changes or to reject (400 at `reason` without one); the employer sees it. "
                "Approving stamps the caseworker, the municipality and the day into the "
                "agreement's PDF (GET .../pdf answers it from then on). Of two caseworkers "
                "deciding at once, one wins and the other gets 409.",
    responses={200: (DecidedOut, "The decision, and the agreement's new status."),
               404: NOT_FOUND, 409: STALE_OR_STATUS})
def decide_agreement(agreement_id: int, body: DecisionInput) -> DecidedOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    row = decisions.decide_agreement(current_user, agreement, body.decision, body.reason,
                                     body.lock_version)
    return DecidedOut(**_decision_out(row).model_dump(), status=agreement.status,
                      lock_version=agreement.lock_version)


@api.operation(
    "/agreements/<int:agreement_id>/schooling-plan/decision", "POST",
    operation_id="decideSchoolingPlan", tags=TAGS, bearer=True, roles=CASEWORKER,
    body=PlanDecisionInput,
    summary="Approve the schooling plan or request changes",
    description="As for the agreement, on the plan's latest submitted version with the "
                "plan's own lock_version. A plan is not rejected: `reject` is not a decision "
                "on a plan (400 at `decision`). A plan never submitted answers 409.",
    responses={200: (DecidedOut, "The decision, and the plan's new status."),
               404: NOT_FOUND, 409: STALE_OR_STATUS})
def decide_schooling_plan(agreement_id: int, body: PlanDecisionInput) -> DecidedOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    row = decisions.decide_plan(current_user, agreement, body.decision, body.reason,
                                body.lock_version)
    plan = schooling_plans.find_plan(agreement)
    assert plan is not None, "a plan was decided on"
    return DecidedOut(**_decision_out(row).model_dump(), status=plan.status,
                      lock_version=plan.lock_version)


@api.operation(
    "/agreements/<int:agreement_id>/decisions", "GET", operation_id="listDecisions",
    tags=TAGS, bearer=True, roles=PARTIES,
    summary="The decisions on the agreement and its plan, oldest first",
    responses={200: (DecisionPage, "Every decision, with its reason."), 404: NOT_FOUND})
def list_decisions(agreement_id: int) -> DecisionPage:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return DecisionPage(items=[_decision_out(row) for row in
                               decisions.decisions_of(current_user, agreement)], next=None)


# --- the caseworker's records on the case ---------------------------------------

@api.operation(
    "/agreements/<int:agreement_id>/assign", "POST", operation_id="assignAgreement",
    tags=TAGS, bearer=True, roles=CASEWORKER, body=AssignInput,
    summary="Take the case (\"Tildel mig\")",
    description="Assigns the case to the calling caseworker, also from a colleague. The body "
                "may be `{}`; with a lock_version, a stale one answers 409.",
    responses={200: (AgreementOut, "The agreement, assigned to the caller."),
               404: NOT_FOUND, 409: "A stale lock_version."})
def assign_agreement(agreement_id: int, body: AssignInput) -> AgreementOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return agreement_out(casework.assign_to_me(current_user, agreement, body.lock_version))


@api.operation(
    "/agreements/<int:agreement_id>/integration-programme-start", "POST",
    operation_id="recordIntegrationProgrammeStart", tags=TAGS, bearer=True, roles=CASEWORKER,
    body=ProgrammeStartInput,
    summary="Record the start of the trainee's integration programme",
    description="The municipality knows it; the bonus rules of the municipality's result "
                "grant need it. Shown as `integration_programme_start` on the agreement.",
    responses={200: (AgreementOut, "The agreement with the date."),
               404: NOT_FOUND, 409: "A stale lock_version.",
               422: "A day after the course's start."})
def record_integration_programme_start(agreement_id: int,
                                       body: ProgrammeStartInput) -> AgreementOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return agreement_out(casework.record_programme_start(
        current_user, agreement, body.integration_programme_start, body.lock_version))


# --- the conversation --------------------------------------------------------

@api.operation(
    "/agreements/<int:agreement_id>/comments", "GET", operation_id="listComments",
    tags=TAGS, bearer=True, roles=PARTIES, query=PageQuery,
    summary="The conversation on the case, oldest first",
    responses={200: (CommentPage, "One page of messages."), 404: NOT_FOUND})
def list_comments(agreement_id: int, query: PageQuery) -> CommentPage:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    rows, last_id = comments.comments_of(current_user, agreement, query.after, query.limit)
    return CommentPage(items=[_comment_out(row) for row in rows],
                       next=_next("api.list_comments", agreement_id, query, last_id))


@api.operation(
    "/agreements/<int:agreement_id>/comments", "POST", operation_id="addComment",
    tags=TAGS, bearer=True, roles=PARTIES, body=CommentInput,
    summary="Write to the other side of the case",
    description="The employer of the company or a caseworker of the municipality, once the "
                "agreement has been submitted. Empty or too long text answers 400.",
    responses={201: (CommentOut, "The message; `Location` is its URL."), 404: NOT_FOUND,
               409: "The agreement has never been submitted."})
def add_comment(agreement_id: int, body: CommentInput) -> tuple[CommentOut, int, dict[str, str]]:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    row = comments.add_comment(current_user, agreement, body.text)
    return _comment_out(row), 201, {"Location": url_for(
        "api.get_comment", agreement_id=agreement_id, comment_id=row.id)}


@api.operation(
    "/agreements/<int:agreement_id>/comments/<int:comment_id>", "GET",
    operation_id="getComment", tags=TAGS, bearer=True, roles=PARTIES,
    summary="One message of the conversation",
    responses={200: (CommentOut, "The message."),
               404: "No such agreement or message, or one outside the caller's tenancy."})
def get_comment(agreement_id: int, comment_id: int) -> CommentOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return _comment_out(comments.get_comment(current_user, agreement, comment_id))


# --- the audit trail -------------------------------------------------------------

@api.operation(
    "/agreements/<int:agreement_id>/events", "GET", operation_id="listAgreementEvents",
    tags=TAGS, bearer=True, roles=PARTIES, query=PageQuery,
    summary="The case's audit trail, oldest first",
    description="Every change of the agreement, its versions, its plan and the plan's "
                "versions, every decision, comment, assignment, signing and registration "
                "record, and every download of its documents. Read only: events cannot be "
                "changed or removed.",
    responses={200: (EventPage, "One page of events."), 404: NOT_FOUND})
def list_agreement_events(agreement_id: int, query: PageQuery) -> EventPage:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    rows, last_id = agreement_events.agreement_events(current_user, agreement, query.after, query.limit)
    return EventPage(items=[EventOut(id=e.id, action=e.action, entity=e.entity,
                                     entity_id=e.entity_id, actor=e.actor, role=e.role,
                                     channel=e.channel, at=e.at, before=e.before, after=e.after)
                            for e in rows],
                     next=_next("api.list_agreement_events", agreement_id, query, last_id))


# --- the employer's next steps ---------------------------------------------------

@api.operation(
    "/agreements/<int:agreement_id>/signed", "POST", operation_id="recordSigning",
    tags=TAGS, bearer=True, roles=EMPLOYER, body=SignedInput,
    summary="Record the day the agreement was signed",
    description="After the municipality's approval. The day is judged against the course "
                "(on or before its first day), not against today.",
    responses={200: (AgreementOut, "The agreement with the signing day."), 404: NOT_FOUND,
               409: "A stale lock_version, or an agreement not approved.",
               422: "A day after the course's start, or after the registration recorded."})
def record_signing(agreement_id: int, body: SignedInput) -> AgreementOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    return agreement_out(next_steps.record_signing(current_user, agreement, body.signed_on,
                                                   body.lock_version))


@api.operation(
    "/agreements/<int:agreement_id>/registered", "POST", operation_id="recordRegistration",
    tags=TAGS, bearer=True, roles=EMPLOYER, body=RegisteredInput,
    summary="Record the day the agreement was registered in VITAS",
    description="After the signing is recorded. A day after `registration_deadline` is "
                "recorded as it happened; compare the two in the answer.",
    responses={200: (AgreementOut, "The agreement with the registration day and the "
                                   "deadline."), 404: NOT_FOUND,
               409: "A stale lock_version, or an agreement not approved.",
               422: "The signing is not recorded, or the day is before it."})
def record_registration(agreement_id: int, body: RegisteredInput) -> AgreementOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    next_steps.record_registration(current_user, agreement, body.registered_on,
                                   body.lock_version)
    return agreement_out(agreement)


SIGNED_COPY_UPLOAD = Upload(
    (PDF, PNG, JPEG, "application/octet-stream"), next_steps.MAX_SIGNED_COPY_BYTES,
    "The scan of the signed agreement as the request body: a PDF, PNG or JPEG, at most 10 MiB. "
    "Its type is read from its content, whatever the Content-Type says. An optional "
    "`Content-Disposition: attachment; filename=\"...\"` header gives its name.")


@api.operation(
    "/agreements/<int:agreement_id>/signed-copy", "POST", operation_id="uploadSignedCopy",
    tags=TAGS, bearer=True, roles=EMPLOYER, upload=SIGNED_COPY_UPLOAD,
    summary="Upload the scan of the signed agreement",
    description="After the municipality's approval. A newer upload stands beside the older "
                "one; GET answers the latest.",
    responses={201: (SignedCopyOut, "The stored copy; `Location` is where to download it."),
               404: NOT_FOUND, 409: "An agreement not approved.",
               422: "An empty file, or one whose content is not a PDF, PNG or JPEG."})
def upload_signed_copy(agreement_id: int,
                       upload: UploadedFile) -> tuple[SignedCopyOut, int, dict[str, str]]:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    copy = next_steps.attach_signed_copy(current_user, agreement, upload.filename, upload.data)
    return _signed_copy_out(copy), 201, {"Location": url_for(
        "api.signed_copy_file", agreement_id=agreement_id)}


def _signed_copy_out(copy: SignedCopy) -> SignedCopyOut:
    return SignedCopyOut(id=copy.id, filename=copy.filename, media_type=copy.media_type,
                         size=copy.size, sha256=copy.sha256, uploaded_at=copy.uploaded_at)


@api.operation(
    "/agreements/<int:agreement_id>/signed-copy", "GET", operation_id="getSignedCopy",
    tags=TAGS, bearer=True, roles=PARTIES,
    summary="The scan of the signed agreement",
    description="The latest upload, as uploaded. Every download is recorded in the case's "
                "events.",
    responses={200: Binary(PDF, "The file, as an attachment, of the type its content shows.",
                           also=(PNG, JPEG)),
               404: "No such agreement or no signed copy, or one outside the caller's "
                    "tenancy."})
def signed_copy_file(agreement_id: int) -> FileReply:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    download = documents.download_signed_copy(current_user, agreement,
                                              next_steps.latest_signed_copy(agreement))
    return FileReply(download.content, download.media_type, download.filename)


@api.operation(
    "/agreements/<int:agreement_id>/vitas-summary", "GET", operation_id="getVitasSummary",
    tags=TAGS, bearer=True, roles=EMPLOYER,
    summary="Every field of the approved agreement, written for the VITAS registration",
    description="In the agreement's own order (the screen-level fields of VITAS are not "
                "published). The CPR number is in full.",
    responses={200: (VitasSummaryOut, "The fields."), 404: NOT_FOUND,
               409: "An agreement not approved."})
def get_vitas_summary(agreement_id: int) -> VitasSummaryOut:
    agreement = tenancy.get_agreement(current_user, agreement_id)
    rows = vitas_summary.summary_for(current_user, agreement)
    return VitasSummaryOut(items=[VitasFieldOut(path=r.path, label=r.label, value=r.value)
                                  for r in rows], next=None)
