"""The caseworker's own records on a case: who has taken it ("Tildel mig"),
and the start of the trainee's integration programme (which the bonus
rules of the municipality's result grant need). Each change is audited."""

from __future__ import annotations

from datetime import date

from igu_admin.core import audit
from igu_admin.core.errors import SubmissionRefused
from igu_admin.core.locking import ensure_current
from igu_admin.core.parties import ensure_caseworker_of
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.lifecycle import AgreementStatus, RecordKind
from igu_admin.extensions import db
from igu_admin.models import Agreement, User
from igu_admin.services import claims
from igu_admin.wording import review as review_messages

__all__ = ["assign_to_me", "record_programme_start"]

PROGRAMME_START = "integration_programme_start"

# A course with claims scheduled: from its approval until it ends.
RUNNING_OR_APPROVED = (AgreementStatus.APPROVED.value, AgreementStatus.ACTIVE.value)


@use_case
def assign_to_me(actor: User, agreement: Agreement, lock_version: int | None = None) -> Agreement:
    """The caseworker takes the case, also from a colleague who had it.
    Taking a case one already has changes nothing. Refuses another role
    (PermissionDenied), another municipality's case (NotFound) and a stale
    lock_version (ConflictError)."""
    ensure_caseworker_of(actor, agreement, "agreement_assign")
    ensure_current(agreement, lock_version)
    before = agreement.assigned_caseworker_id
    if before == actor.id:
        return agreement
    agreement.assigned_caseworker_id = actor.id
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "assign",
                 before={"assigned_caseworker_id": before},
                 after={"assigned_caseworker_id": actor.id})
    db.session.flush()
    return agreement


@use_case
def record_programme_start(actor: User, agreement: Agreement, day: date,
                           lock_version: int | None = None) -> Agreement:
    """Record (or correct) the first day of the trainee's integration
    programme. Refuses, besides what `assign_to_me` refuses, a day after the
    course's start (SubmissionRefused): the programme comes first."""
    ensure_caseworker_of(actor, agreement, "agreement_programme_start")
    ensure_current(agreement, lock_version)
    start = agreement.start_date
    if start is not None and day > start:
        raise SubmissionRefused({PROGRAMME_START: [
            review_messages.programme_start_after_course_start(start)]})
    before = agreement.integration_programme_start
    if before == day:
        return agreement
    agreement.integration_programme_start = day
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "record_programme_start",
                 before={PROGRAMME_START: _iso(before)}, after={PROGRAMME_START: day.isoformat()})
    db.session.flush()
    if agreement.status in RUNNING_OR_APPROVED:
        # The municipality's result grant depends on the programme's start.
        claims.resync_claims(agreement)
    return agreement


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
