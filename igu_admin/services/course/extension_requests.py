"""Extensions of an active course: the employer asks (parental leave, a
continuous sickness longer than the rule set's weeks, or schooling that
could not be completed), the trainee's municipality approves or refuses.

Approved, an extension moves the agreement's end date by the length of its
period (`domain.course_events.extended_end`); the end the rule set gave is
derived from the approved extensions, never stored twice. What is scheduled
from the end date reads it from the agreement, so it moves too.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from igu_admin.core import audit, rules_in_force, tenancy
from igu_admin.core.course import extensions_of
from igu_admin.core.errors import ConflictError
from igu_admin.core.lifecycle import change_status, ensure_allowed
from igu_admin.core.locking import ensure_current
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain import course_events
from igu_admin.domain.course_events import CoursePeriod, ExtensionRequest, OtherExtension
from igu_admin.domain.lifecycle import Action, AgreementStatus, ExtensionStatus, RecordKind
from igu_admin.domain.rule_parts import ExtensionRule
from igu_admin.extensions import db
from igu_admin.inputs.course import ExtensionDecisionInput, ExtensionRequestInput
from igu_admin.inputs.errors import InputErrors
from igu_admin.models import Agreement, CourseExtension, User
from igu_admin.models.base import utcnow
from igu_admin.services import claims, notifications
from igu_admin.wording.course import refusal_reason_required, worded

# Requests that hold their period: a new one may not overlap them.
_HOLDING = (ExtensionStatus.REQUESTED.value, ExtensionStatus.APPROVED.value)


def course_period(agreement: Agreement) -> CoursePeriod:
    """The course from its start to its current end (an agreement that has
    been sent has both)."""
    if agreement.start_date is None or agreement.end_date is None:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, status=agreement.status)
    return CoursePeriod(agreement.start_date, agreement.end_date)


def get_extension(agreement: Agreement, number: int) -> CourseExtension:
    """Extension no. `number` of the agreement, or NotFound."""
    return tenancy.numbered_of(CourseExtension, agreement, number)


def extension_days(extension: CourseExtension) -> int:
    return course_events.period_days(extension.first_day, extension.last_day)


def original_end_date(agreement: Agreement) -> date | None:
    """The end the course had before approved extensions moved it."""
    if agreement.end_date is None:
        return None
    approved = [(e.first_day, e.last_day) for e in extensions_of(agreement)
                if e.status == ExtensionStatus.APPROVED]
    return course_events.original_end(agreement.end_date, approved)


def extension_rule(agreement: Agreement) -> ExtensionRule | None:
    """The rule set's extension part as in force on the course's start date."""
    if not agreement.ruleset_code or agreement.start_date is None:
        return None
    return rules_in_force.catalogue().get(agreement.ruleset_code).as_of(agreement.start_date).extension


def ensure_no_termination(agreement: Agreement, action: Action) -> None:
    """Refuse (ConflictError) a change that assumes the course runs on to
    its end when its early end is recorded."""
    if agreement.termination_date is not None:
        raise ConflictError("termination_recorded", kind=RecordKind.AGREEMENT.value,
                            action=action.value, status=agreement.status)


def _lock_for_numbering(agreement: Agreement) -> None:
    """Two requests at once must not both take the next number: hold the
    agreement's row (PostgreSQL; SQLite writes one at a time anyway)."""
    db.session.execute(select(Agreement.id).where(Agreement.id == agreement.id).with_for_update())


@use_case
def request_extension(actor: User, agreement: Agreement,
                      request: ExtensionRequestInput) -> CourseExtension:
    """The employer asks to extend the active course. Refuses another role
    (PermissionDenied), an agreement outside the tenancy (NotFound), a course
    not active or with its early end recorded (ConflictError), and a period
    or reason the rules refuse (InputErrors at `from`, `to`, `reason`)."""
    tenancy.get_agreement(actor, agreement.id)
    ensure_allowed(agreement, RecordKind.AGREEMENT, Action.REQUEST_EXTENSION, actor)
    ensure_no_termination(agreement, Action.REQUEST_EXTENSION)
    _lock_for_numbering(agreement)
    held = [OtherExtension(e.number, e.first_day, e.last_day) for e in extensions_of(agreement)
            if e.status in _HOLDING]
    asked = ExtensionRequest(request.from_, request.to, request.reason)
    problems = course_events.check_extension(asked, course_period(agreement),
                                             extension_rule(agreement), held)
    if problems:
        raise InputErrors(worded(problems))
    number = (db.session.scalar(select(func.max(CourseExtension.number))
                                .where(CourseExtension.agreement_id == agreement.id)) or 0) + 1
    extension = CourseExtension(agreement_id=agreement.id, number=number,
                                first_day=request.from_, last_day=request.to,
                                reason=request.reason, status=ExtensionStatus.REQUESTED.value,
                                requested_by_id=actor.id, requested_at=utcnow(),
                                decision_reason="")
    db.session.add(extension)
    db.session.flush()
    audit.record(actor, RecordKind.EXTENSION.value, extension.id, "requested", after={
        "agreement_id": agreement.id, "number": number, "status": extension.status,
        "from": request.from_.isoformat(), "to": request.to.isoformat(),
        "reason": request.reason})
    notifications.extension_requested(agreement, extension)
    return extension


@use_case
def decide_extension(actor: User, agreement: Agreement, number: int,
                     decision: ExtensionDecisionInput) -> CourseExtension:
    """The trainee's municipality approves or refuses a request, as last read
    at `decision.lock_version`. Approved, the agreement's end date moves by
    the extension's days (audited as `end_date_moved`). A refusal needs a
    reason (InputErrors at `reason`)."""
    tenancy.get_agreement(actor, agreement.id)
    extension = get_extension(agreement, number)
    ensure_current(extension, decision.lock_version)
    action = Action.APPROVE if decision.decision == "approve" else Action.REFUSE
    ensure_allowed(extension, RecordKind.EXTENSION, action, actor)
    if action is Action.REFUSE and not decision.reason:
        raise InputErrors({"reason": [refusal_reason_required()]})
    if action is Action.APPROVE:
        _move_end_date(actor, agreement, extension)
    change_status(extension, RecordKind.EXTENSION, action, actor, agreement_id=agreement.id,
                  number=extension.number, reason=decision.reason)
    extension.decided_by_id, extension.decided_at = actor.id, utcnow()
    extension.decision_reason = decision.reason
    db.session.flush()
    if action is Action.APPROVE:
        # The claims scheduled from the end date (and any months-of-employment
        # claim after the extension) move with it, in this transaction.
        claims.resync_claims(agreement)
    notifications.extension_decided(agreement, extension)
    return extension


def _move_end_date(actor: User, agreement: Agreement, extension: CourseExtension) -> None:
    """Only a course still running is extended; its end moves by the days."""
    if agreement.status != AgreementStatus.ACTIVE:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value,
                            action=Action.REQUEST_EXTENSION.value, status=agreement.status)
    ensure_no_termination(agreement, Action.APPROVE)
    before = course_period(agreement).end
    agreement.end_date = course_events.extended_end(before, extension.first_day,
                                                    extension.last_day)
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "end_date_moved",
                 before={"end_date": before.isoformat()},
                 after={"end_date": agreement.end_date.isoformat(),
                        "extension": extension.number, "days": extension_days(extension)})


@use_case
def withdraw_extension(actor: User, agreement: Agreement, number: int,
                       lock_version: int) -> CourseExtension:
    """The employer takes a request back before the municipality decides."""
    tenancy.get_agreement(actor, agreement.id)
    extension = get_extension(agreement, number)
    ensure_current(extension, lock_version)
    change_status(extension, RecordKind.EXTENSION, Action.WITHDRAW, actor,
                  agreement_id=agreement.id, number=extension.number)
    db.session.flush()
    return extension


def lapse_open_requests(agreement: Agreement) -> int:
    """Withdraw (as the system) the requests still open when the course ends:
    nothing is left to extend. Inside the caller's unit of work."""
    lapsed = 0
    for extension in extensions_of(agreement):
        if extension.status == ExtensionStatus.REQUESTED:
            change_status(extension, RecordKind.EXTENSION, Action.WITHDRAW, None,
                          agreement_id=agreement.id, number=extension.number,
                          because="course_ended")
            lapsed += 1
    return lapsed
