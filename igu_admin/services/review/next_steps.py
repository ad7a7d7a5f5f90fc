"""The employer's steps after the municipality's approval, in order: print
and sign the agreement (both parties), upload the signed scan if wished,
then register it in VITAS within the rule set's months of the start.

Dates are checked against the course (domain.signing), never against today.
The signed scan is a PDF, PNG or JPEG by its content (its first bytes), not
by its name or the type the browser or client claims; it is kept with its
SHA-256, and a newer upload stands beside the older one.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from igu_admin.core import audit, rules_in_force
from igu_admin.core.errors import ConflictError, SubmissionRefused
from igu_admin.core.locking import ensure_current
from igu_admin.core.parties import ensure_employer_of
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain import signing
from igu_admin.domain.lifecycle import AgreementStatus, RecordKind
from igu_admin.extensions import db
from igu_admin.inputs.upload_content import content_refusal
from igu_admin.inputs.uploads import SIGNED_COPY_TYPES
from igu_admin.models import Agreement, SignedCopy, User
from igu_admin.models.base import utcnow
from igu_admin.wording import review as review_messages

__all__ = ["AFTER_APPROVAL", "MAX_SIGNED_COPY_BYTES", "SIGNED_COPY_TYPES", "Registration",
           "attach_signed_copy", "latest_signed_copy", "record_registration", "record_signing",
           "registration", "registration_deadline", "sniff"]

A = AgreementStatus
# The statuses of an agreement the municipality has approved: the course
# before its start, running, or ended.
AFTER_APPROVAL = (A.APPROVED.value, A.ACTIVE.value, A.COMPLETED.value, A.TERMINATED.value)
# A scan of a few pages fits well within this (10 MiB); it is a product limit, not the law's.
MAX_SIGNED_COPY_BYTES = 10 * 1024 * 1024
FILE = "file"
FILENAME_LENGTH = 255


@dataclass(frozen=True)
class Registration:
    """Where the employer stands with the registration in VITAS."""

    signed_on: date | None
    registered_on: date | None
    deadline: date | None

    @property
    def late(self) -> bool:
        """Registered after the deadline (recorded as it happened)."""
        return (self.registered_on is not None and self.deadline is not None
                and signing.registered_late(self.registered_on, self.deadline))

    @property
    def open(self) -> bool:
        """The deadline still shows: approved, and not registered yet."""
        return self.registered_on is None and self.deadline is not None


def registration_deadline(agreement: Agreement) -> date | None:
    """The last day to register the agreement in VITAS (the rule set's months
    from the start); None while the agreement has no start date."""
    start = agreement.start_date
    if start is None:
        return None
    ruleset = rules_in_force.for_agreement(agreement).as_of(start)
    return signing.registration_deadline(start, ruleset.course)


def registration(agreement: Agreement) -> Registration:
    """The signing and registration as recorded, and the deadline."""
    return Registration(agreement.signed_on, agreement.registered_on,
                        registration_deadline(agreement))


def _ensure_after_approval(agreement: Agreement, action: str) -> None:
    if agreement.status not in AFTER_APPROVAL:
        raise ConflictError("status", kind=RecordKind.AGREEMENT.value, action=action,
                            status=agreement.status)


@use_case
def record_signing(actor: User, agreement: Agreement, signed_on: date,
                   lock_version: int | None = None) -> Agreement:
    """Record (or correct) the day both parties signed. Refuses another role
    than employer (PermissionDenied), another company's agreement (NotFound),
    a stale lock_version or an agreement not approved (ConflictError), and a
    day after the course's start or after the registration recorded
    (SubmissionRefused)."""
    ensure_employer_of(actor, agreement, "agreement_record_signing")
    ensure_current(agreement, lock_version)
    _ensure_after_approval(agreement, "record_signing")
    assert agreement.start_date is not None, "an approved agreement has its start date"
    problems = signing.check_signing(signed_on, agreement.start_date, agreement.registered_on)
    if problems:
        raise SubmissionRefused(review_messages.worded(problems))
    before = agreement.signed_on
    if before != signed_on:
        agreement.signed_on = signed_on
        audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "record_signing",
                     before={"signed_on": _iso(before)}, after={"signed_on": signed_on.isoformat()})
        db.session.flush()
    return agreement


@use_case
def record_registration(actor: User, agreement: Agreement, registered_on: date,
                        lock_version: int | None = None) -> Registration:
    """Record (or correct) the day the agreement was registered in VITAS.
    Refuses as `record_signing` does, and a day before the signing, or
    before the signing is recorded (SubmissionRefused). A day after the
    deadline is recorded; the answer says it was late."""
    ensure_employer_of(actor, agreement, "agreement_record_registration")
    ensure_current(agreement, lock_version)
    _ensure_after_approval(agreement, "record_registration")
    problems = signing.check_registration(registered_on, agreement.signed_on)
    if problems:
        raise SubmissionRefused(review_messages.worded(problems))
    before = agreement.registered_on
    result = Registration(agreement.signed_on, registered_on, registration_deadline(agreement))
    if before != registered_on:
        agreement.registered_on = registered_on
        audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "record_registration",
                     before={"registered_on": _iso(before)},
                     after={"registered_on": registered_on.isoformat(),
                            "deadline": _iso(result.deadline), "late": result.late})
        db.session.flush()
    return result


def sniff(data: bytes) -> str | None:
    """The media type the content shows (PDF, PNG or JPEG), or None."""
    return next((media_type for media_type, (magic, _ext) in SIGNED_COPY_TYPES.items()
                 if data.startswith(magic)), None)


def _display_name(filename: str) -> str:
    """The file's own name (no folders), without characters that cannot be
    printed, for display only: it is never used to store or serve the file."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in ("Cc", "Cs", "Co", "Cn"))
    return name.strip()[:FILENAME_LENGTH]


@use_case
def attach_signed_copy(actor: User, agreement: Agreement, filename: str,
                       data: bytes) -> SignedCopy:
    """Keep the scan of the signed agreement. Refuses another role than
    employer (PermissionDenied), another company's agreement (NotFound), an
    agreement not approved (ConflictError), and an empty file, one larger
    than MAX_SIGNED_COPY_BYTES, one whose content is not a PDF, PNG or JPEG,
    a PDF that acts when opened and an image above MAX_PIXELS
    (SubmissionRefused at "file")."""
    ensure_employer_of(actor, agreement, "agreement_signed_copy")
    _ensure_after_approval(agreement, "attach_signed_copy")
    if not data:
        raise SubmissionRefused({FILE: [review_messages.signed_copy_empty()]})
    if len(data) > MAX_SIGNED_COPY_BYTES:
        raise SubmissionRefused({FILE: [review_messages.signed_copy_too_large(
            MAX_SIGNED_COPY_BYTES // (1024 * 1024))]})
    media_type = sniff(data)
    if media_type is None:
        raise SubmissionRefused({FILE: [review_messages.signed_copy_type()]})
    refusal = content_refusal(data, media_type)
    if refusal is not None:
        raise SubmissionRefused({FILE: [review_messages.signed_copy_content(refusal)]})
    copy = SignedCopy(agreement_id=agreement.id, uploaded_by_id=actor.id, uploaded_at=utcnow(),
                      filename=_display_name(filename), media_type=media_type, size=len(data),
                      sha256=hashlib.sha256(data).hexdigest(), content=data)
    db.session.add(copy)
    db.session.flush()
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, "attach_signed_copy",
                 after={"signed_copy_id": copy.id, "media_type": media_type, "size": copy.size,
                        "sha256": copy.sha256})
    return copy


def latest_signed_copy(agreement: Agreement) -> SignedCopy | None:
    """The signed copy: the latest upload, or None."""
    return db.session.scalar(select(SignedCopy).where(SignedCopy.agreement_id == agreement.id)
                             .order_by(SignedCopy.id.desc()).limit(1))


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
