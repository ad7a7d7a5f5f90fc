"""Submitting an agreement to the trainee's municipality as an immutable
version with its PDF (services/documents), with its plan when the plan is
ready, and withdrawing it before the municipality decides.
"""

from __future__ import annotations

from sqlalchemy import select

from igu_admin.core.errors import (
    SubmissionRefused,
)
from igu_admin.core.lifecycle import change_status, ensure_allowed
from igu_admin.core.locking import ensure_current
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.lifecycle import Action, AgreementStatus, RecordKind, allowed_actions
from igu_admin.domain.roles import Role
from igu_admin.extensions import db
from igu_admin.models import (
    Agreement,
    AgreementVersion,
    Trainee,
    User,
)
from igu_admin.models.base import utcnow
from igu_admin.services import documents, notifications, plans
from igu_admin.services.agreements import trainees
from igu_admin.services.agreements.checks import review
from igu_admin.services.agreements.drafting import ensure_employer_of
from igu_admin.services.agreements.fields import plain_cpr, submitted_data
from igu_admin.services.agreements.listing import review_at_submission
from igu_admin.wording import agreement as agreement_messages


def _split_name(name: str) -> tuple[str, str]:
    first, _sep, last = name.strip().rpartition(" ")
    return (first or last)[:100], (last if first else "")[:100]


def _link_trainee(agreement: Agreement) -> Trainee:
    """The shared person record for the CPR number typed: found by its keyed
    hash, or made now from what this agreement typed. A record found is
    never changed: it may hold what another company typed."""
    found = db.session.scalar(select(Trainee).where(
        Trainee.cpr_hash == agreement.trainee_cpr_hash))
    if found is not None:
        return found
    cpr = plain_cpr(agreement)
    assert cpr is not None and agreement.municipality_code is not None
    first, last = _split_name(agreement.trainee_name)
    return trainees.new_trainee(cpr, first, last, agreement.municipality_code)


@use_case
def submit(actor: User, agreement: Agreement, lock_version: int | None = None) -> AgreementVersion:
    """Send the agreement to the trainee's municipality as a new immutable
    version with its PDF, and its schooling plan with it when the plan is a
    draft the rules accept (schooling_plans.submit_with_agreement). Refuses a
    stale lock_version or a status that does not allow it (ConflictError),
    and an agreement that is incomplete, breaks a rule or whose trainee is
    not eligible (SubmissionRefused, every reason)."""
    ensure_current(agreement, lock_version)
    ensure_allowed(agreement, RecordKind.AGREEMENT, Action.SUBMIT, actor)
    ensure_employer_of(actor, agreement)
    result = review(agreement)
    if not result.ready or result.assessment is None:
        raise SubmissionRefused(result.refusals() or {
            "trainee": [agreement_messages.eligibility_unknown()]})
    agreement.ruleset_code = result.assessment.ruleset.code
    agreement.end_date = result.end_date
    agreement.trainee = _link_trainee(agreement)
    db.session.flush()
    change_status(agreement, RecordKind.AGREEMENT, Action.SUBMIT, actor)
    agreement.submitted_at = utcnow()
    if agreement.first_submitted_at is None:
        agreement.first_submitted_at = agreement.submitted_at
    # Worded once sent, so under the rule set it was sent under, as every later read judges it.
    agreement.submitted_review = review_at_submission(agreement)
    version: AgreementVersion = documents.freeze(
        documents.AGREEMENT, actor, agreement.id, agreement.submitted_at,
        submitted_data(agreement), agreement_id=agreement.id)
    # Queued in this transaction, sent by the scheduler once it has committed.
    notifications.agreement_submitted(agreement)
    # A plan ready to go (a draft the rules accept) goes with the agreement,
    # in this transaction; one with errors waits to be submitted on its own.
    plans.submit_with_agreement(actor, agreement)
    return version


def can_withdraw(agreement: Agreement) -> bool:
    """Whether the employer's page offers to take the agreement back: sent,
    and the lifecycle still lets the employer withdraw it (not decided). A
    draft is never sent, so its page offers to delete it instead."""
    return agreement.status != AgreementStatus.DRAFT.value and Action.WITHDRAW in allowed_actions(
        RecordKind.AGREEMENT, agreement.status, Role.EMPLOYER)


@use_case
def withdraw(actor: User, agreement: Agreement, lock_version: int | None = None) -> None:
    """The employer takes the agreement back before the municipality decides.
    Refuses a stale lock_version or a status after a decision (ConflictError,
    409), another company's agreement (NotFound); the status change and its
    audit event in one transaction."""
    ensure_current(agreement, lock_version)
    ensure_allowed(agreement, RecordKind.AGREEMENT, Action.WITHDRAW, actor)
    ensure_employer_of(actor, agreement)
    change_status(agreement, RecordKind.AGREEMENT, Action.WITHDRAW, actor)
