"""The municipality's decisions on an agreement and on its schooling plan.

A caseworker of the trainee's municipality approves, requests changes or
(an agreement only) rejects the latest submitted version, as last read
(`lock_version`). A request for changes or a rejection needs a reason the
employer sees. Each decision is a Decision row (never changed), the status
change goes through the lifecycle table with its audit event, and both are
in one transaction: two caseworkers deciding at once cannot both win (the
second one's lock_version is stale, 409).

Approving the agreement stamps the caseworker, the municipality and the day
into the approved version's PDF: rendered again with the approval block,
stored beside the version as its approved copy (ApprovedPdf), and served by
`documents.download_agreement_pdf` from then on. The submitted version itself, and its
PDF, stay as they were sent.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from igu_admin.core.errors import ConflictError
from igu_admin.core.lifecycle import change_status, ensure_allowed
from igu_admin.core.locking import ensure_current
from igu_admin.core.parties import ensure_caseworker_of, ensure_party
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.lifecycle import Action, AgreementStatus, PlanStatus, RecordKind
from igu_admin.extensions import db
from igu_admin.inputs.errors import InputErrors, input_error
from igu_admin.inputs.review import AGREEMENT_DECISIONS, PLAN_DECISIONS
from igu_admin.models import (
    Agreement,
    AgreementVersion,
    Decision,
    SchoolingPlanVersion,
    User,
)
from igu_admin.models.base import utcnow
from igu_admin.services import claims, notifications, plans
from igu_admin.wording import review as review_messages

__all__ = ["NEEDS_REASON", "decide_agreement", "decide_plan", "decisions_of"]

# The decisions the employer must be told why about.
NEEDS_REASON = frozenset({Action.REQUEST_CHANGES.value, Action.REJECT.value})
# A plan is decided on while its agreement is still under review or running;
# not once the agreement was withdrawn or rejected.
_PLAN_DECIDABLE_WITH = frozenset(AgreementStatus) - {AgreementStatus.WITHDRAWN,
                                                     AgreementStatus.REJECTED,
                                                     AgreementStatus.DRAFT}


def _action(decision: str, allowed: tuple[str, ...]) -> Action:
    if decision not in allowed:
        raise InputErrors({"decision": [input_error("decision_unknown",
                                                    choices=", ".join(allowed))]})
    return Action(decision)


def _reason(action: Action, reason: str) -> str:
    text = reason.strip()
    if action.value in NEEDS_REASON and not text:
        raise InputErrors({"reason": [review_messages.reason_required()]})
    return text


def _local_day(moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(current_app.config["IGU_TIMEZONE"])).date()


def _record(actor: User, agreement: Agreement, subject: RecordKind, action: Action, text: str,
            version_number: int, at: datetime) -> Decision:
    decision = Decision(agreement_id=agreement.id, author_id=actor.id, role=str(actor.role),
                        occurred_at=at, subject=subject.value, kind=action.value, text=text,
                        version_number=version_number)
    db.session.add(decision)
    db.session.flush()
    return decision


@use_case
def decide_agreement(actor: User, agreement: Agreement, decision: str, reason: str,
                     lock_version: int) -> Decision:
    """Approve, request changes to or reject the agreement's latest version as
    last read at `lock_version`. Refuses another role than caseworker
    (PermissionDenied), another municipality's case (NotFound), an unknown
    decision or a missing reason (InputErrors), and a stale lock_version or a
    status that allows no decision (ConflictError); nothing is changed then."""
    ensure_caseworker_of(actor, agreement, "agreement_decide")
    action = _action(decision, AGREEMENT_DECISIONS)
    text = _reason(action, reason)
    ensure_current(agreement, lock_version)
    ensure_allowed(agreement, RecordKind.AGREEMENT, action, actor)
    version = _latest_agreement_version(agreement)
    now = utcnow()
    # The approved copy (the PDF stamped with this approval) is rendered after
    # the decision, from it (services/approved_copies): a decision is quick.
    row = _record(actor, agreement, RecordKind.AGREEMENT, action, text, version.number, now)
    change_status(agreement, RecordKind.AGREEMENT, action, actor, decision_id=row.id,
                  version=version.number)
    agreement.decided_at, agreement.decided_by_id = now, actor.id
    # The status change meets the other writers here: a caseworker who
    # decided first has moved lock_version on, and this flush is refused
    # (StaleDataError, a 409 from the unit of work), taking the rows above with it.
    db.session.flush()
    if action is Action.APPROVE:
        # The course's bonus claims are scheduled with the approval, in this
        # transaction (a continuation re-reads the whole course).
        if agreement.continues_agreement_id is None:
            claims.schedule_claims(agreement)
        else:
            claims.resync_claims(agreement)
    # Queued in this transaction, sent by the scheduler once it has committed.
    notifications.agreement_decided(agreement, action.value, text)
    return row


@use_case
def decide_plan(actor: User, agreement: Agreement, decision: str, reason: str,
                lock_version: int) -> Decision:
    """Approve or request changes to the agreement's schooling plan (its latest
    submitted version) as last read at the plan's `lock_version`. Refuses as
    `decide_agreement` does; a plan never submitted, or the plan of an
    agreement withdrawn or rejected, is a status that allows no decision."""
    ensure_caseworker_of(actor, agreement, "plan_decide")
    action = _action(decision, PLAN_DECISIONS)
    text = _reason(action, reason)
    plan = plans.find_plan(agreement)
    if plan is None:
        # The empty draft every agreement has until its plan is first saved.
        raise ConflictError("status", kind=RecordKind.PLAN.value, action=action.value,
                            status=PlanStatus.DRAFT.value)
    ensure_current(plan, lock_version)
    if agreement.status not in _PLAN_DECIDABLE_WITH:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action=action.value,
                            status=agreement.status)
    ensure_allowed(plan, RecordKind.PLAN, action, actor)
    version = db.session.scalar(select(SchoolingPlanVersion).where(
        SchoolingPlanVersion.plan_id == plan.id).order_by(SchoolingPlanVersion.number.desc())
        .limit(1))
    if version is None:  # a plan submitted always has a version; kept if data says otherwise
        raise ConflictError("status", kind=RecordKind.PLAN.value, action=action.value,
                            status=plan.status)
    now = utcnow()
    # As for the agreement, the plan's approved copy is rendered after the decision.
    row = _record(actor, agreement, RecordKind.PLAN, action, text, version.number, now)
    change_status(plan, RecordKind.PLAN, action, actor, decision_id=row.id,
                  version=version.number, agreement_id=agreement.id)
    plan.decided_at = now
    db.session.flush()
    # Queued in this transaction, sent by the scheduler once it has committed.
    notifications.agreement_decided(agreement, action.value, text, subject="plan")
    return row


def _latest_agreement_version(agreement: Agreement) -> AgreementVersion:
    version = db.session.scalar(select(AgreementVersion).where(
        AgreementVersion.agreement_id == agreement.id).order_by(AgreementVersion.number.desc())
        .limit(1))
    if version is None:  # submitted means a version exists; guard against data that says not
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action="decide",
                            status=agreement.status)
    return version


def decisions_of(actor: User, agreement: Agreement) -> list[Decision]:
    """Every decision on the agreement and its plan, oldest first, for the
    employer of the company and the municipality's caseworkers."""
    ensure_party(actor, agreement, "decisions_read")
    return list(db.session.scalars(select(Decision).where(Decision.agreement_id == agreement.id)
                                   .order_by(Decision.occurred_at, Decision.id)))
