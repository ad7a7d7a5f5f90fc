"""What the follow-up records: the municipality's check-ins, the employer's
notes on how it goes, and the course's mentor. Each change is audited in its
own transaction. The follow-up is the municipality's own practice, not a
requirement of the act."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from igu_admin.core import audit, clock, tenancy
from igu_admin.core.errors import ConflictError
from igu_admin.core.locking import ensure_current
from igu_admin.core.parties import ensure_caseworker_of, ensure_employer_of, ensure_party
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain import follow_up as fu
from igu_admin.domain.lifecycle import AgreementStatus, RecordKind
from igu_admin.extensions import db
from igu_admin.inputs.errors import InputErrors
from igu_admin.inputs.follow_up import CheckInInput, MentorInput
from igu_admin.models import Agreement, CheckIn, FollowUpNote, User
from igu_admin.models.base import utcnow
from igu_admin.services.follow_up.settings import months_for
from igu_admin.wording import follow_up as wording

AGREEMENT = RecordKind.AGREEMENT.value


def _ensure_active(agreement: Agreement, action: str) -> None:
    if agreement.status != AgreementStatus.ACTIVE:
        raise ConflictError("status", kind=AGREEMENT, action=action, status=agreement.status)


def _hold_for_numbering(agreement: Agreement) -> None:
    """Two writers at once must not take the same number (PostgreSQL; SQLite
    writes one at a time anyway)."""
    db.session.execute(select(Agreement.id).where(Agreement.id == agreement.id).with_for_update())


def check_ins_of(agreement: Agreement) -> list[CheckIn]:
    return list(db.session.scalars(select(CheckIn).where(CheckIn.agreement_id == agreement.id)
                                   .order_by(CheckIn.number)))


def notes_of(agreement: Agreement) -> list[FollowUpNote]:
    return list(db.session.scalars(
        select(FollowUpNote).options(joinedload(FollowUpNote.author))
        .where(FollowUpNote.agreement_id == agreement.id).order_by(FollowUpNote.number)))


def get_check_in(actor: User, agreement: Agreement, number: int) -> CheckIn:
    """Check-in no. `number`, for the employer or a caseworker of the case."""
    ensure_party(actor, agreement, "check_in_read")
    return tenancy.numbered_of(CheckIn, agreement, number)


@use_case
def record_check_in(actor: User, agreement: Agreement, given: CheckInInput) -> CheckIn:
    """A caseworker of the municipality records a check-in on an active
    course. The next check-in defaults to the plan's next after `held_on`."""
    ensure_caseworker_of(actor, agreement, "check_in_add")
    _ensure_active(agreement, "check_in")
    errors: dict[str, list[str]] = {}
    if given.held_on > clock.today():
        errors["held_on"] = [wording.held_in_future()]
    next_on = given.next_on
    if next_on is None and agreement.start_date is not None:
        next_on = fu.planned_after(agreement.start_date, months_for(agreement), given.held_on,
                                   agreement.end_date)
    if next_on is not None and next_on <= given.held_on:
        errors["next_on"] = [wording.next_not_after_held()]
    if errors:
        raise InputErrors(errors)
    _hold_for_numbering(agreement)
    number = (db.session.scalar(select(func.max(CheckIn.number))
                                .where(CheckIn.agreement_id == agreement.id)) or 0) + 1
    check_in = CheckIn(agreement_id=agreement.id, number=number, held_on=given.held_on,
                       held_by=given.held_by, participants=list(dict.fromkeys(given.participants)),
                       work=given.work, school=given.school, danish=given.danish,
                       agreed=given.agreed, next_on=next_on, recorded_by_id=actor.id,
                       recorded_at=utcnow())
    db.session.add(check_in)
    db.session.flush()
    # The agreed text stays in the check-in; the event records the marks.
    audit.record(actor, AGREEMENT, agreement.id, "check_in", after={
        "number": number, "held_on": given.held_on.isoformat(), "held_by": given.held_by,
        "work": given.work, "school": given.school, "danish": given.danish,
        "next_on": next_on.isoformat() if next_on else None})
    return check_in


@use_case
def add_note(actor: User, agreement: Agreement, text: str) -> FollowUpNote:
    """The company's employer writes how the course goes, for the caseworker."""
    ensure_employer_of(actor, agreement, "follow_up_note_add")
    _ensure_active(agreement, "follow_up_note")
    _hold_for_numbering(agreement)
    number = (db.session.scalar(select(func.max(FollowUpNote.number))
                                .where(FollowUpNote.agreement_id == agreement.id)) or 0) + 1
    note = FollowUpNote(agreement_id=agreement.id, number=number, author_id=actor.id,
                        written_at=utcnow(), text=text)
    db.session.add(note)
    db.session.flush()
    audit.record(actor, AGREEMENT, agreement.id, "follow_up_note",
                 after={"number": number, "length": len(text)})
    return note


def _mentor(agreement: Agreement) -> dict[str, str] | None:
    if agreement.mentor_name is None:
        return None
    return {"name": agreement.mentor_name, "organisation": agreement.mentor_organisation,
            "phone": agreement.mentor_phone, "email": agreement.mentor_email}


@use_case
def set_mentor(actor: User, agreement: Agreement, given: MentorInput) -> Agreement:
    """A caseworker names the course's mentor (as the agreement was last read)."""
    ensure_caseworker_of(actor, agreement, "mentor_set")
    ensure_current(agreement, given.lock_version)
    before = _mentor(agreement)
    agreement.mentor_name = given.name
    agreement.mentor_organisation = given.organisation
    agreement.mentor_phone = given.phone
    agreement.mentor_email = given.email
    db.session.flush()
    audit.record(actor, AGREEMENT, agreement.id, "mentor_set", before=before,
                 after=_mentor(agreement))
    return agreement


@use_case
def remove_mentor(actor: User, agreement: Agreement, lock_version: int | None = None) -> Agreement:
    """A caseworker removes the course's mentor; nothing to remove is no change."""
    ensure_caseworker_of(actor, agreement, "mentor_remove")
    ensure_current(agreement, lock_version)
    before = _mentor(agreement)
    if before is None:
        return agreement
    agreement.mentor_name = None
    agreement.mentor_organisation = agreement.mentor_phone = agreement.mentor_email = ""
    db.session.flush()
    audit.record(actor, AGREEMENT, agreement.id, "mentor_removed", before=before)
    return agreement


def mentor_of(agreement: Agreement) -> dict[str, str] | None:
    return _mentor(agreement)
