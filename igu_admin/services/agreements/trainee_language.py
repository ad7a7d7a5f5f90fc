"""The trainee's language: the language of the trainee's own copy ("Din
IGU"), changed by the company's employer or the municipality's caseworker
in any status. Not a term of the agreement: it makes no version, and the
agreement's PDF stays as it is."""

from __future__ import annotations

from igu_admin.core import audit
from igu_admin.core.locking import ensure_current
from igu_admin.core.parties import ensure_party
from igu_admin.core.unit_of_work import use_case
from igu_admin.domain.lifecycle import RecordKind
from igu_admin.extensions import db
from igu_admin.inputs.agreement import TraineeLanguageInput
from igu_admin.models import Agreement, User

ACTION = "trainee_language_set"


@use_case
def set_trainee_language(actor: User, agreement: Agreement,
                         given: TraineeLanguageInput) -> Agreement:
    """Set (or clear, with None) the trainee's language on the agreement as
    last read at `given.lock_version`. The employer of the company or a
    caseworker of the municipality (PermissionDenied for another role,
    NotFound outside the actor's tenancy); a stale lock_version is refused
    (ConflictError). The same language again changes nothing."""
    ensure_party(actor, agreement, ACTION)
    ensure_current(agreement, given.lock_version)
    before = agreement.trainee_language
    if before == given.trainee_language:
        return agreement
    agreement.trainee_language = given.trainee_language
    db.session.flush()  # the row's update moves lock_version on
    audit.record(actor, RecordKind.AGREEMENT.value, agreement.id, ACTION,
                 before={"trainee_language": before},
                 after={"trainee_language": given.trainee_language})
    return agreement
